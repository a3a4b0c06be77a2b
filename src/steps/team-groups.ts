import { AttachGroupPolicyCommand, CreateGroupCommand, GetGroupCommand, paginateGetGroup, type IAMClient } from '@aws-sdk/client-iam';
import { checkGroupNamesIgnoringCase, type Answers } from '../answers/answers.js';
import { createIfMissing, ifExists, retryEventual } from '../aws/errors.js';
import { iamArn, type Caller } from '../aws/caller.js';
import { callerMfaDeferrals, includesGroup, readCallerMfaState, type CallerMfaState } from '../iam/caller-mfa.js';
import { BadInputError, VerifyError } from '../lib/errors.js';
import { readGroupNames, refuseOtherCase } from '../iam/account-names.js';
import { listAttachedGroupPolicyArns } from '../iam/group-policies.js';
import { resolvePolicies, type PolicyResolution } from '../iam/managed-policies.js';
import { settleAll } from '../lib/settle-all.js';
import { defineStep, type Change } from '../contracts/step.js';

interface GroupState {
  readonly exists: boolean;
  readonly attachedArns: readonly string[];
  readonly members: readonly string[];
}

interface Inspection {
  readonly groups: ReadonlyMap<string, GroupState>;
  readonly policies: ReadonlyMap<string, PolicyResolution>;
  /** Groups in the account that are neither teams nor the admin group. */
  readonly otherGroups: readonly string[];
  readonly callerMfa: CallerMfaState | undefined;
  /** Every group name in the account: an answer naming one in another case is refused. */
  readonly groupNames: readonly string[];
}

interface TeamPlan {
  readonly name: string;
  readonly create: boolean;
  readonly attach: readonly string[];
  /** What the group has once the run is through (the MFA policy may come last, from caller-group-mfa). */
  readonly wanted: readonly string[];
  /** What verify expects right after this step. */
  readonly wantedNow: readonly string[];
}

interface Data {
  readonly teams: readonly TeamPlan[];
}

async function inspectGroup(iam: IAMClient, group: string): Promise<GroupState> {
  const found = await ifExists(iam.send(new GetGroupCommand({ GroupName: group, MaxItems: 1 })));
  if (!found) return { exists: false, attachedArns: [], members: [] };
  const members: string[] = [];
  const [attachedArns] = await Promise.all([
    listAttachedGroupPolicyArns(iam, group),
    (async () => {
      for await (const page of paginateGetGroup({ client: iam }, { GroupName: group })) {
        members.push(...(page.Users ?? []).map((u) => u.UserName ?? ''));
      }
    })(),
  ]);
  return { exists: true, attachedArns, members };
}

function mfaPolicyArn(caller: Caller, answers: Answers): string {
  return iamArn(caller, `policy/${answers.adminGroup.mfaPolicyName}`);
}

function policyName(arn: string): string {
  return arn.split('/').pop() ?? arn;
}

/** The ARNs a team should end up with; an unknown policy is bad input naming its key. */
function wantedArns(teamIndex: number, answers: Answers, caller: Caller, policies: ReadonlyMap<string, PolicyResolution>): string[] {
  const team = answers.teams[teamIndex]!;
  const arns = team.policies.map((ref, j) => {
    const resolution = policies.get(ref);
    if (resolution?.found) return resolution.arn;
    const tried = resolution ? ` (${resolution.tried} does not exist)` : '';
    const hint = resolution?.suggestion ? `did you mean ${resolution.suggestion}? Otherwise use` : 'use';
    throw new BadInputError(
      `teams[${teamIndex}].policies[${j}]`,
      `no such policy${tried}; ${hint} an AWS managed policy name as IAM lists it, with its path if it has one (e.g. ` +
        `job-function/ViewOnlyAccess), or the policy's ARN (got ${JSON.stringify(ref)})`,
    );
  });
  if (team.mfaPolicy) arns.push(mfaPolicyArn(caller, answers));
  return [...new Set(arns)];
}

export const teamGroups = defineStep<Inspection, Data>({
  id: 'team-groups',
  title: 'Team groups',
  why: 'Each team gets its permissions on a group, so adding a colleague later is one membership; every group also enforces MFA.',

  questions: () => [{ key: 'teams', kind: 'teams', message: 'Team groups: each gets its policies and the MFA-enforcement policy' }],

  async inspect(ctx) {
    const { iam, caller, answers } = ctx;
    if (answers.teams.length === 0)
      return { groups: new Map(), policies: new Map(), otherGroups: [], callerMfa: undefined, groupNames: [] };
    const names = answers.teams.map((t) => t.name);
    const [states, policies, allGroups, callerMfa] = await Promise.all([
      Promise.all(names.map((name) => inspectGroup(iam, name))),
      resolvePolicies(
        iam,
        caller,
        answers.teams.flatMap((t) => t.policies),
      ),
      readGroupNames(ctx),
      readCallerMfaState(ctx),
    ]);
    const known = new Set([...names, answers.adminGroup.name].map((n) => n.toLowerCase()));
    return {
      groups: new Map(names.map((name, i) => [name, states[i]!])),
      policies,
      otherGroups: allGroups.filter((g) => !known.has(g.toLowerCase())),
      callerMfa,
      groupNames: allGroups,
    };
  },

  plan(inspection, { answers, caller }) {
    if (answers.teams.length === 0) return { changes: [], upToDate: 'no team groups asked for', data: { teams: [] } };
    // The wizard's answers did not go through the answers-file checks.
    checkGroupNamesIgnoringCase(answers);
    for (const [i, team] of answers.teams.entries()) refuseOtherCase(`teams[${i}].name`, 'group', inspection.groupNames, team.name);
    const changes: Change[] = [];
    const notes: string[] = [];
    const attachLast = callerMfaDeferrals(answers, caller, inspection.callerMfa).attachLast;
    const mfaArn = mfaPolicyArn(caller, answers);
    const teams = answers.teams.map((team, i): TeamPlan => {
      const wanted = wantedArns(i, answers, caller, inspection.policies);
      const state = inspection.groups.get(team.name) ?? { exists: false, attachedArns: [], members: [] };
      if (!state.exists) changes.push({ kind: 'create', target: `group ${team.name}` });
      // The MFA policy on a group that holds the caller would cut off this run: caller-group-mfa attaches it last.
      const deferMfa = includesGroup(attachLast, team.name) && !state.attachedArns.includes(mfaArn);
      if (deferMfa)
        notes.push(
          `you (${caller.arn}) are in ${team.name}, now or once this run adds you, and this session has no MFA: ` +
            `${answers.adminGroup.mfaPolicyName} is attached to ${team.name} as the last change of the run (step caller-group-mfa)`,
        );
      const wantedNow = deferMfa ? wanted.filter((arn) => arn !== mfaArn) : wanted;
      const attach = wantedNow.filter((arn) => !state.attachedArns.includes(arn));
      for (const arn of attach) changes.push({ kind: 'attach', target: `${policyName(arn)} to group ${team.name}` });

      const extraPolicies = state.attachedArns.filter((arn) => !wanted.includes(arn));
      if (extraPolicies.length > 0) notes.push(`${team.name} also has ${extraPolicies.map(policyName).join(', ')}; left alone`);
      const listed = new Set(answers.users.filter((u) => u.groups.includes(team.name)).map((u) => u.name.toLowerCase()));
      const extraMembers = state.members.filter((m) => !listed.has(m.toLowerCase()));
      if (extraMembers.length > 0) notes.push(`${team.name} has other members too (${extraMembers.join(', ')}); left alone`);
      return { name: team.name, create: !state.exists, attach, wanted, wantedNow };
    });
    if (inspection.otherGroups.length > 0) notes.push(`other groups in the account: ${inspection.otherGroups.join(', ')}; left alone`);

    const data: Data = { teams };
    if (changes.length === 0) return { changes, upToDate: `${teams.map((t) => t.name).join(', ')} have their policies`, notes, data };
    return { changes, notes, data };
  },

  async apply({ data }, { iam, stepReady, announceReady }) {
    await settleAll(
      data.teams
        .filter((team) => team.create)
        .map((team) => createIfMissing(() => iam.send(new CreateGroupCommand({ GroupName: team.name })))),
    );
    announceReady();
    // A team may take the MFA policy, which admin-group makes.
    if (data.teams.some((team) => team.attach.length > 0)) await stepReady('admin-group');
    await settleAll(
      data.teams.flatMap((team) =>
        team.attach.map((arn) => retryEventual(() => iam.send(new AttachGroupPolicyCommand({ GroupName: team.name, PolicyArn: arn })))),
      ),
    );
    return { summary: data.teams.map((t) => `${t.name} (${t.wanted.map(policyName).join(', ')})`).join(', ') };
  },

  async verify({ data }, { iam }) {
    for (const team of data.teams) {
      const attached = await listAttachedGroupPolicyArns(iam, team.name);
      const missing = team.wantedNow.filter((arn) => !attached.includes(arn));
      if (missing.length > 0) throw new VerifyError(`group ${team.name} lacks ${missing.join(', ')}`);
    }
  },
});
