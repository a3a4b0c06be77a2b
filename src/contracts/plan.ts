/** The plan a step makes from what it read, before anything changes: what the operator is shown and asked. */
import type { StepId } from './step-id.js';

export type ChangeKind = 'create' | 'update' | 'attach' | 'delete' | 'enable' | 'manual';

/** One line of a plan, as shown to the operator before anything changes. */
export interface Change {
  readonly kind: ChangeKind;
  readonly target: string;
  readonly detail?: string;
  /** Field-by-field differences, e.g. for the password policy. */
  readonly diff?: readonly FieldDiff[];
}

export interface FieldDiff {
  readonly field: string;
  readonly before: string;
  readonly after: string;
}

/** Something only a person can finish, with how to do it. */
export interface Pending {
  readonly reason: string;
  readonly howTo: string;
  readonly link?: string;
}

export interface StepPlan<Data = unknown> {
  /** Empty when the account already has what the step wants. */
  readonly changes: readonly Change[];
  /** Why nothing needs doing (when changes is empty and nothing is pending). */
  readonly upToDate?: string;
  /** Work left to a person, reported instead of (or after) the changes. */
  readonly pending?: Pending;
  /**
   * Steps whose work the pending part takes for granted (the user it tells to sign in exists): when
   * one of them does not finish, this step stops too instead of sending a person to do it.
   */
  readonly pendingNeeds?: readonly StepId[];
  /** Notes about things found and deliberately left alone. */
  readonly notes?: readonly string[];
  /** Facts for the final summary, e.g. the alias the account ends up with. */
  readonly facts?: Readonly<Record<string, string>>;
  /** How the operator says yes to the changes: a key press when absent. */
  readonly confirmation?: TypedConfirmation;
  readonly data: Data;
}

/**
 * A yes given by typing a word instead of pressing a key, for a change that cannot be undone: the
 * person sees every credential it deletes before typing.
 */
export interface TypedConfirmation {
  readonly kind: 'typed';
  /** The word that says yes; anything else keeps everything as it is. */
  readonly phrase: string;
  /** The root user's credentials the changes delete, in the order listed. */
  readonly deletes: readonly RootCredential[];
}

/** A long-lived credential of the root user. */
export interface RootCredential {
  readonly kind: 'access-key' | 'signing-certificate';
  readonly id: string;
  /** The key this run signs with: deleted last, and the run ends with it. */
  readonly signsThisRun?: boolean;
}
