import {
  GenerateCredentialReportCommand,
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  GetAccountAuthorizationDetailsCommand,
  GetCredentialReportCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  IAMClient,
  IAMServiceException,
  ListAccountAliasesCommand,
  ListServerCertificatesCommand,
  ListUsersCommand,
  ListVirtualMFADevicesCommand,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCaller } from '../src/aws/caller.js';
import { palette } from '../src/lib/color.js';
import { runChecks, type CheckOutcome } from '../src/status/check.js';
import { statusChecks } from '../src/status/checks/index.js';
import { parseCredentialReport } from '../src/status/credential-report.js';
import { grantsFullAdmin } from '../src/status/policy-document.js';
import { readAccount, type AccessKey, type AccountReadings, type RegionAnalyzers } from '../src/status/reads.js';
import { buildStatusReport, statusExitCode } from '../src/status/report.js';
import { renderStatusTable } from '../src/status/table.js';

// The SDK would warn about Node 20 on stderr; createAwsClients turns that off for the CLI too.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';

const now = new Date('2025-06-30T12:00:00Z');
const context = { accountId: '123456789012', partition: 'aws', now };
const daysAgo = (days: number): string => new Date(now.getTime() - days * 86_400_000).toISOString().replace(/\.\d{3}Z$/, '+00:00');

const header =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,' +
  'access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,' +
  'access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,' +
  'access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';

interface RowSpec {
  user: string;
  password?: { lastUsed: string; changed: string };
  mfa?: boolean;
  key1?: { active: boolean; rotated: string; used: string };
  key2?: { active: boolean; rotated: string; used: string };
}

function row(spec: RowSpec): string {
  const key = (k: RowSpec['key1']): string[] =>
    k ? [String(k.active), k.rotated, k.used, 'us-east-1', 'iam'] : ['false', 'N/A', 'N/A', 'N/A', 'N/A'];
  return [
    spec.user,
    `arn:aws:iam::123456789012:${spec.user === '<root_account>' ? 'root' : `user/${spec.user}`}`,
    daysAgo(400),
    String(spec.password !== undefined),
    spec.password?.lastUsed ?? 'N/A',
    spec.password?.changed ?? 'N/A',
    'N/A',
    String(spec.mfa ?? false),
    ...key(spec.key1),
    ...key(spec.key2),
    'false',
    'N/A',
    'false',
    'N/A',
  ].join(',');
}

const ok = <T>(value: T) => ({ ok: true as const, value });

function readings(overrides: Partial<AccountReadings> = {}): AccountReadings {
  return {
    summary: ok({ AccountMFAEnabled: 1, AccountAccessKeysPresent: 0 }),
    passwordPolicy: ok(undefined),
    aliases: ok(['acme']),
    credentialReport: ok({ generatedAt: now, rows: [], reused: false }),
    liveCredentials: ok(new Map()),
    users: ok([]),
    userGroups: ok(new Map()),
    userPolicies: ok(new Map()),
    accessKeys: ok(new Map()),
    groups: ok([]),
    localPolicies: ok([]),
    supportAccess: ok({ roles: [], users: [], groups: [] }),
    authorization: ok({ users: [], groups: [], roles: [], localPolicies: [] }),
    awsPolicies: ok(new Map()),
    virtualMfaDevices: ok([]),
    serverCertificates: ok([]),
    securityContact: ok(null),
    accessAnalyzers: ok([{ region: 'us-east-1', analyzers: ok([{ name: 'external', type: 'ACCOUNT', status: 'ACTIVE' }]) }]),
    ...overrides,
  };
}

function outcome(outcomes: readonly CheckOutcome[], id: string): CheckOutcome {
  return outcomes.find((o) => o.id === id)!;
}

describe('credential report checks (crafted report rows, since moto cannot backdate a key)', () => {
  const csv = [
    header,
    row({ user: '<root_account>', password: { lastUsed: daysAgo(2), changed: 'not_supported' }, mfa: true }),
    row({
      user: 'old-keys',
      password: { lastUsed: 'no_information', changed: daysAgo(60) },
      key1: { active: true, rotated: daysAgo(200), used: daysAgo(100) },
      key2: { active: true, rotated: daysAgo(10), used: 'N/A' },
    }),
    row({
      user: 'fresh',
      password: { lastUsed: daysAgo(1), changed: daysAgo(30) },
      mfa: true,
      key1: { active: true, rotated: daysAgo(30), used: daysAgo(1) },
    }),
    row({ user: 'retired', key1: { active: false, rotated: daysAgo(500), used: daysAgo(400) } }),
  ].join('\n');
  const keys = new Map<string, AccessKey[]>([
    [
      'old-keys',
      [
        { id: 'AKIANEWER00000000002', status: 'Active', created: new Date(daysAgo(10)) },
        { id: 'AKIAOLDER00000000001', status: 'Active', created: new Date(daysAgo(200)) },
      ],
    ],
  ]);
  const outcomes = runChecks(
    statusChecks,
    readings({
      credentialReport: ok({ generatedAt: now, rows: parseCredentialReport(csv), reused: false }),
      users: ok(['old-keys', 'fresh', 'retired']),
      accessKeys: ok(keys),
    }),
    context,
  );

  it('flags a key older than 90 days by its ID, and not the newer one', () => {
    expect(outcome(outcomes, 'key-rotation')).toMatchObject({
      result: 'fail',
      reason: 'active access keys older than 90 days: old-keys AKIAOLDER00000000001 (created 2024-12-12, 200 days)',
      evidence: [{ user: 'old-keys', accessKeyId: 'AKIAOLDER00000000001', keySlot: 1, created: '2024-12-12T12:00:00.000Z', ageDays: 200 }],
      controls: ['CIS 1.13', 'IAM.3'],
    });
  });

  it('flags credentials unused for 45+ days: a never-used password set 60 days ago and a key last used 100 days ago', () => {
    const unused = outcome(outcomes, 'unused-credentials');
    expect(unused.result).toBe('fail');
    expect(unused.evidence).toEqual([
      { user: 'old-keys', credential: 'password', lastUsed: null, unusedDays: 60 },
      {
        user: 'old-keys',
        credential: 'access key',
        accessKeyId: 'AKIAOLDER00000000001',
        keySlot: 1,
        lastUsed: '2025-03-22T12:00:00.000Z',
        unusedDays: 100,
      },
    ]);
    expect(unused.reason).toBe(
      'unused 45+ days: old-keys password (never used, 60 days), old-keys AKIAOLDER00000000001 (last used 2025-03-22, 100 days)',
    );
  });

  it('flags two active keys, console users without MFA, and a root user used 2 days ago; ignores inactive keys', () => {
    expect(outcome(outcomes, 'one-active-key').evidence).toEqual([
      { user: 'old-keys', activeKeys: 2, accessKeyIds: ['AKIAOLDER00000000001', 'AKIANEWER00000000002'] },
    ]);
    expect(outcome(outcomes, 'console-mfa')).toMatchObject({
      result: 'fail',
      evidence: [{ user: 'old-keys', passwordEnabled: true, mfaActive: false }],
    });
    expect(outcome(outcomes, 'root-recent-use')).toMatchObject({
      result: 'fail',
      evidence: [{ credential: 'password', lastUsed: '2025-06-28T12:00:00.000Z', daysAgo: 2 }],
    });
  });

  it('passes the same checks for a clean report, naming keys by slot when ListAccessKeys is unavailable', () => {
    const clean = [
      header,
      row({ user: '<root_account>', password: { lastUsed: daysAgo(30), changed: 'not_supported' } }),
      row({ user: 'ci', key1: { active: true, rotated: daysAgo(95), used: daysAgo(1) } }),
    ].join('\n');
    const denied = { ok: false as const, action: 'iam:ListAccessKeys', code: 'AccessDenied', message: 'no' };
    const result = runChecks(
      statusChecks,
      readings({
        credentialReport: ok({ generatedAt: now, rows: parseCredentialReport(clean), reused: false }),
        users: ok(['ci']),
        accessKeys: denied,
      }),
      context,
    );
    expect(outcome(result, 'root-recent-use')).toMatchObject({ result: 'pass', reason: 'root last used 30 days ago (password)' });
    expect(outcome(result, 'unused-credentials').result).toBe('pass');
    expect(outcome(result, 'key-rotation')).toMatchObject({ result: 'fail', evidence: [{ user: 'ci', accessKeyId: null, keySlot: 1 }] });
    expect(outcome(result, 'key-rotation').reason).toContain('ci access key 1 (created');
  });
});

describe('a root user without a password (AccountPasswordPresent 0: root credentials removed centrally, GovCloud)', () => {
  it('counts root MFA as a pass, saying it does not apply; with a password and no MFA it fails', () => {
    const removed = runChecks(
      statusChecks,
      readings({ summary: ok({ AccountMFAEnabled: 0, AccountAccessKeysPresent: 0, AccountPasswordPresent: 0 }) }),
      context,
    );
    expect(outcome(removed, 'root-mfa')).toMatchObject({
      result: 'pass',
      reason: 'not applicable: the root user has no password (AccountPasswordPresent 0), so nobody can sign in as root; counts as a pass',
      evidence: [{ AccountPasswordPresent: 0, AccountMFAEnabled: 0, applicable: false }],
    });
    const withPassword = runChecks(
      statusChecks,
      readings({ summary: ok({ AccountMFAEnabled: 0, AccountAccessKeysPresent: 0, AccountPasswordPresent: 1 }) }),
      context,
    );
    expect(outcome(withPassword, 'root-mfa').result).toBe('fail');
  });
});

describe('root hardware MFA (CIS 1.5, IAM.6; moto cannot enrol a root device)', () => {
  it('fails on a virtual root device, passes as not applicable without a root password', () => {
    const virtual = runChecks(
      statusChecks,
      readings({
        summary: ok({ AccountMFAEnabled: 1, AccountAccessKeysPresent: 0, AccountPasswordPresent: 1 }),
        virtualMfaDevices: ok([
          { serialNumber: 'arn:aws:iam::123456789012:mfa/root-account-mfa-device', userArn: 'arn:aws:iam::123456789012:root' },
          { serialNumber: 'arn:aws:iam::123456789012:mfa/CTO', userArn: 'arn:aws:iam::123456789012:user/CTO' },
        ]),
      }),
      context,
    );
    expect(outcome(virtual, 'root-hardware-mfa')).toMatchObject({
      result: 'fail',
      reason:
        "the root user's MFA is a virtual device (arn:aws:iam::123456789012:mfa/root-account-mfa-device); " +
        'CIS 1.5 asks for a hardware key or token',
    });
    expect(outcome(virtual, 'root-mfa').result).toBe('pass');
    const removed = runChecks(statusChecks, readings({ summary: ok({ AccountMFAEnabled: 0, AccountPasswordPresent: 0 }) }), context);
    expect(outcome(removed, 'root-hardware-mfa')).toMatchObject({
      result: 'pass',
      reason: expect.stringMatching(/^not applicable: the root user has no password/),
    });
  });
});

describe('password policy checks', () => {
  it("reads the thresholds from the wizard's recommended policy", () => {
    const weak = readings({
      passwordPolicy: ok({
        MinimumPasswordLength: 12,
        RequireSymbols: false,
        RequireNumbers: true,
        RequireUppercaseCharacters: true,
        RequireLowercaseCharacters: true,
        PasswordReusePrevention: 5,
      }),
    });
    const result = runChecks(statusChecks, weak, context);
    expect(outcome(result, 'password-length')).toMatchObject({
      result: 'fail',
      reason: 'minimum password length is 12; must be 14 or more',
      evidence: [{ MinimumPasswordLength: 12 }],
    });
    expect(outcome(result, 'password-reuse')).toMatchObject({
      result: 'fail',
      reason: 'only the last 5 passwords are remembered; must be 24',
    });
    expect(outcome(result, 'password-policy')).toMatchObject({ result: 'fail', reason: 'the password policy does not require symbols' });
  });
});

describe(
  'access-analyzer (CIS 1.19): what counts, on crafted readings (the layer serves the reads in ' + 'status-access-analyzer.test.ts)',
  () => {
    const analyzer = (name: string, type: string, status = 'ACTIVE') => ({ name, type, status });
    const region = (name: string, ...analyzers: ReturnType<typeof analyzer>[]) => ({ region: name, analyzers: ok(analyzers) });
    const deniedIn = (name: string) => ({
      region: name,
      analyzers: { ok: false as const, action: 'access-analyzer:ListAnalyzers', code: 'AccessDeniedException', message: 'denied' },
    });
    const evaluate = (regions: readonly RegionAnalyzers[]) =>
      outcome(runChecks(statusChecks, readings({ accessAnalyzers: ok(regions) }), context), 'access-analyzer');

    it('an analyzer that is not ACTIVE does not count; an ORGANIZATION one does', () => {
      const result = evaluate([
        region('eu-west-1', analyzer('org', 'ORGANIZATION')),
        region('us-east-1', analyzer('new', 'ACCOUNT', 'CREATING')),
      ]);
      expect(result).toMatchObject({
        result: 'fail',
        evidence: [
          { region: 'us-east-1', externalAccessAnalyzer: null, otherAnalyzers: ['new (ACCOUNT, CREATING)'] },
          { activeRegions: ['eu-west-1', 'us-east-1'] },
        ],
      });
      expect(result.reason).toMatch(/^no active external access analyzer in us-east-1 \(2 active regions checked: eu-west-1, us-east-1\);/);
    });

    it('internal access analyzers do not count either', () => {
      expect(evaluate([region('us-east-1', analyzer('inside', 'ACCOUNT_INTERNAL_ACCESS'))]).result).toBe('fail');
    });

    it('a region that cannot be read: unknown when every other region has one, still a fail when another lacks one', () => {
      expect(evaluate([region('us-east-1', analyzer('a', 'ACCOUNT')), deniedIn('eu-west-1')])).toMatchObject({
        result: 'unknown',
        reason:
          'cannot tell: not allowed to call access-analyzer:ListAnalyzers in eu-west-1 (AccessDeniedException); grant ' +
          'access-analyzer:ListAnalyzers to read it (2 active regions checked: us-east-1, eu-west-1)',
      });
      expect(evaluate([region('us-east-1'), deniedIn('eu-west-1')])).toMatchObject({
        result: 'fail',
        reason: expect.stringMatching(
          /^no active external access analyzer in us-east-1 \(2 active regions checked: us-east-1, eu-west-1; not readable: eu-west-1\)/,
        ),
      });
    });

    it('no active region listed: unknown, never a pass', () => {
      expect(evaluate([])).toMatchObject({ result: 'unknown', reason: 'cannot tell: account:ListRegions listed no active region' });
    });
  },
);

describe('grantsFullAdmin', () => {
  it('is true only for Allow, Action * and Resource * in one statement', () => {
    expect(grantsFullAdmin({ Statement: { Effect: 'Allow', Action: '*', Resource: '*' } })).toBe(true);
    expect(grantsFullAdmin({ Statement: [{ Effect: 'Allow', Action: ['s3:*', '*'], Resource: ['*'] }] })).toBe(true);
    expect(grantsFullAdmin({ Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] })).toBe(false);
    expect(grantsFullAdmin({ Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] })).toBe(false);
    expect(grantsFullAdmin({ Statement: [{ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::b' }] })).toBe(false);
    expect(grantsFullAdmin({ Statement: [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }] })).toBe(false);
    expect(grantsFullAdmin('nonsense')).toBe(false);
  });
});

describe('a denied read (aws-sdk-client-mock: moto allows everything)', () => {
  const iamMock = mockClient(IAMClient);
  afterEach(() => iamMock.reset());

  const denied = (action: string): IAMServiceException =>
    new IAMServiceException({
      name: 'AccessDenied',
      $fault: 'client',
      $metadata: { httpStatusCode: 403 },
      message: `User: arn:aws:iam::123456789012:user/auditor is not authorized to perform: iam:${action}`,
    });

  it('makes the checks that need it unknown, naming the action, and the others still decide', async () => {
    iamMock.on(GetAccountSummaryCommand).resolves({ SummaryMap: { AccountMFAEnabled: 1, AccountAccessKeysPresent: 0 } });
    iamMock.on(GetAccountPasswordPolicyCommand).rejects(denied('GetAccountPasswordPolicy'));
    iamMock.on(ListAccountAliasesCommand).resolves({ AccountAliases: ['acme'] });
    iamMock.on(GenerateCredentialReportCommand).resolvesOnce({ State: 'STARTED' }).resolves({ State: 'COMPLETE' });
    const rootRow = row({ user: '<root_account>', password: { lastUsed: daysAgo(30), changed: 'not_supported' }, mfa: true });
    iamMock.on(GetCredentialReportCommand).resolves({ Content: new TextEncoder().encode(`${header}\n${rootRow}\n`), GeneratedTime: now });
    iamMock.on(ListUsersCommand).rejects(denied('ListUsers'));
    iamMock.on(GetAccountAuthorizationDetailsCommand).resolves({
      RoleDetailList: [
        {
          RoleName: 'support',
          AttachedManagedPolicies: [{ PolicyName: 'AWSSupportAccess', PolicyArn: 'arn:aws:iam::aws:policy/AWSSupportAccess' }],
        },
      ],
      IsTruncated: false,
    });
    iamMock.on(GetPolicyCommand).resolves({ Policy: { DefaultVersionId: 'v1' } });
    iamMock.on(GetPolicyVersionCommand).resolves({
      PolicyVersion: {
        Document: encodeURIComponent(JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 'support:*', Resource: '*' }] })),
      },
    });
    iamMock.on(ListVirtualMFADevicesCommand).resolves({ VirtualMFADevices: [] });
    iamMock.on(ListServerCertificatesCommand).resolves({ ServerCertificateMetadataList: [] });

    const waits: number[] = [];
    const iam = new IAMClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' } });
    const read = await readAccount(iam, parseCaller('123456789012', 'arn:aws:iam::123456789012:user/auditor'), {
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    expect(waits).toEqual([250]);
    const outcomes = runChecks(statusChecks, read, context);
    const byResult = (result: string): string[] => outcomes.filter((o) => o.result === result).map((o) => o.id);

    // Groups and policies come from GetAccountAuthorizationDetails, so a denied ListUsers costs only
    // iam-users; no Account API client was given, so the security contact and the regions' analyzers are unknown too.
    expect(byResult('unknown')).toEqual([
      'iam-users',
      'password-policy',
      'security-contact',
      'password-length',
      'password-reuse',
      'access-analyzer',
    ]);
    expect(outcome(outcomes, 'password-length')).toMatchObject({
      reason: 'cannot tell: not allowed to call iam:GetAccountPasswordPolicy (AccessDenied); grant iam:GetAccountPasswordPolicy to read it',
      evidence: [{ action: 'iam:GetAccountPasswordPolicy', error: 'AccessDenied' }],
    });
    expect(outcome(outcomes, 'iam-users').reason).toContain('not allowed to call iam:ListUsers');
    expect(outcome(outcomes, 'security-contact').reason).toBe(
      'cannot tell: account:GetAlternateContact failed (NotAvailable: no Account API client)',
    );
    expect(outcome(outcomes, 'root-mfa').result).toBe('pass');
    expect(outcome(outcomes, 'support-role').result).toBe('pass');

    // Unknown is not a pass: CI gets exit 1 even with no failure.
    const report = buildStatusReport('123456789012', now, outcomes);
    expect(report.summary).toEqual({ pass: 16, fail: 1, unknown: 6, manual: 3 });
    expect(statusExitCode(report)).toBe(1);
  });

  it('reads users, groups and roles 1,000 a page, telling how far it has come (moto never pages this call)', async () => {
    iamMock
      .on(GetAccountAuthorizationDetailsCommand)
      .resolvesOnce({
        UserDetailList: Array.from({ length: 1000 }, (_, i) => ({ UserName: `u${i}`, GroupList: ['devs'] })),
        IsTruncated: true,
        Marker: 'm1',
      })
      .resolves({ UserDetailList: [{ UserName: 'last', GroupList: [] }], GroupDetailList: [{ GroupName: 'devs' }], IsTruncated: false });
    iamMock.on(GenerateCredentialReportCommand).resolves({ State: 'COMPLETE' });
    iamMock.on(GetCredentialReportCommand).resolves({ Content: new TextEncoder().encode(`${header}\n`), GeneratedTime: now });
    const progress: number[] = [];
    const iam = new IAMClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' } });
    const read = await readAccount(iam, parseCaller('123456789012', 'arn:aws:iam::123456789012:root'), {
      sleep: async () => {},
      onProgress: (n) => progress.push(n),
    });
    expect(progress).toEqual([1000]);
    const calls = iamMock.commandCalls(GetAccountAuthorizationDetailsCommand).map((c) => c.args[0].input);
    // Two pages of up to 1,000 (the paginator reuses one input object, so the last call's is seen).
    expect(calls).toHaveLength(2);
    expect(calls[1]).toEqual({ Filter: ['User', 'Group', 'Role', 'LocalManagedPolicy'], MaxItems: 1000, Marker: 'm1' });
    expect(read.userGroups.ok && read.userGroups.value.size).toBe(1001);
    expect(outcome(runChecks(statusChecks, read, context), 'groups')).toMatchObject({ result: 'fail', reason: 'in no group: last' });
  });

  it('gives up on a credential report that never completes: its checks are unknown', async () => {
    iamMock.on(GenerateCredentialReportCommand).resolves({ State: 'INPROGRESS' });
    iamMock.on(GetAccountSummaryCommand).resolves({ SummaryMap: {} });
    const iam = new IAMClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' } });
    const read = await readAccount(iam, parseCaller('123456789012', 'arn:aws:iam::123456789012:root'), {
      sleep: async () => {},
      reportAttempts: 3,
    });
    expect(iamMock.commandCalls(GenerateCredentialReportCommand)).toHaveLength(3);
    expect(iamMock.commandCalls(GetCredentialReportCommand)).toHaveLength(0);
    const consoleMfa = outcome(runChecks(statusChecks, read, context), 'console-mfa');
    expect(consoleMfa.result).toBe('unknown');
    expect(consoleMfa.reason).toContain(
      'iam:GenerateCredentialReport failed (ReportNotReady: the credential report was still INPROGRESS after 3 attempts',
    );
  });
});

describe('manual controls', () => {
  it('are counted on their own and do not fail CI: passes and manual entries exit 0', () => {
    const outcomes = runChecks(statusChecks, readings(), context).filter((o) => o.result === 'pass' || o.result === 'manual');
    const report = buildStatusReport('123456789012', now, outcomes);
    expect(report.summary.manual).toBe(3);
    expect(report.checks.filter((c) => c.result === 'manual').map((c) => c.id)).toEqual([
      'contact-details',
      'instance-roles',
      'central-identity',
    ]);
    expect(statusExitCode(report)).toBe(0);
  });
});

describe('the table', () => {
  const report = buildStatusReport('123456789012', now, runChecks(statusChecks, readings(), context));

  it('colours the result only when given a colour palette, and wraps the reason to the terminal width', () => {
    const plain = renderStatusTable(report, { paint: palette(false) });
    expect(plain).not.toContain('\u001b[');
    const coloured = renderStatusTable(report, { paint: palette(true), width: 120 });
    expect(coloured).toContain('\u001b[31mfail\u001b[39m');
    expect(coloured).toContain('\u001b[32mpass\u001b[39m');
    const visible = coloured.replace(/\u001b\[\d+m/g, '').split('\n');
    expect(Math.max(...visible.map((line) => line.length))).toBeLessThanOrEqual(120);
    // A wrapped reason continues under the REASON column.
    const cut = visible.findIndex((line) => line.startsWith('fail     Password length 14+'));
    expect(visible[cut + 1]).toMatch(/^ {50,}\S/);
  });
});
