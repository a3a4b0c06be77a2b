import { AddUserToGroupCommand, AttachGroupPolicyCommand } from '@aws-sdk/client-iam';
import { ifExists, retryEventual } from '../src/aws-errors.js';
import {
  callerMfaDeferrals,
  callerUserName,
  includesGroup,
  mfaPolicyArn,
  mfaPolicyGroups,
  readCallerMfaState,
  type CallerMfaState,
} from '../src/caller-mfa.js';
import { settleAll } from '../src/settle-all.js';
import { defineStep, type Change, type Pending } from '../src/step.js';

interface Inspection {
  readonly callerMfa: CallerMfaState | undefined;
}

/** One change that puts the caller under the MFA policy. */
interface Cut {
  readonly kind: 'attach' | 'join';
  readonly group: string;
}

interface Data {
  readonly userName: string;
  readonly policyArn: string;
  /** Groups the caller joins first: harmless while they still lack the policy. */
  readonly prepare: readonly string[];
  /** The change that ends this run's access: the very last call of the run. */
  readonly cut: Cut | undefined;
}

function describeCut(cut: Cut, policyName: string, userName: string): string {
  return cut.kind === 'attach' ? `${policyName} to group ${cut.group}` : `${userName} to group ${cut.group}`;
}

/**
 * The MFA policy reaching the IAM user running the tool, as the run's last change: any earlier, it
 * would deny this very run everything but MFA enrolment. Earlier steps leave these changes here
 * (src/caller-mfa.ts): the policy on a group that holds the caller, now or once this run adds it,
 * and the caller joining a group that already has the policy. Only one such change can be made
 * without MFA, since it ends the session's access; any further one is left to a run with MFA.
 */
export const callerGroupMfa = defineStep<Inspection, Data>({
  id: 'caller-group-mfa',
  title: 'MFA enforcement on your own groups',
  why: 'You run this as an IAM user without MFA, in a group that enforces MFA; that change goes on last, because from then on your current credentials can only enrol MFA.',
  runsLast: true,
  // Read again at its turn: earlier steps of this run made the groups and memberships it completes.
  // Nobody but an IAM user can be cut off, so no other caller reads anything here.
  inspectLate: ({ caller }) => callerUserName(caller) !== undefined,

  async inspect(ctx) {
    return { callerMfa: await readCallerMfaState(ctx) };
  },

  plan({ callerMfa }, { answers, caller }) {
    const userName = callerUserName(caller) ?? '';
    const policyName = answers.adminGroup.mfaPolicyName;
    const policyArn = mfaPolicyArn(caller, answers);
    const idle = (upToDate: string) => ({ changes: [], upToDate, data: { userName, policyArn, prepare: [], cut: undefined } });
    if (!callerMfa) return idle('not needed: the run is not signed by an IAM user');

    const { attachLast, joinLast } = callerMfaDeferrals(answers, caller, callerMfa);
    // The policy on a group protects everyone in it: attachments go before the caller's own joins.
    const cuts: Cut[] = [...attachLast.map((group) => ({ kind: 'attach' as const, group })), ...joinLast.map((group) => ({ kind: 'join' as const, group }))];
    const [cut, ...left] = cuts;
    if (!cut) {
      const held = mfaPolicyGroups(answers).filter((group) => includesGroup(callerMfa.callerGroups, group) && callerMfa.groups.get(group)?.attached);
      return idle(held.length > 0
        ? `${held.join(', ')} already ${held.length === 1 ? 'holds' : 'hold'} you to ${policyName}`
        : `not needed: the caller is not in ${mfaPolicyGroups(answers).join(' or ')}`);
    }
    const prepare = attachLast.filter((group) => !includesGroup(callerMfa.callerGroups, group));
    const changes: Change[] = [
      ...prepare.map((group): Change => ({ kind: 'attach', target: `${userName} to group ${group}`, detail: `${group} has no ${policyName} yet, so this changes nothing for this session` })),
      {
        kind: 'attach',
        target: describeCut(cut, policyName, userName),
        detail: `after this, your current credentials (${caller.arn}, no MFA) may only enrol MFA and change the password; sign in with MFA to go on`,
      },
    ];
    let pending: Pending | undefined;
    if (left.length > 0) {
      pending = {
        reason: `not done by this run: ${left.map((c) => describeCut(c, policyName, userName)).join(', ')} (after ${describeCut(cut, policyName, userName)} this session may only enrol MFA)`,
        howTo: `Enrol an MFA device for ${userName}, then run aws-day-one again with an MFA session (aws sts get-session-token --serial-number YOUR_MFA_ARN --token-code CODE), or make these changes in the console signed in with MFA`,
      };
    }
    return { changes, data: { userName, policyArn, prepare, cut }, ...(pending ? { pending } : {}) };
  },

  async apply({ data, pending }, { iam }) {
    await settleAll(data.prepare.map((group) =>
      retryEventual(() => iam.send(new AddUserToGroupCommand({ GroupName: group, UserName: data.userName })))));
    const cut = data.cut!;
    // The last call of the run: nothing may be sent after it (verify reads nothing either).
    const done = await ifExists(retryEventual(() => cut.kind === 'attach'
      ? iam.send(new AttachGroupPolicyCommand({ GroupName: cut.group, PolicyArn: data.policyArn }))
      : iam.send(new AddUserToGroupCommand({ GroupName: cut.group, UserName: data.userName }))));
    const policyName = data.policyArn.split('/').pop() ?? data.policyArn;
    if (done === undefined) {
      // The group was never made (its step was declined in the wizard): this session keeps its access.
      return { summary: `group ${cut.group} does not exist; nothing attached`, ...(pending ? { pending } : {}) };
    }
    return {
      summary: `${describeCut(cut, policyName, data.userName)}; sign in with MFA from now on`,
      credentialsRetired: `your groups now require MFA (${policyName})`,
      ...(pending ? { pending } : {}),
    };
  },

  async verify() {
    // The caller is now denied everything but MFA enrolment, ListAttachedGroupPolicies included:
    // the change's success is the proof, and any read here would fail by design.
  },
});
