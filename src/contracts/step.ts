import type { AccountClient } from '@aws-sdk/client-account';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { Answers } from '../answers/answers.js';
import type { Caller, RootTaskPolicy } from '../aws/caller.js';
import type { AccountReads } from './account-reads.js';
import type { Operator } from './operator.js';
import type { Pending, StepPlan } from './plan.js';
import type { Question } from './question.js';
import type { StepId } from './step-id.js';
import type { StepRecord } from './step-record.js';

// A step module takes its whole contract from here: the plan, question and id types it is made of
// live in modules of their own, which the adapters and the state file import without the Step.
export type { Change, ChangeKind, FieldDiff, Pending, RootCredential, StepPlan, TypedConfirmation } from './plan.js';
export type { Question } from './question.js';
export type { StepId } from './step-id.js';

/** What a step sees while it reads the account. Read-only by contract. */
export interface InspectContext {
  readonly iam: IAMClient;
  /** The Account API (security contact); absent where clients were made without it. */
  readonly account?: AccountClient;
  readonly caller: Caller;
  readonly answers: Answers;
  readonly reads: AccountReads;
  /** Saved progress of a step (read-only here): intents a crash may have interrupted. */
  readonly savedRecord: (step: StepId) => StepRecord;
  /** The access key that signs this run (root-access-keys deletes it last). */
  readonly signingAccessKeyId: string | undefined;
  /** The passwords this run issued so far, and whether each has reached its destination. */
  readonly passwordsOfRun?: () => readonly RunPassword[];
}

/** A password issued by this run (never the password itself). */
export interface RunPassword {
  readonly step: StepId;
  readonly userName: string;
  /** It reached its destination (file, stdout, the person). */
  delivered: boolean;
  /** A person saw it during the run (the wizard), so what they say afterwards may rely on it. */
  shownToPerson: boolean;
}

/** What a step gets while it changes the account. */
export interface ApplyContext extends InspectContext {
  readonly operator: Operator;
  /** Saves progress for this step before and after a mutation (an intent log for crash recovery). */
  readonly saveRecord: (patch: Partial<StepRecord>) => Promise<void>;
  /**
   * Resolves once an earlier step has made what this one builds on (its group, its user); rejects
   * when that step failed. Scripted runs apply independent steps concurrently, so a step waits
   * here right before the call that needs the other step's work, not before its own first call.
   */
  readonly stepReady: (id: StepId) => Promise<void>;
  /** Tells later steps that what they build on exists now (the engine says so anyway when apply returns). */
  readonly announceReady: () => void;
}

/** A sign-in card item that must reach the operator exactly once. */
export interface DeliveredPassword {
  readonly userName: string;
  readonly password: string;
  /** The 0600 file the operator named for it; without one it goes on the sign-in card. */
  readonly file?: string;
  /**
   * True when `file` holds this tool's own earlier attempt for the same user (the run died before
   * the delivery was recorded), so replacing it is safe.
   */
  readonly replaceOwnFile?: boolean;
}

export interface StepOutcome {
  /** One line for the progress output, e.g. the alias that was set. */
  readonly summary: string;
  readonly password?: DeliveredPassword;
  /** For steps that set up several users: each password is delivered like `password`. */
  readonly passwords?: readonly DeliveredPassword[];
  readonly pending?: Pending;
  /**
   * This run's credentials may no longer call AWS after this step (the MFA policy now holds the
   * caller, or the key signing the run was deleted): later steps make no call, not even to check a
   * manual step, and the end of the run says why and how to go on.
   */
  readonly credentialsRetired?: RetiredCredentials;
}

/** Why this run's credentials stopped working, as the end of the run tells the person. */
export type RetiredCredentials =
  /** The credentials are gone (deleted): the person goes on with others. */
  | { readonly kind: 'deleted'; readonly reason: string }
  /** They now need MFA, which this session lacks: `next` says how to go on with them. */
  | { readonly kind: 'need-mfa'; readonly reason: string; readonly next: string };

/**
 * The one interface every module in steps/ implements.
 * inspect reads, plan is pure, apply changes only what the plan lists, verify reads back.
 */
export interface Step<Inspection = unknown, Data = unknown> {
  readonly id: StepId;
  readonly title: string;
  /** One or two lines on why this matters, shown before the step runs. */
  readonly why: string;
  /**
   * Whether to read the account right before this step runs instead of with all the others at
   * the start, because earlier steps of the same run change what it reads.
   */
  readonly inspectLate?: (ctx: InspectContext) => boolean;
  /**
   * Only AWS can tell whether this step's answer is acceptable (an alias another account holds):
   * a scripted run makes this step's change before any other, so a refused answer changes nothing.
   */
  readonly answerCheckedByAws?: boolean;
  /**
   * The sts:AssumeRoot task policies whose sessions can run this step (its plan says what such a
   * session may not do). In a task session, a step without its policy here is reported as not
   * possible with these credentials and makes no call at all.
   */
  readonly taskPolicies?: readonly RootTaskPolicy[];
  /** Starts only once every earlier step has finished (a change that may cut off the run itself). */
  readonly runsLast?: boolean;
  /**
   * Starts only once every other step is through and every password of the run was delivered
   * (a change that leaves the people with passwords as the only way in).
   */
  readonly afterPasswordsDelivered?: boolean;
  /** Questions whose answers plan() needs; answered from the file or by the operator. */
  questions?(inspection: Inspection, ctx: InspectContext): readonly Question[];
  inspect(ctx: InspectContext): Promise<Inspection>;
  plan(inspection: Inspection, ctx: InspectContext): StepPlan<Data>;
  apply(plan: StepPlan<Data>, ctx: ApplyContext): Promise<StepOutcome>;
  /** Reads the account again and throws if the step's work is not there. */
  verify(plan: StepPlan<Data>, ctx: InspectContext): Promise<void>;
}

/** Declares a step with its inspection and data types checked, stored type-erased. */
export function defineStep<I, D>(step: Step<I, D>): Step {
  return step as unknown as Step;
}
