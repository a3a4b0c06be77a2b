import { ListAnalyzersCommand } from '@aws-sdk/client-accessanalyzer';
import { GetAccountSummaryCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { createAwsClients } from '../src/aws/clients.js';

/** Where a client would send a request: the request is stopped just before it leaves, with its host and signing region. */
async function destination(send: (clients: ReturnType<typeof createAwsClients>) => Promise<unknown>, region: string): Promise<string> {
  const clients = createAwsClients({ region, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' } });
  for (const client of [clients.iam, clients.sts] as const) {
    (client.middlewareStack as typeof clients.iam.middlewareStack).add(
      () => async (args) => {
        const request = args.request as { hostname: string; headers: Record<string, string> };
        const scope = /Credential=[^/]+\/\d+\/([^/]+)\//.exec(request.headers['authorization'] ?? '')?.[1];
        throw new Error(`${request.hostname} ${scope}`);
      },
      { step: 'finalizeRequest', priority: 'low', name: 'stopBeforeSending' },
    );
  }
  return send(clients).then(
    () => 'sent',
    (error: Error) => error.message,
  );
}

// No emulator here: the SDK's own endpoint rules, from the region alone, pick the partition's hosts.
describe('the region picks the partition of the IAM and STS endpoints', () => {
  it.each([
    ['us-east-1', 'iam.amazonaws.com us-east-1', 'sts.us-east-1.amazonaws.com us-east-1'],
    ['cn-north-1', 'iam.cn-north-1.amazonaws.com.cn cn-north-1', 'sts.cn-north-1.amazonaws.com.cn cn-north-1'],
    ['us-gov-west-1', 'iam.us-gov.amazonaws.com us-gov-west-1', 'sts.us-gov-west-1.amazonaws.com us-gov-west-1'],
  ])('%s', async (region, iam, sts) => {
    expect(await destination((c) => c.iam.send(new GetAccountSummaryCommand({})), region)).toBe(iam);
    expect(await destination((c) => c.sts.send(new GetCallerIdentityCommand({})), region)).toBe(sts);
  });
});

describe('IAM Access Analyzer is regional: one client per region, made on first use', () => {
  it('signs and sends each region to its own endpoint, and reuses the client', async () => {
    const clients = createAwsClients({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' } });
    const paris = await clients.accessAnalyzer!('eu-west-3');
    expect(await clients.accessAnalyzer!('eu-west-3')).toBe(paris);
    const sent = async (region: string): Promise<string> => {
      const client = await clients.accessAnalyzer!(region);
      client.middlewareStack.add(
        () => async (args) => {
          const request = args.request as { hostname: string; headers: Record<string, string> };
          const scope = /Credential=[^/]+\/\d+\/([^/]+)\//.exec(request.headers['authorization'] ?? '')?.[1];
          throw new Error(`${request.hostname} ${scope}`);
        },
        { step: 'finalizeRequest', priority: 'low', name: 'stopBeforeSending' },
      );
      return client.send(new ListAnalyzersCommand({})).then(
        () => 'sent',
        (error: Error) => error.message,
      );
    };
    expect(await sent('eu-west-3')).toBe('access-analyzer.eu-west-3.amazonaws.com eu-west-3');
    expect(await sent('ap-southeast-2')).toBe('access-analyzer.ap-southeast-2.amazonaws.com ap-southeast-2');
  });
});
