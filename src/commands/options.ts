/** The command line the commands take: its flags, checked once, and the options every command reads. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { BadInputError } from '../lib/errors.js';
import { closestWord } from '../lib/did-you-mean.js';

export const commands = ['apply', 'plan', 'status', 'init', 'help'] as const;
export type Command = (typeof commands)[number] | 'wizard';

const optionSpec = {
  answers: { type: 'string' },
  'account-id': { type: 'string' },
  'state-dir': { type: 'string' },
  profile: { type: 'string' },
  region: { type: 'string' },
  'endpoint-url': { type: 'string' },
  'mfa-code': { type: 'string' },
  json: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const satisfies ParseArgsConfig['options'];

/** Every flag, for --help and its test. */
export const flagNames = Object.keys(optionSpec) as readonly (keyof typeof optionSpec)[];

export interface CliOptions {
  readonly command: Command;
  readonly positionals: readonly string[];
  readonly answers?: string;
  readonly accountId?: string;
  readonly stateDir?: string;
  readonly profile?: string;
  readonly region?: string;
  readonly endpointUrl?: string;
  /** The code an MFA device shows now: for a profile's mfa_serial, or this tool's own MFA session. */
  readonly mfaCode?: string;
  readonly json: boolean;
  readonly noColor: boolean;
  readonly help: boolean;
  readonly version: boolean;
}

export function parseCli(argv: readonly string[]): CliOptions {
  let parsed: ReturnType<
    typeof parseArgs<{ args: string[]; options: typeof optionSpec; allowPositionals: true; strict: true; tokens: true }>
  >;
  try {
    parsed = parseArgs({ args: [...argv], options: optionSpec, allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    throw toBadFlag(error);
  }
  const { values, positionals, tokens } = parsed;
  refuseConflictingRepeats(tokens);
  const [first, ...rest] = positionals;
  let command: Command = 'wizard';
  if (first !== undefined) {
    if (!(commands as readonly string[]).includes(first)) {
      const guess = closestWord(first, commands);
      throw new BadInputError(first, `unknown command${guess ? `; did you mean ${guess}?` : ''} (commands: ${commands.join(', ')})`);
    }
    command = first as Command;
  }
  refuseStrayArguments(command, rest);
  const accountId = values['account-id'];
  if (accountId !== undefined && !/^\d{12}$/.test(accountId)) {
    throw new BadInputError('--account-id', `must be the 12-digit AWS account ID (got "${accountId}")`);
  }
  const endpointUrl = values['endpoint-url'];
  if (endpointUrl !== undefined && !/^https?:\/\/[^\s/]+/.test(endpointUrl)) {
    throw new BadInputError('--endpoint-url', `must be an http(s) URL such as http://127.0.0.1:5000 (got "${endpointUrl}")`);
  }
  const mfaCode = values['mfa-code'];
  if (mfaCode !== undefined && !/^\d{6}$/.test(mfaCode)) {
    // Never echo what was typed: a near-miss of a current code is still most of a secret.
    throw new BadInputError('--mfa-code', 'must be the 6 digits your MFA device shows now');
  }
  for (const flag of ['answers', 'state-dir', 'profile', 'region'] as const) {
    if (values[flag] === '') throw new BadInputError(`--${flag}`, 'needs a value');
  }
  return {
    command,
    positionals: rest,
    ...(values.answers !== undefined && { answers: values.answers }),
    ...(accountId !== undefined && { accountId }),
    ...(values['state-dir'] !== undefined && { stateDir: values['state-dir'] }),
    ...(values.profile !== undefined && { profile: values.profile }),
    ...(values.region !== undefined && { region: values.region }),
    ...(endpointUrl !== undefined && { endpointUrl }),
    ...(mfaCode !== undefined && { mfaCode }),
    json: values.json ?? false,
    noColor: values['no-color'] ?? false,
    help: values.help ?? false,
    version: values.version ?? false,
  };
}

/**
 * parseArgs keeps the last of a repeated flag; `--account-id A --account-id B` would then pin B
 * silently. The same value twice is harmless; two different ones are a mistake to point out.
 */
function refuseConflictingRepeats(tokens: ReturnType<typeof parseArgs>['tokens'] = []): void {
  const seen = new Map<string, string | undefined>();
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    if (seen.has(token.name) && seen.get(token.name) !== token.value) {
      throw new BadInputError(
        `--${token.name}`,
        `given twice with different values ("${seen.get(token.name)}" and "${token.value}"); give it once`,
      );
    }
    seen.set(token.name, token.value);
  }
}

/** Only `init` takes an argument (the file to write) and `help` ignores its own; anything else is a slip. */
function refuseStrayArguments(command: Command, rest: readonly string[]): void {
  if (command === 'help') return;
  const allowed = command === 'init' ? 1 : 0;
  const stray = rest[allowed];
  if (stray === undefined) return;
  const takes =
    command === 'init'
      ? 'init takes one argument, the file to write'
      : `${command === 'wizard' ? 'the wizard' : command} takes no arguments besides its flags`;
  throw new BadInputError(stray, `${takes}; remove this one, or give it to the flag it belongs to (see aws-day-one --help)`);
}

function toBadFlag(error: unknown): BadInputError {
  const message = error instanceof Error ? error.message : String(error);
  const flag = /'(-{1,2}[^' ]+)/.exec(message)?.[1] ?? 'arguments';
  if (/Unknown option/i.test(message)) {
    const known = Object.keys(optionSpec).map((name) => `--${name}`);
    const guess = closestWord(flag, known);
    return new BadInputError(flag, `unknown flag${guess ? `; did you mean ${guess}?` : ''} (see aws-day-one --help)`);
  }
  if (/argument missing|argument is ambiguous/i.test(message)) return new BadInputError(flag, 'needs a value');
  return new BadInputError(flag, message.split('\n')[0] ?? message);
}
