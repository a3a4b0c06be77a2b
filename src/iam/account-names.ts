import { paginateListGroups, paginateListUsers } from '@aws-sdk/client-iam';
import { BadInputError } from '../lib/errors.js';
import type { InspectContext } from '../contracts/step.js';

/** Every IAM user name in the account, read once per run (admin-user and team-users share it). */
export function readUserNames({ iam, reads }: InspectContext): Promise<string[]> {
  return reads.once('user-names', async () => {
    const names: string[] = [];
    for await (const page of paginateListUsers({ client: iam }, {})) names.push(...(page.Users ?? []).map((u) => u.UserName ?? ''));
    return names;
  });
}

/** Every IAM group name in the account, read once per run (admin-group and team-groups share it). */
export function readGroupNames({ iam, reads }: InspectContext): Promise<string[]> {
  return reads.once('group-names', async () => {
    const names: string[] = [];
    for await (const page of paginateListGroups({ client: iam }, {})) names.push(...(page.Groups ?? []).map((g) => g.GroupName ?? ''));
    return names;
  });
}

/**
 * IAM names ignore case: asked for `cto` where the account has `CTO`, AWS refuses to create `cto`
 * (EntityAlreadyExists) and means `CTO`. Rather than quietly take over an entity spelt otherwise,
 * the answer is refused, naming the account's spelling, so that what the answers say is what exists.
 */
export function refuseOtherCase(key: string, kind: 'user' | 'group', existing: readonly string[], name: string): void {
  const other = existing.find((e) => e !== name && e.toLowerCase() === name.toLowerCase());
  if (other === undefined) return;
  throw new BadInputError(
    key,
    `the account already has a ${kind} named ${other}, and IAM ${kind} names ignore case, so ${name} would be that ${kind}: write ` +
      `${other} to set up that ${kind}, or choose another name`,
  );
}
