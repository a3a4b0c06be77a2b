import { signInUrl, type Caller } from '../aws/caller.js';
import type { RunResult } from './run-flow.js';
import type { Pending, StepId } from '../contracts/step.js';
import type { StepResultStatus } from '../contracts/step-status.js';

/** The stable shape printed by `apply --json` (documented in the README). */
export interface RunSummary {
  readonly accountId: string;
  readonly signInUrl: string;
  readonly exitCode: number;
  readonly changedSteps: number;
  readonly steps: readonly { id: StepId; status: StepResultStatus; summary: string }[];
  readonly pending: readonly ({ id: StepId } & Pending)[];
  readonly users: readonly { userName: string; password?: string; passwordFile?: string; passwordShown?: true }[];
  readonly error?: string;
}

export function summarizeRun(result: RunResult, caller: Caller): RunSummary {
  const alias = result.facts['alias'];
  const users = [
    ...result.passwordsToShow.map((p) => ({ userName: p.userName, password: p.password })),
    ...result.passwordFiles.map((p) => ({ userName: p.userName, passwordFile: p.path })),
    ...result.passwordsShown.map((p) => ({ userName: p.userName, passwordShown: true as const })),
  ];
  return {
    accountId: caller.accountId,
    signInUrl: signInUrl(caller.partition, alias ?? caller.accountId),
    exitCode: result.exitCode,
    changedSteps: result.changedSteps,
    steps: result.steps.map(({ id, status, summary }) => ({ id, status, summary })),
    pending: result.steps.flatMap((s) => (s.pending ? [{ id: s.id, ...s.pending }] : [])),
    users,
    ...(result.error ? { error: result.error.message } : {}),
  };
}

/** The sign-in card: the only place a generated password is printed. Goes to stdout. */
export function renderSignInCard(summary: RunSummary): string {
  const lines: string[] = [];
  lines.push(`Sign-in URL: ${summary.signInUrl}`);
  for (const user of summary.users) {
    lines.push('');
    lines.push(`User name:  ${user.userName}`);
    if (user.password) lines.push(`Password:   ${user.password}   (shown once; must be changed at first sign-in)`);
    if (user.passwordFile) lines.push(`Password:   written to ${user.passwordFile} (mode 0600; must be changed at first sign-in)`);
  }
  if (summary.pending.length > 0) {
    lines.push('');
    lines.push('Still to do by hand:');
    for (const item of summary.pending) lines.push(`  - ${item.id}: ${item.reason}. ${item.howTo}`);
  }
  return `${lines.join('\n')}\n`;
}
