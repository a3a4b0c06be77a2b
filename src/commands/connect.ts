import { type Credentials, GetSessionTokenCommand } from '@aws-sdk/client-sts';
import { ListMFADevicesCommand } from '@aws-sdk/client-iam';
import { createAwsClients, type AwsClients, type AwsOptions } from '../aws/clients.js';
import { credentialChain, credentialsField, isMfaCodeRefused, mfaCodeRefused, type CredentialSettings } from '../aws/credentials.js';
import { translateAwsError } from '../aws/errors.js';
import { readSharedProfiles, type SharedProfiles } from '../aws/profiles.js';
import { resolveRegion } from '../aws/region.js';
import { parseCaller, whoAmI, type Caller } from '../aws/caller.js';
import type { CliOptions } from './options.js';
import { BadInputError } from '../lib/errors.js';
import { askOnTerminal, mfaCodeSource, terminalCanAsk, type AskMfaCode } from '../aws/mfa-code.js';
import { isRootTaskSession, rootTaskPolicyOf } from '../aws/root-task.js';

/** How a run can ask a person for an MFA code: its own way (the wizard's UI), or on the terminal when there is one. */
export type MfaPrompt = 'terminal' | AskMfaCode;

function promptFor(prompt: MfaPrompt): AskMfaCode | undefined {
  if (prompt !== 'terminal') return prompt;
  return terminalCanAsk(process.stdin, process.stderr) ? askOnTerminal() : undefined;
}

export interface Connection {
  readonly clients: AwsClients;
  readonly caller: Caller;
}

/** GetCallerIdentity in flight: the command loads its answers and code meanwhile. */
export interface PendingConnection {
  /** For reads that need not wait for the caller (they go to the same credentials' account). */
  readonly clients: AwsClients;
  /** Aborted by abandon(): give it to such early reads, so they are dropped with the call. */
  readonly signal: AbortSignal;
  /**
   * Who is calling, checked against the account pinned; a run changes nothing before it has this.
   * An IAM user on long-term keys with an MFA device gets its own MFA session here, and the
   * connection's clients are then that session's (the early `clients` above are not).
   */
  connected(pinnedAccountId: string | undefined): Promise<Connection>;
  /** Drops the call if it is still open (the run stopped before it needed the answer). */
  abandon(): void;
}

/**
 * Starts GetCallerIdentity with the AWS CLI's credential chain and region. An MFA code comes from
 * --mfa-code, else a prompt when there is a terminal; with neither, a code needed is bad input.
 */
/**
 * What the command does with the connection: runs steps ('run'), plans them without any change
 * ('plan'), or only reads ('read', status: an AssumeRoot session's task policy is not asked).
 */
export type ConnectPurpose = 'run' | 'plan' | 'read';

export function startConnect(options: CliOptions, prompt: MfaPrompt = 'terminal', purpose: ConnectPurpose = 'run'): PendingConnection {
  const runsSteps = purpose !== 'read';
  const mfaCode = mfaCodeSource(options.mfaCode, promptFor(prompt));
  // The shared files are read once, by the SDK's own loader, for the region and for messages.
  const settings: Promise<CredentialSettings> = readSharedProfiles(options.profile).then((shared) => ({
    shared,
    region: resolveRegion(options.region, shared),
    mfaCode,
    ...(options.endpointUrl && { endpointUrl: options.endpointUrl }),
  }));
  settings.catch(() => {});
  const base: AwsOptions = {
    ...(options.profile && { profile: options.profile }),
    region: async () => (await settings).region,
    ...(options.endpointUrl && { endpointUrl: options.endpointUrl }),
  };
  const clients = createAwsClients({ ...base, credentials: credentialChain(() => settings) });
  const abort = new AbortController();
  const calling = whoAmI(clients.sts, abort.signal);
  // Read only through connected(); a run that stops on bad answers first never asks for it.
  calling.catch(() => {});
  return {
    clients,
    signal: abort.signal,
    async connected(pinnedAccountId) {
      const { shared } = await settings;
      let identity: Caller;
      let temporary: boolean;
      try {
        identity = await calling;
        temporary = Boolean((await clients.iam.config.credentials()).sessionToken);
      } catch (error) {
        throw await credentialFailure(error, clients, shared);
      }
      const parsed = parseCaller(identity.accountId, identity.arn, { temporary });
      checkPinnedAccount(options.accountId, pinnedAccountId, parsed);
      const caller = {
        ...parsed,
        ...(options.profile && { profile: options.profile }),
        ...((await isRootTaskSession(clients, parsed)) && { rootTask: true }),
      };
      if (caller.rootTask && runsSteps) return { clients, caller: await withTaskPolicy(clients, caller, purpose === 'plan') };
      return withMfaSession({ clients, caller }, base, mfaCode);
    },
    abandon: () => abort.abort(),
  };
}

/** Resolves who is calling and stops before any other call when the account is not the one pinned. */
export function connect(options: CliOptions, pinnedAccountId: string | undefined, purpose: ConnectPurpose = 'run'): Promise<Connection> {
  return startConnect(options, 'terminal', purpose).connected(pinnedAccountId);
}

/**
 * An IAM user on long-term keys who has an MFA device runs on an sts:GetSessionToken session made
 * with that device: aws:MultiFactorAuthPresent is then true for every call, so the MFA policy this
 * tool attaches (to the user's own group, too) lets the tool keep working. ListMFADevices on oneself
 * is allowed by that policy without MFA; any failure to list leaves the run on the keys as before.
 */
async function withMfaSession(connection: Connection, base: AwsOptions, mfaCode: ReturnType<typeof mfaCodeSource>): Promise<Connection> {
  const { clients, caller } = connection;
  if (caller.kind !== 'user' || caller.temporary || !caller.userName) return connection;
  let serial: string | undefined;
  try {
    const { MFADevices = [] } = await clients.iam.send(new ListMFADevicesCommand({ UserName: caller.userName }));
    // A FIDO security key (serial arn:...:u2f/...) makes no codes, and STS takes none from it.
    serial = MFADevices.map((device) => device.SerialNumber).find((id) => id !== undefined && !id.includes(':u2f/'));
  } catch {
    return connection;
  }
  if (!serial) return connection;
  const code = await mfaCode({ serial, purpose: `an MFA session for IAM user ${caller.userName}` });
  let credentials: Credentials | undefined;
  try {
    // No DurationSeconds: AWS's default (12 hours) outlasts any run, the wizard's included.
    ({ Credentials: credentials } = await clients.sts.send(new GetSessionTokenCommand({ SerialNumber: serial, TokenCode: code })));
  } catch (error) {
    if (isMfaCodeRefused(error)) throw mfaCodeRefused(error as Error, serial);
    throw translateAwsError(error, caller);
  }
  if (!credentials?.AccessKeyId || !credentials.SecretAccessKey) throw new Error('sts:GetSessionToken returned no credentials');
  const session = createAwsClients({
    ...base,
    credentials: {
      accessKeyId: credentials.AccessKeyId,
      secretAccessKey: credentials.SecretAccessKey,
      ...(credentials.SessionToken && { sessionToken: credentials.SessionToken }),
      ...(credentials.Expiration && { expiration: credentials.Expiration }),
    },
  });
  return { clients: session, caller: { ...caller, temporary: true, mfaSession: true } };
}

/**
 * A command that runs steps needs to know what the task session's policy allows: the steps it
 * allows run, the others are reported as not possible. A policy that allows none of them (only a
 * bucket's or queue's policy, or root's password) stops the run here, before any change.
 */
async function withTaskPolicy(clients: AwsClients, caller: Caller, planOnly: boolean): Promise<Caller> {
  let policy: Awaited<ReturnType<typeof rootTaskPolicyOf>>;
  try {
    policy = await rootTaskPolicyOf(clients, { probeDeletion: !planOnly });
  } catch (error) {
    throw translateAwsError(error, caller);
  }
  if (policy) return { ...caller, rootTaskPolicy: policy };
  // Loaded by the command already; imported here so that connecting does not load the steps.
  const { daySteps } = await import('../steps/index.js');
  throw new BadInputError(
    'credentials',
    `${caller.arn} is an sts:AssumeRoot task session whose task policy allows none of this tool's steps ` +
      '(it is neither IAMAuditRootUserCredentials nor IAMDeleteRootUserCredentials); ' +
      `not possible with these credentials, so not attempted: ${daySteps.map((step) => step.id).join(', ')}. ` +
      'Run as the root user, or as an IAM user or role with AdministratorAccess (aws-day-one status works with any credentials)',
  );
}

/** Where the credentials came from, in words, for messages. */
function credentialSource(shared: SharedProfiles): string {
  if (shared.named) return `profile "${shared.name}"`;
  if (process.env['AWS_ACCESS_KEY_ID']) return 'AWS_ACCESS_KEY_ID';
  if (shared.name in shared.profiles) return `profile "${shared.name}"`;
  return 'the container or instance credentials';
}

/** GetCallerIdentity failed: say which credentials AWS refused and how to fix it. */
async function credentialFailure(error: unknown, clients: AwsClients, shared: SharedProfiles): Promise<Error> {
  const field = credentialsField(shared);
  const translated = translateAwsError(error);
  if (!(translated instanceof BadInputError) || translated.field !== 'credentials') return translated;
  const from = credentialSource(shared);
  if (/rejected the credentials/.test(translated.problem)) {
    const keyId = await clients.signingAccessKeyId().catch(() => undefined);
    const key = keyId ? `access key …${keyId.slice(-4)}` : 'the access key';
    return new BadInputError(
      field,
      `AWS rejected ${key} from ${from} (${(error as Error).name}): it was deleted, deactivated or mistyped, ` +
        `or its secret does not match. Check it with aws configure list, or create a new key`,
    );
  }
  if (/have expired/.test(translated.problem)) {
    return new BadInputError(
      field,
      `the temporary credentials from ${from} have expired (${(error as Error).name}); ` +
        `get new ones the way you got these (for an IAM Identity Center profile: ` +
        `aws sso login${shared.named ? ` --profile ${shared.name}` : ''}) and run again`,
    );
  }
  return translated;
}

function checkPinnedAccount(flagAccountId: string | undefined, answersAccountId: string | undefined, caller: Caller): void {
  if (flagAccountId && answersAccountId && flagAccountId !== answersAccountId) {
    throw new BadInputError(
      '--account-id',
      `is ${flagAccountId} but account.id in the answers file is ${answersAccountId}; make them agree`,
    );
  }
  const pinned = flagAccountId ?? answersAccountId;
  if (pinned && pinned !== caller.accountId) {
    const source = flagAccountId ? '--account-id' : 'account.id';
    throw new BadInputError(
      source,
      `expects account ${pinned}, but the credentials belong to account ${caller.accountId} (${caller.arn}); ` +
        `nothing was changed. Use credentials for ${pinned}, or fix ${source}`,
    );
  }
}
