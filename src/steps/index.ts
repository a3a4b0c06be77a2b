import type { Step } from '../contracts/step.js';
import { accountAlias } from './account-alias.js';
import { adminGroup } from './admin-group.js';
import { adminMfa } from './admin-mfa.js';
import { adminUser } from './admin-user.js';
import { callerGroupMfa } from './caller-group-mfa.js';
import { passwordPolicy } from './password-policy.js';
import { rootAccessKeys } from './root-access-keys.js';
import { rootMfa } from './root-mfa.js';
import { securityContact } from './security-contact.js';
import { supportRole } from './support-role.js';
import { teamGroups } from './team-groups.js';
import { teamUsers } from './team-users.js';

/**
 * The day-1 flow in order. caller-group-mfa comes late: it may cut off an IAM-user caller.
 * root-access-keys stays last: it may delete the key signing the run (the two never both act:
 * one needs an IAM-user caller, the other the root user).
 */
export const daySteps: readonly Step[] = [
  accountAlias,
  passwordPolicy,
  adminGroup,
  adminUser,
  adminMfa,
  teamGroups,
  teamUsers,
  supportRole,
  securityContact,
  rootMfa,
  callerGroupMfa,
  rootAccessKeys,
];
