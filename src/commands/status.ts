import { describeCaller } from '../aws/caller.js';
import type { CliOptions } from './options.js';
import { palette, wantsColor } from '../lib/color.js';
import { BadInputError } from '../lib/errors.js';
import { checkAccount } from '../status/check-account.js';
import { statusExitCode } from '../status/report.js';
import { renderStatusTable } from '../status/table.js';
import type { Io } from './apply.js';
import { connect } from './connect.js';

interface Terminal {
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/**
 * `aws-day-one status`: the day-1 checklist read from the account, with read-only calls only.
 * The table (or --json) goes to stdout, progress to stderr. Exit 0 when every check passes, else 1.
 */
export async function runStatus(
  options: CliOptions,
  io: Io,
  stdout: Terminal = process.stdout,
  stderr: Terminal = process.stderr,
): Promise<number> {
  if (options.positionals.length > 0) {
    throw new BadInputError(options.positionals[0]!, 'status takes no arguments: aws-day-one status [--json] [--account-id ID]');
  }
  if (options.answers) {
    throw new BadInputError('--answers', 'is not read by status; to check the account is the right one, pass --account-id ID');
  }
  // Reads only: any credentials may look, an AssumeRoot task session included (what it cannot read is unknown).
  const { clients, caller } = await connect(options, undefined, 'read');
  const info = palette(wantsColor(stderr, { noColor: options.noColor })).dim('[info]');
  io.stderr(`${info} checking ${describeCaller(caller)}`);
  const report = await checkAccount(clients, caller, {
    onReportWait: () => io.stderr(`${info} waiting for IAM to generate the credential report`),
    // A big account takes a while to read: on a terminal, say how far it has come.
    ...(stderr.isTTY ? { onProgress: (read: number) => io.stderr(`${info} read ${read} users, groups, roles and policies so far`) } : {}),
  });
  if (options.json) {
    io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    const tty = stdout.isTTY === true;
    io.stdout(
      renderStatusTable(report, {
        paint: palette(wantsColor(stdout, { noColor: options.noColor })),
        ...(tty && stdout.columns ? { width: stdout.columns } : {}),
      }),
    );
  }
  return statusExitCode(report);
}
