import { Select, Spinner } from '@inkjs/ui';
import { Box, Text } from 'ink';
import type { ManualOutcome } from '../contracts/operator.js';
import type { Pending } from '../contracts/plan.js';
import { terminalLink } from './terminal-link.js';

export interface ManualStepGuideProps {
  readonly pending: Pending;
  readonly lastCheck: string | undefined;
  readonly hyperlinks: boolean;
  readonly onAnswer: (outcome: ManualOutcome) => void;
}

/** Console-only work: what to do, the link, and a check that repeats until it holds or "later". */
export function ManualStepGuide({ pending, lastCheck, hyperlinks, onAnswer }: ManualStepGuideProps) {
  return (
    <Box flexDirection="column">
      <Text color="yellow">Only a person can do this: {pending.reason}.</Text>
      <Text>{pending.howTo}</Text>
      {pending.link ? <Text>Open: {terminalLink(pending.link, hyperlinks)}</Text> : null}
      <Box marginTop={1}>
        <Spinner label={`Checking the account every few seconds${lastCheck ? `; last check: ${lastCheck}` : ''}`} />
      </Box>
      <Select options={[{ value: 'later', label: 'Later: record it as still to do and go on' }]} onChange={() => onAnswer('later')} />
    </Box>
  );
}
