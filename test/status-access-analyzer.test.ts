import { AccessAnalyzerClient, CreateAnalyzerCommand } from '@aws-sdk/client-accessanalyzer';
import { CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import type { StatusReport } from '../src/status/report.js';
import type { AwsProxy, RecordedRequest } from './support/aws-proxy.js';
import { runCli } from './support/cli.js';
import { freshAccountsClosedAfterEach } from './support/emulator.js';
import { enabledByDefault } from './support/layer/access-analyzer.js';

// The SDK would warn about Node 20 on stderr; createAwsClients turns that off for the CLI too.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';

// moto 5.2.5 has no IAM Access Analyzer and no account:ListRegions: the layer's access-analyzer part
// (test/support/layer/access-analyzer.ts) serves both, with AWS's regions as a new account has them.
const freshAccount = freshAccountsClosedAfterEach();

/** The 17 regions every account has enabled (launched before March 2019; the later ones are opt-in). */
const defaultRegions = enabledByDefault;

async function analyzerCheck(proxy: AwsProxy, env: Record<string, string> = {}) {
  const run = await runCli(['status', '--json'], { endpoint: proxy.url, env });
  expect(run.stderr).not.toContain('error');
  const report = JSON.parse(run.stdout) as StatusReport;
  return { code: run.code, check: report.checks.find((c) => c.id === 'access-analyzer')! };
}

const analyzerRequests = (proxy: AwsProxy): RecordedRequest[] => proxy.requests.filter((r) => r.signingName === 'access-analyzer');

describe('access-analyzer (CIS 1.19, IAM.28): an active external access analyzer in every active region', () => {
  it('passes when every active region has one, an opted-in region included; 1 + one request per region, at once', async () => {
    // Each request held 100 ms, as a network round trip: reads made one after another would show it.
    const { proxy } = await freshAccount({ latencyMs: 100, layer: { regions: { 'af-south-1': 'ENABLED' } } });
    const active = [...defaultRegions, 'af-south-1'].sort();
    for (const region of active) {
      const client = new AccessAnalyzerClient({
        region,
        endpoint: proxy.url,
        credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'test' },
      });
      // An organization's analyzer watches external access as well as the account's own.
      await client.send(new CreateAnalyzerCommand({ analyzerName: 'external', type: region === 'us-east-1' ? 'ORGANIZATION' : 'ACCOUNT' }));
    }
    const made = proxy.requests.length;

    const { check } = await analyzerCheck(proxy);
    expect(check).toMatchObject({
      result: 'pass',
      controls: ['CIS 1.19', 'IAM.28'],
      reason:
        'an active external access analyzer in every active region (18 active regions checked: af-south-1, ap-northeast-1, ' +
        'ap-northeast-2 and 15 more)',
      evidence: active.map((region) => ({ region, externalAccessAnalyzer: 'external' })),
    });
    const run = proxy.requests.slice(made);
    const regions = run.filter((r) => r.action === 'ListRegions');
    expect(regions).toHaveLength(1);
    const lists = run.filter((r) => r.signingName === 'access-analyzer');
    expect(lists.map((r) => `${r.action} ${r.region}`).sort()).toEqual(active.map((region) => `ListAnalyzers ${region}`));
    // The regions are listed beside the IAM reads, then every region is asked at once.
    const reportDone = Math.min(...run.filter((r) => r.action === 'GenerateCredentialReport').map((r) => r.finishedAt!));
    expect(regions[0]!.startedAt).toBeLessThan(reportDone);
    expect(Math.max(...lists.map((r) => r.startedAt))).toBeLessThan(Math.min(...lists.map((r) => r.finishedAt!)));
  });

  it('fails naming the region without one: an unused access analyzer does not count', async () => {
    const { proxy } = await freshAccount({
      layer: {
        analyzers: [
          ...defaultRegions.filter((r) => r !== 'eu-west-3').map((region) => ({ region, name: 'external', type: 'ACCOUNT' })),
          { region: 'eu-west-3', name: 'unused', type: 'ACCOUNT_UNUSED_ACCESS' },
        ],
      },
    });
    const { code, check } = await analyzerCheck(proxy);
    expect(code).toBe(1);
    expect(check).toMatchObject({
      result: 'fail',
      evidence: [
        { region: 'eu-west-3', externalAccessAnalyzer: null, otherAnalyzers: ['unused (ACCOUNT_UNUSED_ACCESS, ACTIVE)'] },
        { activeRegions: defaultRegions },
      ],
    });
    expect(check.reason).toBe(
      'no active external access analyzer in eu-west-3 (17 active regions checked: ap-northeast-1, ap-northeast-2, ap-northeast-3 and ' +
        '14 more); create one in each: aws accessanalyzer create-analyzer --analyzer-name external-access --type ACCOUNT --region REGION',
    );
  });

  it('is unknown, in one line, when the endpoint does not answer as AWS does (an emulator without the service)', async () => {
    // Part 9 off on purpose: moto itself has no account:ListRegions and answers with an HTML page.
    const { proxy } = await freshAccount({ layer: { off: ['access-analyzer'] } });
    const { check } = await analyzerCheck(proxy);
    expect(check.result).toBe('unknown');
    expect(check.reason).toMatch(
      /^cannot tell: account:ListRegions failed \(\w+: the endpoint's answer is not one AWS gives \(HTTP \d+\)\)$/,
    );
  });

  it('is unknown when the reads are denied, naming the action to grant (and the regions)', async () => {
    const { proxy, iam } = await freshAccount();
    await iam.send(new CreateUserCommand({ UserName: 'auditor' }));
    const grant = (actions: string[]) =>
      iam.send(
        new PutUserPolicyCommand({
          UserName: 'auditor',
          PolicyName: 'audit',
          PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] }),
        }),
      );
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'auditor' }))).AccessKey!;
    const asAuditor = { AWS_ACCESS_KEY_ID: key.AccessKeyId!, AWS_SECRET_ACCESS_KEY: key.SecretAccessKey! };

    await grant(['iam:Get*', 'iam:List*', 'iam:GenerateCredentialReport']);
    expect((await analyzerCheck(proxy, asAuditor)).check).toMatchObject({
      result: 'unknown',
      reason: 'cannot tell: not allowed to call account:ListRegions (AccessDeniedException); grant account:ListRegions to read it',
      evidence: [{ action: 'account:ListRegions', error: 'AccessDeniedException' }],
    });
    expect(analyzerRequests(proxy)).toEqual([]);

    await grant(['iam:Get*', 'iam:List*', 'iam:GenerateCredentialReport', 'account:ListRegions']);
    const { check } = await analyzerCheck(proxy, asAuditor);
    expect(check).toMatchObject({
      result: 'unknown',
      reason:
        'cannot tell: not allowed to call access-analyzer:ListAnalyzers in ap-northeast-1, ap-northeast-2, ap-northeast-3 and 14 more ' +
        '(AccessDeniedException); grant access-analyzer:ListAnalyzers to read it (17 active regions checked: ap-northeast-1, ' +
        'ap-northeast-2, ap-northeast-3 and 14 more)',
      evidence: [{ action: 'access-analyzer:ListAnalyzers', error: 'AccessDeniedException' }, { activeRegions: defaultRegions }],
    });
    expect(analyzerRequests(proxy).every((r) => r.response?.status === 403)).toBe(true);
  });
});
