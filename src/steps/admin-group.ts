import {
  AttachGroupPolicyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  DeletePolicyVersionCommand,
  GetGroupCommand,
} from '@aws-sdk/client-iam';
import { createIfMissing, ifExists, retryEventual } from '../aws/errors.js';
import { awsManagedPolicyArn, iamArn } from '../aws/caller.js';
import { readGroupNames, refuseOtherCase } from '../iam/account-names.js';
import { readCustomerPolicy, type CustomerPolicy } from '../iam/customer-policies.js';
import { listAttachedGroupPolicyArns } from '../iam/group-policies.js';
import { callerMfaDeferrals, includesGroup, readCallerMfaState, type CallerMfaState } from '../iam/caller-mfa.js';
import { VerifyError } from '../lib/errors.js';
import { mfaEnforcementPolicy, samePolicyDocument, type PolicyDocument } from '../iam/mfa-policy.js';
import { settleAll } from '../lib/settle-all.js';
import { toolTags } from '../iam/tags.js';
import { defineStep, type Change, type InspectContext } from '../contracts/step.js';

interface Inspection {
  readonly groupExists: boolean;
  readonly attachedArns: readonly string[];
  readonly mfaPolicy: CustomerPolicy | undefined;
  /** What decides whether attaching the MFA policy now would cut off this run (see src/iam/caller-mfa.ts). */
  readonly callerMfa: CallerMfaState | undefined;
  /** Every group name in the account: an answer naming one in another case is refused. */
  readonly groupNames: readonly string[];
}

interface Data {
  readonly group: string;
  readonly createGroup: boolean;
  readonly attach: readonly string[];
  readonly policyArn: string;
  readonly policyName: string;
  readonly policyAction: 'create' | 'new-version' | 'none';
  readonly document: PolicyDocument;
  readonly oldestNonDefaultVersion: string | undefined;
  readonly deferMfaPolicy: boolean;
}

/** The group and its attached policies. */
export function readAdminGroup({ iam, answers, reads }: InspectContext): Promise<{ exists: boolean; attachedArns: string[] }> {
  const group = answers.adminGroup.name;
  return reads.once(`admin-group:${group}`, async () => {
    const [found, attachedArns] = await Promise.all([
      ifExists(iam.send(new GetGroupCommand({ GroupName: group, MaxItems: 1 }))),
      ifExists(listAttachedGroupPolicyArns(iam, group)),
    ]);
    return { exists: found !== undefined, attachedArns: found ? (attachedArns ?? []) : [] };
  });
}

export const adminGroup = defineStep<Inspection, Data>({
  id: 'admin-group',
  title: 'Administrators group',
  why:
    'People get permissions through groups, never one by one; the group also denies everything but MFA enrolment and a password ' +
    'change until its members sign in with MFA.',

  questions: () => [{ key: 'adminGroup.name', kind: 'text', message: 'Name of the administrators group' }],

  async inspect(ctx) {
    const policyArn = iamArn(ctx.caller, `policy/${ctx.answers.adminGroup.mfaPolicyName}`);
    // One round trip: every read goes out at once, and "no such group" reads as absent.
    const [group, mfaPolicy, callerMfa, groupNames] = await Promise.all([
      readAdminGroup(ctx),
      readCustomerPolicy(ctx.iam, policyArn),
      readCallerMfaState(ctx),
      readGroupNames(ctx),
    ]);
    return { groupExists: group.exists, attachedArns: group.attachedArns, mfaPolicy, callerMfa, groupNames };
  },

  plan(inspection, { answers, caller }) {
    const group = answers.adminGroup.name;
    const policyName = answers.adminGroup.mfaPolicyName;
    const policyArn = iamArn(caller, `policy/${policyName}`);
    const adminArn = awsManagedPolicyArn(caller, 'AdministratorAccess');
    refuseOtherCase('adminGroup.name', 'group', inspection.groupNames, group);
    const document = mfaEnforcementPolicy(caller);
    const changes: Change[] = [];
    if (!inspection.groupExists) changes.push({ kind: 'create', target: `group ${group}` });

    let policyAction: Data['policyAction'] = 'none';
    let oldestNonDefaultVersion: string | undefined;
    if (!inspection.mfaPolicy) {
      policyAction = 'create';
      changes.push({
        kind: 'create',
        target: `policy ${policyName}`,
        detail: 'deny everything except MFA enrolment and a password change until signed in with MFA',
      });
    } else if (!samePolicyDocument(inspection.mfaPolicy.document, document)) {
      policyAction = 'new-version';
      const versions = inspection.mfaPolicy.versions;
      // IAM keeps at most 5 versions of a policy: make room by removing the oldest non-default one.
      if (versions.length >= 5) {
        oldestNonDefaultVersion = [...versions].filter((v) => !v.isDefault).sort((a, b) => a.created - b.created)[0]?.id;
      }
      changes.push({
        kind: 'update',
        target: `policy ${policyName}`,
        detail:
          `new default version with the current ` +
          `document${oldestNonDefaultVersion ? `; removes old version ${oldestNonDefaultVersion}` : ''}`,
      });
    }
    const notes: string[] = [];
    const deferMfaPolicy =
      includesGroup(callerMfaDeferrals(answers, caller, inspection.callerMfa).attachLast, group) &&
      !inspection.attachedArns.includes(policyArn);
    if (deferMfaPolicy) {
      const where = includesGroup(inspection.callerMfa?.callerGroups ?? [], group) ? `are in ${group}` : `join ${group} in this run`;
      notes.push(
        `you (${caller.arn}) ${where} and this session has no MFA: ${policyName} is attached to ${group} as the last change of the run ` +
          `(step caller-group-mfa), so it cannot cut this run off`,
      );
    }
    const attach = [adminArn, ...(deferMfaPolicy ? [] : [policyArn])].filter((arn) => !inspection.attachedArns.includes(arn));
    for (const arn of attach) changes.push({ kind: 'attach', target: `${arn.split('/').pop()} to group ${group}` });

    const data: Data = {
      group,
      createGroup: !inspection.groupExists,
      attach,
      policyArn,
      policyName,
      policyAction,
      document,
      oldestNonDefaultVersion,
      deferMfaPolicy,
    };
    if (changes.length === 0) {
      const upToDate = deferMfaPolicy
        ? `${group} has AdministratorAccess; ${policyName} follows at the end of the run`
        : `${group} has AdministratorAccess and ${policyName}`;
      return { changes, upToDate, notes, data };
    }
    return { changes, notes, data };
  },

  async apply({ data }, { iam, announceReady }) {
    const document = JSON.stringify(data.document);
    const writePolicy = async (): Promise<void> => {
      if (data.policyAction === 'create') {
        await createIfMissing(() =>
          iam.send(
            new CreatePolicyCommand({
              PolicyName: data.policyName,
              PolicyDocument: document,
              Description: 'Denies everything except MFA enrolment and a password change until the user signs in with MFA (aws-day-one)',
              Tags: toolTags(),
            }),
          ),
        );
      } else if (data.policyAction === 'new-version') {
        if (data.oldestNonDefaultVersion) {
          await ifExists(iam.send(new DeletePolicyVersionCommand({ PolicyArn: data.policyArn, VersionId: data.oldestNonDefaultVersion })));
        }
        await iam.send(new CreatePolicyVersionCommand({ PolicyArn: data.policyArn, PolicyDocument: document, SetAsDefault: true }));
      }
    };
    // The group and the policy do not depend on each other; the attachments need both.
    await settleAll([
      data.createGroup ? createIfMissing(() => iam.send(new CreateGroupCommand({ GroupName: data.group }))) : undefined,
      writePolicy(),
    ]);
    // Users can join the group and other groups can take the policy from here on.
    announceReady();
    await settleAll(
      data.attach.map((arn) => retryEventual(() => iam.send(new AttachGroupPolicyCommand({ GroupName: data.group, PolicyArn: arn })))),
    );
    const mfa = data.deferMfaPolicy ? `; ${data.policyName} ready, attached at the end of the run` : ` and ${data.policyName}`;
    return { summary: `${data.group} with AdministratorAccess${mfa}` };
  },

  async verify({ data }, { iam, caller }) {
    const [attached, policy] = await Promise.all([listAttachedGroupPolicyArns(iam, data.group), readCustomerPolicy(iam, data.policyArn)]);
    const expected = [awsManagedPolicyArn(caller, 'AdministratorAccess'), ...(data.deferMfaPolicy ? [] : [data.policyArn])];
    const missing = expected.filter((arn) => !attached.includes(arn));
    if (missing.length > 0) throw new VerifyError(`group ${data.group} lacks ${missing.join(', ')}`);
    if (!policy || !samePolicyDocument(policy.document, data.document))
      throw new VerifyError(`policy ${data.policyName} does not hold the expected document`);
  },
});
