import { DeleteAccessKeyCommand, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { readAccountSummary } from '../src/account-reads.js';
import { consoleUrl } from '../src/caller.js';
import { VerifyError } from '../src/errors.js';
import { defineStep, type Change } from '../src/step.js';

interface Inspection {
  readonly present: boolean;
  /** Root's own key IDs, readable only when the caller is root. */
  readonly rootKeyIds: readonly string[];
}

interface Data {
  /** In deletion order: the key signing this run comes last, so the run can finish. */
  readonly deleteOrder: readonly string[];
}

/** Orders root keys for deletion: every other key first, the one signing this run last. */
export function deletionOrder(keyIds: readonly string[], signingKeyId: string | undefined): string[] {
  return [...keyIds.filter((id) => id !== signingKeyId), ...keyIds.filter((id) => id === signingKeyId)];
}

export const rootAccessKeys = defineStep<Inspection, Data>({
  id: 'root-access-keys',
  title: 'Root access keys',
  why: 'Root access keys never expire and cannot be limited by any policy; nobody should have them. This runs last, because it may delete the key this run signs with.',

  async inspect({ iam, reads, caller }) {
    const summary = await reads.accountSummary();
    const present = summary['AccountAccessKeysPresent'] === 1;
    if (!present || caller.kind !== 'root') return { present, rootKeyIds: [] };
    // Without UserName, ListAccessKeys lists the keys of the caller: here, the root user.
    const keys = await iam.send(new ListAccessKeysCommand({}));
    return { present, rootKeyIds: (keys.AccessKeyMetadata ?? []).map((k) => k.AccessKeyId ?? '') };
  },

  plan({ present, rootKeyIds }, { caller, answers }) {
    if (!present) return { changes: [], upToDate: 'the root user has no access keys', data: { deleteOrder: [] } };
    const link = consoleUrl(caller.partition, '/iam/home#/security_credentials');
    if (caller.kind !== 'root') {
      return {
        changes: [],
        pending: {
          reason: 'the root user has access keys',
          howTo: `Sign in as the root user, open ${link}, and delete every access key under "Access keys"; then run aws-day-one again to check`,
          link,
        },
        data: { deleteOrder: [] },
      };
    }
    if (answers.rootAccessKeys !== 'delete') {
      return {
        changes: [],
        pending: {
          reason: `the root user has access keys (${rootKeyIds.join(', ')}), kept because rootAccessKeys is keep`,
          howTo: 'Set rootAccessKeys: delete and run again once you sign in as the new administrator, or delete them in the console',
          link,
        },
        data: { deleteOrder: [] },
      };
    }
    return {
      changes: rootKeyIds.map((id): Change => ({ kind: 'delete', target: `root access key ${id}` })),
      data: { deleteOrder: rootKeyIds },
    };
  },

  async apply({ data }, { iam, signingAccessKeyId }) {
    const order = deletionOrder(data.deleteOrder, signingAccessKeyId);
    for (const id of order) await iam.send(new DeleteAccessKeyCommand({ AccessKeyId: id }));
    const signing = order.includes(signingAccessKeyId ?? '') ? `; the key of this run (${signingAccessKeyId}) went last and no longer works` : '';
    return { summary: `deleted ${order.length} root access key(s)${signing}` };
  },

  async verify({ data }, { iam, signingAccessKeyId }) {
    // After the signing key is gone, no call can succeed: the deletion itself is the proof.
    if (data.deleteOrder.includes(signingAccessKeyId ?? '')) return;
    const summary = await readAccountSummary(iam);
    if (summary['AccountAccessKeysPresent'] === 1) throw new VerifyError('the root user still has access keys');
  },
});
