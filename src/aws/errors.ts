import { AsyncLocalStorage } from 'node:async_hooks';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { STSClient } from '@aws-sdk/client-sts';
import { AwsCallError, BadInputError, VerifyError } from '../lib/errors.js';

interface TaggedError extends Error {
  $action?: string;
  $service?: string;
}

/** Tags every error with the API action that raised it, so messages can name it. */
export function tagErrorsWithAction(client: IAMClient | STSClient, service: 'iam' | 'sts'): void {
  // Both clients share the smithy middleware stack; one type serves to add a service-agnostic step.
  (client.middlewareStack as IAMClient['middlewareStack']).add(
    (next, context) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        if (error instanceof Error) {
          const tagged = error as TaggedError;
          tagged.$action ??= context.commandName?.replace(/Command$/, '');
          tagged.$service ??= service;
        }
        throw error;
      }
    },
    { step: 'initialize', name: 'awsDayOneTagAction' },
  );
}

/**
 * IAM answers LimitExceeded when a quota is reached (groups per account, policies per group, ...).
 * The SDK counts LimitExceededException as throttling and retries it for about 10 s, but a quota does
 * not lift by waiting: the error takes IAM's own code, which the SDK does not retry.
 */
export function quotaErrorsAreFinal(client: IAMClient): void {
  client.middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        if (error instanceof Error && error.name === 'LimitExceededException') error.name = 'LimitExceeded';
        throw error;
      }
    },
    // Inside the retry middleware (finalizeRequest), around the deserializer that builds the error.
    { step: 'deserialize', priority: 'high', name: 'awsDayOneQuotaErrorsAreFinal' },
  );
}

export function errorCode(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}

/**
 * Matches an AWS error code with or without the SDK's `Exception` suffix: the SDK names modelled
 * errors `NoSuchEntityException` where the wire code is `NoSuchEntity`.
 */
export function isAwsError(error: unknown, ...codes: string[]): boolean {
  const code = errorCode(error)?.replace(/Exception$/, '');
  return code !== undefined && codes.some((c) => c.replace(/Exception$/, '') === code);
}

/** Runs a read that answers NoSuchEntity for "not there"; returns undefined then. */
export async function ifExists<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (error) {
    if (isAwsError(error, 'NoSuchEntity', 'NoSuchEntityException')) return undefined;
    throw error;
  }
}

const eventualConsistencyCodes = [
  'NoSuchEntity',
  'EntityTemporarilyUnmodifiable',
  'ConcurrentModification',
  'ConcurrentModificationException',
];

/**
 * How long to wait for IAM to show a change. AWS documents that IAM changes take time to become
 * visible; Terraform's AWS provider waits up to 2 minutes for them, and so does this tool.
 * AWS_DAY_ONE_IAM_WAIT_SECONDS shortens it (tests).
 */
export function iamWaitCapMs(): number {
  const seconds = Number(process.env['AWS_DAY_ONE_IAM_WAIT_SECONDS']);
  return (Number.isFinite(seconds) && seconds > 0 ? seconds : 120) * 1000;
}

/** A wait longer than this gets a progress line, so a run never sits silent (half the cap when that is shorter). */
const noticeAfterMs = 5_000;
const firstDelayMs = 100;
const longestDelayMs = 5_000;

/** Where a long wait is announced: the step it happens in (set by the engine around each step). */
export const iamWaitNotices = new AsyncLocalStorage<(note: string) => void>();

/** The change is made, but IAM does not show it yet after the whole wait: not a failure of the step. */
export class NotYetVisibleError extends Error {
  override readonly name = 'NotYetVisibleError';
  constructor(
    readonly waitedMs: number,
    readonly reason: unknown,
  ) {
    super(`AWS does not show the change yet after ${Math.round(waitedMs / 1000)} s`);
  }
}

/**
 * IAM is eventually consistent: an entity created a moment ago can be "missing" to the next call.
 * The SDK retries throttling and 5xx itself; this covers the IAM-specific transient answers.
 */
export function retryEventual<T>(call: () => Promise<T>, what = 'a change'): Promise<T> {
  return retryWhile(call, (error) => isAwsError(error, ...eventualConsistencyCodes), what);
}

/**
 * The same for the read-back after a change: on AWS, a read right after a change may not show it
 * yet, so a verify that finds it missing looks again for as long; when it still does not show,
 * NotYetVisibleError says so (the change was accepted: it is not a failed step).
 */
export async function retryVerify(verify: () => Promise<void>): Promise<void> {
  const started = Date.now();
  try {
    await retryWhile(verify, (error) => error instanceof VerifyError || isAwsError(error, ...eventualConsistencyCodes), 'the change');
  } catch (error) {
    if (error instanceof VerifyError || isAwsError(error, ...eventualConsistencyCodes))
      throw new NotYetVisibleError(Date.now() - started, error);
    throw error;
  }
}

async function retryWhile<T>(call: () => Promise<T>, transient: (error: unknown) => boolean, what: string): Promise<T> {
  const cap = iamWaitCapMs();
  const started = Date.now();
  let announced = false;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const waited = Date.now() - started;
      const delay = Math.min(firstDelayMs * 2 ** (attempt - 1), longestDelayMs) * (1 + Math.random() * 0.5);
      if (!transient(error)) throw error;
      // Said once the wait reaches a few seconds, even when it ends right there.
      if (!announced && waited + delay >= Math.min(noticeAfterMs, cap / 2)) {
        announced = true;
        iamWaitNotices.getStore()?.(
          `waiting for IAM to show ${what} (AWS applies IAM changes with a delay; up to ${Math.round(cap / 1000)} s)`,
        );
      }
      if (waited + delay > cap) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/**
 * Runs a create call and returns false when the entity is already there. The SDK retries a request
 * whose answer was lost (a dropped connection after AWS applied it); the retry then meets the entity
 * its first attempt made. The caller's verify() still checks that what exists is what was asked.
 */
export async function createIfMissing(call: () => Promise<unknown>): Promise<boolean> {
  try {
    await call();
    return true;
  } catch (error) {
    if (isAwsError(error, 'EntityAlreadyExists')) return false;
    throw error;
  }
}

/** Turns an SDK error into what the operator needs to read: which call, why, and what to do. */
/** Who made the failed call: its ARN for the message, and whether it signs with temporary credentials. */
export interface FailedCaller {
  readonly arn: string;
  readonly temporary?: boolean;
  readonly mfaSession?: boolean;
}

/** A user's or root's own sts:GetSessionToken session made without MFA (an assumed role's session is another kind). */
function sessionTokenWithoutMfa(caller: FailedCaller | undefined): boolean {
  return Boolean(caller?.temporary && !caller.mfaSession && /:(user\/|root$)/.test(caller.arn));
}

export function translateAwsError(error: unknown, caller?: FailedCaller): Error {
  const callerArn = caller?.arn;
  if (!(error instanceof Error)) return new Error(String(error));
  if (error instanceof BadInputError || error instanceof AwsCallError || error instanceof VerifyError) return error;
  if (!('$metadata' in error) && !('$action' in error) && error.name === 'Error') return error;
  const tagged = error as TaggedError;
  const action = tagged.$action ? `${tagged.$service ?? 'iam'}:${tagged.$action}` : 'an AWS call';
  const code = error.name;
  if (code === 'CredentialsProviderError' || /Could not load credentials/i.test(error.message)) {
    return new BadInputError(
      'credentials',
      'no AWS credentials found; sign in (aws configure / aws sso login), or pass --profile NAME, ' +
        'or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY',
    );
  }
  if (code === 'ExpiredToken' || code === 'ExpiredTokenException' || code === 'RequestExpired') {
    return new BadInputError('credentials', 'the AWS credentials have expired; refresh them (e.g. aws sso login) and run again');
  }
  const skew = clockOffsetSeconds(error.message);
  if (skew !== undefined) {
    return new BadInputError(
      'credentials',
      `this computer's clock is ${formatOffset(skew)} ${skew < 0 ? 'behind' : 'ahead of'} AWS's (${code}: ${error.message}); ` +
        `AWS refuses requests signed more than 5 minutes off. Set the clock right (turn on network time) and run again`,
    );
  }
  if (code === 'InvalidClientTokenId' && tagged.$service === 'iam' && sessionTokenWithoutMfa(caller)) {
    // STS accepted these temporary credentials (GetCallerIdentity comes first), IAM does not: AWS's
    // rule for a session from sts:GetSessionToken made without MFA, which may call no IAM action at
    // all. Long-term keys refused by IAM were deleted or deactivated (the root key this run deleted).
    return new BadInputError(
      'credentials',
      `IAM refused these credentials although STS accepted them (${action}: InvalidClientTokenId): ` +
        `a session from sts:GetSessionToken without MFA cannot call IAM. ` +
        `Run with the long-term keys instead (this tool makes its own MFA session, with --mfa-code), ` +
        `or make the session with --serial-number and --token-code`,
    );
  }
  if (code === 'InvalidClientTokenId' || code === 'SignatureDoesNotMatch' || code === 'UnrecognizedClientException') {
    return new BadInputError('credentials', `AWS rejected the credentials (${code}); check the access key and secret, or the profile`);
  }
  if (isNetworkError(error)) {
    return new BadInputError(
      '--endpoint-url',
      `cannot reach the AWS endpoint (${(error as NodeJS.ErrnoException).code ?? error.message}); ` +
        `check --endpoint-url, AWS_ENDPOINT_URL and the network`,
    );
  }
  if (code === 'AccessDenied' || code === 'AccessDeniedException' || code === 'UnauthorizedOperation') {
    const who = callerArn ? ` ${callerArn}` : ' the caller';
    if (/explicit deny/i.test(error.message) && /:user\//.test(callerArn ?? '')) {
      // The usual explicit deny for an IAM user on day 1 is RequireMFA on their own group: granting
      // the action would not help, an MFA session would.
      return new AwsCallError(
        action,
        `AccessDenied: ${who.trim()} is denied ${action} by an explicit deny (${error.message}). ` +
          `If your group requires MFA (RequireMFA denies everything but enrolling MFA to a session without it): ` +
          `enrol an MFA device for your user, then run again with --mfa-code CODE and this tool makes an MFA session.`,
        code,
      );
    }
    return new AwsCallError(
      action,
      `AccessDenied: ${who.trim()} is not allowed to call ${action}. Run as the root user or an identity with AdministratorAccess, ` +
        `or grant ${action}.`,
      code,
    );
  }
  if (isAwsError(error, 'LimitExceeded')) {
    return new AwsCallError(
      action,
      `${action} failed: an IAM quota is reached (${error.message}). Delete or detach what is no longer needed, ` +
        `or ask for a higher quota in Service Quotas, then run again.`,
      code,
    );
  }
  return new AwsCallError(action, `${action} failed: ${code}: ${error.message}`, code);
}

/**
 * How far this computer's clock is from AWS's, from AWS's own words: "Signature expired: REQUEST is
 * now earlier than LIMIT (AWS_NOW - 5 min.)" or "Signature not yet current: REQUEST is still later
 * than LIMIT (AWS_NOW + 5 min.)". Negative: behind AWS.
 */
export function clockOffsetSeconds(message: string): number | undefined {
  const match = /Signature (?:expired|not yet current): (\d{8}T\d{6}Z) is .*\((\d{8}T\d{6}Z) [+-] \d+ min\.\)/.exec(message);
  if (!match) return undefined;
  const time = (stamp: string): number => Date.parse(stamp.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z'));
  return (time(match[1]!) - time(match[2]!)) / 1000;
}

function formatOffset(seconds: number): string {
  const total = Math.round(Math.abs(seconds));
  const [h, m, s] = [Math.floor(total / 3600), Math.floor((total % 3600) / 60), total % 60];
  return [h && `${h} h`, m && `${m} min`, s && `${s} s`].filter(Boolean).join(' ') || '0 s';
}

function isNetworkError(error: Error): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return (
    ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH'].includes(code ?? '') ||
    error.name === 'TimeoutError'
  );
}
