import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateUserCommand, IAMClient, ListMFADevicesCommand } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import type { MfaEnrolment, Operator } from '../src/contracts/operator.js';
import { checkConsecutiveCodes, twoConsecutiveCodes } from '../src/secrets/totp.js';
import { enrolVirtualMfa } from '../src/iam/virtual-mfa.js';
import { awsErrorBody } from './support/aws-proxy.js';
import { defaultRootAccessKey } from './support/aws-layer.js';
import { runCli, tempDir, writeAnswers } from './support/cli.js';
import { dayOneAnswers } from './support/day-one-answers.js';
import { freshAccountsClosedAfterEach } from './support/emulator.js';

const freshAccount = freshAccountsClosedAfterEach();

// AWS judges the two codes by its own clock (test/support/layer/mfa-codes.ts): a pair that went
// stale while the call was slow, or a phone whose clock is off, is refused with
// InvalidAuthenticationCode. The device itself is good, and the person may have scanned it.

describe('AWS refuses the two MFA codes', () => {
  it('the wizard asks for a new pair for the same device, and keeps it', async () => {
    const { proxy, iam: moto } = await freshAccount();
    await moto.send(new CreateUserCommand({ UserName: 'CTO' }));
    const iam = new IAMClient({
      region: 'us-east-1',
      endpoint: proxy.url,
      credentials: { accessKeyId: defaultRootAccessKey, secretAccessKey: 'x' },
    });
    const asked: MfaEnrolment[] = [];
    const operator: Operator = {
      interactive: true,
      ask: async () => undefined,
      confirm: async () => true,
      awaitManual: async () => 'later',
      // First a pair from five minutes ago (as a phone with a slow clock shows), then a good one.
      obtainMfaCodes: async (enrolment) => {
        asked.push(enrolment);
        return twoConsecutiveCodes(enrolment.secret, Date.now() / 1000 - (asked.length === 1 ? 300 : 0));
      },
    };
    const serial = await enrolVirtualMfa(
      iam,
      operator,
      { user: 'CTO', deviceName: 'aws-day-one-CTO', orphans: [], seedFile: undefined, accountLabel: 'acme' },
      async () => {},
    );

    expect(asked.map((a) => [a.serialNumber, a.uri, a.refused?.attempt])).toEqual([
      [serial, asked[0]!.uri, undefined],
      [serial, asked[0]!.uri, 1],
    ]);
    expect(asked[1]!.refused?.message).toMatch(
      /^AWS refused these codes \(Authentication code for device is not valid\.\)\. The QR code you scanned stays good/,
    );
    expect(proxy.mutations()).toEqual(['CreateVirtualMFADevice', 'EnableMFADevice']);
    expect((await moto.send(new ListMFADevicesCommand({ UserName: 'CTO' }))).MFADevices?.map((d) => d.SerialNumber)).toEqual([serial]);
  });

  it('a scripted run with a seed file computes a fresh pair once, and the seed file stays good', async () => {
    let refusedOnce = false;
    // The first pair reaches AWS after its window passed: refused as AWS refuses a stale pair.
    const { accountId, proxy, iam } = await freshAccount({
      decide: (request) => {
        if (request.action !== 'EnableMFADevice' || refusedOnce) return { kind: 'forward' };
        refusedOnce = true;
        return {
          kind: 'respond',
          status: 403,
          body: awsErrorBody('InvalidAuthenticationCode', 'Authentication code for device is not valid.'),
        };
      },
    });
    const dir = tempDir();
    const run = await runCli(
      ['apply', '--answers', writeAnswers(dir, dayOneAnswers(accountId, 'stale-pair-co')), '--state-dir', join(dir, 'state')],
      { endpoint: proxy.url, cwd: dir },
    );
    expect(run.stderr).toContain('[done] admin-mfa');
    expect(run.code).toBe(3);
    // (Requests the layer answered NoSuchEntity while IAM did not show CTO yet do not count.)
    const enables = proxy.requests.filter((r) => r.action === 'EnableMFADevice' && !r.answeredByLayer);
    expect(enables).toHaveLength(2);
    expect(proxy.mutations().filter((a) => /MFADevice/.test(a))).toEqual(['CreateVirtualMFADevice', 'EnableMFADevice', 'EnableMFADevice']);
    const secret = new URL(readFileSync(join(dir, 'cto-mfa.uri'), 'utf8').trim()).searchParams.get('secret') ?? '';
    expect(
      checkConsecutiveCodes(secret, enables[1]!.params['AuthenticationCode1']!, enables[1]!.params['AuthenticationCode2']!),
    ).toBeUndefined();
    expect((await iam.send(new ListMFADevicesCommand({ UserName: 'CTO' }))).MFADevices).toHaveLength(1);
  });
});
