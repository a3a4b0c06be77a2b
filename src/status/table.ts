import type { Palette } from '../lib/color.js';
import type { CheckResult } from './check.js';
import type { StatusReport } from './report.js';

export interface TableOptions {
  readonly paint: Palette;
  /** Terminal width: the reason column wraps to fit it. Unset (not a terminal): lines are not wrapped. */
  readonly width?: number;
}

const headers = ['RESULT', 'CHECK', 'CONTROLS', 'FIX', 'REASON'] as const;
const gap = '  ';
/** Narrower than this, wrapping the reason would only make it harder to read. */
const minReasonWidth = 30;

function wrap(text: string, width: number | undefined): string[] {
  if (width === undefined || text.length <= width) return [text];
  const lines: string[] = [];
  let line = '';
  // A word longer than the column (a URL) is cut, so no line runs past the terminal's edge.
  const words = text
    .split(' ')
    .flatMap((word) => (word.length <= width ? [word] : (word.match(new RegExp(`.{1,${width}}`, 'g')) ?? [word])));
  for (const word of words) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** When the credential report was made, and that what changed after it was read live. */
export function reportLine(report: StatusReport): string | undefined {
  const info = report.credentialReport;
  if (!info?.generatedAt) return undefined;
  // AWS makes a report at most every 4 hours and hands back the last one in between.
  return `Credential report of ${info.generatedAt}${info.reused ? ' (reused; credentials read live)' : ''}`;
}

/** The checklist as a table: one row per check, the fix as a wizard step, console links listed after. */
export function renderStatusTable(report: StatusReport, { paint, width }: TableOptions): string {
  const colour: Record<CheckResult, (text: string) => string> = {
    pass: paint.green,
    fail: paint.red,
    unknown: paint.yellow,
    manual: paint.dim,
  };
  const rows = report.checks.map((check) => ({
    result: check.result,
    cells: [
      check.result,
      check.title,
      check.controls.length > 0 ? check.controls.join(', ') : '-',
      check.result === 'pass' ? '-' : (check.fix.step ?? (check.fix.link ? 'console' : '-')),
      check.reason,
    ],
  }));
  const widths = headers.slice(0, 4).map((header, column) => Math.max(header.length, ...rows.map((row) => row.cells[column]!.length)));
  const prefix = widths.reduce((sum, w) => sum + w + gap.length, 0);
  const reasonWidth = width !== undefined && width - prefix >= minReasonWidth ? width - prefix : undefined;
  const pad = (cells: readonly string[]): string[] => cells.slice(0, 4).map((cell, column) => cell.padEnd(widths[column]!));

  const lines = [paint.bold(`Account ${report.accountId}, checked ${report.checkedAt}`)];
  const credentialReport = reportLine(report);
  if (credentialReport) lines.push(paint.dim(credentialReport));
  lines.push('');
  lines.push(paint.dim([...pad(headers), 'REASON'].join(gap)));
  for (const row of rows) {
    const [first = '', ...rest] = wrap(row.cells[4]!, reasonWidth);
    const [result, ...others] = pad(row.cells);
    const painted = colour[row.result](row.result) + result!.slice(row.result.length);
    lines.push([painted, ...others, first].join(gap));
    for (const more of rest) lines.push(`${' '.repeat(prefix)}${more}`);
  }
  if (report.checks.some((check) => check.result !== 'pass' && check.fix.step)) {
    lines.push('', 'A FIX names the aws-day-one step that does it: run aws-day-one, or aws-day-one apply --answers FILE.');
  }
  const links = report.checks.filter((check) => check.result !== 'pass' && check.fix.link);
  if (links.length > 0) {
    lines.push('', 'In the console:');
    const idWidth = Math.max(...links.map((check) => check.id.length));
    for (const check of links) lines.push(`  ${check.id.padEnd(idWidth)}  ${check.fix.link}`);
  }
  const { pass, fail, unknown, manual } = report.summary;
  lines.push(
    '',
    `${report.checks.length} checks: ${paint.green(`${pass} pass`)}, ${paint.red(`${fail} fail`)}, ` +
      `${paint.yellow(`${unknown} unknown`)}, ${manual} manual (only a person can check them)`,
  );
  return `${lines.join('\n')}\n`;
}
