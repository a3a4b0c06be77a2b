import { ListAttachedGroupPoliciesCommand, type IAMClient } from '@aws-sdk/client-iam';

/** The ARNs of the managed policies attached to a group (NoSuchEntity when the group does not exist). */
export async function listAttachedGroupPolicyArns(iam: IAMClient, group: string): Promise<string[]> {
  const out = await iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: group }));
  return (out.AttachedPolicies ?? []).map((p) => p.PolicyArn ?? '');
}
