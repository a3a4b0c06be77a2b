import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAnswers } from '../src/answers/answers.js';
import { runCli, tempDir } from './support/cli.js';

describe('aws-day-one init', () => {
  it('prints a commented template that is a valid answers file as it stands', async () => {
    const run = await runCli(['init']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^# aws-day-one answers file/);
    const answers = parseAnswers(run.stdout, tempDir());
    expect(answers.account.alias).toBe('my-company');
    expect(answers.admin.name).toBe('CTO');
    expect(answers.rootAccessKeys).toBe('keep');
  });

  it('writes FILE with mode 0600 and never overwrites one', async () => {
    const dir = tempDir();
    const file = join(dir, 'answers.yaml');
    expect((await runCli(['init', file])).code).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    writeFileSync(file, 'mine\n');
    const again = await runCli(['init', file]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists/);
    expect(readFileSync(file, 'utf8')).toBe('mine\n');
  });
});
