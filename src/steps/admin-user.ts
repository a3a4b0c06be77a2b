import { AddUserToGroupCommand, type PasswordPolicy } from '@aws-sdk/client-iam';
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
import { VerifyError } from '../lib/errors.js';
import { createConsoleUser, issueOneTimePassword, planPassword, type PasswordPlan } from '../iam/console-user.js';
import { minimumLengthAfterRun } from '../iam/password-policy-rules.js';
import { inspectUser, readUserAccess, type UserInspection } from '../iam/user-reads.js';
import { settleAll } from '../lib/settle-all.js';
import { defineStep, type Change } from '../contracts/step.js';

interface Inspection extends UserInspection {
  readonly passwordPolicy: PasswordPolicy | undefined;
  /** Read only when the admin is the caller: joining a group with the MFA policy would cut off the run. */
  readonly callerMfa: CallerMfaState | undefined;
  /** Every user name in the account: an answer naming one in another case is refused. */
  readonly userNames: readonly string[];
}

interface Data extends PasswordPlan {
  readonly user: string;
  readonly group: string;
  readonly createUser: boolean;
  readonly addToGroup: boolean;
  /** caller-group-mfa adds the user (the caller) to the group, as the run's last change. */
  readonly joinLast: boolean;
  /** Known before the run changes the policy, so the user and the policy go out together. */
  readonly passwordMinimumLength: number;
}

export const adminUser = defineStep<Inspection, Data>({
  id: 'admin-user',
  title: 'First administrator',
  why:
    'Day-to-day work happens as an IAM user, not as root: console password only, permissions only through the group, a new password ' +
    'at first sign-in.',

  questions: () => [{ key: 'admin.name', kind: 'text', message: 'User name of the first administrator' }],

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
    if (joinLast)
      notes.push(
        `you (${caller.arn}) are ${user}, ${group} already has ${answers.adminGroup.mfaPolicyName} and this session has no MFA: you ` +
          `join ${group} as the last change of the run (step caller-group-mfa)`,
      );
    const addToGroup = !inspection.groups.includes(group) && !joinLast;
    if (addToGroup) changes.push({ kind: 'attach', target: `${user} to group ${group}` });

    const password = planPassword(user, inspection.hasLoginProfile, record, answers.admin.passwordFile, 'admin.passwordFile');
    changes.push(...password.changes);

    if (inspection.accessKeyIds.length > 0) {
      notes.push(`${user} has access keys (${inspection.accessKeyIds.join(', ')}); left alone, but a console admin needs none`);
    }
    if (inspection.directPolicies.length > 0) {
      notes.push(
        `${user} has policies attached directly (${inspection.directPolicies.join(', ')}); left alone, but permissions belong on the group`,
      );
    }
    const data: Data = {
      user,
      group,
      createUser: !inspection.exists,
      addToGroup,
      joinLast,
      ...password.plan,
      passwordMinimumLength: minimumLengthAfterRun(inspection.passwordPolicy, answers.passwordPolicy),
    };
    if (changes.length === 0) return { changes, upToDate: `${user} exists, is in ${group} and has a console password`, notes, data };
    return { changes, notes, data };
  },

  async apply({ data }, { iam, saveRecord, stepReady, announceReady }) {
    if (data.createUser) await createConsoleUser(iam, data.user);
    announceReady();
    // Group membership and the console password each need only the user (and the group, made by admin-group).
    const [, password] = await settleAll([
      data.addToGroup
        ? stepReady('admin-group').then(() =>
            retryEventual(() => iam.send(new AddUserToGroupCommand({ GroupName: data.group, UserName: data.user }))),
          )
        : undefined,
      issueOneTimePassword(iam, data.user, data, data.passwordMinimumLength, saveRecord),
    ]);
    if (password === undefined) return { summary: `${data.user} in ${data.group}` };
    return { summary: `${data.user} in ${data.group}, console password set (change required at first sign-in)`, password };
  },

  async verify({ data }, { iam }) {
    const after = await readUserAccess(iam, data.user);
    if (!after.exists) throw new VerifyError(`user ${data.user} does not exist`);
    if (!data.joinLast && !after.groups.includes(data.group)) throw new VerifyError(`user ${data.user} is not in group ${data.group}`);
    if (!after.hasLoginProfile) throw new VerifyError(`user ${data.user} has no console password`);
  },
});
