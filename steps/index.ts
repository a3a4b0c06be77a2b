import type { Step } from '../src/step.js';
import { accountAlias } from './account-alias.js';
import { adminGroup } from './admin-group.js';
import { adminMfa } from './admin-mfa.js';
import { adminUser } from './admin-user.js';
import { passwordPolicy } from './password-policy.js';
import { rootAccessKeys } from './root-access-keys.js';
import { rootMfa } from './root-mfa.js';

/** The day-1 flow in order. root-access-keys stays last: it may delete the key signing the run. */
export const daySteps: readonly Step[] = [
  accountAlias,
  passwordPolicy,
  adminGroup,
  adminUser,
  adminMfa,
  rootMfa,
  rootAccessKeys,
];
