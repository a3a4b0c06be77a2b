import { AddUserToGroupCommand, type IAMClient, type PasswordPolicy } from '@aws-sdk/client-iam';
import { checkUserNamesIgnoringCase, type Answers, type UserAnswers } from '../answers/answers.js';
import { readUserNames, refuseOtherCase } from '../iam/account-names.js';
import {
  callerMfaDeferrals,
  callerUserName,
  includesGroup,
  readCallerMfaState,
  sameIamName,
  type CallerMfaState,
} from '../iam/caller-mfa.js';
import { retryEventual } from '../aws/errors.js';
import { accountSignInUrl, type Caller } from '../aws/caller.js';
import {
  authenticatorLabel,
  checkNewSeedFile,
  createConsoleUser,
  enrolConsoleMfa,
  issueOneTimePassword,
  planMfa,
  planPassword,
  type MfaPlan,
  type PasswordPlan,
  type SaveUserProgress,
} from '../iam/console-user.js';
import { VerifyError } from '../lib/errors.js';
import type { UserRecord } from '../contracts/step-record.js';
import { userRecordPatch } from '../state/state-store.js';
import { minimumLengthAfterRun } from '../iam/password-policy-rules.js';
import { inspectUser, readUserAccess, type UserInspection } from '../iam/user-reads.js';
import { listAssignedMfa, listUnassignedVirtualMfa, toolOrphansOf } from '../iam/virtual-mfa.js';
import { defineStep, type Change, type DeliveredPassword, type Pending, type StepPlan } from '../contracts/step.js';

interface UserState extends UserInspection {
  readonly assignedMfa: readonly string[];
}

interface Inspection {
  readonly users: ReadonlyMap<string, UserState>;
  /** Unassigned virtual MFA devices, read once for every user's leftovers. */
  readonly unassignedMfa: readonly string[];
  /** Users in the account that are neither in the answers nor the first administrator. */
  readonly otherUsers: readonly string[];
  /** Every user name in the account: an answer naming one in another case is refused. */
  readonly userNames: readonly string[];
  readonly passwordPolicy: PasswordPolicy | undefined;
  /** Read only when the caller is one of the users: joining a group with the MFA policy would cut off the run. */
  readonly callerMfa: CallerMfaState | undefined;
}

interface UserPlan extends PasswordPlan {
  readonly name: string;
  readonly groups: readonly string[];
  readonly create: boolean;
  readonly addTo: readonly string[];
  /** Groups caller-group-mfa adds this user (the caller) to, as the run's last change. */
  readonly joinLast: readonly string[];
  /** Set when the user is to get a virtual MFA device in this run. */
  readonly mfa?: MfaPlan;
}

interface Data {
  readonly users: readonly UserPlan[];
  readonly pending: Pending | undefined;
  readonly passwordMinimumLength: number;
}

async function inspectTeamUser(iam: IAMClient, name: string): Promise<UserState> {
  const user = await inspectUser(iam, name);
  return { ...user, assignedMfa: user.exists ? await listAssignedMfa(iam, name) : [] };
}

/** Groups whose members the MFA-enforcement policy holds to MFA. */
function mfaEnforcedGroups(answers: Answers): Set<string> {
  return new Set([answers.adminGroup.name, ...answers.teams.filter((t) => t.mfaPolicy).map((t) => t.name)]);
}

/** The facts every user's plan draws on, worked out once for the step. */
interface TeamFacts {
  readonly answers: Answers;
  readonly caller: Caller;
  readonly callerName: string | undefined;
  readonly inspection: Inspection;
  readonly records: Readonly<Record<string, UserRecord>>;
  /** Groups whose members the MFA-enforcement policy holds to MFA. */
  readonly enforced: ReadonlySet<string>;
  /** Groups the caller joins as the run's last change (caller-group-mfa). */
  readonly joinLastGroups: readonly string[];
}

/** One user's part of the plan: what is done for it, the changes and notes it adds, whether it enrols MFA later. */
interface PlannedUser {
  readonly plan: UserPlan;
  readonly changes: readonly Change[];
  readonly notes: readonly string[];
  readonly enrolsLater: boolean;
}

const absent: UserState = { exists: false, groups: [], hasLoginProfile: false, accessKeyIds: [], directPolicies: [], assignedMfa: [] };

/** One user's part of the plan; every check on its answers is made here, before anything changes. */
function planTeamUser(user: UserAnswers, i: number, facts: TeamFacts): PlannedUser {
  const { answers, caller, callerName } = facts;
  const state = facts.inspection.users.get(user.name) ?? absent;
  const record = facts.records[user.name] ?? {};
  const groups = [...new Set(user.groups)];
  const changes: Change[] = [];
  const notes: string[] = [];
  if (!state.exists) changes.push({ kind: 'create', target: `user ${user.name}`, detail: 'console access only, no access keys' });
  // You are this user, and the group already has the MFA policy: joining it ends this run's access, so it comes last.
  const isCaller = callerName !== undefined && sameIamName(callerName, user.name);
  const joinLast = isCaller ? groups.filter((g) => !state.groups.includes(g) && includesGroup(facts.joinLastGroups, g)) : [];
  if (joinLast.length > 0) {
    const [have, them] = joinLast.length === 1 ? ['has', 'it'] : ['have', 'them'];
    notes.push(
      `you (${caller.arn}) are ${user.name}, ${joinLast.join(', ')} already ${have} ${answers.adminGroup.mfaPolicyName} ` +
        `and this session has no MFA: you join ${them} as the last change of the run (step caller-group-mfa)`,
    );
  }
  const addTo = groups.filter((g) => !state.groups.includes(g) && !joinLast.includes(g));
  for (const group of addTo) changes.push({ kind: 'attach', target: `${user.name} to group ${group}` });

  const password = planPassword(user.name, state.hasLoginProfile, record, user.passwordFile, `users[${i}].passwordFile`);
  changes.push(...password.changes);
  const enrolsLater = state.assignedMfa.length === 0 && user.mfa === 'at-first-sign-in';
  let mfa: MfaPlan | undefined;
  if (state.assignedMfa.length === 0 && !enrolsLater) {
    mfa = planMfa(user.name, toolOrphansOf(facts.inspection.unassignedMfa, user.name), user.mfaSeedFile, record);
    checkNewSeedFile(`users[${i}].mfaSeedFile`, mfa);
    changes.push(...mfaChanges(user.name, mfa));
  }
  if (password.plan.password === 'none' && record.passwordDelivery === undefined)
    notes.push(`${user.name} already has a console password, set outside this tool; left as it is (no sign-in card)`);
  notes.push(...leftAlone(user.name, groups, state));
  if (!groups.some((g) => facts.enforced.has(g)))
    notes.push(`${user.name} is in no group with ${answers.adminGroup.mfaPolicyName}, so nothing makes them use MFA`);
  const plan: UserPlan = { name: user.name, groups, create: !state.exists, addTo, joinLast, ...password.plan, ...(mfa ? { mfa } : {}) };
  return { plan, changes, notes, enrolsLater };
}

/** The device changes of a user's MFA enrolment: leftovers deleted, a device made and enabled. */
function mfaChanges(user: string, mfa: MfaPlan): Change[] {
  const changes: Change[] = mfa.orphans.map((serial) => ({
    kind: 'delete',
    target: `unassigned MFA device ${serial}`,
    detail: 'left by an interrupted enrolment; nobody holds its seed',
  }));
  changes.push({ kind: 'create', target: `virtual MFA device ${mfa.deviceName}` });
  changes.push({
    kind: 'enable',
    target: `MFA for ${user}`,
    detail: mfa.seedFile ? `seed written to ${mfa.seedFile}` : 'two consecutive codes from the app',
  });
  return changes;
}

/** What a user has beyond the answers: other groups, access keys, direct policies; all left alone. */
function leftAlone(user: string, groups: readonly string[], state: UserState): string[] {
  const notes: string[] = [];
  const otherGroups = state.groups.filter((g) => !groups.includes(g));
  if (otherGroups.length > 0) notes.push(`${user} is also in ${otherGroups.join(', ')}; left alone`);
  if (state.accessKeyIds.length > 0)
    notes.push(`${user} has access keys (${state.accessKeyIds.join(', ')}); left alone, but a console user needs none`);
  if (state.directPolicies.length > 0)
    notes.push(`${user} has policies attached directly (${state.directPolicies.join(', ')}); left alone, but permissions belong on groups`);
  return notes;
}

/** The users who enrol MFA at first sign-in: what the run leaves pending, and how they do it. */
function enrolLaterPending(enrolLater: readonly string[], caller: Caller, answers: Answers): Pending | undefined {
  if (enrolLater.length === 0) return undefined;
  const url = accountSignInUrl(caller, answers.account.alias);
  return {
    reason: `${enrolLater.join(', ')} ${enrolLater.length === 1 ? 'has' : 'have'} no MFA yet; they enrol it at first sign-in`,
    howTo:
      `${enrolLater.length === 1 ? `${enrolLater[0]} signs` : 'Each signs'} in at ${url}, ` +
      'changes the password, then opens Security credentials > Assign MFA device',
    link: url,
  };
}

export const teamUsers = defineStep<Inspection, Data>({
  id: 'team-users',
  title: 'Team members',
  why: 'Each colleague signs in as themselves: console password only, permissions only through their groups, MFA like the administrator.',

  questions: (inspection, { answers }) => [
    {
      key: 'users',
      kind: 'users' as const,
      message: 'More people: console password only, permissions through their groups',
      choices: [answers.adminGroup.name, ...answers.teams.map((team) => team.name)].map((name) => ({ value: name, label: name })),
      // Checked as each name is typed: IAM user names ignore case, so `cto` would be the admin `CTO`.
      validate: (name: string) =>
        sameIamName(name, answers.admin.name)
          ? `${name} is the first administrator (${answers.admin.name}; IAM user names ignore case), set up in the step before; add other people here`
          : undefined,
    },
    ...answers.users.flatMap((user, i) =>
      (inspection.users.get(user.name)?.assignedMfa.length ?? 0) > 0
        ? []
        : [
            {
              key: `users.${i}.mfa`,
              kind: 'select' as const,
              message: `When should ${user.name} set up MFA?`,
              choices: [
                { value: 'qr', label: 'Now: scan a QR code with an authenticator app' },
                { value: 'at-first-sign-in', label: 'At first sign-in' },
              ],
            },
          ],
    ),
  ],

  async inspect(ctx) {
    const { iam, answers, reads, caller } = ctx;
    if (answers.users.length === 0)
      return { users: new Map(), unassignedMfa: [], otherUsers: [], userNames: [], passwordPolicy: undefined, callerMfa: undefined };
    const names = answers.users.map((u) => u.name);
    const enrolsNow = answers.users.some((u) => u.mfa !== 'at-first-sign-in');
    const callerName = callerUserName(caller);
    const callerListed = callerName !== undefined && names.some((name) => sameIamName(name, callerName));
    const [states, unassignedMfa, allUsers, passwordPolicy, callerMfa] = await Promise.all([
      Promise.all(names.map((name) => inspectTeamUser(iam, name))),
      enrolsNow ? listUnassignedVirtualMfa(iam) : Promise.resolve([]),
      readUserNames(ctx),
      reads.passwordPolicy(),
      // Read afresh: in the wizard the users are asked after the groups got their policies.
      callerListed ? readCallerMfaState(ctx, { fresh: true }) : undefined,
    ]);
    const known = new Set([...names, answers.admin.name].map((n) => n.toLowerCase()));
    return {
      users: new Map(names.map((name, i) => [name, states[i]!])),
      unassignedMfa,
      otherUsers: allUsers.filter((u) => !known.has(u.toLowerCase())),
      userNames: allUsers,
      passwordPolicy,
      callerMfa,
    };
  },

  plan(inspection, { answers, caller, savedRecord }) {
    if (answers.users.length === 0)
      return { changes: [], upToDate: 'no more users asked for', data: { users: [], pending: undefined, passwordMinimumLength: 0 } };
    // The wizard's answers did not go through the answers-file checks.
    checkUserNamesIgnoringCase(answers);
    for (const [i, user] of answers.users.entries()) refuseOtherCase(`users[${i}].name`, 'user', inspection.userNames, user.name);
    const facts: TeamFacts = {
      answers,
      caller,
      callerName: callerUserName(caller),
      inspection,
      records: savedRecord('team-users').users ?? {},
      enforced: mfaEnforcedGroups(answers),
      joinLastGroups: callerMfaDeferrals(answers, caller, inspection.callerMfa).joinLast,
    };
    const planned = answers.users.map((user, i) => planTeamUser(user, i, facts));
    const users = planned.map((p) => p.plan);
    const changes = planned.flatMap((p) => p.changes);
    const notes = planned.flatMap((p) => p.notes);
    if (inspection.otherUsers.length > 0) notes.push(`other users in the account: ${inspection.otherUsers.join(', ')}; left alone`);
    const pending = enrolLaterPending(
      planned.filter((p) => p.enrolsLater).map((p) => p.plan.name),
      caller,
      answers,
    );
    const data: Data = { users, pending, passwordMinimumLength: minimumLengthAfterRun(inspection.passwordPolicy, answers.passwordPolicy) };
    const plan: StepPlan<Data> = { changes, notes, data, ...(pending ? { pending } : {}) };
    if (changes.length === 0 && !pending)
      return { ...plan, upToDate: `${users.map((u) => u.name).join(', ')} exist, are in their groups and have a console password and MFA` };
    return plan;
  },

  async apply({ data }, { iam, operator, saveRecord, savedRecord, answers, caller, stepReady }) {
    // The users join groups that admin-group and team-groups make.
    if (data.users.some((u) => u.addTo.length > 0)) await Promise.all([stepReady('admin-group'), stepReady('team-groups')]);
    const accountLabel = authenticatorLabel(answers, caller);
    const passwords: DeliveredPassword[] = [];
    const done: string[] = [];

    for (const user of data.users) {
      const save: SaveUserProgress = (patch) => saveRecord(userRecordPatch(savedRecord('team-users'), user.name, patch));
      if (user.create) await createConsoleUser(iam, user.name);
      for (const group of user.addTo) {
        await retryEventual(() => iam.send(new AddUserToGroupCommand({ GroupName: group, UserName: user.name })));
      }
      const did: string[] = [];
      const password = await issueOneTimePassword(iam, user.name, user, data.passwordMinimumLength, save);
      if (password) {
        passwords.push(password);
        did.push('console password set');
      }
      if (user.mfa) {
        const serial = await enrolConsoleMfa(iam, operator, user.name, user.mfa, { accountLabel, save });
        did.push(`MFA ${serial}${user.mfa.seedFile ? ` (seed in ${user.mfa.seedFile})` : ''}`);
      }
      if (user.create || user.addTo.length > 0 || did.length > 0)
        done.push(`${user.name} in ${user.groups.join(', ')}${did.length > 0 ? `, ${did.join(', ')}` : ''}`);
    }
    return { summary: done.join('; '), passwords, ...(data.pending ? { pending: data.pending } : {}) };
  },

  async verify({ data }, { iam }) {
    for (const user of data.users) {
      const [after, assignedMfa] = await Promise.all([readUserAccess(iam, user.name), user.mfa ? listAssignedMfa(iam, user.name) : []]);
      if (!after.exists) throw new VerifyError(`user ${user.name} does not exist`);
      const missing = user.groups.filter((g) => !after.groups.includes(g) && !user.joinLast.includes(g));
      if (missing.length > 0) throw new VerifyError(`user ${user.name} is not in ${missing.join(', ')}`);
      if (!after.hasLoginProfile) throw new VerifyError(`user ${user.name} has no console password`);
      if (user.mfa && assignedMfa.length === 0) throw new VerifyError(`${user.name} has no MFA device after EnableMFADevice`);
    }
  },
});
