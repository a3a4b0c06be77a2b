import { accountChangesMade } from '../aws/account-changes.js';
import { parseCli, type CliOptions } from '../commands/options.js';
import { BadInputError, ExitCode, StoppedAfterChangesError } from '../lib/errors.js';
import { palette, wantsColor } from '../lib/color.js';
import type { Io } from '../commands/apply.js';
import type { ConnectPurpose, MfaPrompt, PendingConnection } from '../commands/connect.js';
import type { AskMfaCode } from '../aws/mfa-code.js';
import { helpText } from './help.js';
import { writeChecked } from '../secrets/delivery-check.js';
import { version } from './version.js';

// Commands are imported when run, so --version and --help never load the AWS SDK (first output fast).
async function main(argv: readonly string[], io: Io): Promise<number> {
  const options: CliOptions = parseCli(argv);
  if (options.version) {
    io.stdout(`${version}\n`);
    return ExitCode.done;
  }
  if (options.help || options.command === 'help') {
    io.stdout(helpText);
    return ExitCode.done;
  }
  switch (options.command) {
    case 'apply':
      return apply(options, io);
    case 'init':
      (await import('../commands/init.js')).runInit(options.positionals[0], io.stdout);
      return ExitCode.done;
    case 'plan':
      return whileConnecting(
        options,
        async (connecting) => (await import('../commands/plan.js')).runPlan(options, connecting, io),
        'terminal',
        'plan',
      );
    case 'status':
      return (await import('../commands/status.js')).runStatus(options, io);
    case 'wizard': {
      if (options.answers) return apply(options, io);
      // The wizard reads keys from stdin and draws on stdout: the error names the one that is not a terminal.
      for (const [name, stream] of [
        ['stdin', process.stdin],
        ['stdout', process.stdout],
      ] as const) {
        if (!stream.isTTY) {
          throw new BadInputError(
            name,
            `is not a terminal (${name === 'stdin' ? 'input is piped or redirected' : 'output is piped or redirected'}), ` +
              `so the interactive wizard cannot run; use aws-day-one apply --answers FILE (aws-day-one init writes a template)`,
          );
        }
      }
      // Ink's colours come from chalk, which reads FORCE_COLOR when it loads: decide before the import.
      if (!wantsColor(process.stdout, { noColor: options.noColor })) process.env['FORCE_COLOR'] = '0';
      // The first line before the UI and the SDK load (a few hundred ms): the operator sees at once
      // that the tool started and what it is doing; Ink draws below it.
      process.stdout.write('aws-day-one: checking which account these credentials belong to...\n');
      // The wizard asks for an MFA code in its own UI, loaded like the rest of it (CI variables hidden).
      const askInWizard: AskMfaCode = async (request) =>
        (await importDrawingInCi(() => import('../ui/mfa-code-prompt.js'))).askMfaCodeInk(request);
      return whileConnecting(
        options,
        async (connecting) => (await importDrawingInCi(() => import('../commands/wizard.js'))).runWizard(options, connecting),
        askInWizard,
      );
    }
  }
}

/**
 * Loads the wizard's UI with the CI variables hidden. Ink (through is-in-ci, read once when it
 * loads) takes CI=true to mean "no terminal": it then draws only the last frame, at exit, and the
 * person answers questions they cannot see. Both streams are terminals here, so someone is there.
 */
function importDrawingInCi<T>(load: () => Promise<T>): Promise<T> {
  const saved = { CI: process.env['CI'], CONTINUOUS_INTEGRATION: process.env['CONTINUOUS_INTEGRATION'] };
  delete process.env['CI'];
  delete process.env['CONTINUOUS_INTEGRATION'];
  const restore = (): void => {
    for (const [key, value] of Object.entries(saved)) if (value !== undefined) process.env[key] = value;
  };
  const loading = load();
  loading.then(restore, restore);
  return loading;
}

function apply(options: CliOptions, io: Io): Promise<number> {
  const answers = options.answers;
  if (!answers) {
    throw new BadInputError('--answers', 'is required: aws-day-one apply --answers FILE (create one with aws-day-one init answers.yaml)');
  }
  return whileConnecting(options, async (connecting) =>
    (await import('../commands/apply.js')).runApply({ ...options, answers }, connecting, io),
  );
}

/**
 * GetCallerIdentity goes out first; the command's own code (answers parser, engine, steps, and for
 * the wizard Ink and React: most of what a run loads) loads while it is in flight. Bad input found
 * meanwhile still wins: it is thrown before the answer is read, and the call is dropped.
 */
async function whileConnecting(
  options: CliOptions,
  command: (connecting: PendingConnection) => Promise<number>,
  prompt: MfaPrompt = 'terminal',
  purpose: ConnectPurpose = 'run',
): Promise<number> {
  const connecting = (await import('../commands/connect.js')).startConnect(options, prompt, purpose);
  try {
    return await command(connecting);
  } finally {
    connecting.abandon();
  }
}

const io: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (line) => process.stderr.write(`${line}\n`),
  stdoutChecked: (text) => writeChecked(process.stdout, text),
};

// A closed pipe or a full disk on stdout is reported by the command that wrote (the sign-in card
// says which password did not arrive), never as an unhandled 'error' event with a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  stdoutFailed ??= error;
});
let stdoutFailed: NodeJS.ErrnoException | undefined;

main(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
    if (stdoutFailed && code === ExitCode.done) {
      io.stderr(`error: stdout could not be written (${stdoutFailed.code ?? stdoutFailed.message})`);
      process.exitCode = ExitCode.failure;
    }
  },
  (error: unknown) => {
    // The flags may be what failed to parse, so --no-color is looked for directly.
    const label = palette(wantsColor(process.stderr, { noColor: process.argv.includes('--no-color') })).red('error:');
    // Exit 2 promises that nothing was changed: bad input found after a change is a failure (the
    // engine says which steps; this covers whatever fails outside it).
    const changes = accountChangesMade();
    if (error instanceof BadInputError && changes === 0) {
      io.stderr(`${label} ${error.message}`);
      process.exitCode = ExitCode.badInput;
      return;
    }
    if (changes > 0 && !(error instanceof StoppedAfterChangesError)) {
      io.stderr(`${label} ${error instanceof Error ? error.message : String(error)}`);
      io.stderr(
        `This run had already made ${changes} change(s) to the account. Run it again: it reads the account and continues from there.`,
      );
      process.exitCode = ExitCode.failure;
      return;
    }
    io.stderr(`${label} ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = ExitCode.failure;
  },
);
