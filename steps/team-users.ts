import { AddUserToGroupCommand, CreateUserCommand, type IAMClient, type PasswordPolicy } from '@aws-sdk/client-iam';
import { checkNewFilePath, checkUserNamesIgnoringCase, type Answers, type UserAnswers } from '../src/answers.js';
import { readUserNames, refuseOtherCase } from '../src/account-names.js';
import { callerMfaDeferrals, callerUserName, includesGroup, readCallerMfaState, sameIamName, type CallerMfaState } from '../src/caller-mfa.js';
import { createIfMissing, retryEventual } from '../src/aws-errors.js';
import { accountSignInUrl } from '../src/caller.js';
import { issueConsolePassword, passwordAction, type PasswordAction } from '../src/console-password.js';
import { VerifyError } from '../src/errors.js';
import { isOwnSecretFile, userRecordPatch } from '../src/state-store.js';
import { toolTags } from '../src/tags.js';
import { enrolVirtualMfa, listAssignedMfa, listUnassignedVirtualMfa, toolDeviceName, toolOrphansOf } from '../src/virtual-mfa.js';
import { defineStep, type Change, type DeliveredPassword, type Pending, type StepPlan } from '../src/step.js';
import { inspectUser, readUserAccess, type UserInspection } from './admin-user.js';
import { minimumLengthAfterRun } from './password-policy.js';

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

interface UserPlan {
  readonly name: string;
  readonly groups: readonly string[];
  readonly create: boolean;
  readonly addTo: readonly string[];
  /** Groups caller-group-mfa adds this user (the caller) to, as the run's last change. */
  readonly joinLast: readonly string[];
  readonly password: PasswordAction;
  readonly passwordTarget: string;
  readonly replaceOwnFile: boolean;
  /** Set when the user is to get a virtual MFA device in this run. */
  readonly mfa?: { readonly deviceName: string; readonly orphans: readonly string[]; readonly seedFile: string | undefined; readonly replaceOwnSeedFile: boolean };
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
      validate: (name: string) => sameIamName(name, answers.admin.name)
        ? `${name} is the first administrator (${answers.admin.name}; IAM user names ignore case), set up in the step before; add other people here`
        : undefined,
    },
    ...answers.users.flatMap((user, i) =>
    (inspection.users.get(user.name)?.assignedMfa.length ?? 0) > 0 ? [] : [{
      key: `users.${i}.mfa`,
      kind: 'select' as const,
      message: `When should ${user.name} set up MFA?`,
      choices: [
        { value: 'qr', label: 'Now: scan a QR code with an authenticator app' },
        { value: 'at-first-sign-in', label: 'At first sign-in' },
      ],
    }]),
  ],

  async inspect(ctx) {
    const { iam, answers, reads, caller } = ctx;
    if (answers.users.length === 0) return { users: new Map(), unassignedMfa: [], otherUsers: [], userNames: [], passwordPolicy: undefined, callerMfa: undefined };
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
    if (answers.users.length === 0) return { changes: [], upToDate: 'no more users asked for', data: { users: [], pending: undefined, passwordMinimumLength: 0 } };
    // The wizard's answers did not go through the answers-file checks.
    checkUserNamesIgnoringCase(answers);
    answers.users.forEach((user, i) => refuseOtherCase(`users[${i}].name`, 'user', inspection.userNames, user.name));
    const records = savedRecord('team-users').users ?? {};
    const enforced = mfaEnforcedGroups(answers);
    const joinLastGroups = callerMfaDeferrals(answers, caller, inspection.callerMfa).joinLast;
    const callerName = callerUserName(caller);
    const changes: Change[] = [];
    const notes: string[] = [];
    const enrolLater: string[] = [];

    const users = answers.users.map((user: UserAnswers, i): UserPlan => {
      const state = inspection.users.get(user.name) ?? { exists: false, groups: [], hasLoginProfile: false, accessKeyIds: [], directPolicies: [], assignedMfa: [] };
      const record = records[user.name] ?? {};
      const groups = [...new Set(user.groups)];
      if (!state.exists) changes.push({ kind: 'create', target: `user ${user.name}`, detail: 'console access only, no access keys' });
      // You are this user, and the group already has the MFA policy: joining it ends this run's access, so it comes last.
      const isCaller = callerName !== undefined && sameIamName(callerName, user.name);
      const joinLast = isCaller ? groups.filter((g) => !state.groups.includes(g) && includesGroup(joinLastGroups, g)) : [];
      if (joinLast.length > 0) notes.push(`you (${caller.arn}) are ${user.name}, ${joinLast.join(', ')} already ${joinLast.length === 1 ? 'has' : 'have'} ${answers.adminGroup.mfaPolicyName} and this session has no MFA: you join ${joinLast.length === 1 ? 'it' : 'them'} as the last change of the run (step caller-group-mfa)`);
      const addTo = groups.filter((g) => !state.groups.includes(g) && !joinLast.includes(g));
      for (const group of addTo) changes.push({ kind: 'attach', target: `${user.name} to group ${group}` });

      const password = passwordAction(state.hasLoginProfile, record.passwordDelivery);
      if (password === 'create') {
        changes.push({ kind: 'create', target: `console password for ${user.name}`, detail: 'generated, shown once, must be changed at first sign-in' });
      } else if (password === 'reissue') {
        changes.push({ kind: 'update', target: `console password for ${user.name}`, detail: 'the earlier one was never delivered; a new one is issued' });
      }
      const passwordTarget = user.passwordFile ?? 'card';
      const replaceOwnFile = user.passwordFile !== undefined && isOwnSecretFile(user.passwordFile, record.passwordFileWritten, record.passwordFileIdentity);
      if (password !== 'none' && user.passwordFile && !replaceOwnFile) checkNewFilePath(`users[${i}].passwordFile`, user.passwordFile);

      let mfa: UserPlan['mfa'];
      if (state.assignedMfa.length === 0) {
        if (user.mfa === 'at-first-sign-in') {
          enrolLater.push(user.name);
        } else {
          const seedFile = user.mfaSeedFile;
          const replaceOwnSeedFile = seedFile !== undefined && isOwnSecretFile(seedFile, record.mfaSeedWritten, record.mfaSeedFileIdentity);
          if (seedFile && !replaceOwnSeedFile) checkNewFilePath(`users[${i}].mfaSeedFile`, seedFile);
          mfa = { deviceName: toolDeviceName(user.name), orphans: toolOrphansOf(inspection.unassignedMfa, user.name), seedFile, replaceOwnSeedFile };
          for (const serial of mfa.orphans) changes.push({ kind: 'delete', target: `unassigned MFA device ${serial}`, detail: 'left by an interrupted enrolment; nobody holds its seed' });
          changes.push({ kind: 'create', target: `virtual MFA device ${mfa.deviceName}` });
          changes.push({ kind: 'enable', target: `MFA for ${user.name}`, detail: seedFile ? `seed written to ${seedFile}` : 'two consecutive codes from the app' });
        }
      }

      if (password === 'none' && record.passwordDelivery === undefined) notes.push(`${user.name} already has a console password, set outside this tool; left as it is (no sign-in card)`);
      const otherGroups = state.groups.filter((g) => !groups.includes(g));
      if (otherGroups.length > 0) notes.push(`${user.name} is also in ${otherGroups.join(', ')}; left alone`);
      if (state.accessKeyIds.length > 0) notes.push(`${user.name} has access keys (${state.accessKeyIds.join(', ')}); left alone, but a console user needs none`);
      if (state.directPolicies.length > 0) notes.push(`${user.name} has policies attached directly (${state.directPolicies.join(', ')}); left alone, but permissions belong on groups`);
      if (!groups.some((g) => enforced.has(g))) notes.push(`${user.name} is in no group with ${answers.adminGroup.mfaPolicyName}, so nothing makes them use MFA`);
      return { name: user.name, groups, create: !state.exists, addTo, joinLast, password, passwordTarget, replaceOwnFile, ...(mfa ? { mfa } : {}) };
    });
    if (inspection.otherUsers.length > 0) notes.push(`other users in the account: ${inspection.otherUsers.join(', ')}; left alone`);

    let pending: Pending | undefined;
    if (enrolLater.length > 0) {
      const url = accountSignInUrl(caller, answers.account.alias);
      pending = {
        reason: `${enrolLater.join(', ')} ${enrolLater.length === 1 ? 'has' : 'have'} no MFA yet; they enrol it at first sign-in`,
        howTo: `${enrolLater.length === 1 ? `${enrolLater[0]} signs` : 'Each signs'} in at ${url}, changes the password, then opens Security credentials > Assign MFA device`,
        link: url,
      };
    }
    const data: Data = { users, pending, passwordMinimumLength: minimumLengthAfterRun(inspection.passwordPolicy, answers.passwordPolicy) };
    const plan: StepPlan<Data> = { changes, notes, data, ...(pending ? { pending } : {}) };
    if (changes.length === 0 && !pending) return { ...plan, upToDate: `${users.map((u) => u.name).join(', ')} exist, are in their groups and have a console password and MFA` };
    return plan;
  },

  async apply({ data }, { iam, operator, saveRecord, savedRecord, answers, caller, stepReady }) {
    const saveUser = (name: string, patch: Parameters<typeof userRecordPatch>[2]): Promise<void> =>
      saveRecord(userRecordPatch(savedRecord('team-users'), name, patch));
    // The users join groups that admin-group and team-groups make.
    if (data.users.some((u) => u.addTo.length > 0)) await Promise.all([stepReady('admin-group'), stepReady('team-groups')]);
    const passwords: DeliveredPassword[] = [];
    const done: string[] = [];

    for (const user of data.users) {
      if (user.create) await createIfMissing(() => iam.send(new CreateUserCommand({ UserName: user.name, Tags: toolTags() })));
      for (const group of user.addTo) {
        await retryEventual(() => iam.send(new AddUserToGroupCommand({ GroupName: group, UserName: user.name })));
      }
      const did: string[] = [];
      if (user.password !== 'none') {
        const password = await issueConsolePassword(iam, user.name, user.password, data.passwordMinimumLength, () =>
          saveUser(user.name, { passwordDelivery: 'pending', passwordTarget: user.passwordTarget }));
        const file = user.passwordTarget === 'card' ? undefined : user.passwordTarget;
        passwords.push({ userName: user.name, password, ...(file && { file, replaceOwnFile: user.replaceOwnFile }) });
        did.push('console password set');
      }
      if (user.mfa) {
        const { mfa } = user;
        if (mfa.seedFile) await saveUser(user.name, { mfaSeedTarget: mfa.seedFile });
        const serial = await enrolVirtualMfa(
          iam,
          operator,
          {
            user: user.name,
            ...mfa,
            accountLabel: answers.account.alias || caller.accountId,
            ...(mfa.seedFile ? {
              recordSeedIdentity: (identity: string) => saveUser(user.name, { mfaSeedFileIdentity: identity }),
              recordSeedWritten: () => saveUser(user.name, { mfaSeedWritten: mfa.seedFile }),
            } : {}),
          },
          (serialNumber) => saveUser(user.name, { mfaDeviceSerial: serialNumber }),
        );
        did.push(`MFA ${serial}${mfa.seedFile ? ` (seed in ${mfa.seedFile})` : ''}`);
      }
      if (user.create || user.addTo.length > 0 || did.length > 0) done.push(`${user.name} in ${user.groups.join(', ')}${did.length > 0 ? `, ${did.join(', ')}` : ''}`);
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
