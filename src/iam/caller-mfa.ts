import { ListAttachedGroupPoliciesCommand, paginateListGroupsForUser, type IAMClient } from '@aws-sdk/client-iam';
import type { Answers } from '../answers/answers.js';
import { ifExists } from '../aws/errors.js';
import { iamArn, type Caller } from '../aws/caller.js';
import type { InspectContext } from '../contracts/step.js';

/**
 * The MFA policy and the IAM user running this tool.
 *
 * The policy denies nearly everything to a session without MFA, and long-term access keys never
 * carry MFA. So the moment the caller sits in a group that holds the policy, every later call of
 * the run is denied. That moment comes either when the policy is attached to a group the caller is
 * in, or when the caller joins a group that already has it; every such change is left to the
 * step caller-group-mfa, the run's last.
 */

/** IAM names ignore case: `cto` and `CTO` are one user. */
export function sameIamName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** Groups that get the MFA policy in this run: the admin group and every team with mfaPolicy. */
export function mfaPolicyGroups(answers: Answers): string[] {
  return [answers.adminGroup.name, ...answers.teams.filter((team) => team.mfaPolicy).map((team) => team.name)];
}

/** The caller's IAM user name, when the caller is an IAM user (only users can be in groups). */
export function callerUserName(caller: Caller): string | undefined {
  return caller.kind === 'user' && caller.userName ? caller.userName : undefined;
}

/** Groups this run's answers put the caller in: as the first administrator, or as one of `users`. */
export function groupsAnswersGiveCaller(answers: Answers, caller: Caller): string[] {
  const name = callerUserName(caller);
  if (!name) return [];
  return [
    ...(sameIamName(answers.admin.name, name) ? [answers.adminGroup.name] : []),
    ...answers.users.filter((user) => sameIamName(user.name, name)).flatMap((user) => user.groups),
  ];
}

export interface CallerMfaState {
  /** The groups the caller is in now. */
  readonly callerGroups: readonly string[];
  /** For each group of mfaPolicyGroups: whether it exists and already has the MFA policy. */
  readonly groups: ReadonlyMap<string, { readonly exists: boolean; readonly attached: boolean }>;
}

export function mfaPolicyArn(caller: Caller, answers: Answers): string {
  return iamArn(caller, `policy/${answers.adminGroup.mfaPolicyName}`);
}

async function readState(iam: IAMClient, userName: string, groups: readonly string[], policyArn: string): Promise<CallerMfaState> {
  const listCallerGroups = async (): Promise<string[]> => {
    const names: string[] = [];
    for await (const page of paginateListGroupsForUser({ client: iam }, { UserName: userName })) {
      names.push(...(page.Groups ?? []).map((g) => g.GroupName ?? ''));
    }
    return names;
  };
  const [callerGroups, attached] = await Promise.all([
    // A caller unknown to IAM here (NoSuchEntity) is in no group.
    ifExists(listCallerGroups()),
    Promise.all(groups.map((group) => ifExists(iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: group }))))),
  ]);
  return {
    callerGroups: callerGroups ?? [],
    groups: new Map(
      groups.map((group, i) => {
        const out = attached[i];
        return [group, { exists: out !== undefined, attached: (out?.AttachedPolicies ?? []).some((p) => p.PolicyArn === policyArn) }];
      }),
    ),
  };
}

/**
 * Reads what the deferrals depend on, once per run (or afresh with `fresh`: in the wizard an answer
 * given at a later step may name the caller after an earlier step already attached the policy).
 * Undefined when the caller is not an IAM user: no group can hold it.
 */
export function readCallerMfaState(ctx: InspectContext, options: { fresh?: boolean } = {}): Promise<CallerMfaState | undefined> {
  const userName = callerUserName(ctx.caller);
  if (!userName) return Promise.resolve(undefined);
  const groups = mfaPolicyGroups(ctx.answers);
  const policyArn = mfaPolicyArn(ctx.caller, ctx.answers);
  const read = (): Promise<CallerMfaState> => readState(ctx.iam, userName, groups, policyArn);
  return options.fresh ? read() : ctx.reads.once(`caller-mfa:${policyArn}:${groups.join(',')}`, read);
}

export interface CallerMfaDeferrals {
  /** Groups holding the caller (now, or once an earlier step adds it) that get the policy only last. */
  readonly attachLast: readonly string[];
  /** Groups that already have the policy and that the caller joins only last. */
  readonly joinLast: readonly string[];
}

const none: CallerMfaDeferrals = { attachLast: [], joinLast: [] };

/** Which cutting changes earlier steps leave to caller-group-mfa, from the answers and the account. */
export function callerMfaDeferrals(answers: Answers, caller: Caller, state: CallerMfaState | undefined): CallerMfaDeferrals {
  // This run holds an MFA session of its own (--mfa-code): the policy cannot cut it off.
  if (!state || caller.mfaSession) return none;
  const isMember = (group: string): boolean => state.callerGroups.some((g) => sameIamName(g, group));
  const policyGroups = mfaPolicyGroups(answers);
  // The caller already sits in a group with the policy and its reads went through: this session
  // has MFA (AWS would have denied them otherwise), so nothing can cut it off.
  if (policyGroups.some((group) => isMember(group) && state.groups.get(group)?.attached)) return none;
  const joins = groupsAnswersGiveCaller(answers, caller);
  const attachLast: string[] = [];
  const joinLast: string[] = [];
  for (const group of policyGroups) {
    const member = isMember(group);
    if (!member && !joins.some((g) => sameIamName(g, group))) continue;
    // Joining a group that lacks the policy is harmless, so an earlier step may do it; the
    // attachment then waits. A group that has the policy already can only be joined last.
    if (!member && state.groups.get(group)?.attached) joinLast.push(group);
    else attachLast.push(group);
  }
  return { attachLast, joinLast };
}

export function includesGroup(groups: readonly string[], group: string): boolean {
  return groups.some((g) => sameIamName(g, group));
}
