/**
 * What the state file keeps for each step (src/state/state-store.ts reads and writes the file):
 * part of the step contract, since steps record their own progress through it (ApplyContext).
 */

import type { StepEnd } from './step-status.js';

/** Progress of one step. Never a secret: passwords, seeds and keys stay out of this file. */
export interface StepRecord {
  /** How the step ended (these strings are on disk: see src/contracts/step-status.ts). */
  status?: StepEnd;
  at?: string;
  summary?: string;
  /** admin-user: a password was issued; 'pending' until it reached the operator. */
  passwordDelivery?: 'pending' | 'delivered';
  /** Where the pending password is going: a file path, or 'card' for the sign-in card. */
  passwordTarget?: string;
  /**
   * The password file this tool wrote (recorded right after the write): only such a file may be
   * replaced by a re-run, never one that was already there when a write failed.
   */
  passwordFileWritten?: string;
  /**
   * The identity (fileIdentity) of the password file this tool is writing, recorded before the file
   * appears at its path: a run killed between that and recording passwordFileWritten left its own file.
   */
  passwordFileIdentity?: string;
  /** admin-mfa: the device this tool created for the user, once created. */
  mfaDeviceSerial?: string;
  /** admin-mfa: the seed file of that device, recorded before the write (a later run sweeps its temp files). */
  mfaSeedTarget?: string;
  /** admin-mfa: the seed file this tool wrote, recorded right after the write: a resume may replace it. */
  mfaSeedWritten?: string;
  /** admin-mfa: the seed file's identity, recorded before it appears (see passwordFileIdentity). */
  mfaSeedFileIdentity?: string;
  /** team-users: the same password and MFA progress, per user name. */
  users?: Record<string, UserRecord>;
}

/** Progress for one of several users a step handles (team-users). */
export type UserRecord = Pick<
  StepRecord,
  | 'passwordDelivery'
  | 'passwordTarget'
  | 'passwordFileWritten'
  | 'passwordFileIdentity'
  | 'mfaDeviceSerial'
  | 'mfaSeedTarget'
  | 'mfaSeedWritten'
  | 'mfaSeedFileIdentity'
>;
