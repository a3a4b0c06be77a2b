import type { Pending, StepPlan } from './plan.js';
import type { Question } from './question.js';

/** A virtual MFA device waiting for two consecutive codes. The secret never leaves this object. */
export interface MfaEnrolment {
  readonly userName: string;
  readonly serialNumber: string;
  /** otpauth://totp/... with issuer and label, for a QR code or a seed file. */
  readonly uri: string;
  /** Base32 secret, for manual entry in an authenticator app. */
  readonly secret: string;
  /** The account as the authenticator app names it: the alias, else the account ID. */
  readonly accountLabel: string;
  /**
   * An earlier run made a device for this user that was never enabled, now replaced: whoever
   * scanned its code has an entry of the same name in their app that will never give a good code.
   */
  readonly replacesUnfinished: boolean;
  /** AWS refused the previous pair for this same device: why, to show while asking for a new pair. */
  readonly refused?: { readonly message: string; readonly attempt: number };
}

export type ManualOutcome = 'done' | 'later';

/** A one-time console password for one person, with where to use it. */
export interface PasswordCard {
  readonly userName: string;
  readonly password: string;
  readonly signInUrl: string;
}

/**
 * 'delivered': it reached the person (shown and acknowledged); 'held': it goes on the sign-in card
 * printed when the run ends, and counts as delivered only once that write succeeded.
 */
export type PasswordHandover = 'delivered' | 'held';

/**
 * The port through which steps reach the person running the tool.
 * Two adapters implement it: the answers file (scripted) and the Ink prompts (interactive).
 */
export interface Operator {
  /**
   * A person answers (the wizard), so a refused answer can be asked again. It does not choose how
   * the steps are scheduled: the command does (RunInput.schedule).
   */
  readonly interactive: boolean;
  /**
   * Answers one question; `current` is the value the answers so far hold (a default). `problem`
   * says why the previous answer was refused (e.g. the alias belongs to another account).
   */
  ask(question: Question, current: unknown, problem?: string): Promise<unknown>;
  /** Shown the plan of one step, says whether to go ahead. */
  confirm(stepTitle: string, plan: StepPlan): Promise<boolean>;
  /** Gets two consecutive TOTP codes for the device, checked locally before AWS sees them. */
  obtainMfaCodes(enrolment: MfaEnrolment): Promise<readonly [string, string]>;
  /**
   * Hands a new user's one-time password to the person, resolving once it reached them. The wizard
   * shows it at once (before any step that needs that user to sign in); a scripted run holds it for
   * the card on stdout at the end. Without it, every password is held like that.
   */
  deliverPassword?(card: PasswordCard): Promise<PasswordHandover>;
  /** Guides a person through console-only work, polling `check` until it holds or they defer. */
  awaitManual(pending: Pending, check: () => Promise<boolean>): Promise<ManualOutcome>;
}
