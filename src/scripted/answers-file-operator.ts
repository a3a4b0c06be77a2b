import { BadInputError } from '../lib/errors.js';
import type { ManualOutcome, MfaEnrolment, Operator, PasswordCard, PasswordHandover } from '../contracts/operator.js';
import type { Pending, StepPlan } from '../contracts/plan.js';
import type { Question } from '../contracts/question.js';

/**
 * The Operator adapter for `apply --answers FILE`: every answer is already in the file (validated
 * before the run), plans go ahead without asking, and console-only work is reported as pending.
 */
export class AnswersFileOperator implements Operator {
  readonly interactive = false;

  async ask(question: Question, current: unknown): Promise<unknown> {
    // A question with a suggested value may be left out: the step decides without it.
    if (current === undefined && question.suggested === undefined) {
      throw new BadInputError(question.key, `is missing from the answers file; add it (${question.message})`);
    }
    return current;
  }

  async confirm(_stepTitle: string, _plan: StepPlan): Promise<boolean> {
    return true;
  }

  async obtainMfaCodes(enrolment: MfaEnrolment): Promise<readonly [string, string]> {
    throw new BadInputError(
      'admin.mfa',
      `scripted runs cannot scan a QR code for ${enrolment.userName}; use seed-file or at-first-sign-in`,
    );
  }

  /** The sign-in card goes to stdout once the run is through (runApply checks that write). */
  async deliverPassword(_card: PasswordCard): Promise<PasswordHandover> {
    return 'held';
  }

  async awaitManual(_pending: Pending, _check: () => Promise<boolean>): Promise<ManualOutcome> {
    return 'later';
  }
}
