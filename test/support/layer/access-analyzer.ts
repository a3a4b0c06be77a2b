import type { RecordedRequest } from '../aws-proxy.js';
import { authorizationRefusal } from './authorization.js';
import type { LayerAnswer, LayerContext, LayerPart, RegionOptStatus } from './core.js';

/**
 * AWS's commercial regions (those the SDK knows): the ones launched before March 20, 2019 are enabled
 * by default and cannot be disabled; the later ones stay DISABLED until the account opts in.
 */
export const enabledByDefault: readonly string[] = [
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ca-central-1',
  'eu-central-1',
  'eu-north-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
];
const optIn = [
  'af-south-1',
  'ap-east-1',
  'ap-east-2',
  'ap-south-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-6',
  'ap-southeast-7',
  'ca-west-1',
  'eu-central-2',
  'eu-south-1',
  'eu-south-2',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'me-west-1',
  'mx-central-1',
  'sa-west-1',
];

const analyzerTypes = [
  'ACCOUNT',
  'ORGANIZATION',
  'ACCOUNT_UNUSED_ACCESS',
  'ORGANIZATION_UNUSED_ACCESS',
  'ACCOUNT_INTERNAL_ACCESS',
  'ORGANIZATION_INTERNAL_ACCESS',
];

interface StoredAnalyzer {
  readonly name: string;
  readonly type: string;
  readonly status: string;
  readonly createdAt: string;
}

interface AccountRegions {
  readonly regions: Map<string, RegionOptStatus>;
  readonly analyzers: Map<string, StoredAnalyzer[]>;
}

const accounts = new WeakMap<LayerContext, AccountRegions>();

function accountOf(ctx: LayerContext): AccountRegions {
  let account = accounts.get(ctx);
  if (!account) {
    const regions = new Map<string, RegionOptStatus>([
      ...enabledByDefault.map((r): [string, RegionOptStatus] => [r, 'ENABLED_BY_DEFAULT']),
      ...optIn.map((r): [string, RegionOptStatus] => [r, 'DISABLED']),
      ...Object.entries(ctx.options.regions ?? {}),
    ]);
    const analyzers = new Map<string, StoredAnalyzer[]>();
    for (const seed of ctx.options.analyzers ?? []) {
      const list = analyzers.get(seed.region) ?? [];
      list.push({ name: seed.name, type: seed.type, status: seed.status ?? 'ACTIVE', createdAt: new Date().toISOString() });
      analyzers.set(seed.region, list);
    }
    account = { regions, analyzers };
    accounts.set(ctx, account);
  }
  return account;
}

/**
 * The operation of a REST request of a service whose operations the layer knows: the Account API
 * (POST /operationName) and IAM Access Analyzer's analyzer calls; '' for any other.
 */
export function restAction(signingName: string, method: string, path: string): string {
  const route = path.split('?')[0] ?? '';
  if (signingName === 'account') return /^\/[a-z][A-Za-z]*$/.test(route) ? route[1]!.toUpperCase() + route.slice(2) : '';
  if (signingName !== 'access-analyzer') return '';
  if (route === '/analyzer') return method === 'PUT' ? 'CreateAnalyzer' : method === 'GET' ? 'ListAnalyzers' : '';
  if (/^\/analyzer\/[^/]+$/.test(route)) return method === 'DELETE' ? 'DeleteAnalyzer' : method === 'GET' ? 'GetAnalyzer' : '';
  return '';
}

const json = (status: number, body: unknown): LayerAnswer => ({ status, body: JSON.stringify(body), contentType: 'application/json' });

/** An error as REST JSON services send it (the SDK reads the code from __type). */
const jsonError = (status: number, code: string, message: string): LayerAnswer => json(status, { __type: code, message });

function jsonBody(request: RecordedRequest): Record<string, unknown> {
  try {
    return request.body ? (JSON.parse(request.body) as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** One page of `items` from a NextToken (the index to go on from), as these APIs page. */
function page<T>(items: readonly T[], token: string | undefined, size: number): { items: T[]; next: string | undefined } {
  const start = Number(token ?? 0) || 0;
  const end = start + size;
  return { items: items.slice(start, end), next: end < items.length ? String(end) : undefined };
}

function listRegions(request: RecordedRequest, account: AccountRegions): LayerAnswer {
  const input = jsonBody(request);
  const wanted = (input['RegionOptStatusContains'] as string[] | undefined) ?? [];
  const size = Number(input['MaxResults'] ?? 20);
  if (size < 1 || size > 50) return jsonError(400, 'ValidationException', 'MaxResults must be between 1 and 50');
  const all = [...account.regions]
    .filter(([, status]) => wanted.length === 0 || wanted.includes(status))
    .map(([RegionName, RegionOptStatus]) => ({ RegionName, RegionOptStatus }));
  const { items, next } = page(all, input['NextToken'] as string | undefined, size);
  return json(200, { Regions: items, ...(next ? { NextToken: next } : {}) });
}

function analyzerCall(request: RecordedRequest, ctx: LayerContext, account: AccountRegions): LayerAnswer {
  const region = request.region;
  const list = account.analyzers.get(region) ?? [];
  const arn = (name: string): string => `arn:aws:access-analyzer:${region}:${ctx.accountId}:analyzer/${name}`;
  const query = new URLSearchParams(request.path.split('?')[1] ?? '');
  const named = decodeURIComponent(request.path.split('?')[0]?.split('/')[2] ?? '');
  switch (request.action) {
    case 'ListAnalyzers': {
      const type = query.get('type');
      const shown = list.filter((a) => !type || a.type === type).map((a) => ({ arn: arn(a.name), ...a }));
      const { items, next } = page(shown, query.get('nextToken') ?? undefined, Number(query.get('maxResults') ?? 100));
      return json(200, { analyzers: items, ...(next ? { nextToken: next } : {}) });
    }
    case 'CreateAnalyzer': {
      const input = jsonBody(request);
      const name = String(input['analyzerName'] ?? '');
      const type = String(input['type'] ?? '');
      if (!analyzerTypes.includes(type)) return jsonError(400, 'ValidationException', `Invalid type: ${type}`);
      if (list.some((a) => a.name === name)) return jsonError(409, 'ConflictException', `Analyzer ${name} already exists`);
      account.analyzers.set(region, [...list, { name, type, status: 'ACTIVE', createdAt: new Date().toISOString() }]);
      return json(200, { arn: arn(name) });
    }
    case 'GetAnalyzer':
    case 'DeleteAnalyzer': {
      const found = list.find((a) => a.name === named);
      if (!found) return jsonError(404, 'ResourceNotFoundException', `Analyzer ${named} not found`);
      if (request.action === 'GetAnalyzer') return json(200, { analyzer: { arn: arn(found.name), ...found } });
      account.analyzers.set(
        region,
        list.filter((a) => a !== found),
      );
      return json(200, {});
    }
    default:
      // Anything else would reach moto, which has no Access Analyzer: say so rather than answer wrongly.
      return jsonError(500, 'InternalServerException', `the test layer does not serve access-analyzer ${request.method} ${request.path}`);
  }
}

/**
 * Part 9, IAM Access Analyzer and the account's regions (issue 18, CIS 1.19): moto 5.2.5 serves
 * neither Access Analyzer nor the Account API's ListRegions, so the layer answers them itself, per
 * region, from the account's regions (LayerOptions.regions) and analyzers (LayerOptions.analyzers,
 * and CreateAnalyzer/DeleteAnalyzer sent through the proxy). As on AWS, a region the account has
 * not enabled refuses the credentials, and an IAM user needs its policies to allow the action.
 */
export const accessAnalyzerPart: LayerPart = {
  name: 'access-analyzer',
  otherServices: true,
  async before(request, ctx) {
    const served = request.signingName === 'access-analyzer' || (request.signingName === 'account' && request.action === 'ListRegions');
    if (!served) return undefined;
    const account = accountOf(ctx);
    if (request.signingName === 'access-analyzer' && !/^ENABLED/.test(account.regions.get(request.region) ?? '')) {
      return jsonError(403, 'UnrecognizedClientException', 'The security token included in the request is invalid.');
    }
    if (ctx.isOn('authorization') && request.action !== '') {
      const refusal = await authorizationRefusal(request, ctx, `${request.signingName}:${request.action}`);
      if (refusal) return jsonError(refusal.status, refusal.status === 403 ? 'AccessDeniedException' : refusal.code, refusal.message);
    }
    return request.signingName === 'account' ? listRegions(request, account) : analyzerCall(request, ctx, account);
  },
};
