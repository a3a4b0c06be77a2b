import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';

export type CallerKind = 'root' | 'user' | 'role' | 'other';

/**
 * The sts:AssumeRoot task policies that allow anything of what this tool does: reading root's own
 * credentials (both), and deleting root's access keys and signing certificates (the second).
 */
export type RootTaskPolicy = 'IAMAuditRootUserCredentials' | 'IAMDeleteRootUserCredentials';

/**
 * What a command knows of a task session's policy: one of the two, or (`plan`, which sends no delete
 * call, not even the one that would tell them apart) that it is one of them.
 */
export type KnownTaskPolicy = RootTaskPolicy | 'audit-or-delete';

/** A task policy in words, never naming one the run did not find out. */
export function taskPolicyWords(policy: KnownTaskPolicy): string {
  return policy === 'audit-or-delete'
    ? 'task policy IAMAuditRootUserCredentials or IAMDeleteRootUserCredentials (plan does not ask which)'
    : `task policy ${policy}`;
}

/** Whether the task policy may allow `wanted`: certainly, or (plan) perhaps. */
export function taskPolicyMayBe(policy: KnownTaskPolicy | undefined, wanted: RootTaskPolicy): boolean {
  return policy === wanted || policy === 'audit-or-delete';
}

/** Who is signing this run, and where: everything is keyed by the account and partition. */
export interface Caller {
  readonly accountId: string;
  readonly arn: string;
  readonly partition: string;
  readonly kind: CallerKind;
  /** The IAM user name when kind is 'user'. */
  readonly userName?: string;
  /** Temporary credentials (a session token): a role, an sts session, an AssumeRoot task session. */
  readonly temporary?: boolean;
  /** This run holds an MFA session of its own (sts:GetSessionToken with the user's MFA device). */
  readonly mfaSession?: boolean;
  /**
   * An sts:AssumeRoot session: the root ARN, but limited to one task policy (IAMAuditRootUserCredentials,
   * IAMCreateRootUserPassword, IAMDeleteRootUserCredentials, S3UnlockBucketPolicy, SQSUnlockQueuePolicy).
   */
  readonly rootTask?: boolean;
  /**
   * Which of the task policies this tool can work with the session has, once a command that runs
   * steps found out (src/aws/root-task.ts); `status` does not ask.
   */
  readonly rootTaskPolicy?: KnownTaskPolicy;
  /** The profile named with --profile, so that a command to run next can name it too. */
  readonly profile?: string;
}

export interface CallerCredentials {
  readonly temporary?: boolean;
  readonly mfaSession?: boolean;
  readonly rootTask?: boolean;
  readonly rootTaskPolicy?: KnownTaskPolicy;
}

export async function whoAmI(sts: STSClient, abortSignal?: AbortSignal): Promise<Caller> {
  const identity = await sts.send(new GetCallerIdentityCommand({}), abortSignal ? { abortSignal } : {});
  if (!identity.Account || !identity.Arn) throw new Error('GetCallerIdentity returned no account or ARN');
  return parseCaller(identity.Account, identity.Arn);
}

export function parseCaller(accountId: string, arn: string, credentials: CallerCredentials = {}): Caller {
  const [, partition = 'aws', , , , resource = ''] = arn.split(':');
  const common = {
    accountId,
    arn,
    partition,
    ...(credentials.temporary && { temporary: true }),
    ...(credentials.mfaSession && { mfaSession: true }),
    ...(credentials.rootTask && resource === 'root' && { rootTask: true }),
    ...(credentials.rootTask && resource === 'root' && credentials.rootTaskPolicy && { rootTaskPolicy: credentials.rootTaskPolicy }),
  };
  if (resource === 'root') return { ...common, kind: 'root' };
  if (resource.startsWith('user/')) {
    const userName = resource.split('/').pop() ?? '';
    return { ...common, kind: 'user', userName };
  }
  if (resource.startsWith('assumed-role/')) return { ...common, kind: 'role' };
  return { ...common, kind: 'other' };
}

/** IAM Identity Center signs people in to roles named AWSReservedSSO_PERMISSIONSET_HASH. */
const identityCenterRole = /^assumed-role\/AWSReservedSSO_(.+)_[0-9a-f]{16}\//;

/** What kind of principal signs this run, in words: root, IAM user, assumed role, Identity Center role. */
export function callerKind(caller: Caller): string {
  switch (caller.kind) {
    case 'root':
      if (caller.rootTask) {
        const policy = caller.rootTaskPolicy ? taskPolicyWords(caller.rootTaskPolicy) : 'its task policy';
        return `an sts:AssumeRoot task session: the root user, limited to ${policy}`;
      }
      return caller.temporary ? 'the root user, temporary credentials' : 'the root user, long-term access keys';
    case 'user': {
      const signing = caller.mfaSession
        ? 'with an MFA session'
        : caller.temporary
          ? 'temporary credentials without MFA'
          : 'access keys without MFA';
      return `IAM user ${caller.userName}, ${signing}`;
    }
    case 'role': {
      const resource = caller.arn.split(':').slice(5).join(':');
      const permissionSet = identityCenterRole.exec(resource)?.[1];
      if (permissionSet) return `an IAM Identity Center role, permission set ${permissionSet}`;
      return `assumed role ${resource.split('/')[1] ?? ''}`;
    }
    case 'other':
      return 'a federated principal';
  }
}

export function describeCaller(caller: Caller): string {
  return `${caller.arn} (${callerKind(caller)}) in account ${caller.accountId}`;
}

/** ARN of an IAM resource in the caller's partition (aws, aws-cn, aws-us-gov). */
export function iamArn(caller: Caller, resource: string, account: string = caller.accountId): string {
  return `arn:${caller.partition}:iam::${account}:${resource}`;
}

export function awsManagedPolicyArn(caller: Caller, nameWithPath: string): string {
  return iamArn(caller, `policy/${nameWithPath}`, 'aws');
}

const consoleHosts: Record<string, { signin: string; console: string }> = {
  aws: { signin: 'signin.aws.amazon.com', console: 'console.aws.amazon.com' },
  'aws-cn': { signin: 'signin.amazonaws.cn', console: 'console.amazonaws.cn' },
  'aws-us-gov': { signin: 'signin.amazonaws-us-gov.com', console: 'console.amazonaws-us-gov.com' },
};

export function signInUrl(partition: string, aliasOrAccountId: string): string {
  const hosts = consoleHosts[partition] ?? consoleHosts['aws']!;
  return `https://${aliasOrAccountId}.${hosts.signin}/console`;
}

/** The sign-in URL people will use: the alias once there is one, else the account ID. */
export function accountSignInUrl(caller: Caller, alias: string): string {
  return signInUrl(caller.partition, alias || caller.accountId);
}

export function consoleUrl(partition: string, path: string): string {
  const hosts = consoleHosts[partition] ?? consoleHosts['aws']!;
  return `https://${hosts.console}${path}`;
}
