import {
  CreateVirtualMFADeviceCommand,
  DeleteVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  ListMFADevicesCommand,
  ListVirtualMFADevicesCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { writeOwnFileAtomic } from '../secrets/atomic-file.js';
import { ifExists, isAwsError, retryEventual } from '../aws/errors.js';
import type { MfaEnrolment as MfaEnrolmentShown, Operator } from '../contracts/operator.js';
import { toolTags } from './tags.js';
import { otpauthUri, seedToSecret, twoConsecutiveCodes } from '../secrets/totp.js';

/** Devices this tool creates are named after the user, so they are recognisable and never collide. */
export function toolDeviceName(userName: string): string {
  return `aws-day-one-${userName}`;
}

export async function listAssignedMfa(iam: IAMClient, user: string): Promise<string[]> {
  const out = await ifExists(iam.send(new ListMFADevicesCommand({ UserName: user })));
  return (out?.MFADevices ?? []).map((d) => d.SerialNumber ?? '');
}

/** Serial numbers of every unassigned virtual MFA device in the account (one read serves many users). */
export async function listUnassignedVirtualMfa(iam: IAMClient): Promise<string[]> {
  const out = await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Unassigned' }));
  return (out.VirtualMFADevices ?? []).map((d) => d.SerialNumber ?? '');
}

/** The unassigned devices of this tool's naming for one user: leftovers of an interrupted enrolment. */
export function toolOrphansOf(unassigned: readonly string[], user: string): string[] {
  const suffix = `:mfa/${toolDeviceName(user)}`;
  return unassigned.filter((serial) => serial.endsWith(suffix));
}

export async function listToolOrphans(iam: IAMClient, user: string): Promise<string[]> {
  return toolOrphansOf(await listUnassignedVirtualMfa(iam), user);
}

export interface VirtualMfaEnrolment {
  readonly user: string;
  readonly deviceName: string;
  readonly orphans: readonly string[];
  /** Where the otpauth:// URI goes (codes computed locally); without it the operator scans a QR code. */
  readonly seedFile: string | undefined;
  /** The seed file holds this tool's own earlier attempt (the state recorded it), so it may be replaced. */
  readonly replaceOwnSeedFile?: boolean;
  /** Records the seed file's identity before it appears at its path (a resume killed right after knows it as its own). */
  readonly recordSeedIdentity?: (identity: string) => Promise<void>;
  /** Records that the seed file was written by this tool (so a resume may replace it). */
  readonly recordSeedWritten?: () => Promise<void>;
  /** Label of the account in the authenticator app (the alias, else the account ID). */
  readonly accountLabel: string;
  /** Resolves once the user exists (the device can be made before, the enabling cannot). */
  readonly userReady?: () => Promise<void>;
}

/**
 * Replaces this tool's orphaned devices, creates a virtual MFA device and enables it for the user.
 * `recordSerial` runs as soon as the device exists, so a resume knows it is this tool's own.
 */
export async function enrolVirtualMfa(
  iam: IAMClient,
  operator: Operator,
  enrolment: VirtualMfaEnrolment,
  recordSerial: (serialNumber: string) => Promise<void>,
): Promise<string> {
  for (const serial of enrolment.orphans) await ifExists(iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial })));
  const create = () => iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: enrolment.deviceName, Tags: toolTags() }));
  let created: Awaited<ReturnType<typeof create>>;
  try {
    created = await create();
  } catch (error) {
    if (!isAwsError(error, 'EntityAlreadyExists')) throw error;
    // A retried request whose first answer was lost made the device: nobody has its seed, so replace it.
    for (const serial of await listToolOrphans(iam, enrolment.user))
      await ifExists(iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial })));
    created = await create();
  }
  const serialNumber = created.VirtualMFADevice?.SerialNumber;
  const seed = created.VirtualMFADevice?.Base32StringSeed;
  if (!serialNumber || !seed) throw new Error('CreateVirtualMFADevice returned no serial number or seed');
  await recordSerial(serialNumber);
  const secret = seedToSecret(seed);
  const uri = otpauthUri(secret, enrolment.user, enrolment.accountLabel);

  await enrolment.userReady?.();
  const shown: MfaEnrolmentShown = {
    userName: enrolment.user,
    serialNumber,
    uri,
    secret,
    accountLabel: enrolment.accountLabel,
    replacesUnfinished: enrolment.orphans.length > 0,
  };
  let codes: readonly [string, string];
  if (enrolment.seedFile) {
    // Created exclusively: an existing file (or a link) at the path may hold another secret.
    try {
      await writeOwnFileAtomic(
        enrolment.seedFile,
        `${uri}\n`,
        { exclusive: !enrolment.replaceOwnSeedFile },
        enrolment.recordSeedIdentity ?? (async () => {}),
      );
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why =
        code === 'EEXIST'
          ? 'something appeared at that path after the plan found it free; it was left as it is'
          : error instanceof Error
            ? error.message
            : String(error);
      // The device stays unassigned and nobody has its seed: the next run replaces it.
      throw new Error(`the MFA seed of ${enrolment.user} could not be written to ${enrolment.seedFile} (${why}); MFA was not enabled`);
    }
    await enrolment.recordSeedWritten?.();
    codes = twoConsecutiveCodes(secret);
  } else {
    codes = await operator.obtainMfaCodes(shown);
  }
  for (let refusals = 0; ; refusals++) {
    try {
      await retryEventual(
        () =>
          iam.send(
            new EnableMFADeviceCommand({
              UserName: enrolment.user,
              SerialNumber: serialNumber,
              AuthenticationCode1: codes[0],
              AuthenticationCode2: codes[1],
            }),
          ),
        `user ${enrolment.user}`,
      );
      break;
    } catch (error) {
      if (isAwsError(error, 'InvalidAuthenticationCode')) {
        // AWS judges the codes by its clock: a pair that went stale while the call was slow, or a
        // phone whose clock is off. The device is good (the person may have scanned it): ask again
        // for it, never replace it. A seed file's pair is computed afresh, once.
        if (enrolment.seedFile) {
          if (refusals >= 1) throw error;
          codes = twoConsecutiveCodes(secret);
        } else {
          const message =
            `AWS refused these codes ` +
            `(${(error instanceof Error && error.message.trim()) || 'InvalidAuthenticationCode'}). The QR code you scanned stays good: ` +
            `type the next two codes from the same entry in your app, and check the phone's clock`;
          codes = await operator.obtainMfaCodes({ ...shown, refused: { message, attempt: refusals + 1 } });
        }
        continue;
      }
      // A retried request whose first answer was lost finds the device enabled (and its codes used).
      if (!(await listAssignedMfa(iam, enrolment.user)).includes(serialNumber)) throw error;
      break;
    }
  }
  return serialNumber;
}
