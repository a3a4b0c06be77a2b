import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateAccessKeyCommand, CreateUserCommand, CreateVirtualMFADeviceCommand, EnableMFADeviceCommand } from '@aws-sdk/client-iam';
import { describe, expect, it, type TestContext } from 'vitest';
import { awsErrorBody } from './support/aws-proxy.js';
import { cliPath, tempDir } from './support/cli.js';
import { freshAccount as freshAccountWithLayer } from './support/emulator.js';

// Three parts of the layer are off here, as in credentials.test.ts. root-user: moto's own identity
// for keys it does not know is the caller. mfa-codes: the devices are made directly in moto (the
// layer never saw their seeds) and the tests type fixed codes. authorization: the users have no
// policies, and RequireMFA's effect is injected with `decide`; what is tested is the MFA prompt.
const freshAccount = (options: Parameters<typeof freshAccountWithLayer>[0] = {}) =>
  freshAccountWithLayer({
    ...options,
    layer: { ...options.layer, off: ['root-user', 'mfa-codes', 'authorization', ...(options.layer?.off ?? [])] },
  });
import { TmuxTerminal } from './support/tmux.js';

// The MFA code asked for in a real terminal (tmux): a plain prompt on stderr for apply, plan and
// status; an Ink prompt in the wizard. Only digits ever reach the screen.

function startTerminal(ctx: TestContext, args: readonly string[], home: string, env: Readonly<Record<string, string>>): TmuxTerminal {
  const terminal = new TmuxTerminal();
  ctx.onTestFinished(() => terminal.kill());
  terminal.start([process.execPath, cliPath(), ...args], {
    PATH: process.env['PATH'] ?? '',
    HOME: home,
    XDG_STATE_HOME: join(home, 'state'),
    TERM: 'xterm-256color',
    AWS_EC2_METADATA_DISABLED: 'true',
    NO_COLOR: '1',
    ...env,
  });
  return terminal;
}

describe('the MFA code asked for on a terminal', () => {
  it('status with a profile that has mfa_serial: a prompt on stderr that shows digits only', async (ctx) => {
    const { accountId, proxy } = await freshAccount();
    ctx.onTestFinished(() => proxy.close());
    const home = tempDir('aws-day-one-prompt-');
    mkdirSync(join(home, '.aws'));
    writeFileSync(
      join(home, '.aws', 'config'),
      `[profile base]\n[profile admin]\nrole_arn = arn:aws:iam::${accountId}:role/DayOneAdmin\nsource_profile = base\n` +
        `mfa_serial = arn:aws:iam::${accountId}:mfa/alice\n`,
    );
    writeFileSync(
      join(home, '.aws', 'credentials'),
      '[base]\naws_access_key_id = AKIABASEPROFILE00003\naws_secret_access_key = base-secret\n',
    );
    const terminal = startTerminal(ctx, ['status', '--profile', 'admin'], home, { AWS_ENDPOINT_URL: proxy.url });
    const asked = await terminal.waitFor(/^MFA code:\s*$/m, 30_000);
    // The first line is wider than the terminal: compare it unwrapped.
    expect(asked.replace(/\n/g, '')).toContain(
      `profile "admin" (role arn:aws:iam::${accountId}:role/DayOneAdmin) needs a code from MFA device arn:aws:iam::${accountId}:mfa/alice`,
    );
    await terminal.type('12x3', /^MFA code: 123\s*$/m);
    await terminal.type('4-56', /^MFA code: 123456\s*$/m);
    terminal.press('Enter');
    const screen = await terminal.waitFor(/\[exit \d+\]/, 30_000);
    expect(screen).toContain('[exit 1]'); // the checklist ran (and found the fresh account wanting)
    expect(proxy.requests.find((r) => r.action === 'GetCallerIdentity')?.accessKeyId).not.toBe('AKIABASEPROFILE00003');
    expect(proxy.requests.find((r) => r.action === 'AssumeRole')?.params['TokenCode']).toBe('123456');
  });

  it('the wizard asks in its own UI, then runs on the MFA session', async (ctx) => {
    let longTermKey = '';
    // RequireMFA as AWS applies it to erin's group (moto ignores policy conditions): without MFA,
    // erin's keys may call nothing in IAM but what enrolling MFA needs, ListMFADevices included.
    // Layer parts off, as in test/credentials.test.ts: the typed code is not one of erin's device (made
    // straight in moto, so the layer knows no seed), the deny is injected here, and erin is no root.
    const { accountId, proxy, iam } = await freshAccount({
      layer: { off: ['root-user', 'mfa-codes', 'authorization'] },
      decide: (r) =>
        r.service === 'iam' && r.accessKeyId === longTermKey && r.action !== 'ListMFADevices'
          ? {
              kind: 'respond',
              status: 403,
              body: awsErrorBody('AccessDenied', `not authorized to perform: iam:${r.action} with an explicit deny (no MFA)`),
            }
          : { kind: 'forward' },
    });
    ctx.onTestFinished(() => proxy.close());
    await iam.send(new CreateUserCommand({ UserName: 'erin' }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'erin' }));
    longTermKey = AccessKey!.AccessKeyId!;
    const { VirtualMFADevice } = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'erin' }));
    await iam.send(
      new EnableMFADeviceCommand({
        UserName: 'erin',
        SerialNumber: VirtualMFADevice!.SerialNumber!,
        AuthenticationCode1: '123456',
        AuthenticationCode2: '654321',
      }),
    );
    const home = tempDir('aws-day-one-prompt-');
    const terminal = startTerminal(ctx, [], home, {
      AWS_ACCESS_KEY_ID: AccessKey!.AccessKeyId!,
      AWS_SECRET_ACCESS_KEY: AccessKey!.SecretAccessKey!,
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL: proxy.url,
      // A terminal in CI: Ink would draw nothing until exit if it took CI=true to mean no terminal.
      CI: 'true',
    });
    await terminal.waitFor(`an MFA session for IAM user erin needs a code from MFA device arn:aws:iam::${accountId}:mfa/erin`);
    await terminal.waitFor('MFA code: ______');
    await terminal.type('97a5', 'MFA code: 975___');
    await terminal.type('310', 'MFA code: 975310');
    terminal.press('Enter');
    const screen = await terminal.waitFor(/As +IAM user erin, with an MFA session/);
    // The code does not stay on screen once entered.
    expect(screen).toContain('MFA code: ✔ entered');
    expect(screen).not.toContain('975310');
    expect(proxy.requests.find((r) => r.action === 'GetSessionToken')?.params).toMatchObject({
      SerialNumber: VirtualMFADevice!.SerialNumber,
      TokenCode: '975310',
    });
    // The start screen's checklist was read with the session: nothing is unknown for want of MFA.
    await terminal.waitFor(/Day-1 checklist now: \d+ pass/);
    // Only the early alias read (refused) and the calls that make the session went on erin's keys.
    expect(
      proxy.requests
        .filter((r) => r.accessKeyId === longTermKey)
        .map((r) => r.action)
        .sort(),
    ).toEqual(['GetCallerIdentity', 'GetSessionToken', 'ListAccountAliases', 'ListMFADevices']);
  });
});
