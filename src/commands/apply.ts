import { loadAnswersFile, type Answers } from '../answers.js';
import { createAwsClients, type AwsClients } from '../aws-clients.js';
import { translateAwsError } from '../aws-errors.js';
import { whoAmI, type Caller } from '../caller.js';
import type { CliOptions } from '../cli-options.js';
import { markPasswordsShown, runFlow } from '../engine.js';
import { BadInputError, ExitCode } from '../errors.js';
import { summarizeRun, renderSignInCard } from '../run-summary.js';
import { AnswersFileOperator } from '../scripted/answers-file-operator.js';
import { createLineReporter } from '../scripted/line-reporter.js';
import { palette, useColor } from '../color.js';
import { acquireRunLock } from '../run-lock.js';
import { defaultStateDir, openStateStore } from '../state-store.js';
import { daySteps } from '../../steps/index.js';

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (line: string) => void;
}

/** Resolves who is calling and stops before any other call when the account is not the one pinned. */
export async function connect(options: CliOptions, pinnedAccountId: string | undefined): Promise<{ clients: AwsClients; caller: Caller }> {
  const clients = createAwsClients({
    ...(options.profile && { profile: options.profile }),
    ...(options.region && { region: options.region }),
    ...(options.endpointUrl && { endpointUrl: options.endpointUrl }),
  });
  let caller: Caller;
  try {
    caller = await whoAmI(clients.sts);
  } catch (error) {
    if (options.profile && error instanceof Error && error.name === 'CredentialsProviderError') {
      throw new BadInputError('--profile', `found no credentials for profile "${options.profile}" in ~/.aws/config or ~/.aws/credentials (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE); check the name (aws configure list-profiles)`);
    }
    throw translateAwsError(error);
  }
  if (options.accountId && pinnedAccountId && options.accountId !== pinnedAccountId) {
    throw new BadInputError('--account-id', `is ${options.accountId} but account.id in the answers file is ${pinnedAccountId}; make them agree`);
  }
  const pinned = options.accountId ?? pinnedAccountId;
  if (pinned && pinned !== caller.accountId) {
    const source = options.accountId ? '--account-id' : 'account.id';
    throw new BadInputError(source, `expects account ${pinned}, but the credentials belong to account ${caller.accountId} (${caller.arn}); nothing was changed. Use credentials for ${pinned}, or fix ${source}`);
  }
  return { clients, caller };
}

export async function runApply(options: CliOptions, io: Io): Promise<number> {
  if (!options.answers) {
    throw new BadInputError('--answers', 'is required: aws-day-one apply --answers FILE (create one with aws-day-one init answers.yaml)');
  }
  const answers: Answers = loadAnswersFile(options.answers);
  const { clients, caller } = await connect(options, answers.account.id);
  const stateDir = options.stateDir ?? defaultStateDir();
  // One run per account at a time: two runs would race on the same entities and state file.
  const lock = acquireRunLock(stateDir, caller.accountId);
  try {
    const store = openStateStore(stateDir, caller.accountId);
    const result = await runFlow({
      steps: daySteps,
      clients,
      caller,
      answers,
      operator: new AnswersFileOperator(),
      store,
      emit: createLineReporter(io.stderr, palette(useColor(process.stderr, { noColor: options.noColor }))),
    });
    const summary = summarizeRun(result, caller);
    if (options.json) {
      io.stdout(`${JSON.stringify(summary, null, 2)}\n`);
    } else if (result.exitCode !== ExitCode.badInput && result.exitCode !== ExitCode.failure) {
      io.stdout(renderSignInCard(summary));
    } else if (summary.users.length > 0) {
      // A failed run may still have issued a password: it must reach the operator now or never.
      io.stdout(renderSignInCard(summary));
    }
    await markPasswordsShown(store, result);
    if (result.error instanceof BadInputError) throw result.error;
    if (result.error) io.stderr(`error: ${result.error.message}`);
    return result.exitCode;
  } finally {
    lock.release();
  }
}
