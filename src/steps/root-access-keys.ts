import {
  DeleteAccessKeyCommand,
  DeleteSigningCertificateCommand,
  GetUserCommand,
  ListAccessKeysCommand,
  ListSigningCertificatesCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import type { Answers } from '../answers/answers.js';
import { ifExists } from '../aws/errors.js';
import { readAccountSummary } from '../iam/account-reads.js';
import { consoleUrl, accountSignInUrl, type Caller, taskPolicyMayBe, taskPolicyWords } from '../aws/caller.js';
import { inspectUser } from '../iam/user-reads.js';
import { VerifyError } from '../lib/errors.js';
import {
  defineStep,
  type Change,
  type RootCredential,
  type RunPassword,
  type StepPlan,
  type TypedConfirmation,
} from '../contracts/step.js';

interface Inspection {
  readonly present: boolean;
  /** Root's own key IDs, readable only when the caller is root. */
  readonly rootKeyIds: readonly string[];
  /** Root's X.509 signing certificates: long-lived credentials like its keys, listed and deleted with them. */
  readonly rootCertificateIds: readonly string[];
  /** What GetAccountSummary counts (all a caller other than root can see). */
  readonly keysPresent: boolean;
  readonly certificatesPresent: boolean;
  /** Why the new administrator cannot yet take over from root, if it cannot. */
  readonly adminNotReady?: string;
  /** The admin is set up but AWS shows no sign-in yet (PasswordLastUsed). */
  readonly adminSignInUnproven?: boolean;
}

/**
 * Root keys go only once someone else can run the account: the admin exists, is in the admin
 * group, has a console password, and has signed in (PasswordLastUsed) or the operator says so.
 */
async function adminReadiness(iam: IAMClient, answers: Answers): Promise<Pick<Inspection, 'adminNotReady' | 'adminSignInUnproven'>> {
  const name = answers.admin.name;
  const [user, details] = await Promise.all([ifExists(iam.send(new GetUserCommand({ UserName: name }))), inspectUser(iam, name)]);
  if (!user || !details.exists) return { adminNotReady: `the administrator ${name} does not exist` };
  if (!details.groups.includes(answers.adminGroup.name)) return { adminNotReady: `${name} is not in ${answers.adminGroup.name}` };
  if (!details.hasLoginProfile) return { adminNotReady: `${name} has no console password` };
  return user.User?.PasswordLastUsed ? {} : { adminSignInUnproven: true };
}

interface Data {
  /** In deletion order: the key signing this run comes last, so the run can finish. */
  readonly deleteOrder: readonly string[];
  /** Deleted before any key, while the run can still sign. */
  readonly certificates?: readonly string[];
}

/** What root holds, for messages: "access keys", "signing certificates" or both. */
function rootCredentials(keys: boolean, certificates: boolean): string {
  return (
    [keys ? 'access keys' : undefined, certificates ? 'signing certificates' : undefined].filter(Boolean).join(' and ') || 'access keys'
  );
}

/** Orders root keys for deletion: every other key first, the one signing this run last. */
export function deletionOrder(keyIds: readonly string[], signingKeyId: string | undefined): string[] {
  return [...keyIds.filter((id) => id !== signingKeyId), ...keyIds.filter((id) => id === signingKeyId)];
}

/**
 * Why this run's passwords keep the root keys: one has not reached its person yet (a scripted run
 * prints the sign-in card only when it ends), or the admin's password is new in this run and nobody
 * has confirmed a sign-in with it since it was handed over. A confirmation written in an answers file
 * before the run, like an earlier PasswordLastUsed, says nothing about a password this run issued;
 * the wizard asks after it showed the card, and that answer counts.
 */
function passwordBlocker(answers: Answers, passwords: readonly RunPassword[]): string | undefined {
  const undelivered = passwords.filter((p) => !p.delivered).map((p) => p.userName);
  if (undelivered.length > 0) {
    return (
      `the password${undelivered.length === 1 ? '' : 's'} this run issued for ${undelivered.join(', ')} ` +
      `${undelivered.length === 1 ? 'has' : 'have'} not been delivered yet (the sign-in card comes at the end of the run)`
    );
  }
  const admin = passwords.find((p) => p.userName.toLowerCase() === answers.admin.name.toLowerCase());
  if (admin && !admin.shownToPerson) {
    return (
      `${answers.admin.name}'s password is new in this run, so ${answers.admin.name} cannot have signed in with it yet ` +
      `(admin.signInConfirmed counts only for an administrator whose password predates the run)`
    );
  }
  return undefined;
}

/**
 * An sts:AssumeRoot task session reads root's keys and certificates themselves: its task policy
 * allows ListAccessKeys and ListSigningCertificates on oneself, and not GetAccountSummary.
 */
async function inspectInTaskSession(iam: IAMClient): Promise<Inspection> {
  const [keys, certificates] = await Promise.all([
    iam.send(new ListAccessKeysCommand({})),
    iam.send(new ListSigningCertificatesCommand({})),
  ]);
  const rootKeyIds = (keys.AccessKeyMetadata ?? []).map((k) => k.AccessKeyId ?? '');
  const rootCertificateIds = (certificates.Certificates ?? []).map((c) => c.CertificateId ?? '');
  const keysPresent = rootKeyIds.length > 0;
  const certificatesPresent = rootCertificateIds.length > 0;
  return { present: keysPresent || certificatesPresent, rootKeyIds, rootCertificateIds, keysPresent, certificatesPresent };
}

/**
 * In a task session, the organization's management (or delegated administrator) account made
 * these credentials, and can open another session whenever it needs one (sts:AssumeRoot, with
 * IAMCreateRootUserPassword to give root a password again): deleting root's keys locks nobody out,
 * so they go without waiting for the new administrator. Deleting needs IAMDeleteRootUserCredentials.
 */
function planInTaskSession(keyIds: readonly string[], certificateIds: readonly string[], caller: Caller, answers: Answers): StepPlan<Data> {
  const what = `${rootCredentials(keyIds.length > 0, certificateIds.length > 0)} (${[...keyIds, ...certificateIds].join(', ')})`;
  const newSession =
    'an sts:AssumeRoot session with task policy IAMDeleteRootUserCredentials (from the management or delegated administrator account: ' +
    `aws sts assume-root --target-principal ${caller.accountId} ` +
    `--task-policy-arn arn=arn:${caller.partition}:iam::aws:policy/root-task/IAMDeleteRootUserCredentials)`;
  if (answers.rootAccessKeys !== 'delete') {
    return {
      changes: [],
      pending: {
        reason: `the root user has ${what}, kept because rootAccessKeys is keep`,
        howTo: `Set rootAccessKeys: delete and run again in ${newSession}`,
      },
      data: { deleteOrder: [] },
    };
  }
  if (!taskPolicyMayBe(caller.rootTaskPolicy, 'IAMDeleteRootUserCredentials')) {
    return {
      changes: [],
      pending: {
        reason:
          `the root user has ${what}; deleting them is not possible with these credentials, so not attempted: ` +
          `${caller.rootTaskPolicy ? taskPolicyWords(caller.rootTaskPolicy) : 'the task policy of this session'} allows reading them only`,
        howTo: `Run again in ${newSession}`,
      },
      data: { deleteOrder: [] },
    };
  }
  return {
    changes: [
      ...certificateIds.map((id): Change => ({ kind: 'delete', target: `root signing certificate ${id}` })),
      ...keyIds.map((id): Change => ({ kind: 'delete', target: `root access key ${id}` })),
    ],
    ...(caller.rootTaskPolicy === 'audit-or-delete' && {
      notes: [
        'plan does not test whether the task policy allows deleting them (only a delete call would tell); ' +
          'under IAMAuditRootUserCredentials, apply reports them instead',
      ],
    }),
    // The session signs with keys of its own: none of these is the run's.
    confirmation: typedDeletion(certificateIds, keyIds, undefined),
    data: { deleteOrder: keyIds, certificates: certificateIds },
  };
}

/** Deleting root credentials cannot be undone: the operator types the word instead of pressing y. */
function typedDeletion(certificateIds: readonly string[], keyIds: readonly string[], signingKeyId: string | undefined): TypedConfirmation {
  return {
    kind: 'typed',
    phrase: 'delete',
    deletes: [
      ...certificateIds.map((id): RootCredential => ({ kind: 'signing-certificate', id })),
      ...keyIds.map((id): RootCredential => ({ kind: 'access-key', id, ...(id === signingKeyId && { signsThisRun: true }) })),
    ],
  };
}

export const rootAccessKeys = defineStep<Inspection, Data>({
  id: 'root-access-keys',
  title: 'Root access keys',
  why:
    'Root access keys never expire and cannot be limited by any policy; nobody should have them. This runs last, because it may ' +
    'delete the key this run signs with.',
  // As root it reads the admin user that earlier steps of this run create. Any other caller reads
  // nothing late: caller-group-mfa may have just denied it every read.
  inspectLate: ({ caller }) => caller.kind === 'root',
  // An sts:AssumeRoot session may read root's keys and certificates under either task policy, and
  // delete them under IAMDeleteRootUserCredentials.
  taskPolicies: ['IAMAuditRootUserCredentials', 'IAMDeleteRootUserCredentials'],
  runsLast: true,
  // Once the keys are gone, the people with passwords are the only way in: every password of the
  // run must have reached them first.
  afterPasswordsDelivered: true,

  questions: (inspection, { answers }) =>
    inspection.adminSignInUnproven && answers.rootAccessKeys === 'delete'
      ? [
          {
            key: 'admin.signInConfirmed',
            kind: 'confirm',
            message: `Has ${answers.admin.name} signed in and changed the password? (root access keys are deleted only then)`,
          },
        ]
      : [],

  async inspect({ iam, reads, caller, answers }) {
    if (caller.rootTask) return inspectInTaskSession(iam);
    const summary = await reads.accountSummary();
    const keysPresent = summary['AccountAccessKeysPresent'] === 1;
    const certificatesPresent = summary['AccountSigningCertificatesPresent'] === 1;
    const present = keysPresent || certificatesPresent;
    if (!present || caller.kind !== 'root') return { present, rootKeyIds: [], rootCertificateIds: [], keysPresent, certificatesPresent };
    // Without UserName, ListAccessKeys and ListSigningCertificates list the caller's own: here, root's.
    const [keys, certificates, readiness] = await Promise.all([
      iam.send(new ListAccessKeysCommand({})),
      iam.send(new ListSigningCertificatesCommand({})),
      adminReadiness(iam, answers),
    ]);
    return {
      present,
      rootKeyIds: (keys.AccessKeyMetadata ?? []).map((k) => k.AccessKeyId ?? ''),
      rootCertificateIds: (certificates.Certificates ?? []).map((c) => c.CertificateId ?? ''),
      keysPresent,
      certificatesPresent,
      ...readiness,
    };
  },

  plan(
    { present, rootKeyIds, rootCertificateIds, keysPresent, certificatesPresent, adminNotReady, adminSignInUnproven },
    { caller, answers, passwordsOfRun, signingAccessKeyId },
  ) {
    if (!present) return { changes: [], upToDate: 'the root user has no access keys or signing certificates', data: { deleteOrder: [] } };
    if (caller.rootTask) return planInTaskSession(rootKeyIds, rootCertificateIds, caller, answers);
    const link = consoleUrl(caller.partition, '/iam/home#/security_credentials');
    const what =
      caller.kind === 'root'
        ? rootCredentials(rootKeyIds.length > 0, rootCertificateIds.length > 0)
        : rootCredentials(keysPresent, certificatesPresent);
    if (caller.kind !== 'root') {
      return {
        changes: [],
        pending: {
          reason: `the root user has ${what}`,
          howTo:
            `Sign in as the root user, open ${link}, and delete every access key under "Access keys" and every certificate under ` +
            `"X.509 certificates"; then run aws-day-one again to check`,
          link,
        },
        data: { deleteOrder: [] },
      };
    }
    if (answers.rootAccessKeys !== 'delete') {
      return {
        changes: [],
        pending: {
          reason: `the root user has ${what} (${[...rootKeyIds, ...rootCertificateIds].join(', ')}), kept because rootAccessKeys is keep`,
          howTo: 'Set rootAccessKeys: delete and run again once you sign in as the new administrator, or delete them in the console',
          link,
        },
        data: { deleteOrder: [] },
      };
    }
    const blocker =
      adminNotReady ??
      passwordBlocker(answers, passwordsOfRun?.() ?? []) ??
      (adminSignInUnproven && !answers.admin.signInConfirmed
        ? `${answers.admin.name} has not signed in yet (AWS shows no PasswordLastUsed)`
        : undefined);
    if (blocker) {
      const url = accountSignInUrl(caller, answers.account.alias);
      return {
        changes: [],
        pending: {
          reason: `the root user has ${what}, kept for now: ${blocker}`,
          howTo:
            `Have ${answers.admin.name} sign in at ${url} and change the password, then run again (or set admin.signInConfirmed: ` +
            `true once they have)`,
          link: url,
        },
        data: { deleteOrder: [] },
      };
    }
    return {
      changes: [
        ...rootCertificateIds.map((id): Change => ({ kind: 'delete', target: `root signing certificate ${id}` })),
        ...rootKeyIds.map((id): Change => ({ kind: 'delete', target: `root access key ${id}` })),
      ],
      confirmation: typedDeletion(rootCertificateIds, rootKeyIds, signingAccessKeyId),
      data: { deleteOrder: rootKeyIds, certificates: rootCertificateIds },
    };
  },

  async apply({ data }, { iam, signingAccessKeyId }) {
    // Certificates first: the run still signs with its key until the very last call.
    for (const id of data.certificates ?? []) await ifExists(iam.send(new DeleteSigningCertificateCommand({ CertificateId: id })));
    const order = deletionOrder(data.deleteOrder, signingAccessKeyId);
    // Already gone: a retried request whose first answer was lost.
    for (const id of order) await ifExists(iam.send(new DeleteAccessKeyCommand({ AccessKeyId: id })));
    const signing = order.includes(signingAccessKeyId ?? '')
      ? `; the key of this run (${signingAccessKeyId}) went last and no longer works`
      : '';
    const certificates = data.certificates?.length ? ` and ${data.certificates.length} root signing certificate(s)` : '';
    const summary = `deleted ${order.length} root access key(s)${certificates}${signing}`;
    // Only the key the run signs with retires its credentials: a session (root's own, or an
    // sts:AssumeRoot task session) signs with keys of its own, which deleting root's keys leaves working.
    if (!signing) return { summary };
    return { summary, credentialsRetired: { kind: 'deleted', reason: 'the root access key of this run was deleted' } };
  },

  async verify({ data }, { iam, caller, signingAccessKeyId }) {
    // After the signing key is gone, no call can succeed: the deletion itself is the proof.
    if (data.deleteOrder.includes(signingAccessKeyId ?? '')) return;
    if (caller.rootTask) {
      const left = await inspectInTaskSession(iam);
      if (left.present) throw new VerifyError(`the root user still has ${rootCredentials(left.keysPresent, left.certificatesPresent)}`);
      return;
    }
    const summary = await readAccountSummary(iam);
    if (summary['AccountAccessKeysPresent'] === 1) throw new VerifyError('the root user still has access keys');
    if (summary['AccountSigningCertificatesPresent'] === 1) throw new VerifyError('the root user still has signing certificates');
  },
});
