import type { Caller } from '../aws/caller.js';
import type { EngineEvent, EventSink } from '../contracts/events.js';
import type { ManualOutcome, MfaEnrolment, PasswordCard } from '../contracts/operator.js';
import type { TeamAnswers, UserAnswers } from '../answers/answers.js';
import type { RunSummary } from '../engine/run-summary.js';
import type { StatusReport } from '../status/report.js';
import type { Change, Pending, StepPlan, TypedConfirmation } from '../contracts/plan.js';
import type { Question } from '../contracts/question.js';
import type { StepId } from '../contracts/step-id.js';
import { stepEndOf, type StepProgress } from '../contracts/step-status.js';

export interface StepView {
  readonly id: StepId;
  readonly title: string;
  readonly status: StepProgress;
  readonly summary?: string;
  readonly pending?: Pending;
}

export interface CurrentStep {
  readonly id: StepId;
  readonly title: string;
  readonly why: string;
  readonly number: number;
  readonly changes: readonly Change[];
  readonly notes: readonly string[];
}

export type StartChoice = 'go' | 'resume' | 'start-over' | 'quit';

export interface ResumeOffer {
  readonly stepNumber: number;
  readonly title: string;
}

/** What the wizard waits for from the person; each request carries the function that answers it. */
export type PromptRequest =
  | {
      readonly kind: 'start';
      readonly caller: Caller;
      readonly alias: string | undefined;
      readonly resume: ResumeOffer | undefined;
      readonly answer: (choice: StartChoice) => void;
    }
  | {
      readonly kind: 'text';
      readonly question: Question;
      readonly defaultValue: string;
      readonly problem: string | undefined;
      readonly answer: (value: string) => void;
    }
  | {
      readonly kind: 'select';
      readonly question: Question;
      readonly defaultValue: string | undefined;
      readonly problem: string | undefined;
      readonly answer: (value: string) => void;
    }
  | { readonly kind: 'yes-no'; readonly question: Question; readonly defaultValue: boolean; readonly answer: (value: boolean) => void }
  | {
      readonly kind: 'teams';
      readonly question: Question;
      readonly current: readonly TeamAnswers[];
      readonly problem: string | undefined;
      readonly answer: (teams: TeamAnswers[]) => void;
    }
  | {
      readonly kind: 'users';
      readonly question: Question;
      readonly current: readonly UserAnswers[];
      readonly problem: string | undefined;
      readonly answer: (users: UserAnswers[]) => void;
    }
  | { readonly kind: 'confirm'; readonly stepTitle: string; readonly plan: StepPlan; readonly answer: (go: boolean) => void }
  | { readonly kind: 'typed-confirmation'; readonly confirmation: TypedConfirmation; readonly answer: (go: boolean) => void }
  | { readonly kind: 'mfa'; readonly enrolment: MfaEnrolment; readonly answer: (codes: readonly [string, string]) => void }
  | { readonly kind: 'password'; readonly card: PasswordCard; readonly answer: () => void }
  | {
      readonly kind: 'manual';
      readonly pending: Pending;
      readonly lastCheck: string | undefined;
      readonly answer: (outcome: ManualOutcome) => void;
    }
  | ({ readonly kind: 'card'; readonly answer: () => void } & RunEnding);

/** The end of a run, as the sign-in card shows it. */
export interface RunEnding {
  readonly summary: RunSummary;
  readonly statePath: string;
  /** This run's credentials no longer work (deleted, or now needing MFA): running again needs others. */
  readonly credentialsRetired: boolean;
}

/** Printed once above the live area (Ink's <Static>): the header and every finished step. */
export type FinishedItem =
  | { readonly kind: 'header'; readonly key: string; readonly caller: Caller; readonly alias: string | undefined }
  | { readonly kind: 'step'; readonly key: string; readonly step: StepView; readonly number: number; readonly notes: readonly string[] }
  /** A re-run on an account with nothing left to change: what is left by hand, and the checklist. */
  | {
      readonly kind: 'account-done';
      readonly key: string;
      readonly pending: readonly ({ readonly id: StepId } & Pending)[];
      readonly checklist: ChecklistState | undefined;
    }
  /** The card as it stays once acknowledged (without the password), and the checklist. */
  | ({ readonly kind: 'ending'; readonly key: string; readonly checklist: ChecklistState | undefined } & RunEnding);

/** The `status` checklist, read at the start and again at the end of the run. */
export interface ChecklistState {
  readonly when: 'start' | 'end';
  readonly report?: StatusReport;
  /** Why there is no report (still reading, or not readable with this run's credentials). */
  readonly note?: string;
}

export interface WizardState {
  readonly steps: readonly StepView[];
  readonly finished: readonly FinishedItem[];
  readonly current: CurrentStep | undefined;
  readonly prompt: PromptRequest | undefined;
  /** A line for the operator that is not a question (e.g. "stopping after this call"). */
  readonly notice: string | undefined;
  /** What the spinner says while no prompt is open. */
  readonly activity: string;
  /** The card as it stays on screen once acknowledged: without the password. */
  readonly ending: RunEnding | undefined;
  readonly checklist: ChecklistState | undefined;
  /** Ctrl-C: the live part is taken off the screen, so no spinner stays frozen above `Stopped.`. */
  readonly stopped: boolean;
}

export interface WizardStore {
  getState(): WizardState;
  subscribe(listener: () => void): () => void;
  /** Feeds an engine event; this is the EventSink given to runFlow. */
  onEvent(event: EngineEvent): void;
  showPrompt(prompt: PromptRequest): void;
  clearPrompt(): void;
  setNotice(notice: string | undefined): void;
  setActivity(activity: string): void;
  addHeader(caller: Caller, alias: string | undefined): void;
  end(ending: RunEnding): void;
  stop(): void;
  /** Prints that the account is done (nothing to change) and takes the live part off the screen. */
  accountDone(pending: readonly ({ readonly id: StepId } & Pending)[]): void;
  setChecklist(checklist: ChecklistState): void;
}

/** A small external store for useSyncExternalStore: the engine and the operator write, React reads. */
export function createWizardStore(steps: readonly { id: StepId; title: string }[]): WizardStore {
  let state: WizardState = {
    steps: steps.map(({ id, title }) => ({ id, title, status: 'waiting' })),
    finished: [],
    current: undefined,
    prompt: undefined,
    notice: undefined,
    activity: 'Reading the account',
    ending: undefined,
    checklist: undefined,
    stopped: false,
  };
  const listeners = new Set<() => void>();
  const set = (patch: Partial<WizardState>): void => {
    state = { ...state, ...patch };
    for (const listener of listeners) listener();
  };

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onEvent: stepEvents({ get: () => state, set }),
    showPrompt: (prompt) => set({ prompt }),
    clearPrompt: () => set({ prompt: undefined }),
    setNotice: (notice) => set({ notice }),
    setActivity: (activity) => set({ activity }),
    addHeader(caller, alias) {
      set({ finished: [...state.finished, { kind: 'header', key: 'header', caller, alias }] });
    },
    setChecklist: (checklist) => set({ checklist }),
    // The ending is printed once into the scrollback like a finished step: were it the live part, it
    // could be taller than the terminal.
    end: (ending) =>
      set({
        ending,
        finished: [...state.finished, { kind: 'ending', key: 'ending', ...ending, checklist: state.checklist }],
        prompt: undefined,
        current: undefined,
        notice: undefined,
      }),
    stop: () => set({ stopped: true, prompt: undefined, notice: undefined }),
    accountDone: (pending) =>
      set({
        finished: [...state.finished, { kind: 'account-done', key: 'account-done', pending, checklist: state.checklist }],
        stopped: true,
        prompt: undefined,
      }),
  };
}

/** The store's state, read and replaced (each replacement tells React). */
interface StateCell {
  get(): WizardState;
  set(patch: Partial<WizardState>): void;
}

/** How the engine's events move the wizard along: the current step on screen, each finished one printed once. */
function stepEvents({ get, set }: StateCell): EventSink {
  const updateStep = (id: StepId, patch: Partial<StepView>): StepView[] =>
    get().steps.map((step) => (step.id === id ? { ...step, ...patch } : step));

  function finishStepIfLast(id: StepId): void {
    // 'step-done' is final unless the engine follows it with 'step-pending' synchronously after a
    // store write; deferring one microtask lets that event land first.
    queueMicrotask(() => {
      const step = get().steps.find((s) => s.id === id);
      if (step?.status === 'done' && get().current?.id === id) finishStep(id);
    });
  }

  function finishStep(id: StepId): void {
    const state = get();
    const step = state.steps.find((s) => s.id === id);
    if (!step) return;
    const notes = state.current?.id === id ? state.current.notes : [];
    const number = state.steps.indexOf(step) + 1;
    set({
      finished: [...state.finished, { kind: 'step', key: id, step, number, notes }],
      current: state.current?.id === id ? undefined : state.current,
      activity: 'Working',
    });
  }

  return (event) => {
    const state = get();
    switch (event.type) {
      case 'run-start':
      case 'state-recovered':
      case 'temp-removed':
      case 'run-end':
        return;
      case 'step-start': {
        const number = state.steps.findIndex((s) => s.id === event.id) + 1;
        set({
          steps: updateStep(event.id, { status: 'running' }),
          current: { id: event.id, title: event.title, why: event.why, number, changes: [], notes: [] },
          activity: 'Reading the account',
        });
        return;
      }
      case 'step-plan':
        if (state.current?.id === event.id)
          set({ current: { ...state.current, changes: event.changes }, activity: `Applying: ${state.current.title}` });
        return;
      case 'step-note':
        if (state.current?.id === event.id) set({ current: { ...state.current, notes: [...state.current.notes, event.note] } });
        return;
      case 'step-done':
        // A step with pending work reports done first, then pending: wait for the last word.
        set({ steps: updateStep(event.id, { status: 'done', summary: event.summary }), activity: 'Checking the result' });
        finishStepIfLast(event.id);
        return;
      case 'step-skip':
      case 'step-pending':
      case 'step-fail': {
        const status = stepEndOf(event.type) ?? 'failed';
        const summary = event.type === 'step-skip' ? event.reason : event.type === 'step-fail' ? event.message : event.pending.reason;
        set({ steps: updateStep(event.id, { status, summary, ...(event.type === 'step-pending' ? { pending: event.pending } : {}) }) });
        finishStep(event.id);
        return;
      }
    }
  };
}
