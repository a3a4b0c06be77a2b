import type { Check } from '../check.js';
import { consoleMfaCheck, keyRotationCheck, oneActiveKeyCheck, unusedCredentialsCheck } from './credential-checks.js';
import { passwordLengthCheck, passwordPolicyCheck, passwordReuseCheck } from './password-checks.js';
import { accountAliasCheck, fullAdminPoliciesCheck, groupsCheck, iamUsersCheck, supportRoleCheck, userPoliciesCheck } from './permission-checks.js';
import { rootAccessKeysCheck, rootMfaCheck, rootRecentUseCheck } from './root-checks.js';

/** In order: the alias, the IAM dashboard's five, then CIS AWS Foundations v5.0 section 1 order. */
export const statusChecks: readonly Check[] = [
  accountAliasCheck,
  rootAccessKeysCheck,
  rootMfaCheck,
  iamUsersCheck,
  groupsCheck,
  passwordPolicyCheck,
  rootRecentUseCheck,
  passwordLengthCheck,
  passwordReuseCheck,
  consoleMfaCheck,
  unusedCredentialsCheck,
  oneActiveKeyCheck,
  keyRotationCheck,
  userPoliciesCheck,
  fullAdminPoliciesCheck,
  supportRoleCheck,
];
