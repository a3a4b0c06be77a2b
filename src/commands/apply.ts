import { loadAnswersFile, type Answers } from '../answers/answers.js';
import type { CliOptions } from './options.js';
import { markPasswordsShown, runFlow } from '../engine/run-flow.js';
import { BadInputError, ExitCode } from '../lib/errors.js';
import { summarizeRun, renderSignInCard } from '../engine/run-summary.js';
import { AnswersFileOperator } from '../scripted/answers-file-operator.js';
import { createLineReporter } from '../scripted/line-reporter.js';
import { palette, wantsColor } from '../lib/color.js';
import { PasswordNotDeliveredError } from '../secrets/delivery-check.js';
import { acquireRunLock } from '../state/run-lock.js';
import { openStateStore, prepareStateDir } from '../state/state-store.js';
import { daySteps } from '../steps/index.js';
import type { PendingConnection } from './connect.js';
import { reportNotPossible, stepsForCaller, withNotPossible } from './caller-steps.js';

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (line: string) => void;
  /**
   * Writes to stdout and resolves once the write was accepted; rejects when it was not (a closed
   * pipe, a full disk). The sign-in card goes this way: a password counts as delivered only then.
   */
  readonly stdoutChecked: (text: string) => Promise<void>;
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
    const scope = stepsForCaller(daySteps, caller);
    const emit = createLineReporter(io.stderr, palette(wantsColor(process.stderr, { noColor: options.noColor })));
    const flow = await runFlow({
      steps: scope.possible,
      clients,
      caller,
      answers,
      operator: new AnswersFileOperator(),
      store,
      emit: reportNotPossible(emit, scope),
      // Unattended: every answer is in the file, so independent steps run at once.
      schedule: 'concurrent',
    });
    const result = withNotPossible(flow, scope);
    const summary = summarizeRun(result, caller);
    let output: string | undefined;
    if (options.json) output = `${JSON.stringify(summary, null, 2)}\n`;
    // A failed run may still have issued a password: it must reach the operator now or never.
    else if ((result.exitCode !== ExitCode.badInput && result.exitCode !== ExitCode.failure) || summary.users.length > 0)
      output = renderSignInCard(summary);
    let undelivered: PasswordNotDeliveredError | undefined;
    if (output !== undefined) {
      let written = true;
      try {
        await io.stdoutChecked(output);
      } catch (error) {
        written = false;
        const names = result.passwordsToShow.map((p) => p.userName);
        if (names.length > 0) {
          undelivered = new PasswordNotDeliveredError(
            names,
            `the sign-in card could not be written to stdout (${describeWriteError(error)})`,
          );
        } else {
          io.stderr(`error: stdout could not be written (${describeWriteError(error)})`);
          if (result.exitCode === ExitCode.done || result.exitCode === ExitCode.pendingManual) return ExitCode.failure;
        }
      }
      // Only once the card was written did its passwords reach anyone: a resume will not reissue them.
      if (written) await markPasswordsShown(store, result);
    }
    if (result.error instanceof BadInputError) throw result.error;
    if (result.error) io.stderr(`error: ${result.error.message}`);
    if (undelivered) io.stderr(`error: ${undelivered.message}`);
    // Credentials that now need MFA (the caller's own groups require it): the last line says how to go
    // on with them. Deleted ones need no such line: the step's own line said the key no longer works.
    const retired = result.credentialsRetired;
    if (retired?.kind === 'need-mfa') io.stderr(`[next] ${retired.reason}: ${retired.next}`);
    if (undelivered) return ExitCode.failure;
    return result.exitCode;
  } finally {
    lock.release();
  }
}

/** `EPIPE: broken pipe` rather than Node's `write EPIPE`. */
function describeWriteError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EPIPE') return 'EPIPE: the reading end of the pipe is closed';
  if (code === 'ENOSPC') return 'ENOSPC: no space left on device';
  return error instanceof Error ? error.message : String(error);
}
