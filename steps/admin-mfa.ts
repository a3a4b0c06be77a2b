import { checkNewFilePath } from '../src/answers.js';
import { accountSignInUrl } from '../src/caller.js';
import { VerifyError } from '../src/errors.js';
import { enrolVirtualMfa, listAssignedMfa, listToolOrphans, toolDeviceName } from '../src/virtual-mfa.js';
import { defineStep, type Change } from '../src/step.js';
import { isOwnSecretFile } from '../src/state-store.js';

export { listAssignedMfa, listToolOrphans, toolDeviceName } from '../src/virtual-mfa.js';

interface Inspection {
  readonly assigned: readonly string[];
  /** Unassigned devices of this tool's naming: leftovers of an interrupted enrolment. */
  readonly orphans: readonly string[];
}

interface Data {
  readonly user: string;
  readonly deviceName: string;
  readonly orphans: readonly string[];
  readonly seedFile: string | undefined;
  readonly replaceOwnSeedFile: boolean;
}

export const adminMfa = defineStep<Inspection, Data>({
  id: 'admin-mfa',
  title: 'MFA for the administrator',
  why: 'A password alone is one phishing email away from the whole account; a second factor from an authenticator app stops that.',

  // A user who has MFA is not asked when to set it up (a start-over re-asks every question).
  questions: ({ assigned }, { answers }) => assigned.length > 0 ? [] : [
    {
      key: 'admin.mfa',
      kind: 'select',
      message: `When should ${answers.admin.name} set up MFA?`,
      choices: [
        { value: 'qr', label: 'Now: scan a QR code with an authenticator app' },
        { value: 'at-first-sign-in', label: 'At first sign-in (the group policy allows only MFA set-up until then)' },
      ],
    },
  ],

  async inspect({ iam, answers }) {
    const [assigned, orphans] = await Promise.all([
      listAssignedMfa(iam, answers.admin.name),
      listToolOrphans(iam, answers.admin.name),
    ]);
    return { assigned, orphans };
  },

  plan({ assigned, orphans }, { answers, caller, savedRecord }) {
    const user = answers.admin.name;
    const seedFile = answers.admin.mfaSeedFile;
    const record = savedRecord('admin-mfa');
    const replaceOwnSeedFile = seedFile !== undefined && isOwnSecretFile(seedFile, record.mfaSeedWritten, record.mfaSeedFileIdentity);
    const data: Data = { user, deviceName: toolDeviceName(user), orphans, seedFile, replaceOwnSeedFile };
    if (assigned.length > 0) return { changes: [], upToDate: `${user} has MFA (${assigned.join(', ')})`, data };
    if (answers.admin.mfa === 'at-first-sign-in') {
      const url = accountSignInUrl(caller, answers.account.alias);
      return {
        changes: [],
        pending: {
          reason: `${user} has no MFA yet; they enrol it at first sign-in`,
          howTo: `${user} signs in at ${url}, changes the password, then opens Security credentials > Assign MFA device; until then the group policy allows nothing else`,
          link: url,
        },
        pendingNeeds: ['admin-user'],
        data,
      };
    }
    if (data.seedFile && !replaceOwnSeedFile) checkNewFilePath('admin.mfaSeedFile', data.seedFile);
    const changes: Change[] = orphans.map((serial) => ({ kind: 'delete', target: `unassigned MFA device ${serial}`, detail: 'left by an interrupted enrolment; an authenticator entry made from its code never works' }));
    changes.push({ kind: 'create', target: `virtual MFA device ${data.deviceName}` });
    changes.push({ kind: 'enable', target: `MFA for ${user}`, detail: data.seedFile ? `seed written to ${data.seedFile}` : 'two consecutive codes from your app' });
    return { changes, data };
  },

  async apply({ data }, { iam, operator, saveRecord, answers, caller, stepReady }) {
    await saveRecord({ ...(data.seedFile ? { mfaSeedTarget: data.seedFile } : {}) });
    const serialNumber = await enrolVirtualMfa(
      iam,
      operator,
      {
        ...data,
        accountLabel: answers.account.alias || caller.accountId,
        userReady: () => stepReady('admin-user'),
        ...(data.seedFile ? {
          recordSeedIdentity: (identity: string) => saveRecord({ mfaSeedFileIdentity: identity }),
          recordSeedWritten: () => saveRecord({ mfaSeedWritten: data.seedFile }),
        } : {}),
      },
      (serial) => saveRecord({ mfaDeviceSerial: serial }),
    );
    return { summary: `${serialNumber} enabled for ${data.user}${data.seedFile ? `; seed in ${data.seedFile}` : ''}` };
  },

  async verify({ data }, { iam }) {
    const assigned = await listAssignedMfa(iam, data.user);
    if (assigned.length === 0) throw new VerifyError(`${data.user} has no MFA device after EnableMFADevice`);
  },
});
