import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir, writeAnswers } from './support/cli.js';
import { dayOneAnswers } from './support/day-one-answers.js';
import { freshAccountsClosedAfterEach } from './support/emulator.js';

const freshAccount = freshAccountsClosedAfterEach();

// Session credentials expire (test/support/layer/expiry-and-throttling.ts): when that happens after
// the run changed something, the input was not bad; the run failed part-way (exit 1) and says what
// it changed, so a re-run with fresh credentials picks up from there.

describe('credentials that expire after the first change', () => {
  it('end with exit 1 and what changed, never with bad input', async () => {
    const { accountId, proxy } = await freshAccount({ layer: { expiredTokenAfter: 'CreateAccountAlias' } });
    const dir = tempDir();
    const run = await runCli(
      ['apply', '--answers', writeAnswers(dir, dayOneAnswers(accountId, 'expiring-co')), '--state-dir', join(dir, 'state')],
      { endpoint: proxy.url, cwd: dir },
    );
    expect(proxy.mutations()[0]).toBe('CreateAccountAlias');
    expect(run.stderr).toMatch(/the AWS credentials have expired/);
    // Not "bad input, nothing changed" (exit 2): the alias was made before the credentials expired.
    expect(run.stderr).toMatch(/Before it stopped, this run changed the account:\n {2}- account-alias: expiring-co/);
    expect(run.code).toBe(1);
  });
});
