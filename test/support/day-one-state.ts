import { GetGroupCommand, ListAttachedGroupPoliciesCommand, type IAMClient } from '@aws-sdk/client-iam';
import { expect } from 'vitest';

/** The administrators group as every day-1 run leaves it: CTO its only member, both policies attached. */
export async function expectAdministratorsGroup(iam: IAMClient, accountId: string): Promise<void> {
  const group = await iam.send(new GetGroupCommand({ GroupName: 'Administrators' }));
  expect(group.Users?.map((u) => u.UserName)).toEqual(['CTO']);
  const attached = await iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: 'Administrators' }));
  expect(attached.AttachedPolicies?.map((p) => p.PolicyArn).sort()).toEqual([
    `arn:aws:iam::${accountId}:policy/RequireMFA`,
    'arn:aws:iam::aws:policy/AdministratorAccess',
  ]);
}
