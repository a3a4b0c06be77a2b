import { CreateUserCommand, type IAMClient } from '@aws-sdk/client-iam';
import { checkNewFilePath, type Answers } from '../answers/answers.js';
import type { Caller } from '../aws/caller.js';
import { createIfMissing } from '../aws/errors.js';
import type { Operator } from '../contracts/operator.js';
import type { Change, DeliveredPassword } from '../contracts/step.js';
import type { UserRecord } from '../contracts/step-record.js';
import { isOwnSecretFile } from '../state/state-store.js';
import { issueConsolePassword, passwordAction, type PasswordAction } from './console-password.js';
import { toolTags } from './tags.js';
import { enrolVirtualMfa, toolDeviceName } from './virtual-mfa.js';

// A console user as this tool sets one up: the user (console access only), a one-time console password
// changed at first sign-in, and a virtual MFA device. admin-user with admin-mfa, and team-users, plan and
// make their users with these; the order stays each step's own (the admin's password and MFA are two
// steps that run at the same time, team members are set up one after another).

/** Saves part of one user's progress: the step's own record, or that user's entry in it (team-users). */
export type SaveUserProgress = (patch: UserRecord) => Promise<void>;

/** A user's one-time console password as planned: whether one is issued, and where it goes. */
export interface PasswordPlan {
  readonly password: PasswordAction;
  /** A file path, or 'card' for the sign-in card. */
  readonly passwordTarget: string;
  /** The file holds this tool's own earlier password (the state recorded it), so it may be replaced. */
  readonly replaceOwnFile: boolean;
}

/** A user's virtual MFA device as planned. */
export interface MfaPlan {
  readonly deviceName: string;
  /** Unassigned devices of this tool's naming for the user: leftovers of an interrupted enrolment. */
  readonly orphans: readonly string[];
  /** Where the otpauth:// URI goes; without it the operator scans a QR code. */
  readonly seedFile: string | undefined;
  /** The seed file holds this tool's own earlier attempt (the state recorded it), so it may be replaced. */
  readonly replaceOwnSeedFile: boolean;
}

/**
 * Plans a user's one-time password from whether the user has one and what its progress record says.
 * A password file the answers name (at `fileKey`) must be a new path: checked now, before any change.
 */
export function planPassword(
  user: string,
  hasLoginProfile: boolean,
  record: UserRecord,
  passwordFile: string | undefined,
  fileKey: string,
): { plan: PasswordPlan; changes: Change[] } {
  const password = passwordAction(hasLoginProfile, record.passwordDelivery);
  const changes: Change[] = [];
  if (password === 'create') {
    changes.push({
      kind: 'create',
      target: `console password for ${user}`,
      detail: 'generated, shown once, must be changed at first sign-in',
    });
  } else if (password === 'reissue') {
    // A password was set but never reached the operator (the run was cut off): issue a new one.
    changes.push({
      kind: 'update',
      target: `console password for ${user}`,
      detail: 'the earlier one was never delivered; a new one is issued',
    });
  }
  const replaceOwnFile =
    passwordFile !== undefined && isOwnSecretFile(passwordFile, record.passwordFileWritten, record.passwordFileIdentity);
  if (password !== 'none' && passwordFile && !replaceOwnFile) checkNewFilePath(fileKey, passwordFile);
  return { plan: { password, passwordTarget: passwordFile ?? 'card', replaceOwnFile }, changes };
}

/** Plans a user's virtual MFA device; the orphans are deleted before it is made. */
export function planMfa(user: string, orphans: readonly string[], seedFile: string | undefined, record: UserRecord): MfaPlan {
  const replaceOwnSeedFile = seedFile !== undefined && isOwnSecretFile(seedFile, record.mfaSeedWritten, record.mfaSeedFileIdentity);
  return { deviceName: toolDeviceName(user), orphans, seedFile, replaceOwnSeedFile };
}

/** A seed file the answers name (at `key`) must be a new path, unless it holds this tool's earlier attempt. */
export function checkNewSeedFile(key: string, mfa: MfaPlan): void {
  if (mfa.seedFile && !mfa.replaceOwnSeedFile) checkNewFilePath(key, mfa.seedFile);
}

/** The user, console access only and tagged as this tool's; one already there (a retried request) is fine. */
export async function createConsoleUser(iam: IAMClient, user: string): Promise<void> {
  await createIfMissing(() => iam.send(new CreateUserCommand({ UserName: user, Tags: toolTags() })));
}

/**
 * Issues the planned one-time password and hands it back for delivery (nothing when none is planned).
 * Where it goes is recorded, as pending, before AWS sees it: if the run dies after AWS accepts the
 * password, the resume knows it never reached the operator and issues another.
 */
export async function issueOneTimePassword(
  iam: IAMClient,
  user: string,
  plan: PasswordPlan,
  minimumLength: number,
  save: SaveUserProgress,
): Promise<DeliveredPassword | undefined> {
  if (plan.password === 'none') return undefined;
  const password = await issueConsolePassword(iam, user, plan.password, minimumLength, () =>
    save({ passwordDelivery: 'pending', passwordTarget: plan.passwordTarget }),
  );
  const file = plan.passwordTarget === 'card' ? undefined : plan.passwordTarget;
  return { userName: user, password, ...(file && { file, replaceOwnFile: plan.replaceOwnFile }) };
}

/** The account's name in the authenticator app: its alias, else its ID. */
export function authenticatorLabel(answers: Answers, caller: Caller): string {
  return answers.account.alias || caller.accountId;
}

/**
 * Makes and enables the planned virtual MFA device; returns its serial number. The seed file is
 * recorded before it is written (a later run sweeps its temp files) and again once written (a resume
 * may replace it), and the device as soon as it exists (a resume knows it is this tool's own).
 */
export async function enrolConsoleMfa(
  iam: IAMClient,
  operator: Operator,
  user: string,
  mfa: MfaPlan,
  options: { readonly accountLabel: string; readonly save: SaveUserProgress; readonly userReady?: () => Promise<void> },
): Promise<string> {
  const { save, accountLabel, userReady } = options;
  if (mfa.seedFile) await save({ mfaSeedTarget: mfa.seedFile });
  return enrolVirtualMfa(
    iam,
    operator,
    {
      user,
      ...mfa,
      accountLabel,
      ...(userReady ? { userReady } : {}),
      ...(mfa.seedFile
        ? {
            recordSeedIdentity: (identity: string) => save({ mfaSeedFileIdentity: identity }),
            recordSeedWritten: () => save({ mfaSeedWritten: mfa.seedFile }),
          }
        : {}),
    },
    (serialNumber) => save({ mfaDeviceSerial: serialNumber }),
  );
}
