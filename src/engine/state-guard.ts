import type { AwsClients } from '../aws/clients.js';
import type { StateStore } from '../state/state-store.js';

/**
 * IAM that first checks, on every call, that the state file is still being written (see
 * StateStore.failure): once a write failed, the file no longer records what the run does, so no
 * AWS call goes out after that and the run stops before its next change.
 */
export function stopWhenStateFails(iam: AwsClients['iam'], store: StateStore): AwsClients['iam'] {
  return new Proxy(iam, {
    get(target, property, receiver) {
      if (property !== 'send') return Reflect.get(target, property, receiver) as unknown;
      return (...args: Parameters<typeof target.send>) => {
        if (store.failure) return Promise.reject(store.failure);
        return (target.send as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}
