import type { AccountReadings, Read } from './reads.js';

/** `manual`: the API cannot tell (the control is checked by a person); the reason says what to look at and where. */
export type CheckResult = 'pass' | 'fail' | 'unknown' | 'manual';

export type EvidenceValue = string | number | boolean | null | readonly string[];
/** One fact behind a result: a user, a key, a policy, or the value found. */
export type Evidence = Readonly<Record<string, EvidenceValue>>;

/** What fixes a failing check: the wizard step that does it (or guides it), and/or where in the console. */
export interface Fix {
  readonly step: string | null;
  readonly link: string | null;
}

export interface Verdict {
  readonly result: CheckResult;
  /** One line, with the evidence in words. */
  readonly reason: string;
  readonly evidence: readonly Evidence[];
}

export interface CheckContext {
  readonly accountId: string;
  readonly partition: string;
  readonly now: Date;
}

export interface Check {
  /** Stable: CI scripts and the JSON output key on it. */
  readonly id: string;
  readonly title: string;
  /** CIS AWS Foundations Benchmark v5.0 (`CIS 1.n`) and Security Hub (`IAM.n`) control IDs. */
  readonly controls: readonly string[];
  fix(context: CheckContext): Fix;
  /** Decides from the readings alone; calls need() for each read it depends on. */
  evaluate(readings: AccountReadings, context: CheckContext): Verdict;
}

export interface CheckOutcome extends Verdict {
  readonly id: string;
  readonly title: string;
  readonly controls: readonly string[];
  readonly fix: Fix;
}

class Unreadable extends Error {
  constructor(readonly read: Extract<Read<unknown>, { ok: false }>) {
    super(read.action);
  }
}

/** The value of a read, or stops the check: it becomes `unknown`, naming the action that failed. */
export function need<T>(read: Read<T>): T {
  if (!read.ok) throw new Unreadable(read);
  return read.value;
}

const deniedCodes = ['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation'];

/** `unknown` from a read that failed, naming the action (and, for a regional read, where: ` in eu-west-3`). */
export function unknownVerdict(read: Extract<Read<unknown>, { ok: false }>, where = ''): Verdict {
  const reason = deniedCodes.includes(read.code)
    ? `cannot tell: not allowed to call ${read.action}${where} (${read.code}); grant ${read.action} to read it`
    : `cannot tell: ${read.action} failed${where} (${read.code}: ${read.message})`;
  return { result: 'unknown', reason, evidence: [{ action: read.action, error: read.code }] };
}

export function runChecks(checks: readonly Check[], readings: AccountReadings, context: CheckContext): CheckOutcome[] {
  return checks.map((check) => {
    let verdict: Verdict;
    try {
      verdict = check.evaluate(readings, context);
    } catch (error) {
      if (!(error instanceof Unreadable)) throw error;
      verdict = unknownVerdict(error.read);
    }
    return { id: check.id, title: check.title, controls: check.controls, ...verdict, fix: check.fix(context) };
  });
}

export const pass = (reason: string, evidence: readonly Evidence[] = []): Verdict => ({ result: 'pass', reason, evidence });
export const fail = (reason: string, evidence: readonly Evidence[] = []): Verdict => ({ result: 'fail', reason, evidence });
export const unknown = (reason: string, evidence: readonly Evidence[] = []): Verdict => ({ result: 'unknown', reason, evidence });
export const manual = (reason: string, evidence: readonly Evidence[] = []): Verdict => ({ result: 'manual', reason, evidence });

/** "a, b, c and 2 more": keeps a reason on one line however many users are at fault. */
export function someOf(items: readonly string[], shown = 3): string {
  if (items.length <= shown) return items.join(', ');
  return `${items.slice(0, shown).join(', ')} and ${items.length - shown} more`;
}

export function daysSince(date: Date, now: Date): number {
  return Math.floor((now.getTime() - date.getTime()) / 86_400_000);
}

export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
