import { loadAnswersFile, type Answers } from '../answers.js';
import type { CliOptions } from '../cli-options.js';
import { markPasswordsShown, runFlow } from '../engine.js';
import { BadInputError, ExitCode } from '../errors.js';
import { summarizeRun, renderSignInCard } from '../run-summary.js';
import { AnswersFileOperator } from '../scripted/answers-file-operator.js';
import { createLineReporter } from '../scripted/line-reporter.js';
import { palette, useColor } from '../color.js';
import { acquireRunLock } from '../run-lock.js';
import { openStateStore, prepareStateDir } from '../state-store.js';
import { daySteps } from '../../steps/index.js';
import { afterCallerGroupMfa } from '../../steps/caller-group-mfa.js';
import type { PendingConnection } from './connect.js';

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (line: string) => void;
}

/** `aws-day-one apply --answers FILE`: the day-1 flow from an answers file, unattended. */
export async function runApply(options: CliOptions & { answers: string }, connecting: PendingConnection, io: Io): Promise<number> {
  const answers: Answers = loadAnswersFile(options.answers);
  const stateDir = prepareStateDir(options.stateDir);
  const { clients, caller } = await connecting.connected(answers.account.id);
  // One run per account at a time: two runs would race on the same entities and state file.
  const lock = acquireRunLock(stateDir, caller.accountId, { warn: (message) => io.stderr(`[warn] ${message}`) });
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
    // The caller's own groups now require MFA (caller-group-mfa): the last line says how to go on.
    if (result.credentialsRetired) io.stderr(`[next] ${result.credentialsRetired}: ${afterCallerGroupMfa(caller)}`);
    return result.exitCode;
  } finally {
    lock.release();
  }
}
