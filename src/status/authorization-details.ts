import { paginateGetAccountAuthorizationDetails, type IAMClient, type PolicyDetail } from '@aws-sdk/client-iam';

/** A policy in force on a user, group or role: a managed one by ARN, or an inline one with its document. */
export interface AttachedPolicy {
  readonly name: string;
  readonly arn: string;
}

export interface InlinePolicy {
  readonly name: string;
  readonly document: unknown;
}

export type PrincipalKind = 'user' | 'group' | 'role';

export interface Principal {
  readonly kind: PrincipalKind;
  readonly name: string;
  readonly attached: readonly AttachedPolicy[];
  readonly inline: readonly InlinePolicy[];
  /** Users only: the groups they are in. */
  readonly groups: readonly string[];
}

export interface ManagedPolicy {
  readonly name: string;
  readonly arn: string;
  readonly attachmentCount: number;
  /** The default version's document. */
  readonly document: unknown;
}

/** Users, groups, roles, their policies and the customer-managed policies: one paginated read. */
export interface AuthorizationDetails {
  readonly users: readonly Principal[];
  readonly groups: readonly Principal[];
  readonly roles: readonly Principal[];
  readonly localPolicies: readonly ManagedPolicy[];
}

/** IAM returns policy documents URL-encoded. */
export function decodePolicyDocument(raw: string | undefined): unknown {
  if (!raw) return {};
  let text = raw;
  try {
    text = decodeURIComponent(raw);
  } catch {
    // already plain JSON
  }
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

const inline = (list: readonly PolicyDetail[] | undefined): InlinePolicy[] =>
  (list ?? []).map((p) => ({ name: p.PolicyName ?? '', document: decodePolicyDocument(p.PolicyDocument) }));

const attached = (list: readonly { PolicyName?: string; PolicyArn?: string }[] | undefined): AttachedPolicy[] =>
  (list ?? []).map((p) => ({ name: p.PolicyName ?? p.PolicyArn ?? '', arn: p.PolicyArn ?? '' }));

/**
 * GetAccountAuthorizationDetails, up to 1,000 entities a page: instead of a ListGroupsForUser,
 * ListAttachedUserPolicies and ListUserPolicies per user, plus every policy's document, one call
 * per thousand. AWS managed policies are left out (their attachments are on the entities).
 */
export async function readAuthorizationDetails(iam: IAMClient, onProgress?: (entitiesRead: number) => void): Promise<AuthorizationDetails> {
  const users: Principal[] = [];
  const groups: Principal[] = [];
  const roles: Principal[] = [];
  const localPolicies: ManagedPolicy[] = [];
  const pages = paginateGetAccountAuthorizationDetails(
    { client: iam, pageSize: 1000 },
    { Filter: ['User', 'Group', 'Role', 'LocalManagedPolicy'] },
  );
  for await (const page of pages) {
    for (const u of page.UserDetailList ?? []) {
      users.push({
        kind: 'user',
        name: u.UserName ?? '',
        attached: attached(u.AttachedManagedPolicies),
        inline: inline(u.UserPolicyList),
        groups: u.GroupList ?? [],
      });
    }
    for (const g of page.GroupDetailList ?? []) {
      groups.push({
        kind: 'group',
        name: g.GroupName ?? '',
        attached: attached(g.AttachedManagedPolicies),
        inline: inline(g.GroupPolicyList),
        groups: [],
      });
    }
    for (const r of page.RoleDetailList ?? []) {
      roles.push({
        kind: 'role',
        name: r.RoleName ?? '',
        attached: attached(r.AttachedManagedPolicies),
        inline: inline(r.RolePolicyList),
        groups: [],
      });
    }
    for (const p of page.Policies ?? []) {
      const version = (p.PolicyVersionList ?? []).find((v) => v.IsDefaultVersion) ?? p.PolicyVersionList?.[0];
      // The name is the ARN's last part (moto leaves PolicyName out of this answer).
      localPolicies.push({
        name: p.PolicyName ?? p.Arn?.split('/').pop() ?? '',
        arn: p.Arn ?? '',
        attachmentCount: p.AttachmentCount ?? 0,
        document: decodePolicyDocument(version?.Document),
      });
    }
    if (page.IsTruncated) onProgress?.(users.length + groups.length + roles.length + localPolicies.length);
  }
  return { users, groups, roles, localPolicies };
}

export function principals(details: AuthorizationDetails): Principal[] {
  return [...details.users, ...details.groups, ...details.roles];
}
