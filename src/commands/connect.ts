import { createAwsClients, type AwsClients } from '../aws-clients.js';
import { translateAwsError } from '../aws-errors.js';
import { whoAmI, type Caller } from '../caller.js';
import type { CliOptions } from '../cli-options.js';
import { BadInputError } from '../errors.js';

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
  /** Who is calling, checked against the account pinned; a run changes nothing before it has this. */
  connected(pinnedAccountId: string | undefined): Promise<Connection>;
  /** Drops the call if it is still open (the run stopped before it needed the answer). */
  abandon(): void;
}

export function startConnect(options: CliOptions): PendingConnection {
  const clients = createAwsClients({
    ...(options.profile && { profile: options.profile }),
    ...(options.region && { region: options.region }),
    ...(options.endpointUrl && { endpointUrl: options.endpointUrl }),
  });
  const abort = new AbortController();
  const calling = whoAmI(clients.sts, abort.signal);
  // Read only through connected(); a run that stops on bad answers first never asks for it.
  calling.catch(() => {});
  return {
    clients,
    signal: abort.signal,
    async connected(pinnedAccountId) {
      let caller: Caller;
      try {
        caller = await calling;
      } catch (error) {
        if (options.profile && error instanceof Error && error.name === 'CredentialsProviderError') {
          throw new BadInputError('--profile', `found no credentials for profile "${options.profile}" in ~/.aws/config or ~/.aws/credentials (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE); check the name (aws configure list-profiles)`);
        }
        throw translateAwsError(error);
      }
      checkPinnedAccount(options.accountId, pinnedAccountId, caller);
      return { clients, caller };
    },
    abandon: () => abort.abort(),
  };
}

/** Resolves who is calling and stops before any other call when the account is not the one pinned. */
export function connect(options: CliOptions, pinnedAccountId: string | undefined): Promise<Connection> {
  return startConnect(options).connected(pinnedAccountId);
}

function checkPinnedAccount(flagAccountId: string | undefined, answersAccountId: string | undefined, caller: Caller): void {
  if (flagAccountId && answersAccountId && flagAccountId !== answersAccountId) {
    throw new BadInputError('--account-id', `is ${flagAccountId} but account.id in the answers file is ${answersAccountId}; make them agree`);
  }
  const pinned = flagAccountId ?? answersAccountId;
  if (pinned && pinned !== caller.accountId) {
    const source = flagAccountId ? '--account-id' : 'account.id';
    throw new BadInputError(source, `expects account ${pinned}, but the credentials belong to account ${caller.accountId} (${caller.arn}); nothing was changed. Use credentials for ${pinned}, or fix ${source}`);
  }
}
