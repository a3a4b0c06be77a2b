/**
 * Where the one-time passwords a run issues go, and when they count as delivered.
 *
 * The rule: a password counts as delivered only once its bytes reached the destination: the file
 * written, fsynced and renamed, or the person saw it. Only then is it marked 'delivered' in the
 * state; anything else leaves it 'pending', so the next run issues a new one. A password for the
 * sign-in card printed when the run ends is marked by the command, once that write succeeded
 * (markPasswordsShown).
 *
 * When a password goes out (at once, or held until every step is through) is the schedule's choice.
 */
import { signInUrl, type Caller } from '../aws/caller.js';
import type { Operator } from '../contracts/operator.js';
import type { DeliveredPassword, RunPassword, StepId } from '../contracts/step.js';
import { writeOwnFileAtomic } from '../secrets/atomic-file.js';
import { PasswordNotDeliveredError } from '../secrets/delivery-check.js';
import { markPasswordDelivered, markPasswordFileIdentity, markPasswordFileWritten, type StateStore } from '../state/state-store.js';

/** A password still to reach the operator on the sign-in card, with the step that issued it. */
export interface CardPassword {
  readonly step: StepId;
  readonly userName: string;
  readonly password: string;
}

export class PasswordDelivery {
  private readonly issued: RunPassword[] = [];
  private readonly held: { index: number; step: StepId; password: DeliveredPassword }[] = [];
  private readonly forCard: CardPassword[] = [];
  /** Passwords written to the files the operator named. */
  readonly files: { userName: string; path: string }[] = [];
  /** Passwords the operator already saw during the run (the wizard's card before a sign-in step). */
  readonly shown: { userName: string }[] = [];

  constructor(
    private readonly store: StateStore,
    private readonly operator: Operator,
    private readonly caller: Caller,
    /** The alias the account has by now (a step of this run may have set it), else undefined. */
    private readonly alias: () => string | undefined,
  ) {}

  /** The passwords this run issued so far, and whether each reached its destination (never the password). */
  passwordsOfRun(): RunPassword[] {
    return this.issued.map((p) => ({ ...p }));
  }

  /** Notes a password a step just issued: not delivered yet. */
  issue(step: StepId, password: DeliveredPassword): void {
    this.issued.push({ step, userName: password.userName, delivered: false, shownToPerson: false });
  }

  /** Keeps a password until deliverHeld (index: its step's place in the flow). */
  hold(index: number, step: StepId, password: DeliveredPassword): void {
    this.held.push({ index, step, password });
  }

  /** Delivers the held passwords in flow order; one that cannot be delivered goes to onFailure. */
  async deliverHeld(onFailure: (index: number, error: unknown) => void): Promise<void> {
    for (const { index, step, password } of this.held.splice(0).sort((a, b) => a.index - b.index)) {
      try {
        await this.deliver(step, password);
      } catch (error) {
        onFailure(index, error);
      }
    }
  }

  /** The passwords for the sign-in card, in flow order (steps applied concurrently deliver in any order). */
  cardPasswords(flowOrder: (step: StepId) => number): CardPassword[] {
    return [...this.forCard].sort((a, b) => flowOrder(a.step) - flowOrder(b.step));
  }

  /** Sends one password where it was asked to go: its file, else the operator (or the card at the end). */
  async deliver(step: StepId, password: DeliveredPassword): Promise<void> {
    const entry = this.issued.find((p) => p.step === step && p.userName === password.userName && !p.delivered);
    if (password.file) {
      await this.writeFile(step, password.file, password);
      await markPasswordFileWritten(this.store, step, password.userName, password.file);
      this.files.push({ userName: password.userName, path: password.file });
      await markPasswordDelivered(this.store, step, password.userName);
      if (entry) entry.delivered = true;
      return;
    }
    const url = signInUrl(this.caller.partition, this.alias() || this.caller.accountId);
    const handover =
      (await this.operator.deliverPassword?.({ userName: password.userName, password: password.password, signInUrl: url })) ?? 'held';
    if (handover === 'delivered') {
      await markPasswordDelivered(this.store, step, password.userName);
      this.shown.push({ userName: password.userName });
      if (entry) Object.assign(entry, { delivered: true, shownToPerson: true });
    } else {
      // On the sign-in card printed when the run ends; the command marks it delivered once that write succeeded.
      this.forCard.push({ step, userName: password.userName, password: password.password });
    }
  }

  /** Written whole (fsynced, then renamed into place) or not at all. */
  private async writeFile(step: StepId, file: string, password: DeliveredPassword): Promise<void> {
    try {
      // Exclusive: the write itself fails if anything is at the path (a file, a link), whatever the plan saw.
      // Its identity is recorded before it appears: a run killed right after knows the file as its own.
      await writeOwnFileAtomic(file, `${password.password}\n`, { exclusive: !password.replaceOwnFile }, (identity) =>
        markPasswordFileIdentity(this.store, step, password.userName, identity),
      );
    } catch (error) {
      const why =
        (error as NodeJS.ErrnoException).code === 'EEXIST'
          ? 'something appeared at that path after the plan found it free; it was left as it is'
          : error instanceof Error
            ? error.message
            : String(error);
      throw new PasswordNotDeliveredError([password.userName], `cannot write ${file} (${why})`);
    }
  }
}
