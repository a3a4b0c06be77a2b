import type { TeamAnswers, UserAnswers } from '../answers/answers.js';
import type { ManualOutcome, MfaEnrolment, Operator, PasswordCard, PasswordHandover } from '../contracts/operator.js';
import type { Pending, StepPlan } from '../contracts/plan.js';
import type { Question } from '../contracts/question.js';
import type { StepId } from '../contracts/step-id.js';
import type { PromptRequest, WizardStore } from './wizard-store.js';

export interface InkOperatorOptions {
  /** Steps whose questions are answered from the saved answers without asking (a resume). */
  readonly answeredSteps?: ReadonlySet<StepId>;
  /** Called with every answer the operator gives, so it can be saved for a resume. */
  readonly onAnswer?: (key: string, value: unknown) => void;
  /** How often awaitManual re-reads the account. */
  readonly pollMs?: number;
  /**
   * Called when the engine reaches a prompt, before it is shown: returns false when the wizard is
   * stopping, in which case the prompt is never shown and the engine waits for good.
   */
  readonly mayPrompt?: () => boolean;
}

/**
 * The Operator port for the terminal: each method puts a prompt request into the wizard's store
 * and resolves when the Ink UI answers it, so the engine's flow stays plain async code.
 */
export class InkOperator implements Operator {
  readonly interactive = true;

  constructor(
    private readonly store: WizardStore,
    private readonly options: InkOperatorOptions = {},
  ) {}

  async ask(question: Question, current: unknown, problem?: string): Promise<unknown> {
    const stepId = this.store.getState().current?.id;
    const answered = stepId !== undefined && this.options.answeredSteps?.has(stepId) === true;
    const given = current !== undefined && current !== '';
    if (answered && problem === undefined && (given || question.suggested !== undefined)) return current;
    let value: unknown;
    if (question.kind === 'teams') {
      const teams = Array.isArray(current) ? (current as TeamAnswers[]) : [];
      value = await this.prompt<TeamAnswers[]>((answer) => ({ kind: 'teams', question, current: teams, problem, answer }));
    } else if (question.kind === 'users') {
      const users = Array.isArray(current) ? (current as UserAnswers[]) : [];
      value = await this.prompt<UserAnswers[]>((answer) => ({ kind: 'users', question, current: users, problem, answer }));
    } else if (question.kind === 'select') {
      value = await this.prompt<string>((answer) => ({
        kind: 'select',
        question,
        defaultValue: typeof current === 'string' ? current : undefined,
        problem,
        answer,
      }));
    } else if (question.kind === 'confirm') {
      value = await this.prompt<boolean>((answer) => ({ kind: 'yes-no', question, defaultValue: current === true, answer }));
    } else {
      const defaultValue = current === undefined ? (question.suggested ?? '') : String(current);
      const text = await this.prompt<string>((answer) => ({ kind: 'text', question, defaultValue, problem, answer }));
      value = question.parse ? question.parse(text) : text;
    }
    this.options.onAnswer?.(question.key, value);
    return value;
  }

  async confirm(stepTitle: string, plan: StepPlan): Promise<boolean> {
    const typed = plan.confirmation;
    // A change that cannot be undone: the operator types the word instead of pressing y.
    if (typed) return this.prompt<boolean>((answer) => ({ kind: 'typed-confirmation', confirmation: typed, answer }));
    return this.prompt<boolean>((answer) => ({ kind: 'confirm', stepTitle, plan, answer }));
  }

  /** The UI checks the codes locally (src/totp.ts) before it answers: AWS sees only a good pair. */
  obtainMfaCodes(enrolment: MfaEnrolment): Promise<readonly [string, string]> {
    return this.prompt<readonly [string, string]>((answer) => ({ kind: 'mfa', enrolment, answer }));
  }

  /** Shown at once, under the step that set it; delivered once the person pressed Enter. */
  async deliverPassword(card: PasswordCard): Promise<PasswordHandover> {
    await this.prompt<void>((answer) => ({ kind: 'password', card, answer: () => answer() }));
    return 'delivered';
  }

  async awaitManual(pending: Pending, check: () => Promise<boolean>): Promise<ManualOutcome> {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const outcome = this.prompt<ManualOutcome>((answer) => ({ kind: 'manual', pending, lastCheck: undefined, answer }));
    const poll = async (): Promise<void> => {
      if (settled) return;
      let message: string;
      try {
        if (await check()) {
          if (!settled) this.answerOpenPrompt('manual', 'done');
          return;
        }
        message = `not yet (checked at ${new Date().toLocaleTimeString()})`;
      } catch (error) {
        message = `could not check: ${error instanceof Error ? error.message : String(error)}`;
      }
      const prompt = this.store.getState().prompt;
      if (!settled && prompt?.kind === 'manual') this.store.showPrompt({ ...prompt, lastCheck: message });
      if (!settled) timer = setTimeout(() => void poll(), this.options.pollMs ?? 5000);
    };
    timer = setTimeout(() => void poll(), this.options.pollMs ?? 5000);
    try {
      return await outcome;
    } finally {
      settled = true;
      clearTimeout(timer);
    }
  }

  private answerOpenPrompt(kind: 'manual', value: ManualOutcome): void {
    const prompt = this.store.getState().prompt;
    if (prompt?.kind === kind) prompt.answer(value);
  }

  private prompt<T>(make: (answer: (value: T) => void) => PromptRequest): Promise<T> {
    return new Promise<T>((resolve) => {
      if (this.options.mayPrompt && !this.options.mayPrompt()) return;
      let answered = false;
      const request = make((value) => {
        if (answered) return;
        answered = true;
        this.store.clearPrompt();
        resolve(value);
      });
      this.store.showPrompt(request);
    });
  }
}
