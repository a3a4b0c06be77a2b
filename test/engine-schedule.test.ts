// The engine's schedules with in-memory steps: no moto, and no AWS call (the IAM client below is
// only there because RunInput wants one; no step sends anything through it).
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { startingAnswers } from '../src/answers/answers.js';
import { parseCaller } from '../src/aws/caller.js';
import type { EngineEvent } from '../src/contracts/events.js';
import type { Operator } from '../src/contracts/operator.js';
import type { ApplyContext, RunPassword, Step, StepId, StepOutcome } from '../src/contracts/step.js';
import { runFlow, type RunResult, type Schedule } from '../src/engine/run-flow.js';
import type { StateFile, StateStore } from '../src/state/state-store.js';

const accountId = '111122223333';
const caller = parseCaller(accountId, `arn:aws:iam::${accountId}:user/ops`);

interface FakeStep {
  /** How long its change takes, in ms (a slow step lets the others overtake it, if the schedule allows). */
  readonly ms?: number;
  /** Nothing to change: the step is skipped as up to date. */
  readonly upToDate?: true;
  /** Its change ends only once this settles (so another step surely ends first). */
  readonly after?: Promise<void>;
  /** Its change fails (after `ms`). */
  readonly fails?: true;
  /** A step whose work this one builds on: waited for (stepReady) in the middle of its change. */
  readonly needs?: StepId;
  /** Issues a one-time password for this user. */
  readonly password?: string;
  /** Runs inside apply, before it returns (to look at what the run has done so far). */
  readonly during?: (ctx: ApplyContext) => void;
  readonly flags?: Pick<Step, 'answerCheckedByAws' | 'runsLast' | 'afterPasswordsDelivered'>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function signal(): { readonly promise: Promise<void>; readonly fire: () => void } {
  let fire!: () => void;
  const promise = new Promise<void>((resolve) => {
    fire = resolve;
  });
  return { promise, fire };
}

/** A step implementing the Step interface in memory; what it does goes to `log`. */
function fakeStep(id: StepId, log: string[], fake: FakeStep = {}): Step {
  return {
    id,
    title: `Title of ${id}`,
    why: 'a test step',
    ...fake.flags,
    inspect: async () => undefined,
    plan: () =>
      fake.upToDate
        ? { changes: [], upToDate: 'already as asked', data: undefined }
        : { changes: [{ kind: 'create', target: id }], data: undefined },
    async apply(_plan, ctx): Promise<StepOutcome> {
      log.push(`apply ${id}`);
      if (fake.needs) await ctx.stepReady(fake.needs);
      await sleep(fake.ms ?? 0);
      await fake.after;
      if (fake.fails) {
        log.push(`failed ${id}`);
        throw new Error(`${id} broke`);
      }
      fake.during?.(ctx);
      log.push(`applied ${id}`);
      return { summary: `${id} made`, ...(fake.password ? { password: { userName: fake.password, password: 'One-time-Passw0rd!' } } : {}) };
    },
    verify: async () => {},
  };
}

/** Answers from its defaults, confirms every plan, and logs each password handed to it. */
function fakeOperator(log: string[], interactive: boolean): Operator {
  return {
    interactive,
    ask: async (_question, current) => current,
    confirm: async () => true,
    obtainMfaCodes: async () => {
      throw new Error('not used');
    },
    awaitManual: async () => 'later',
    async deliverPassword(card) {
      log.push(`password ${card.userName}`);
      return 'delivered';
    },
  };
}

function memoryStore(): StateStore {
  const state: StateFile = { version: 1, accountId, updatedAt: '', steps: {} };
  return {
    path: '(memory)',
    state,
    record: (id) => ({ ...state.steps[id] }),
    update: async (id, patch) => {
      state.steps[id] = { ...state.steps[id], ...patch };
    },
    saveAnswers: async () => {},
  };
}

async function run(
  steps: readonly Step[],
  schedule: Schedule,
  log: string[],
): Promise<{ result: RunResult; events: EngineEvent[]; store: StateStore }> {
  const events: EngineEvent[] = [];
  const store = memoryStore();
  const result = await runFlow({
    steps,
    clients: {
      iam: new IAMClient({ region: 'us-east-1' }),
      sts: new STSClient({ region: 'us-east-1' }),
      signingAccessKeyId: async () => undefined,
    },
    caller,
    answers: startingAnswers(),
    operator: fakeOperator(log, schedule === 'one-by-one'),
    store,
    emit: (event) => events.push(event),
    schedule,
  });
  return { result, events, store };
}

const statuses = (result: RunResult): Record<string, string> => Object.fromEntries(result.steps.map((s) => [s.id, s.status]));
const at = (log: readonly string[], entry: string): number => {
  const index = log.indexOf(entry);
  if (index === -1) throw new Error(`"${entry}" is not in the log: ${JSON.stringify(log)}`);
  return index;
};

describe('the concurrent schedule (apply)', () => {
  it('runs independent steps at once', async () => {
    const log: string[] = [];
    const steps = [fakeStep('password-policy', log, { ms: 20 }), fakeStep('admin-group', log, { ms: 20 })];
    await run(steps, 'concurrent', log);
    expect(log).toEqual(['apply password-policy', 'apply admin-group', 'applied password-policy', 'applied admin-group']);
  });

  it('the gate first: no other step makes a change before the step whose answer only AWS can check has made its own', async () => {
    const log: string[] = [];
    const steps = [
      fakeStep('password-policy', log),
      fakeStep('account-alias', log, { ms: 20, flags: { answerCheckedByAws: true } }),
      fakeStep('admin-group', log),
    ];
    const { result } = await run(steps, 'concurrent', log);
    expect(log.slice(0, 2)).toEqual(['apply account-alias', 'applied account-alias']);
    expect(statuses(result)).toEqual({ 'password-policy': 'done', 'account-alias': 'done', 'admin-group': 'done' });
  });

  it('the gate first: when AWS refuses the gate, no other step changes anything', async () => {
    const log: string[] = [];
    const steps = [
      fakeStep('account-alias', log, { ms: 10, fails: true, flags: { answerCheckedByAws: true } }),
      fakeStep('password-policy', log),
    ];
    const { result } = await run(steps, 'concurrent', log);
    expect(log).toEqual(['apply account-alias', 'failed account-alias']);
    expect(statuses(result)).toEqual({ 'account-alias': 'failed', 'password-policy': 'not-run' });
    expect(result.exitCode).toBe(1);
  });

  it('runsLast: starts once every step before it has ended, and the steps after it wait for it', async () => {
    const log: string[] = [];
    const steps = [
      fakeStep('admin-group', log, { ms: 20 }),
      fakeStep('caller-group-mfa', log, { flags: { runsLast: true } }),
      fakeStep('root-mfa', log),
    ];
    await run(steps, 'concurrent', log);
    expect(log).toEqual([
      'apply admin-group',
      'applied admin-group',
      'apply caller-group-mfa',
      'applied caller-group-mfa',
      'apply root-mfa',
      'applied root-mfa',
    ]);
  });

  it('runsLast: does not run once an earlier step failed', async () => {
    const log: string[] = [];
    const steps = [fakeStep('admin-group', log, { ms: 10, fails: true }), fakeStep('caller-group-mfa', log, { flags: { runsLast: true } })];
    const { result, store } = await run(steps, 'concurrent', log);
    expect(log).toEqual(['apply admin-group', 'failed admin-group']);
    expect(statuses(result)).toEqual({ 'admin-group': 'failed', 'caller-group-mfa': 'not-run' });
    // The state file stores how a step that ran ended; a step that never ran has no record.
    expect(store.state.steps).toEqual({ 'admin-group': expect.objectContaining({ status: 'failed', summary: 'admin-group broke' }) });
  });

  it('a failed dependency stops its dependents (skipped, and said so), while independent steps go on', async () => {
    const log: string[] = [];
    const steps = [
      fakeStep('admin-group', log, { ms: 10, fails: true }),
      fakeStep('admin-user', log, { needs: 'admin-group' }),
      fakeStep('password-policy', log, { ms: 20 }),
    ];
    const { result, events } = await run(steps, 'concurrent', log);
    expect(log).not.toContain('applied admin-user');
    expect(statuses(result)).toEqual({ 'admin-group': 'failed', 'admin-user': 'not-run', 'password-policy': 'done' });
    expect(events).toContainEqual({ type: 'step-skip', id: 'admin-user', reason: 'stopped: admin-group did not finish' });
    expect(result.error?.message.split('\n')[0]).toBe('admin-group broke');
  });

  it('events in flow order: a later step that finishes first is reported after the ones before it', async () => {
    const log: string[] = [];
    const adminGroupApplied = signal();
    const steps = [
      fakeStep('password-policy', log, { after: adminGroupApplied.promise }),
      fakeStep('admin-group', log, { during: adminGroupApplied.fire }),
      fakeStep('team-groups', log, { upToDate: true }),
    ];
    const { events } = await run(steps, 'concurrent', log);
    // The steps did overtake each other...
    expect(at(log, 'applied admin-group')).toBeLessThan(at(log, 'applied password-policy'));
    // ...but each step's events come out whole, in flow order.
    expect(events.map((e) => ('id' in e ? `${e.type} ${e.id}` : e.type))).toEqual([
      'run-start',
      'step-start password-policy',
      'step-plan password-policy',
      'step-done password-policy',
      'step-start admin-group',
      'step-plan admin-group',
      'step-done admin-group',
      'step-start team-groups',
      'step-skip team-groups',
      'run-end',
    ]);
  });

  it('holds passwords until the steps are through, and delivers them before the afterPasswordsDelivered step starts', async () => {
    const log: string[] = [];
    let passwordsSeenByRootKeys: readonly RunPassword[] | undefined;
    const steps = [
      fakeStep('admin-user', log, { password: 'CTO' }),
      // The group that puts the MFA policy on CTO: the password waits for it.
      fakeStep('admin-group', log, { ms: 20 }),
      fakeStep('root-access-keys', log, {
        flags: { runsLast: true, afterPasswordsDelivered: true },
        during: (ctx) => {
          passwordsSeenByRootKeys = ctx.passwordsOfRun?.();
        },
      }),
    ];
    const { result } = await run(steps, 'concurrent', log);
    expect(at(log, 'applied admin-group')).toBeLessThan(at(log, 'password CTO'));
    expect(at(log, 'password CTO')).toBeLessThan(at(log, 'apply root-access-keys'));
    expect(passwordsSeenByRootKeys).toEqual([{ step: 'admin-user', userName: 'CTO', delivered: true, shownToPerson: true }]);
    expect(result.passwordsShown).toEqual([{ userName: 'CTO' }]);
  });
});

describe('the one-by-one schedule (the wizard)', () => {
  it('runs the steps strictly in flow order, each only once the one before has ended', async () => {
    const log: string[] = [];
    const steps = [
      fakeStep('password-policy', log, { ms: 20 }),
      fakeStep('admin-group', log, { ms: 5 }),
      fakeStep('admin-user', log, { password: 'CTO' }),
      fakeStep('admin-mfa', log),
    ];
    const { result } = await run(steps, 'one-by-one', log);
    expect(log).toEqual([
      'apply password-policy',
      'applied password-policy',
      'apply admin-group',
      'applied admin-group',
      'apply admin-user',
      'applied admin-user',
      // Handed over at once: before the next step, which may need CTO to sign in.
      'password CTO',
      'apply admin-mfa',
      'applied admin-mfa',
    ]);
    expect(result.exitCode).toBe(0);
  });

  it('stops at the first failure: the steps after it do not run', async () => {
    const log: string[] = [];
    const steps = [fakeStep('admin-group', log, { fails: true }), fakeStep('password-policy', log)];
    const { result } = await run(steps, 'one-by-one', log);
    expect(log).toEqual(['apply admin-group', 'failed admin-group']);
    expect(statuses(result)).toEqual({ 'admin-group': 'failed', 'password-policy': 'not-run' });
  });
});
