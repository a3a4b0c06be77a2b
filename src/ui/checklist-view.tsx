import { Box, Text } from 'ink';
import type { ChecklistState } from '../interactive/wizard-store.js';
import { reportLine } from '../status/table.js';

// Spaces that align a column or indent a line are written as strings ({'  '}): the formatter
// collapses a run of spaces in JSX text into one, and Ink prints text as it is.

const marks = {
  pass: { mark: '✔', color: 'green' },
  fail: { mark: '✘', color: 'red' },
  unknown: { mark: '?', color: 'yellow' },
  manual: { mark: '·', color: 'gray' },
} as const;

/** The `status` checklist in short: the counts, then every check that does not pass and what fixes it. */
export function ChecklistView({ checklist }: { readonly checklist: ChecklistState }) {
  const heading = checklist.when === 'start' ? 'Day-1 checklist now' : 'Day-1 checklist after this run';
  if (checklist.report === undefined) {
    return (
      <Text dimColor>
        {heading}: {checklist.note ?? 'reading the account...'}
      </Text>
    );
  }
  const { summary, checks } = checklist.report;
  // Controls only a person can check are counted, not listed: `status` says what to look at.
  const open = checks.filter((check) => check.result === 'fail' || check.result === 'unknown');
  const width = Math.max(0, ...open.map((check) => check.title.length));
  return (
    <Box flexDirection="column">
      <Text bold>
        {heading}: {summary.pass} pass, {summary.fail} fail, {summary.unknown} unknown
      </Text>
      {reportLine(checklist.report) ? (
        <Text dimColor>
          {'  '}
          {reportLine(checklist.report)}
        </Text>
      ) : null}
      {open.map((check) => (
        <Text key={check.id}>
          {'  '}
          <Text color={marks[check.result].color}>{marks[check.result].mark}</Text> {check.title.padEnd(width)}
          {'  '}
          <Text dimColor>{check.fix.step ? `fixed by ${check.fix.step}` : (check.fix.link ?? '')}</Text>
        </Text>
      ))}
      {summary.manual > 0 ? (
        <Text dimColor>
          {'  '}
          {summary.manual} more only a person can check (aws-day-one status says what to look at).
        </Text>
      ) : null}
      {open.length > 0 ? <Text dimColor>{'  aws-day-one status shows the evidence for each check.'}</Text> : null}
    </Box>
  );
}
