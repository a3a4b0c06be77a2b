import { AddUserToGroupCommand, AttachGroupPolicyCommand } from '@aws-sdk/client-iam';
import { ifExists, retryEventual } from '../aws/errors.js';
import {
  callerMfaDeferrals,
  callerUserName,
  groupsAnswersGiveCaller,
  includesGroup,
  mfaPolicyArn,
  mfaPolicyGroups,
  readCallerMfaState,
  type CallerMfaState,
} from '../iam/caller-mfa.js';
import { settleAll } from '../lib/settle-all.js';
import { consoleUrl, type Caller } from '../aws/caller.js';
import { defineStep, type Change, type Pending } from '../contracts/step.js';

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
  /**
   * Groups that get the policy while the caller is not (yet) in them: harmless to this session. In
   * a run the caller's join comes first and turns such an attachment into the cut; when that join
   * did not happen (declined in the wizard), the group still gets its policy.
   */
  readonly prepare: readonly string[];
  /** The change that ends this run's access: the very last call of the run. */
  readonly cut: Cut | undefined;
}

function describeCut(cut: Cut, policyName: string, userName: string): string {
  return cut.kind === 'attach' ? `${policyName} to group ${cut.group}` : `${userName} to group ${cut.group}`;
}

/** The command that carries on once the caller's groups require MFA: the tool makes its own MFA session. */
function continueCommand(caller: Caller): string {
  return `aws-day-one status${caller.profile ? ` --profile ${caller.profile}` : ''} --mfa-code CODE`;
}

/**
 * What the caller does after this step cut the session off, as the run's last line: without an MFA
 * device they can do nothing else with these keys, so first enrol one; then the tool makes an MFA
 * session with its code.
 */
function afterCallerGroupMfa(caller: Caller): string {
  const user = caller.userName ?? 'your user';
  const page = consoleUrl(caller.partition, `/iam/home#/users/details/${caller.userName ?? ''}?section=security_credentials`);
  return (
    `enrol an MFA device for ${user} if you have none (${page}), then continue with ${continueCommand(caller)} (CODE: the 6 digits ` +
    `your device shows)`
  );
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
  why:
    'You run this as an IAM user without MFA, in a group that enforces MFA; that change goes on last, because from then on your ' +
    'current credentials can only enrol MFA.',
  runsLast: true,
  // Read again at its turn when the answers put the caller in a group: earlier steps of this run
  // made that membership (or, in the wizard, attached the policy before the answer named the
  // caller). Otherwise the start-of-run reads hold: no step changes the caller's groups, and the
  // attachments they would make to a group holding the caller are left to this step.
  inspectLate: ({ caller, answers }) => groupsAnswersGiveCaller(answers, caller).length > 0,

  async inspect(ctx) {
    return { callerMfa: await readCallerMfaState(ctx) };
  },

  plan({ callerMfa }, { answers, caller }) {
    const userName = callerUserName(caller) ?? '';
    const policyName = answers.adminGroup.mfaPolicyName;
    const policyArn = mfaPolicyArn(caller, answers);
    const idle = (upToDate: string) => ({ changes: [], upToDate, data: { userName, policyArn, prepare: [], cut: undefined } });
    if (!callerMfa) return idle('not needed: the run is not signed by an IAM user');
    if (caller.mfaSession) return idle(`not needed: this run has an MFA session, which ${policyName} does not cut off`);

    const { attachLast, joinLast } = callerMfaDeferrals(answers, caller, callerMfa);
    const member = (group: string): boolean => includesGroup(callerMfa.callerGroups, group);
    const prepare = attachLast.filter((group) => !member(group));
    // The policy on a group protects everyone in it: attachments go before the caller's own joins.
    const cuts: Cut[] = [
      ...attachLast.filter(member).map((group) => ({ kind: 'attach' as const, group })),
      ...joinLast.map((group) => ({ kind: 'join' as const, group })),
    ];
    const [cut, ...left] = cuts;
    if (!cut && prepare.length === 0) {
      const held = mfaPolicyGroups(answers).filter(
        (group) => includesGroup(callerMfa.callerGroups, group) && callerMfa.groups.get(group)?.attached,
      );
      return idle(
        held.length > 0
          ? `${held.join(', ')} already ${held.length === 1 ? 'holds' : 'hold'} you to ${policyName}`
          : `not needed: the caller is not in ${mfaPolicyGroups(answers).join(' or ')}`,
      );
    }
    const detail =
      `the run's last change: once you are in a group with ${policyName}, your current credentials (${caller.arn}, no MFA) ` +
      `may only enrol MFA and change the password; sign in with MFA to go on`;
    const changes: Change[] = [...prepare.map((group): Cut => ({ kind: 'attach', group })), ...(cut ? [cut] : [])].map((change) => ({
      kind: 'attach',
      target: describeCut(change, policyName, userName),
      detail,
    }));
    let pending: Pending | undefined;
    if (cut && left.length > 0) {
      pending = {
        reason:
          `not done by this run: ${left.map((c) => describeCut(c, policyName, userName)).join(', ')} (after ` +
          `${describeCut(cut, policyName, userName)} this session may only enrol MFA)`,
        howTo:
          `Enrol an MFA device for ${userName}, then run aws-day-one again with --mfa-code CODE (it makes its own MFA session with ` +
          `your device), or make these changes in the console signed in with MFA`,
      };
    }
    return { changes, data: { userName, policyArn, prepare, cut }, ...(pending ? { pending } : {}) };
  },

  async apply({ data, pending }, { iam, caller }) {
    const policyName = data.policyArn.split('/').pop() ?? data.policyArn;
    const attach = (group: string) =>
      ifExists(retryEventual(() => iam.send(new AttachGroupPolicyCommand({ GroupName: group, PolicyArn: data.policyArn }))));
    // A group that does not exist was never made (its step was declined in the wizard): nothing to attach.
    const prepared = await settleAll(data.prepare.map(attach));
    const missing = data.prepare.filter((_, i) => prepared[i] === undefined);
    const preparedSummary = [
      ...data.prepare.filter((group) => !missing.includes(group)).map((group) => `${policyName} attached to ${group}`),
      ...missing.map((group) => `group ${group} does not exist`),
    ];
    const cut = data.cut;
    if (!cut) return { summary: preparedSummary.join('; '), ...(pending ? { pending } : {}) };
    // The last call of the run: nothing may be sent after it (verify reads nothing either).
    const done = await ifExists(
      retryEventual(() =>
        cut.kind === 'attach'
          ? iam.send(new AttachGroupPolicyCommand({ GroupName: cut.group, PolicyArn: data.policyArn }))
          : iam.send(new AddUserToGroupCommand({ GroupName: cut.group, UserName: data.userName })),
      ),
    );
    if (done === undefined) {
      return { summary: [...preparedSummary, `group ${cut.group} does not exist`].join('; '), ...(pending ? { pending } : {}) };
    }
    return {
      summary: [
        ...preparedSummary,
        `${cut.kind === 'attach' ? `${policyName} attached to ${cut.group}` : `${data.userName} added to ${cut.group}`}; next: ` +
          `${continueCommand(caller)}`,
      ].join('; '),
      credentialsRetired: { kind: 'need-mfa', reason: `your groups now require MFA (${policyName})`, next: afterCallerGroupMfa(caller) },
      ...(pending ? { pending } : {}),
    };
  },

  async verify() {
    // The caller is now denied everything but MFA enrolment, ListAttachedGroupPolicies included:
    // the change's success is the proof, and any read here would fail by design.
  },
});
