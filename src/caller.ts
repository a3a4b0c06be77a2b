import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';

export type CallerKind = 'root' | 'user' | 'role' | 'other';

/** Who is signing this run, and where: everything is keyed by the account and partition. */
export interface Caller {
  readonly accountId: string;
  readonly arn: string;
  readonly partition: string;
  readonly kind: CallerKind;
  /** The IAM user name when kind is 'user'. */
  readonly userName?: string;
}

export async function whoAmI(sts: STSClient, abortSignal?: AbortSignal): Promise<Caller> {
  const identity = await sts.send(new GetCallerIdentityCommand({}), abortSignal ? { abortSignal } : {});
  if (!identity.Account || !identity.Arn) throw new Error('GetCallerIdentity returned no account or ARN');
  return parseCaller(identity.Account, identity.Arn);
}

export function parseCaller(accountId: string, arn: string): Caller {
  const [, partition = 'aws', , , , resource = ''] = arn.split(':');
  if (resource === 'root') return { accountId, arn, partition, kind: 'root' };
  if (resource.startsWith('user/')) {
    const userName = resource.split('/').pop() ?? '';
    return { accountId, arn, partition, kind: 'user', userName };
  }
  if (resource.startsWith('assumed-role/')) return { accountId, arn, partition, kind: 'role' };
  return { accountId, arn, partition, kind: 'other' };
}

export function describeCaller(caller: Caller): string {
  const kind = { root: 'the root user', user: `IAM user ${caller.userName}`, role: 'an assumed role', other: 'a federated principal' }[caller.kind];
  return `${caller.arn} (${kind}) in account ${caller.accountId}`;
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
