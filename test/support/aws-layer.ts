import { randomBytes } from 'node:crypto';
import { GetAccessKeyLastUsedCommand, GetUserCommand, IAMClient } from '@aws-sdk/client-iam';
import type { RecordedRequest } from './aws-proxy.js';
import { accessAnalyzerPart } from './layer/access-analyzer.js';
import { authorizationPart } from './layer/authorization.js';
import {
  errorAnswer,
  principalArn,
  resultAnswer,
  type Identity,
  type LayerAnswer,
  type LayerContext,
  type LayerOptions,
  type LayerPart,
} from './layer/core.js';
import { eventualConsistencyPart } from './layer/eventual-consistency.js';
import { expiryAndThrottlingPart } from './layer/expiry-and-throttling.js';
import { mfaCodeIsValid, mfaCodesPart } from './layer/mfa-codes.js';
import { caseInsensitiveNamesPart } from './layer/names.js';
import { passwordPolicyPart } from './layer/password-policy.js';
import { rootUserPart } from './layer/root-user.js';

export type {
  Identity,
  LayerAnswer,
  LayerContext,
  LayerOptions,
  LayerPart,
  LayerPartName,
  RegionOptStatus,
  RootTaskPolicyName,
  SeededAnalyzer,
} from './layer/core.js';

/**
 * The parts, in the order they see a request: a session or key that no longer works fails before
 * anything else (expiry; the root user's part answers for a deleted key, which authorization passes
 * by), then authorization, then what the service itself checks. Part 2 (the credential report,
 * issue 15) plugs in by adding its part to this list. Only parts marked `otherServices` (part 9,
 * IAM Access Analyzer and the Account API's regions, which moto lacks) see requests to other services.
 */
export const layerParts: readonly LayerPart[] = [
  expiryAndThrottlingPart,
  authorizationPart,
  rootUserPart,
  eventualConsistencyPart,
  caseInsensitiveNamesPart,
  passwordPolicyPart,
  mfaCodesPart,
  accessAnalyzerPart,
];

/** The access key the tests' CLI runs sign with (test/support/cli-env.ts): the root user's, as on day 1. */
export const defaultRootAccessKey = 'AKIAIOSFODNN7EXAMPLE';

export interface AwsLayer {
  /** An answer instead of moto's, or undefined to pass the request on. */
  before(request: RecordedRequest): Promise<LayerAnswer | undefined>;
  /** moto's answer as AWS would give it. */
  after(request: RecordedRequest, answer: LayerAnswer): Promise<LayerAnswer>;
  readonly context: LayerContext;
}

export function createAwsLayer(
  options: LayerOptions,
  accountId: string,
  motoUrl: string,
  parts: readonly LayerPart[] = layerParts,
): AwsLayer {
  const off = new Set(options.off ?? []);
  const context: LayerContext = {
    accountId,
    options,
    moto: motoIam(motoUrl, accountId),
    rootAccessKeys: new Set(options.root?.accessKeys ?? [defaultRootAccessKey]),
    rootSigningCertificates: new Set(options.root?.signingCertificates ?? []),
    revokedKeys: new Set(options.revokedAccessKeys ?? []),
    userKeys: new Set(),
    sessions: new Map(),
    mfaSeeds: new Map(),
    isOn: (part) => !off.has(part),
    identity: (request) => resolveIdentity(request, context),
  };
  const active = parts.filter((part) => context.isOn(part.name));
  return {
    context,
    async before(request) {
      const parts = request.service === 'other' ? active.filter((part) => part.otherServices) : active;
      for (const part of parts) {
        const answer = await part.before?.(request, context);
        if (answer) return answer;
      }
      return request.service === 'other' ? undefined : sessionAnswers(request, context);
    },
    async after(request, answer) {
      if (request.service === 'other') return answer;
      let current = answer;
      for (const part of active) current = (await part.after?.(request, current, context)) ?? current;
      return (await sessionIssued(request, current, context)) ?? current;
    },
  };
}

/**
 * Temporary credentials are the layer's own (moto hands every caller the same fixed key): an MFA
 * session is what `aws:MultiFactorAuthPresent` is true for, and GetCallerIdentity answers with
 * the user the session belongs to.
 */
async function sessionAnswers(request: RecordedRequest, ctx: LayerContext): Promise<LayerAnswer | undefined> {
  if (request.service !== 'sts') return undefined;
  if (request.action === 'GetSessionToken') {
    const base = await ctx.identity(request);
    if (base.kind !== 'root' && base.kind !== 'user') return undefined;
    const serial = request.params['SerialNumber'];
    const code = request.params['TokenCode'];
    if (serial && ctx.isOn('mfa-codes') && !mfaCodeIsValid(ctx, serial, code ?? '')) {
      return errorAnswer(403, 'AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code. ', 'sts');
    }
    return undefined;
  }
  if (request.action === 'GetCallerIdentity') {
    const identity = await ctx.identity(request);
    if (identity.kind !== 'user' || !identity.session) return undefined;
    const user = await ctx.moto.send(new GetUserCommand({ UserName: identity.userName }));
    return resultAnswer(
      'sts',
      'GetCallerIdentity',
      `<Arn>${principalArn(identity, ctx.accountId)}</Arn><UserId>${user.User?.UserId ?? ''}</UserId><Account>${ctx.accountId}</Account>`,
    );
  }
  return undefined;
}

/**
 * moto's GetSessionToken answer, with credentials of the layer's own instead of moto's fixed key
 * (rewritten rather than answered, so fault tests can still refuse or hold the call).
 */
async function sessionIssued(request: RecordedRequest, answer: LayerAnswer, ctx: LayerContext): Promise<LayerAnswer | undefined> {
  if (request.service !== 'sts' || request.action !== 'GetSessionToken' || answer.status !== 200) return undefined;
  const base = await ctx.identity(request);
  if (base.kind !== 'root' && base.kind !== 'user') return undefined;
  const accessKeyId = `ASIA${randomBytes(8).toString('hex').toUpperCase()}`;
  ctx.sessions.set(accessKeyId, { base, mfa: Boolean(request.params['SerialNumber'] && request.params['TokenCode']) });
  const seconds = Number(request.params['DurationSeconds'] ?? 43_200);
  return resultAnswer(
    'sts',
    'GetSessionToken',
    `<Credentials><AccessKeyId>${accessKeyId}</AccessKeyId><SecretAccessKey>${randomBytes(20).toString('base64')}</SecretAccessKey>` +
      `<SessionToken>${randomBytes(48).toString('base64')}</SessionToken>` +
      `<Expiration>${new Date(Date.now() + seconds * 1000).toISOString()}</Expiration></Credentials>`,
  );
}

async function resolveIdentity(request: RecordedRequest, ctx: LayerContext): Promise<Identity> {
  const key = request.accessKeyId;
  const session = ctx.sessions.get(key);
  if (session) {
    return session.base.kind === 'root'
      ? { kind: 'root', accessKeyId: key, mfa: session.mfa }
      : { kind: 'user', userName: session.base.userName, accessKeyId: key, mfa: session.mfa, session: true };
  }
  if (ctx.revokedKeys.has(key)) return { kind: 'invalid' };
  const task = ctx.options.root?.taskSessions?.[key];
  if (task) return { kind: 'root', accessKeyId: key, mfa: false, task };
  if (ctx.rootAccessKeys.has(key)) return { kind: 'root', accessKeyId: key, mfa: false };
  try {
    const owner = await ctx.moto.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: key }));
    if (owner.UserName) {
      ctx.userKeys.add(key);
      return { kind: 'user', userName: owner.UserName, accessKeyId: key, mfa: false, session: false };
    }
  } catch {
    // not (or no longer) an IAM user's key
  }
  if (ctx.userKeys.has(key)) {
    ctx.revokedKeys.add(key);
    return { kind: 'invalid' };
  }
  if (ctx.isOn('root-user')) {
    // A key nobody in this account issued: the tests' fake keys stand for the root user's keys.
    ctx.rootAccessKeys.add(key);
    return { kind: 'root', accessKeyId: key, mfa: false };
  }
  return { kind: 'moto-default' };
}

function motoIam(motoUrl: string, accountId: string): IAMClient {
  const client = new IAMClient({
    region: 'us-east-1',
    endpoint: motoUrl,
    credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  client.middlewareStack.add(
    (next) => async (args) => {
      (args.request as { headers: Record<string, string> }).headers['x-moto-account-id'] = accountId;
      return next(args);
    },
    { step: 'build', name: 'motoAccount' },
  );
  return client;
}
