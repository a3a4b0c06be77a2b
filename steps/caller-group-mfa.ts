import { AttachGroupPolicyCommand } from '@aws-sdk/client-iam';
import { retryEventual } from '../src/aws-errors.js';
import { consoleUrl, iamArn, type Caller } from '../src/caller.js';
import { defineStep } from '../src/step.js';
import { listAttachedGroupPolicyArns, readAdminGroup } from './admin-group.js';

interface Inspection {
  readonly callerInGroup: boolean;
  readonly groupExists: boolean;
  readonly attached: boolean;
}

interface Data {
  readonly group: string;
  readonly policyArn: string;
}

/** The command that carries on once the caller's group requires MFA: the tool makes its own MFA session. */
export function continueCommand(caller: Caller): string {
  return `aws-day-one status${caller.profile ? ` --profile ${caller.profile}` : ''} --mfa-code CODE`;
}

/**
 * What the caller does after this step, as the run's last line: without an MFA device they can do
 * nothing else with these keys, so first enrol one; then the tool makes an MFA session with its code.
 */
export function afterCallerGroupMfa(caller: Caller, group: string): string {
  const enrol = caller.mfaSession
    ? ''
    : `enrol an MFA device for ${caller.userName ?? 'your user'} if you have none (${consoleUrl(caller.partition, `/iam/home#/users/details/${caller.userName ?? ''}?section=security_credentials`)}), then `;
  return `${group} now requires MFA, your user included: ${enrol}continue with ${continueCommand(caller)} (CODE: the 6 digits your device shows)`;
}

/**
 * The MFA policy on the group of the IAM user running the tool, as the run's last change: attached
 * any earlier, it would deny this very run everything but MFA enrolment. The start-of-run
 * inspection is enough: admin-group leaves exactly this attachment to this step.
 */
export const callerGroupMfa = defineStep<Inspection, Data>({
  id: 'caller-group-mfa',
  title: 'MFA enforcement on your own group',
  why: 'You run this as a member of the administrators group without MFA; the MFA policy goes on last, because from then on your current credentials can only enrol MFA.',
  runsLast: true,

  async inspect(ctx) {
    const policyArn = iamArn(ctx.caller, `policy/${ctx.answers.adminGroup.mfaPolicyName}`);
    const group = await readAdminGroup(ctx);
    return { callerInGroup: group.callerInGroup, groupExists: group.exists, attached: group.attachedArns.includes(policyArn) };
  },

  plan(inspection, { answers, caller }) {
    const group = answers.adminGroup.name;
    const data = { group, policyArn: iamArn(caller, `policy/${answers.adminGroup.mfaPolicyName}`) };
    if (!inspection.callerInGroup || !inspection.groupExists) {
      return { changes: [], upToDate: `not needed: the caller is not in ${group}`, data };
    }
    if (inspection.attached) return { changes: [], upToDate: `${group} has ${answers.adminGroup.mfaPolicyName}`, data };
    return {
      changes: [{
        kind: 'attach',
        target: `${answers.adminGroup.mfaPolicyName} to group ${group}`,
        detail: caller.mfaSession
          ? `this run's MFA session goes on working; later runs need an MFA code too (${continueCommand(caller)})`
          : `after this, your current credentials (${caller.arn}, no MFA) may only enrol MFA and change the password; sign in with MFA to go on`,
      }],
      data,
    };
  },

  async apply({ data }, { iam, caller }) {
    await retryEventual(() => iam.send(new AttachGroupPolicyCommand({ GroupName: data.group, PolicyArn: data.policyArn })));
    return { summary: `${data.policyArn.split('/').pop()} attached to ${data.group}; next: ${continueCommand(caller)}` };
  },

  async verify() {
    // The caller is now denied everything but MFA enrolment, ListAttachedGroupPolicies included:
    // AttachGroupPolicy's success is the proof, and any read here would fail by design.
  },
});
