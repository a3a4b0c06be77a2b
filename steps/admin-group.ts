import {
  AttachGroupPolicyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  DeletePolicyVersionCommand,
  GetGroupCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  ListAttachedGroupPoliciesCommand,
  ListPolicyVersionsCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { ifExists, retryEventual } from '../src/aws-errors.js';
import { awsManagedPolicyArn, iamArn } from '../src/caller.js';
import { VerifyError } from '../src/errors.js';
import { mfaEnforcementPolicy, samePolicyDocument, type PolicyDocument } from '../src/mfa-policy.js';
import { toolTags } from '../src/tags.js';
import { defineStep, type Change } from '../src/step.js';

interface Inspection {
  readonly groupExists: boolean;
  readonly attachedArns: readonly string[];
  readonly mfaPolicy: { readonly document: unknown; readonly versions: readonly { id: string; isDefault: boolean; created: number }[] } | undefined;
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
}

export async function readCustomerPolicy(iam: IAMClient, arn: string): Promise<Inspection['mfaPolicy']> {
  const policy = await ifExists(iam.send(new GetPolicyCommand({ PolicyArn: arn })));
  const defaultVersion = policy?.Policy?.DefaultVersionId;
  if (!defaultVersion) return undefined;
  const [version, versions] = await Promise.all([
    iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: defaultVersion })),
    iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn })),
  ]);
  const raw = version.PolicyVersion?.Document ?? '{}';
  return {
    document: JSON.parse(decodeURIComponent(raw)),
    versions: (versions.Versions ?? []).map((v) => ({ id: v.VersionId ?? '', isDefault: v.IsDefaultVersion ?? false, created: v.CreateDate?.getTime() ?? 0 })),
  };
}

export async function listAttachedGroupPolicyArns(iam: IAMClient, group: string): Promise<string[]> {
  const out = await iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: group }));
  return (out.AttachedPolicies ?? []).map((p) => p.PolicyArn ?? '');
}

export const adminGroup = defineStep<Inspection, Data>({
  id: 'admin-group',
  title: 'Administrators group',
  why: 'People get permissions through groups, never one by one; the group also denies everything but MFA enrolment and a password change until its members sign in with MFA.',

  questions: () => [
    { key: 'adminGroup.name', kind: 'text', message: 'Name of the administrators group' },
  ],

  async inspect({ iam, caller, answers }) {
    const group = answers.adminGroup.name;
    const policyArn = iamArn(caller, `policy/${answers.adminGroup.mfaPolicyName}`);
    const [groupOut, mfaPolicy] = await Promise.all([
      ifExists(iam.send(new GetGroupCommand({ GroupName: group, MaxItems: 1 }))),
      readCustomerPolicy(iam, policyArn),
    ]);
    const attachedArns = groupOut ? await listAttachedGroupPolicyArns(iam, group) : [];
    return { groupExists: groupOut !== undefined, attachedArns, mfaPolicy };
  },

  plan(inspection, { answers, caller }) {
    const group = answers.adminGroup.name;
    const policyName = answers.adminGroup.mfaPolicyName;
    const policyArn = iamArn(caller, `policy/${policyName}`);
    const adminArn = awsManagedPolicyArn(caller, 'AdministratorAccess');
    const document = mfaEnforcementPolicy(caller);
    const changes: Change[] = [];
    if (!inspection.groupExists) changes.push({ kind: 'create', target: `group ${group}` });

    let policyAction: Data['policyAction'] = 'none';
    let oldestNonDefaultVersion: string | undefined;
    if (!inspection.mfaPolicy) {
      policyAction = 'create';
      changes.push({ kind: 'create', target: `policy ${policyName}`, detail: 'deny everything except MFA enrolment and a password change until signed in with MFA' });
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
        detail: `new default version with the current document${oldestNonDefaultVersion ? `; removes old version ${oldestNonDefaultVersion}` : ''}`,
      });
    }
    const attach = [adminArn, policyArn].filter((arn) => !inspection.attachedArns.includes(arn));
    for (const arn of attach) changes.push({ kind: 'attach', target: `${arn.split('/').pop()} to group ${group}` });

    const data: Data = { group, createGroup: !inspection.groupExists, attach, policyArn, policyName, policyAction, document, oldestNonDefaultVersion };
    if (changes.length === 0) return { changes, upToDate: `${group} has AdministratorAccess and ${policyName}`, data };
    return { changes, data };
  },

  async apply({ data }, { iam }) {
    if (data.createGroup) await iam.send(new CreateGroupCommand({ GroupName: data.group }));
    const document = JSON.stringify(data.document);
    if (data.policyAction === 'create') {
      await iam.send(new CreatePolicyCommand({
        PolicyName: data.policyName,
        PolicyDocument: document,
        Description: 'Denies everything except MFA enrolment and a password change until the user signs in with MFA (aws-day-one)',
        Tags: toolTags(),
      }));
    } else if (data.policyAction === 'new-version') {
      if (data.oldestNonDefaultVersion) {
        await iam.send(new DeletePolicyVersionCommand({ PolicyArn: data.policyArn, VersionId: data.oldestNonDefaultVersion }));
      }
      await iam.send(new CreatePolicyVersionCommand({ PolicyArn: data.policyArn, PolicyDocument: document, SetAsDefault: true }));
    }
    for (const arn of data.attach) {
      await retryEventual(() => iam.send(new AttachGroupPolicyCommand({ GroupName: data.group, PolicyArn: arn })));
    }
    return { summary: `${data.group} with AdministratorAccess and ${data.policyName}` };
  },

  async verify({ data }, { iam, caller }) {
    const attached = await listAttachedGroupPolicyArns(iam, data.group);
    const missing = [awsManagedPolicyArn(caller, 'AdministratorAccess'), data.policyArn].filter((arn) => !attached.includes(arn));
    if (missing.length > 0) throw new VerifyError(`group ${data.group} lacks ${missing.join(', ')}`);
    const policy = await readCustomerPolicy(iam, data.policyArn);
    if (!policy || !samePolicyDocument(policy.document, data.document)) throw new VerifyError(`policy ${data.policyName} does not hold the expected document`);
  },
});
