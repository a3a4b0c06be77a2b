import { Box, Text } from 'ink';
import { callerKind, type Caller } from '../aws/caller.js';

// Spaces that align a column or indent a line are written as strings ({'  '}): the formatter
// collapses a run of spaces in JSX text into one, and Ink prints text as it is.

/** Who is signing and where: shown before anything changes. */
export function CallerSummary({ caller, alias }: { readonly caller: Caller; readonly alias: string | undefined }) {
  return (
    <Box flexDirection="column">
      <Text>
        {'Account   '}
        {caller.accountId}
        {alias ? ` (alias ${alias})` : ' (no alias yet)'}
      </Text>
      <Text>Signed in {caller.arn}</Text>
      <Text>
        {'As        '}
        {callerKind(caller)}
        {caller.kind === 'root' ? ': root access keys can be listed and deleted in this run' : ''}
      </Text>
    </Box>
  );
}
