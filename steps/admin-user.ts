import {
  AddUserToGroupCommand,
  CreateUserCommand,
  GetLoginProfileCommand,
  GetUserCommand,
  ListAccessKeysCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupsForUserCommand,
  ListUserPoliciesCommand,
  type IAMClient,
  type PasswordPolicy,
} from '@aws-sdk/client-iam';
import { checkNewFilePath } from '../src/answers.js';
import { readUserNames, refuseOtherCase } from '../src/account-names.js';
import { callerMfaDeferrals, callerUserName, includesGroup, readCallerMfaState, sameIamName, type CallerMfaState } from '../src/caller-mfa.js';
import { createIfMissing, ifExists, retryEventual } from '../src/aws-errors.js';
import { VerifyError } from '../src/errors.js';
import { issueConsolePassword, passwordAction, type PasswordAction } from '../src/console-password.js';
import { settleAll } from '../src/settle-all.js';
import { toolTags } from '../src/tags.js';
import { defineStep, type Change } from '../src/step.js';
import { isOwnSecretFile } from '../src/state-store.js';
import { minimumLengthAfterRun } from './password-policy.js';

export interface UserInspection {
  readonly exists: boolean;
  readonly groups: readonly string[];
  readonly hasLoginProfile: boolean;
  readonly accessKeyIds: readonly string[];
  readonly directPolicies: readonly string[];
}

interface Inspection extends UserInspection {
  readonly passwordPolicy: PasswordPolicy | undefined;
  /** Read only when the admin is the caller: joining a group with the MFA policy would cut off the run. */
  readonly callerMfa: CallerMfaState | undefined;
  /** Every user name in the account: an answer naming one in another case is refused. */
  readonly userNames: readonly string[];
}

interface Data {
  readonly user: string;
  readonly group: string;
  readonly createUser: boolean;
  readonly addToGroup: boolean;
  /** caller-group-mfa adds the user (the caller) to the group, as the run's last change. */
  readonly joinLast: boolean;
  readonly password: PasswordAction;
  /** Known before the run changes the policy, so the user and the policy go out together. */
  readonly passwordMinimumLength: number;
  readonly passwordTarget: string;
  readonly replaceOwnFile: boolean;
}

/** Everything about a user in one round trip: the reads go out together, "no such user" means absent. */
export async function inspectUser(iam: IAMClient, user: string): Promise<UserInspection> {
  const [found, groups, profile, keys, attached, inline] = await Promise.all([
    ifExists(iam.send(new GetUserCommand({ UserName: user }))),
    ifExists(iam.send(new ListGroupsForUserCommand({ UserName: user }))),
    ifExists(iam.send(new GetLoginProfileCommand({ UserName: user }))),
    ifExists(iam.send(new ListAccessKeysCommand({ UserName: user }))),
    ifExists(iam.send(new ListAttachedUserPoliciesCommand({ UserName: user }))),
    ifExists(iam.send(new ListUserPoliciesCommand({ UserName: user }))),
  ]);
  if (!found) return { exists: false, groups: [], hasLoginProfile: false, accessKeyIds: [], directPolicies: [] };
  return {
    exists: true,
    groups: (groups?.Groups ?? []).map((g) => g.GroupName ?? ''),
    hasLoginProfile: profile !== undefined,
    accessKeyIds: (keys?.AccessKeyMetadata ?? []).map((k) => k.AccessKeyId ?? ''),
    directPolicies: [...(attached?.AttachedPolicies ?? []).map((p) => p.PolicyName ?? ''), ...(inline?.PolicyNames ?? [])],
  };
}

/**
 * What verify needs of a user, in two reads: its groups (NoSuchEntity when it does not exist) and
 * its console password. The keys and direct policies inspectUser also reads only feed notes.
 */
export async function readUserAccess(iam: IAMClient, user: string): Promise<{ exists: boolean; groups: string[]; hasLoginProfile: boolean }> {
  const [groups, profile] = await Promise.all([
    ifExists(iam.send(new ListGroupsForUserCommand({ UserName: user }))),
    ifExists(iam.send(new GetLoginProfileCommand({ UserName: user }))),
  ]);
  return { exists: groups !== undefined, groups: (groups?.Groups ?? []).map((g) => g.GroupName ?? ''), hasLoginProfile: profile !== undefined };
}

export const adminUser = defineStep<Inspection, Data>({
  id: 'admin-user',
  title: 'First administrator',
  why: 'Day-to-day work happens as an IAM user, not as root: console password only, permissions only through the group, a new password at first sign-in.',

  questions: () => [
    { key: 'admin.name', kind: 'text', message: 'User name of the first administrator' },
  ],

  async inspect(ctx) {
    const { iam, answers, reads, caller } = ctx;
    const callerName = callerUserName(caller);
    const isCaller = callerName !== undefined && sameIamName(callerName, answers.admin.name);
    // Read afresh: in the wizard the admin's name is asked after admin-group has run.
    const [user, passwordPolicy, callerMfa, userNames] = await Promise.all([
      inspectUser(iam, answers.admin.name),
      reads.passwordPolicy(),
      isCaller ? readCallerMfaState(ctx, { fresh: true }) : undefined,
      readUserNames(ctx),
    ]);
    return { ...user, passwordPolicy, callerMfa, userNames };
  },

  plan(inspection, { answers, savedRecord, caller }) {
    const user = answers.admin.name;
    const group = answers.adminGroup.name;
    refuseOtherCase('admin.name', 'user', inspection.userNames, user);
    const record = savedRecord('admin-user');
    const changes: Change[] = [];
    const notes: string[] = [];
    if (!inspection.exists) changes.push({ kind: 'create', target: `user ${user}`, detail: 'console access only, no access keys' });
    // You are the admin, and the group already has the MFA policy: joining it ends this run's access, so it comes last.
    const joinLast = includesGroup(callerMfaDeferrals(answers, caller, inspection.callerMfa).joinLast, group);
    if (joinLast) notes.push(`you (${caller.arn}) are ${user}, ${group} already has ${answers.adminGroup.mfaPolicyName} and this session has no MFA: you join ${group} as the last change of the run (step caller-group-mfa)`);
    const addToGroup = !inspection.groups.includes(group) && !joinLast;
    if (addToGroup) changes.push({ kind: 'attach', target: `${user} to group ${group}` });

    const password = passwordAction(inspection.hasLoginProfile, record.passwordDelivery);
    if (password === 'create') {
      changes.push({ kind: 'create', target: `console password for ${user}`, detail: 'generated, shown once, must be changed at first sign-in' });
    } else if (password === 'reissue') {
      // A password was set but never reached the operator (the run was cut off): issue a new one.
      changes.push({ kind: 'update', target: `console password for ${user}`, detail: 'the earlier one was never delivered; a new one is issued' });
    }
    const passwordTarget = answers.admin.passwordFile ?? 'card';
    const replaceOwnFile = answers.admin.passwordFile !== undefined
      && isOwnSecretFile(answers.admin.passwordFile, record.passwordFileWritten, record.passwordFileIdentity);
    if (password !== 'none' && answers.admin.passwordFile && !replaceOwnFile) {
      checkNewFilePath('admin.passwordFile', answers.admin.passwordFile);
    }

    if (inspection.accessKeyIds.length > 0) {
      notes.push(`${user} has access keys (${inspection.accessKeyIds.join(', ')}); left alone, but a console admin needs none`);
    }
    if (inspection.directPolicies.length > 0) {
      notes.push(`${user} has policies attached directly (${inspection.directPolicies.join(', ')}); left alone, but permissions belong on the group`);
    }
    const data: Data = {
      user, group, createUser: !inspection.exists, addToGroup, joinLast, password, passwordTarget, replaceOwnFile,
      passwordMinimumLength: minimumLengthAfterRun(inspection.passwordPolicy, answers.passwordPolicy),
    };
    if (changes.length === 0) return { changes, upToDate: `${user} exists, is in ${group} and has a console password`, notes, data };
    return { changes, notes, data };
  },

  async apply({ data }, { iam, saveRecord, stepReady, announceReady }) {
    const { password: action } = data;
    if (data.createUser) await createIfMissing(() => iam.send(new CreateUserCommand({ UserName: data.user, Tags: toolTags() })));
    announceReady();
    // Group membership and the console password each need only the user (and the group, made by admin-group).
    const [, password] = await settleAll([
      data.addToGroup ? stepReady('admin-group').then(() => retryEventual(() => iam.send(new AddUserToGroupCommand({ GroupName: data.group, UserName: data.user })))) : undefined,
      action === 'none' ? undefined : issueConsolePassword(iam, data.user, action, data.passwordMinimumLength, () =>
        // Record the intent first: if the run dies after AWS accepts the password, the resume reissues it.
        saveRecord({ passwordDelivery: 'pending', passwordTarget: data.passwordTarget })),
    ]);
    if (password === undefined) return { summary: `${data.user} in ${data.group}` };
    const file = data.passwordTarget === 'card' ? undefined : data.passwordTarget;
    return {
      summary: `${data.user} in ${data.group}, console password set (change required at first sign-in)`,
      password: { userName: data.user, password, ...(file && { file, replaceOwnFile: data.replaceOwnFile }) },
    };
  },

  async verify({ data }, { iam }) {
    const after = await readUserAccess(iam, data.user);
    if (!after.exists) throw new VerifyError(`user ${data.user} does not exist`);
    if (!data.joinLast && !after.groups.includes(data.group)) throw new VerifyError(`user ${data.user} is not in group ${data.group}`);
    if (!after.hasLoginProfile) throw new VerifyError(`user ${data.user} has no console password`);
  },
});
