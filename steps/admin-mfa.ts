import {
  CreateVirtualMFADeviceCommand,
  DeleteVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  ListMFADevicesCommand,
  ListVirtualMFADevicesCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { checkNewFilePath } from '../src/answers.js';
import { writeFileAtomic } from '../src/atomic-file.js';
import { ifExists, retryEventual } from '../src/aws-errors.js';
import { signInUrl } from '../src/caller.js';
import { VerifyError } from '../src/errors.js';
import { toolTags } from '../src/tags.js';
import { otpauthUri, seedToSecret, twoConsecutiveCodes } from '../src/totp.js';
import { defineStep, type Change } from '../src/step.js';

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
}

/** Devices this tool creates are named after the user, so they are recognisable and never collide. */
export function toolDeviceName(userName: string): string {
  return `aws-day-one-${userName}`;
}

export async function listAssignedMfa(iam: IAMClient, user: string): Promise<string[]> {
  const out = await ifExists(iam.send(new ListMFADevicesCommand({ UserName: user })));
  return (out?.MFADevices ?? []).map((d) => d.SerialNumber ?? '');
}

export async function listToolOrphans(iam: IAMClient, user: string): Promise<string[]> {
  const out = await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Unassigned' }));
  const suffix = `:mfa/${toolDeviceName(user)}`;
  return (out.VirtualMFADevices ?? []).map((d) => d.SerialNumber ?? '').filter((serial) => serial.endsWith(suffix));
}

export const adminMfa = defineStep<Inspection, Data>({
  id: 'admin-mfa',
  title: 'MFA for the administrator',
  why: 'A password alone is one phishing email away from the whole account; a second factor from an authenticator app stops that.',

  questions: (_inspection, { answers }) => [
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
    const data: Data = { user, deviceName: toolDeviceName(user), orphans, seedFile: answers.admin.mfaSeedFile };
    if (assigned.length > 0) return { changes: [], upToDate: `${user} has MFA (${assigned.join(', ')})`, data };
    if (answers.admin.mfa === 'at-first-sign-in') {
      const url = signInUrl(caller.partition, answers.account.alias);
      return {
        changes: [],
        pending: {
          reason: `${user} has no MFA yet; they enrol it at first sign-in`,
          howTo: `${user} signs in at ${url}, changes the password, then opens Security credentials > Assign MFA device; until then the group policy allows nothing else`,
          link: url,
        },
        data,
      };
    }
    if (data.seedFile && savedRecord('admin-mfa').mfaSeedTarget !== data.seedFile) checkNewFilePath('admin.mfaSeedFile', data.seedFile);
    const changes: Change[] = orphans.map((serial) => ({ kind: 'delete', target: `unassigned MFA device ${serial}`, detail: 'left by an interrupted enrolment; nobody holds its seed' }));
    changes.push({ kind: 'create', target: `virtual MFA device ${data.deviceName}` });
    changes.push({ kind: 'enable', target: `MFA for ${user}`, detail: data.seedFile ? `seed written to ${data.seedFile}` : 'two consecutive codes from your app' });
    return { changes, data };
  },

  async apply({ data }, { iam, operator, saveRecord, answers, caller }) {
    for (const serial of data.orphans) await iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial }));
    await saveRecord({ ...(data.seedFile ? { mfaSeedTarget: data.seedFile } : {}) });
    const created = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: data.deviceName, Tags: toolTags() }));
    const serialNumber = created.VirtualMFADevice?.SerialNumber;
    const seed = created.VirtualMFADevice?.Base32StringSeed;
    if (!serialNumber || !seed) throw new Error('CreateVirtualMFADevice returned no serial number or seed');
    await saveRecord({ mfaDeviceSerial: serialNumber });
    const secret = seedToSecret(seed);
    const uri = otpauthUri(secret, data.user, answers.account.alias || caller.accountId);

    let codes: readonly [string, string];
    if (data.seedFile) {
      writeFileAtomic(data.seedFile, `${uri}\n`, { exclusive: false });
      codes = twoConsecutiveCodes(secret);
    } else {
      codes = await operator.obtainMfaCodes({ userName: data.user, serialNumber, uri, secret });
    }
    await retryEventual(() => iam.send(new EnableMFADeviceCommand({
      UserName: data.user,
      SerialNumber: serialNumber,
      AuthenticationCode1: codes[0],
      AuthenticationCode2: codes[1],
    })));
    return { summary: `${serialNumber} enabled for ${data.user}${data.seedFile ? `; seed in ${data.seedFile}` : ''}` };
  },

  async verify({ data }, { iam }) {
    const assigned = await listAssignedMfa(iam, data.user);
    if (assigned.length === 0) throw new VerifyError(`${data.user} has no MFA device after EnableMFADevice`);
  },
});
