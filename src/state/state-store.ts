import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileIdentity, writeFileAtomic } from '../secrets/atomic-file.js';
import type { Answers } from '../answers/answers.js';
import { BadInputError } from '../lib/errors.js';
import type { StepId } from '../contracts/step-id.js';
import type { StepRecord, UserRecord } from '../contracts/step-record.js';

export const stateVersion = 1;

/**
 * Whether the secret file at `path` is this tool's own, which a resume may replace: the state says
 * it wrote the file there, or the file is the one whose identity it recorded before writing it.
 */
export function isOwnSecretFile(path: string, written: string | undefined, identity: string | undefined): boolean {
  return written === path || (identity !== undefined && fileIdentity(path) === identity);
}

/** A patch for one user's entry of `record.users`, keeping the other users' entries. */
export function userRecordPatch(record: StepRecord, user: string, patch: UserRecord): Partial<StepRecord> {
  return { users: { ...record.users, [user]: { ...record.users?.[user], ...patch } } };
}

/** Marks a password as having reached the operator: per user when the step keeps users apart. */
export async function markPasswordDelivered(store: StateStore, step: StepId, user: string): Promise<void> {
  await patchPasswordRecord(store, step, user, { passwordDelivery: 'delivered' });
}

/** Records the identity of the password file this tool is about to place (see StepRecord.passwordFileIdentity). */
export async function markPasswordFileIdentity(store: StateStore, step: StepId, user: string, identity: string): Promise<void> {
  await patchPasswordRecord(store, step, user, { passwordFileIdentity: identity });
}

/** Records the password file this tool just wrote for a user (see StepRecord.passwordFileWritten). */
export async function markPasswordFileWritten(store: StateStore, step: StepId, user: string, path: string): Promise<void> {
  await patchPasswordRecord(store, step, user, { passwordFileWritten: path });
}

async function patchPasswordRecord(store: StateStore, step: StepId, user: string, patch: UserRecord): Promise<void> {
  const record = store.record(step);
  await store.update(step, record.users?.[user] ? userRecordPatch(record, user, patch) : patch);
}

export interface StateFile {
  version: typeof stateVersion;
  accountId: string;
  updatedAt: string;
  steps: Partial<Record<StepId, StepRecord>>;
  /** The wizard's answers so far (names, alias, modes: nothing secret), so a resume need not ask again. */
  answers?: Answers;
}

export function defaultStateDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env['XDG_STATE_HOME'] || join(homedir(), '.local', 'state');
  return join(base, 'aws-day-one');
}

/**
 * The state directory of a run that writes (`--state-dir`, else the default), made if missing
 * (mode 0700). A path that cannot be a directory is bad input naming where it came from, found
 * before the run connects to AWS.
 */
export function prepareStateDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const dir = flag ?? defaultStateDir(env);
  const source = flag !== undefined ? '--state-dir' : env['XDG_STATE_HOME'] ? 'XDG_STATE_HOME' : 'HOME';
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST')
      throw new BadInputError(source, `${dir} is a file, not a directory; name a directory (it is created if missing)`);
    if (code === 'ENOTDIR')
      throw new BadInputError(source, `a part of ${dir} is a file, not a directory; name a directory (it is created if missing)`);
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
      throw new BadInputError(
        source,
        `cannot create ${dir} (${(error as Error).message.split(',')[0]}); name a directory this user may write`,
      );
    }
    throw error;
  }
  return dir;
}

export interface StateStore {
  readonly path: string;
  /** Set when the file on disk could not be read and was set aside. */
  readonly recoveredFrom?: string;
  /** Why it could not be used, e.g. `not valid JSON`. */
  readonly recoveryReason?: string;
  readonly state: StateFile;
  /** Set once a write of the state file failed: the run must make no further change. */
  readonly failure?: Error;
  record(step: StepId): StepRecord;
  update(step: StepId, patch: Partial<StepRecord>): Promise<void>;
  saveAnswers(answers: Answers): Promise<void>;
}

/**
 * Reads the saved progress of an account; `apply` and the wizard then write it as they go.
 * A read-only reader (`plan`) neither creates the directory nor sets an unreadable file aside.
 */
export function openStateStore(dir: string, accountId: string, options: { readOnly?: boolean; now?: () => Date } = {}): StateStore {
  const now = options.now ?? (() => new Date());
  const path = join(dir, `${accountId}.json`);
  if (options.readOnly) return readOnlyStore(path, accountId, now);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const loaded = loadState(path, accountId, now);
  const state = loaded.state;
  let failure: StateWriteError | undefined;
  return {
    path,
    ...(loaded.recoveredFrom ? { recoveredFrom: loaded.recoveredFrom, recoveryReason: loaded.recoveryReason } : {}),
    state,
    record(step) {
      return { ...state.steps[step] };
    },
    get failure() {
      return failure;
    },
    async update(step, patch) {
      state.steps[step] = { ...state.steps[step], ...patch };
      save();
    },
    async saveAnswers(answers) {
      state.answers = structuredClone(answers);
      save();
    },
  };

  /**
   * Once a write failed, the file no longer says what the account holds: every later save fails
   * with the first error, and the engine lets no AWS call out after it (the run stops before its
   * next change).
   */
  function save(): void {
    if (failure) throw failure;
    state.updatedAt = now().toISOString();
    try {
      writeFileAtomic(path, `${JSON.stringify(state, null, 2)}\n`);
    } catch (error) {
      failure = new StateWriteError(path, error);
      throw failure;
    }
  }
}

/** The state file could not be written (a full disk, a read-only directory). Exit 1. */
export class StateWriteError extends Error {
  override readonly name = 'StateWriteError';
  constructor(
    readonly path: string,
    cause: unknown,
  ) {
    super(
      `cannot write the state file ${path}: ${cause instanceof Error ? cause.message : String(cause)}; ` +
        `the run stopped before its next change (free space or fix the directory, then run again)`,
    );
  }
}

function readOnlyStore(path: string, accountId: string, now: () => Date): StateStore {
  let state = emptyState(accountId, now);
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<StateFile> | null;
    if (unusable(parsed, accountId) === undefined) state = parsed as StateFile;
  } catch {
    // Missing or unreadable: plan from the account alone, and leave the file for the next apply.
  }
  const refuse = async (): Promise<never> => {
    throw new Error('this state store was opened read-only');
  };
  return { path, state, record: (step) => ({ ...state.steps[step] }), update: refuse, saveAnswers: refuse };
}

function emptyState(accountId: string, now: () => Date): StateFile {
  return { version: stateVersion, accountId, updatedAt: now().toISOString(), steps: {} };
}

/** Why a parsed state file cannot be used, or undefined when it can. */
function unusable(parsed: Partial<StateFile> | null, accountId: string): string | undefined {
  if (typeof parsed !== 'object' || parsed === null) return 'not a JSON object';
  if (parsed.version !== stateVersion)
    return `schema version ${JSON.stringify(parsed.version)}, this aws-day-one reads version ${stateVersion}`;
  if (parsed.accountId !== accountId) return `it is for account ${String(parsed.accountId)}, not ${accountId}`;
  if (typeof parsed.steps !== 'object' || parsed.steps === null) return 'it has no steps';
  return undefined;
}

function loadState(
  path: string,
  accountId: string,
  now: () => Date,
): { state: StateFile; recoveredFrom?: string; recoveryReason?: string } {
  if (!existsSync(path)) return { state: emptyState(accountId, now) };
  let reason: string;
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<StateFile> | null;
    const problem = unusable(parsed, accountId);
    if (problem === undefined) return { state: parsed as StateFile };
    reason = problem;
  } catch (error) {
    reason = error instanceof SyntaxError ? 'not valid JSON' : (error as Error).message;
  }
  // The account is the truth: progress is rebuilt by inspecting it; the old file is set aside for a
  // person to read (renamed, so even a file this user cannot read is kept).
  const backup = `${path}.corrupt-${now().toISOString().replace(/[:.]/g, '-')}`;
  renameSync(path, backup);
  return { state: emptyState(accountId, now), recoveredFrom: backup, recoveryReason: reason };
}
