import { parseCli, type CliOptions } from './cli-options.js';
import { BadInputError, ExitCode } from './errors.js';
import { runApply, type Io } from './commands/apply.js';
import { runInit } from './commands/init.js';
import { helpText } from './help.js';
import { version } from './version.js';

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
      return runApply(options, io);
    case 'init':
      runInit(options.positionals[0], io.stdout);
      return ExitCode.done;
    case 'plan':
    case 'status':
      throw new BadInputError(options.command, 'is not available yet');
    case 'wizard':
      if (options.answers) return runApply(options, io);
      if (!process.stdin.isTTY || !process.stdout.isTTY) {
        throw new BadInputError('stdin', 'is not a terminal, so the interactive wizard cannot run; use aws-day-one apply --answers FILE (aws-day-one init writes a template)');
      }
      throw new BadInputError('wizard', 'the interactive wizard is not available yet; use aws-day-one apply --answers FILE');
  }
}

const io: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (line) => process.stderr.write(`${line}\n`),
};

main(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof BadInputError) {
      io.stderr(`error: ${error.message}`);
      process.exitCode = ExitCode.badInput;
      return;
    }
    io.stderr(`error: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = ExitCode.failure;
  },
);
