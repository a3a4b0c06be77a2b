import { Box, Text } from 'ink';
import { callerKind, type Caller } from '../aws/caller.js';

/** Who is signing and where: shown before anything changes. */
export function CallerSummary({ caller, alias }: { readonly caller: Caller; readonly alias: string | undefined }) {
  return (
    <Box flexDirection="column">
      <Text>
        {'Account   '}
        {caller.accountId}
        {alias ? ` (alias ${alias})` : caller.rootTask ? ' (its alias cannot be read with these credentials)' : ' (no alias yet)'}
      </Text>
      <Text>Signed in {caller.arn}</Text>
      <Text>
        {'As        '}
        {callerKind(caller)}
        {rootKeysInThisRun(caller)}
      </Text>
    </Box>
  );
}

/** What a run as root may do with root's own keys; a task session only what its task policy allows. */
function rootKeysInThisRun(caller: Caller): string {
  if (caller.kind !== 'root') return '';
  if (!caller.rootTask) return ': root access keys can be listed and deleted in this run';
  const keys =
    caller.rootTaskPolicy === 'IAMDeleteRootUserCredentials'
      ? 'root access keys can be listed and deleted in this run'
      : caller.rootTaskPolicy === 'audit-or-delete'
        ? 'root access keys can be listed in this run, and perhaps deleted'
        : 'root access keys can be listed in this run, not deleted';
  return `: ${keys}; every other step is not possible with these credentials`;
}
