import type { Check } from '../check.js';
import { securityContactCheck } from './account-checks.js';
import { accessAnalyzerCheck } from './access-analyzer-checks.js';
import { expiredCertificatesCheck } from './certificate-checks.js';
import {
  consoleMfaCheck,
  initialAccessKeysCheck,
  keyRotationCheck,
  oneActiveKeyCheck,
  unusedCredentialsCheck,
} from './credential-checks.js';
import { centralIdentityCheck, contactDetailsCheck, instanceRolesCheck } from './manual-checks.js';
import { passwordLengthCheck, passwordPolicyCheck, passwordReuseCheck } from './password-checks.js';
import {
  accountAliasCheck,
  adminPoliciesAttachedCheck,
  cloudShellCheck,
  fullAdminPoliciesCheck,
  groupsCheck,
  iamUsersCheck,
  supportRoleCheck,
  userPoliciesCheck,
} from './permission-checks.js';
import { rootAccessKeysCheck, rootHardwareMfaCheck, rootMfaCheck, rootRecentUseCheck } from './root-checks.js';

/**
 * In order: the alias, the IAM dashboard's five, then CIS AWS Foundations v5.0.0 section 1 in its
 * order (1.1 to 1.21, every control has an entry; Security Hub's IAM.1 beside CIS 1.15, as its scope differs).
 */
export const statusChecks: readonly Check[] = [
  accountAliasCheck,
  rootAccessKeysCheck,
  rootMfaCheck,
  iamUsersCheck,
  groupsCheck,
  passwordPolicyCheck,
  contactDetailsCheck,
  securityContactCheck,
  rootHardwareMfaCheck,
  rootRecentUseCheck,
  passwordLengthCheck,
  passwordReuseCheck,
  consoleMfaCheck,
  initialAccessKeysCheck,
  unusedCredentialsCheck,
  oneActiveKeyCheck,
  keyRotationCheck,
  userPoliciesCheck,
  adminPoliciesAttachedCheck,
  fullAdminPoliciesCheck,
  supportRoleCheck,
  instanceRolesCheck,
  expiredCertificatesCheck,
  accessAnalyzerCheck,
  centralIdentityCheck,
  cloudShellCheck,
];
