import { paginateGetAccountAuthorizationDetails, type IAMClient } from '@aws-sdk/client-iam';

/** A customer-managed policy as this account holds it: its default document, and every version (IAM keeps at most 5). */
export interface CustomerPolicy {
  readonly document: unknown;
  readonly versions: readonly { id: string; isDefault: boolean; created: number }[];
}

/**
 * A customer-managed policy with its default document and versions, in one call: on a day-1
 * account GetAccountAuthorizationDetails returns the few local policies with every version, where
 * GetPolicy then GetPolicyVersion would take two round trips.
 */
export async function readCustomerPolicy(iam: IAMClient, arn: string): Promise<CustomerPolicy | undefined> {
  for await (const page of paginateGetAccountAuthorizationDetails({ client: iam }, { Filter: ['LocalManagedPolicy'] })) {
    const policy = page.Policies?.find((p) => p.Arn === arn);
    if (!policy) continue;
    const versions = policy.PolicyVersionList ?? [];
    const current = versions.find((v) => v.IsDefaultVersion);
    return {
      document: JSON.parse(decodeURIComponent(current?.Document ?? '{}')),
      versions: versions.map((v) => ({
        id: v.VersionId ?? '',
        isDefault: v.IsDefaultVersion ?? false,
        created: v.CreateDate?.getTime() ?? 0,
      })),
    };
  }
  return undefined;
}
