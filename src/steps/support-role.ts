import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  GetRoleCommand,
  ListAttachedRolePoliciesCommand,
  paginateListEntitiesForPolicy,
} from '@aws-sdk/client-iam';
import { createIfMissing, ifExists, retryEventual } from '../aws/errors.js';
import { awsManagedPolicyArn, iamArn, type Caller } from '../aws/caller.js';
import { VerifyError } from '../lib/errors.js';
import { toolTags } from '../iam/tags.js';
import { defineStep, type Change } from '../contracts/step.js';

interface Inspection {
  /** Roles that already have AWSSupportAccess: any one satisfies the control. */
  readonly rolesWithSupportAccess: readonly string[];
  readonly roleExists: boolean;
}

interface Data {
  readonly role: string;
  readonly createRole: boolean;
  readonly policyArn: string;
}

/** Who may assume the role: principals of this account whose own policies allow sts:AssumeRole (the admins). */
export function supportRoleTrustPolicy(caller: Caller): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: iamArn(caller, 'root') }, Action: 'sts:AssumeRole' }],
  });
}

export const supportRole = defineStep<Inspection, Data>({
  id: 'support-role',
  title: 'AWS Support role',
  why:
    'When something breaks, someone must be able to open an AWS Support case without the root user: a role with AWSSupportAccess ' +
    'that administrators can assume (CIS 1.16, Security Hub IAM.18).',

  async inspect({ iam, caller, answers }) {
    const policyArn = awsManagedPolicyArn(caller, 'AWSSupportAccess');
    const [entities, role] = await Promise.all([
      ifExists(
        (async () => {
          const roles: string[] = [];
          for await (const page of paginateListEntitiesForPolicy({ client: iam }, { PolicyArn: policyArn, EntityFilter: 'Role' })) {
            roles.push(...(page.PolicyRoles ?? []).map((r) => r.RoleName ?? ''));
          }
          return roles;
        })(),
      ),
      ifExists(iam.send(new GetRoleCommand({ RoleName: answers.supportRole.name }))),
    ]);
    return { rolesWithSupportAccess: entities ?? [], roleExists: role !== undefined };
  },

  plan(inspection, { answers, caller }) {
    const role = answers.supportRole.name;
    const data: Data = { role, createRole: !inspection.roleExists, policyArn: awsManagedPolicyArn(caller, 'AWSSupportAccess') };
    if (!answers.supportRole.create) return { changes: [], upToDate: 'not asked for (supportRole.create: false)', data };
    const existing = inspection.rolesWithSupportAccess;
    if (existing.length > 0)
      return { changes: [], upToDate: `${existing.join(', ')} ha${existing.length === 1 ? 's' : 've'} AWSSupportAccess`, data };
    const changes: Change[] = [];
    if (data.createRole)
      changes.push({
        kind: 'create',
        target: `role ${role}`,
        detail: `assumable by this account's administrators (${iamArn(caller, 'root')})`,
      });
    changes.push({ kind: 'attach', target: `AWSSupportAccess to role ${role}` });
    return { changes, data };
  },

  async apply({ data }, { iam, caller }) {
    if (data.createRole) {
      await createIfMissing(() =>
        iam.send(
          new CreateRoleCommand({
            RoleName: data.role,
            AssumeRolePolicyDocument: supportRoleTrustPolicy(caller),
            Description: 'Opens AWS Support cases (CIS 1.16); assumed by administrators (aws-day-one)',
            Tags: toolTags(),
          }),
        ),
      );
    }
    await retryEventual(() => iam.send(new AttachRolePolicyCommand({ RoleName: data.role, PolicyArn: data.policyArn })));
    return { summary: `${data.role} with AWSSupportAccess` };
  },

  async verify({ data }, { iam }) {
    const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: data.role }));
    if (!(attached.AttachedPolicies ?? []).some((p) => p.PolicyArn === data.policyArn)) {
      throw new VerifyError(`role ${data.role} lacks AWSSupportAccess`);
    }
  },
});
