import {
  GetAccountPasswordPolicyCommand,
  GetGroupCommand,
  GetLoginProfileCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  ListAccessKeysCommand,
  ListAccountAliasesCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupPoliciesCommand,
  ListGroupsCommand,
  ListGroupsForUserCommand,
  ListMFADevicesCommand,
  ListPoliciesCommand,
  ListPolicyVersionsCommand,
  ListRolesCommand,
  ListUserPoliciesCommand,
  ListUsersCommand,
  ListVirtualMFADevicesCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';

async function orNone<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof Error && error.name === 'NoSuchEntity') return undefined;
    throw error;
  }
}

const byName =
  <T>(key: (item: T) => string) =>
  (a: T, b: T): number =>
    key(a).localeCompare(key(b));

/**
 * Everything the day-1 flow can leave in an account, read straight from the emulator and made
 * comparable across accounts: account IDs replaced, dates dropped, lists sorted.
 */
export async function snapshotAccount(iam: IAMClient, accountId: string): Promise<unknown> {
  const [users, groups, policies, passwordPolicy, aliases, virtualMfa, roles] = await Promise.all([
    iam.send(new ListUsersCommand({})),
    iam.send(new ListGroupsCommand({})),
    iam.send(new ListPoliciesCommand({ Scope: 'Local' })),
    orNone(iam.send(new GetAccountPasswordPolicyCommand({}))),
    iam.send(new ListAccountAliasesCommand({})),
    iam.send(new ListVirtualMFADevicesCommand({})),
    iam.send(new ListRolesCommand({})),
  ]);

  const userViews = await Promise.all(
    (users.Users ?? []).map(async ({ UserName: name = '', Path }) => {
      const [inGroups, login, keys, attached, inline, mfa] = await Promise.all([
        iam.send(new ListGroupsForUserCommand({ UserName: name })),
        orNone(iam.send(new GetLoginProfileCommand({ UserName: name }))),
        iam.send(new ListAccessKeysCommand({ UserName: name })),
        iam.send(new ListAttachedUserPoliciesCommand({ UserName: name })),
        iam.send(new ListUserPoliciesCommand({ UserName: name })),
        iam.send(new ListMFADevicesCommand({ UserName: name })),
      ]);
      return {
        name,
        path: Path,
        groups: (inGroups.Groups ?? []).map((g) => g.GroupName).sort(),
        loginProfile: login !== undefined,
        accessKeys: (keys.AccessKeyMetadata ?? []).length,
        attachedPolicies: (attached.AttachedPolicies ?? []).map((p) => p.PolicyArn).sort(),
        inlinePolicies: [...(inline.PolicyNames ?? [])].sort(),
        mfaDevices: (mfa.MFADevices ?? []).map((d) => d.SerialNumber).sort(),
      };
    }),
  );

  const groupViews = await Promise.all(
    (groups.Groups ?? []).map(async ({ GroupName: name = '', Path }) => {
      const [members, attached, inline] = await Promise.all([
        iam.send(new GetGroupCommand({ GroupName: name })),
        iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: name })),
        iam.send(new ListGroupPoliciesCommand({ GroupName: name })),
      ]);
      return {
        name,
        path: Path,
        members: (members.Users ?? []).map((u) => u.UserName).sort(),
        attachedPolicies: (attached.AttachedPolicies ?? []).map((p) => p.PolicyArn).sort(),
        inlinePolicies: [...(inline.PolicyNames ?? [])].sort(),
      };
    }),
  );

  const policyViews = await Promise.all(
    (policies.Policies ?? []).map(async ({ Arn: arn = '' }) => {
      const [policy, versions] = await Promise.all([
        iam.send(new GetPolicyCommand({ PolicyArn: arn })),
        iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn })),
      ]);
      const defaultVersion = policy.Policy?.DefaultVersionId ?? '';
      const document = await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: defaultVersion }));
      return {
        name: policy.Policy?.PolicyName,
        arn,
        description: policy.Policy?.Description,
        attachmentCount: policy.Policy?.AttachmentCount,
        defaultVersion,
        versionCount: (versions.Versions ?? []).length,
        document: JSON.parse(decodeURIComponent(document.PolicyVersion?.Document ?? '{}')) as unknown,
        tags: (policy.Policy?.Tags ?? []).map((t) => `${t.Key}=${t.Value}`).sort(),
      };
    }),
  );

  const roleViews = await Promise.all(
    (roles.Roles ?? []).map(async ({ RoleName: name = '', AssumeRolePolicyDocument: trust }) => {
      const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: name }));
      return {
        name,
        trust: JSON.parse(decodeURIComponent(trust ?? '{}')) as unknown,
        attachedPolicies: (attached.AttachedPolicies ?? []).map((p) => p.PolicyArn).sort(),
      };
    }),
  );

  const snapshot = {
    roles: roleViews.sort(byName((r) => r.name)),
    alias: aliases.AccountAliases ?? [],
    passwordPolicy: passwordPolicy?.PasswordPolicy,
    users: userViews.sort(byName((u) => u.name)),
    groups: groupViews.sort(byName((g) => g.name)),
    policies: policyViews.sort(byName((p) => p.arn)),
    virtualMfaDevices: (virtualMfa.VirtualMFADevices ?? [])
      .map((d) => ({ serial: d.SerialNumber, assignedTo: d.User?.UserName ?? null }))
      .sort(byName((d) => `${d.serial}`)),
  };
  // The same account ID in every ARN and serial number, whichever emulator account this was.
  return JSON.parse(JSON.stringify(snapshot).replaceAll(accountId, 'ACCOUNT')) as unknown;
}

/** Unassigned virtual MFA devices: seeds nobody holds. */
export async function unassignedMfaDevices(iam: IAMClient): Promise<string[]> {
  const out = await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Unassigned' }));
  return (out.VirtualMFADevices ?? []).map((d) => d.SerialNumber ?? '');
}
