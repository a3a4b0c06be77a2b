import { ExitCode } from '../lib/errors.js';
import type { CheckOutcome, CheckResult, Evidence, Fix } from './check.js';

/** One check in `status --json`. A stable shape: documented in the README; add fields, never rename. */
export interface StatusCheckJson {
  readonly id: string;
  readonly title: string;
  readonly controls: readonly string[];
  readonly result: CheckResult;
  readonly reason: string;
  readonly evidence: readonly Evidence[];
  readonly fix: Fix;
}

/** The credential report the checks read, or null when it could not be read. */
export interface ReportInfo {
  /** ISO 8601, UTC: AWS's GeneratedTime. What changed after it was read live instead. */
  readonly generatedAt: string | null;
  /** An earlier report AWS handed back (it makes at most one every 4 hours), not one made for this check. */
  readonly reused: boolean;
}

export interface StatusReport {
  readonly accountId: string;
  /** ISO 8601, UTC. */
  readonly checkedAt: string;
  readonly credentialReport: ReportInfo | null;
  /** `manual` counts the controls only a person can check; they do not change the exit code. */
  readonly summary: { readonly pass: number; readonly fail: number; readonly unknown: number; readonly manual: number };
  readonly checks: readonly StatusCheckJson[];
}

export function buildStatusReport(
  accountId: string,
  checkedAt: Date,
  outcomes: readonly CheckOutcome[],
  credentialReport: ReportInfo | null = null,
): StatusReport {
  const count = (result: CheckResult): number => outcomes.filter((o) => o.result === result).length;
  return {
    accountId,
    checkedAt: checkedAt.toISOString(),
    credentialReport,
    summary: { pass: count('pass'), fail: count('fail'), unknown: count('unknown'), manual: count('manual') },
    checks: outcomes.map(({ id, title, controls, result, reason, evidence, fix }) => ({
      id,
      title,
      controls,
      result,
      reason,
      evidence,
      fix,
    })),
  };
}

/**
 * 0 only when every check passed. For CI a check that could not be read is not a pass, so any
 * fail or unknown gives 1.
 */
export function statusExitCode(report: StatusReport): number {
  return report.summary.fail === 0 && report.summary.unknown === 0 ? ExitCode.done : ExitCode.failure;
}
