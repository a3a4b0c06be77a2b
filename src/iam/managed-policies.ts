import { GetPolicyCommand, paginateListPolicies, type IAMClient } from '@aws-sdk/client-iam';
import { ifExists } from '../aws/errors.js';
import { awsManagedPolicyArn, type Caller } from '../aws/caller.js';
import { closestWord } from '../lib/did-you-mean.js';

/** What a policy named in the answers turned out to be in this account's partition. */
export type PolicyResolution =
  | { readonly found: true; readonly arn: string }
  | { readonly found: false; readonly tried: string; readonly suggestion?: string };

/**
 * Resolves policy references from the answers (an ARN, an AWS managed policy name, or a name with
 * its path such as `job-function/ViewOnlyAccess`) to ARNs that exist, one GetPolicy each.
 * A bare name that is not at the root path (e.g. `ViewOnlyAccess`) is looked up in the list of AWS
 * managed policies, read once and only when such a name needs it.
 */
export async function resolvePolicies(iam: IAMClient, caller: Caller, refs: readonly string[]): Promise<Map<string, PolicyResolution>> {
  let awsManaged: Promise<Map<string, string>> | undefined;
  const listAwsManaged = (): Promise<Map<string, string>> => (awsManaged ??= readAwsManagedNames(iam));

  const resolveOne = async (ref: string): Promise<PolicyResolution> => {
    const arn = ref.startsWith('arn:') ? ref : awsManagedPolicyArn(caller, ref.replace(/^\/+/, ''));
    if (await policyExists(iam, arn)) return { found: true, arn };
    if (ref.startsWith('arn:') || ref.includes('/')) return { found: false, tried: arn };
    const byName = await listAwsManaged();
    const listed = byName.get(ref);
    if (listed) return { found: true, arn: listed };
    const suggestion = closestWord(ref, [...byName.keys()]);
    return { found: false, tried: arn, ...(suggestion ? { suggestion } : {}) };
  };

  const unique = [...new Set(refs)];
  const resolved = await Promise.all(unique.map(resolveOne));
  return new Map(unique.map((ref, i) => [ref, resolved[i]!]));
}

async function policyExists(iam: IAMClient, arn: string): Promise<boolean> {
  return (await ifExists(iam.send(new GetPolicyCommand({ PolicyArn: arn })))) !== undefined;
}

/** AWS managed policies by name (names are unique across paths). */
async function readAwsManagedNames(iam: IAMClient): Promise<Map<string, string>> {
  const byName = new Map<string, string>();
  for await (const page of paginateListPolicies({ client: iam, pageSize: 1000 }, { Scope: 'AWS' })) {
    for (const policy of page.Policies ?? []) {
      if (policy.PolicyName && policy.Arn) byName.set(policy.PolicyName, policy.Arn);
    }
  }
  return byName;
}
