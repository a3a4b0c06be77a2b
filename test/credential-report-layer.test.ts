import { CreateUserCommand, GenerateCredentialReportCommand, GetCredentialReportCommand, IAMClient } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { parseCredentialReport } from '../src/status/credential-report.js';
import { freshAccountsClosedAfterEach } from './support/emulator.js';
import { movableClock, reportLifetimeMs } from './support/layer/credential-report.js';

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';

const freshAccount = freshAccountsClosedAfterEach();

function throughProxy(url: string): IAMClient {
  return new IAMClient({
    region: 'us-east-1',
    endpoint: url,
    credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'test' },
  });
}

async function errorName(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as Error).name;
  }
  return 'no error';
}

describe('the credential report layer (AWS keeps a report up to 4 hours; moto rebuilds it on every read)', () => {
  it('is on by default in every test account', async () => {
    const { proxy } = await freshAccount();
    expect(proxy.credentialReport).toBeDefined();
  });

  it('serves the cached report with its GeneratedTime and a root row until 4 hours have passed', async () => {
    const clock = movableClock();
    const { accountId, proxy, iam: moto } = await freshAccount({ credentialReport: { clock } });
    const iam = throughProxy(proxy.url);

    expect(await errorName(iam.send(new GetCredentialReportCommand({})))).toBe('CredentialReportNotPresentException');
    await moto.send(new CreateUserCommand({ UserName: 'early' }));
    expect((await iam.send(new GenerateCredentialReportCommand({}))).State).toBe('STARTED');
    expect(await errorName(iam.send(new GetCredentialReportCommand({})))).toBe('CredentialReportNotReadyException');
    expect((await iam.send(new GenerateCredentialReportCommand({}))).State).toBe('COMPLETE');
    const first = await iam.send(new GetCredentialReportCommand({}));
    const rows = parseCredentialReport(new TextDecoder().decode(first.Content));
    expect(rows.map((row) => row.user)).toEqual(['<root_account>', 'early']);
    expect(rows[0]).toMatchObject({
      arn: `arn:aws:iam::${accountId}:root`,
      password_enabled: 'not_supported',
      password_last_used: 'no_information',
      password_last_changed: 'not_supported',
      password_next_rotation: 'not_supported',
      mfa_active: 'false',
      access_key_1_active: 'false',
    });
    const generated = first.GeneratedTime!;
    expect(Math.abs(generated.getTime() - Date.now())).toBeLessThan(60_000);

    // A user made after the report is not in it, however often the report is asked for.
    await moto.send(new CreateUserCommand({ UserName: 'late' }));
    clock.advance(reportLifetimeMs - 60_000);
    expect((await iam.send(new GenerateCredentialReportCommand({}))).State).toBe('COMPLETE');
    const cached = await iam.send(new GetCredentialReportCommand({}));
    expect(parseCredentialReport(new TextDecoder().decode(cached.Content)).map((row) => row.user)).toEqual(['<root_account>', 'early']);
    expect(cached.GeneratedTime).toEqual(generated);

    // Four hours on, the old report has expired and the next generation sees the new user.
    clock.advance(60_000);
    expect(await errorName(iam.send(new GetCredentialReportCommand({})))).toBe('CredentialReportExpiredException');
    expect((await iam.send(new GenerateCredentialReportCommand({}))).State).toBe('STARTED');
    expect((await iam.send(new GenerateCredentialReportCommand({}))).State).toBe('COMPLETE');
    const fresh = await iam.send(new GetCredentialReportCommand({}));
    expect(parseCredentialReport(new TextDecoder().decode(fresh.Content)).map((row) => row.user)).toEqual([
      '<root_account>',
      'early',
      'late',
    ]);
    expect(fresh.GeneratedTime!.getTime() - generated.getTime()).toBeGreaterThanOrEqual(reportLifetimeMs);
  });
});
