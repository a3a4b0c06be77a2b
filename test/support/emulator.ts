import { randomInt } from 'node:crypto';
import { AccountClient } from '@aws-sdk/client-account';
import { IAMClient } from '@aws-sdk/client-iam';
import { afterEach, inject } from 'vitest';
import { startAwsProxy, type AwsProxy, type ProxyOptions } from './aws-proxy.js';

/** The moto server started once for the whole run (test/support/global-setup.ts). */
export function motoUrl(): string {
  return inject('motoUrl');
}

/** A 12-digit account nobody else in this run uses: moto keeps a separate IAM per account. */
export function freshAccountId(): string {
  return `${randomInt(1, 9)}${String(randomInt(0, 10 ** 11)).padStart(11, '0')}`;
}

/**
 * An account of its own, reached through a recording proxy with the layer that makes moto behave
 * as AWS does (test/support/aws-layer.ts) on: `layer: { off: [...] }` switches parts off.
 */
export async function freshAccount(
  options: Omit<ProxyOptions, 'target' | 'accountId'> = {},
): Promise<{ accountId: string; proxy: AwsProxy; iam: IAMClient }> {
  const accountId = freshAccountId();
  const proxy = await startAwsProxy({ target: motoUrl(), accountId, ...options, layer: options.layer ?? {} });
  return { accountId, proxy, iam: emulatorIam(accountId) };
}

/** An IAM client that reads (and, for setting up scenarios, writes) moto's state for one account directly. */
export function emulatorIam(accountId: string): IAMClient {
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';
  return onMotoAccount(new IAMClient(motoClientConfig()), accountId);
}

/** An Account API client reading moto's state for one account directly (alternate contacts). */
export function emulatorAccount(accountId: string): AccountClient {
  return onMotoAccount(new AccountClient(motoClientConfig()), accountId);
}

/** Straight to moto, with the fake keys it takes from anyone. */
function motoClientConfig() {
  return { region: 'us-east-1', endpoint: motoUrl(), credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'test' } };
}

/** Sends every request of the client to one moto account (moto keeps a separate state per account). */
function onMotoAccount<C extends IAMClient | AccountClient>(client: C, accountId: string): C {
  (client.middlewareStack as IAMClient['middlewareStack']).add(
    (next) => async (args) => {
      const request = args.request as { headers: Record<string, string> };
      request.headers['x-moto-account-id'] = accountId;
      return next(args);
    },
    { step: 'build', name: 'motoAccount' },
  );
  return client;
}

/**
 * freshAccount() for one test file: every proxy it opens is closed after each test, so tests need
 * no bookkeeping of their own. Call once at the top of the file.
 */
export function freshAccountsClosedAfterEach(): typeof freshAccount {
  const open: AwsProxy[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((proxy) => proxy.close()));
  });
  return async (options = {}) => {
    const account = await freshAccount(options);
    open.push(account.proxy);
    return account;
  };
}
