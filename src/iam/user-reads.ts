import {
  GetLoginProfileCommand,
  GetUserCommand,
  ListAccessKeysCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupsForUserCommand,
  ListUserPoliciesCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { ifExists } from '../aws/errors.js';

/** What a step needs to know of an IAM user before it plans: whether it exists, its groups and credentials. */
export interface UserInspection {
  readonly exists: boolean;
  readonly groups: readonly string[];
  readonly hasLoginProfile: boolean;
  readonly accessKeyIds: readonly string[];
  readonly directPolicies: readonly string[];
}

/** Everything about a user in one round trip: the reads go out together, "no such user" means absent. */
export async function inspectUser(iam: IAMClient, user: string): Promise<UserInspection> {
  const [found, groups, profile, keys, attached, inline] = await Promise.all([
    ifExists(iam.send(new GetUserCommand({ UserName: user }))),
    ifExists(iam.send(new ListGroupsForUserCommand({ UserName: user }))),
    ifExists(iam.send(new GetLoginProfileCommand({ UserName: user }))),
    ifExists(iam.send(new ListAccessKeysCommand({ UserName: user }))),
    ifExists(iam.send(new ListAttachedUserPoliciesCommand({ UserName: user }))),
    ifExists(iam.send(new ListUserPoliciesCommand({ UserName: user }))),
  ]);
  if (!found) return { exists: false, groups: [], hasLoginProfile: false, accessKeyIds: [], directPolicies: [] };
  return {
    exists: true,
    groups: (groups?.Groups ?? []).map((g) => g.GroupName ?? ''),
    hasLoginProfile: profile !== undefined,
    accessKeyIds: (keys?.AccessKeyMetadata ?? []).map((k) => k.AccessKeyId ?? ''),
    directPolicies: [...(attached?.AttachedPolicies ?? []).map((p) => p.PolicyName ?? ''), ...(inline?.PolicyNames ?? [])],
  };
}

/**
 * What verify needs of a user, in two reads: its groups (NoSuchEntity when it does not exist) and
 * its console password. The keys and direct policies inspectUser also reads only feed notes.
 */
export async function readUserAccess(
  iam: IAMClient,
  user: string,
): Promise<{ exists: boolean; groups: string[]; hasLoginProfile: boolean }> {
  const [groups, profile] = await Promise.all([
    ifExists(iam.send(new ListGroupsForUserCommand({ UserName: user }))),
    ifExists(iam.send(new GetLoginProfileCommand({ UserName: user }))),
  ]);
  return {
    exists: groups !== undefined,
    groups: (groups?.Groups ?? []).map((g) => g.GroupName ?? ''),
    hasLoginProfile: profile !== undefined,
  };
}
