import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { commands, flagNames } from '../../src/commands/options.js';
import { ExitCode } from '../../src/lib/errors.js';

const root = join(import.meta.dirname, '..', '..');

// Set by the tool for the SDK, or read only to recognise the terminal: not knobs for the user.
const internalEnv = new Set([
  'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED',
  'TERM',
  'TERM_PROGRAM',
  'TMUX',
  'STY',
  'VTE_VERSION',
  'WT_SESSION',
  'KONSOLE_VERSION',
  'DOMTERM',
  'CI',
]);

/** Every environment variable the sources read (`env['NAME']`, `env.NAME`), so --help cannot fall behind. */
export function environmentVariablesRead(): string[] {
  const names = new Set<string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.tsx?$/.test(entry.name)) {
        for (const match of readFileSync(path, 'utf8').matchAll(/env(?:\[['"]([A-Z][A-Z0-9_]+)['"]\]|\.([A-Z][A-Z0-9_]+))/g)) {
          names.add((match[1] ?? match[2])!);
        }
      }
    }
  };
  walk(join(root, 'src'));
  return [...names].filter((name) => !internalEnv.has(name)).sort();
}

/** The SDK's own variables that the README promises (credential chain, profiles, endpoints). */
const sdkEnv = [
  'AWS_PROFILE',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_REGION',
  'AWS_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_IAM',
  'AWS_ENDPOINT_URL_STS',
];

/** --help names every command, flag, environment variable and exit code. */
export function expectCompleteHelp(help: string): void {
  for (const command of commands) expect(help, `command ${command}`).toMatch(new RegExp(`aws-day-one ${command}\\b`));
  for (const flag of flagNames) expect(help, `flag --${flag}`).toContain(`--${flag}`);
  for (const name of [...sdkEnv, ...environmentVariablesRead(), 'NO_COLOR', 'FORCE_COLOR'])
    expect(help, `env ${name}`).toMatch(new RegExp(`\\b${name}\\b`));
  for (const code of Object.values(ExitCode)) expect(help, `exit code ${code}`).toMatch(new RegExp(`^  ${code}  \\S`, 'm'));
}
