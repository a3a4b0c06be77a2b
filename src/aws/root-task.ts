import { DeleteAccessKeyCommand, ListAccessKeysCommand, ListAccountAliasesCommand } from '@aws-sdk/client-iam';
import type { Caller, KnownTaskPolicy } from './caller.js';
import type { AwsClients } from './clients.js';
import { isAwsError } from './errors.js';

// An sts:AssumeRoot session (centralized root access of AWS Organizations) signs as the member
// account's root user, with temporary credentials limited by one AWS managed task policy
// (arn:aws:iam::aws:policy/root-task/NAME). What each allows:
// - IAMAuditRootUserCredentials: iam:GetAccessKeyLastUsed, GetLoginProfile, GetUser, ListAccessKeys,
//   ListMFADevices, ListSigningCertificates;
// - IAMDeleteRootUserCredentials: the same reads, and iam:DeleteAccessKey, DeleteSigningCertificate,
//   DeleteLoginProfile, DeactivateMFADevice, DeleteVirtualMFADevice;
// - IAMCreateRootUserPassword: iam:CreateLoginProfile, GetLoginProfile;
// - S3UnlockBucketPolicy and SQSUnlockQueuePolicy: one bucket's or queue's policy, nothing of IAM.

/**
 * The root ARN with temporary credentials is either root's own sts:GetSessionToken session (all of
 * root's power) or an sts:AssumeRoot session. No task policy allows iam:ListAccountAliases, which
 * root may always call.
 */
export async function isRootTaskSession(clients: AwsClients, caller: Caller): Promise<boolean> {
  if (caller.kind !== 'root' || !caller.temporary) return false;
  try {
    await clients.iam.send(new ListAccountAliasesCommand({}));
    return false;
  } catch (error) {
    return isAccessDenied(error);
  }
}

/**
 * An access key ID no access key can have: AWS's are 20 characters (AKIA or ASIA and 16 more), the
 * API takes up to 128. Deleting it deletes nothing.
 */
export const taskPolicyProbeKeyId = `AWSDAYONETASKPOLICYPROBE${'0'.repeat(16)}`;

/**
 * Which task policy of use to this tool a task session has; undefined for one that allows none of
 * it. The credentials do not say, and no read tells IAMAuditRootUserCredentials from
 * IAMDeleteRootUserCredentials (they allow the same reads), so two calls ask AWS:
 * - ListAccessKeys on oneself, which both allow and no other task policy does;
 * - DeleteAccessKey of a key ID no key can have: IAM authorizes a request before it looks for its
 *   resource, so AccessDenied says the policy allows no deletion, NoSuchEntity that it does.
 */
export async function rootTaskPolicyOf(
  clients: AwsClients,
  { probeDeletion }: { probeDeletion: boolean },
): Promise<KnownTaskPolicy | undefined> {
  try {
    await clients.iam.send(new ListAccessKeysCommand({}));
  } catch (error) {
    if (isAccessDenied(error)) return undefined;
    throw error;
  }
  // `plan` sends no delete call, not even one that can delete nothing.
  if (!probeDeletion) return 'audit-or-delete';
  try {
    await clients.iam.send(new DeleteAccessKeyCommand({ AccessKeyId: taskPolicyProbeKeyId }));
  } catch (error) {
    if (isAwsError(error, 'NoSuchEntity')) return 'IAMDeleteRootUserCredentials';
    if (isAccessDenied(error)) return 'IAMAuditRootUserCredentials';
    throw error;
  }
  // Unreachable (no key has that ID); had AWS deleted one, the session can delete.
  return 'IAMDeleteRootUserCredentials';
}

function isAccessDenied(error: unknown): boolean {
  return isAwsError(error, 'AccessDenied', 'AccessDeniedException');
}
