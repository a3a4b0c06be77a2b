import type { RecordedRequest } from '../aws-proxy.js';
import { errorAnswer, isSuccess, xmlText, type LayerAnswer, type LayerContext, type LayerPart } from './core.js';

/**
 * The default delay: long enough that a call right after a create meets NoSuchEntity (so the
 * tool's waits are exercised in every test), short enough for a fast suite. Tests about
 * consistency itself pass a longer `consistencyDelayMs`.
 */
export const defaultConsistencyDelayMs = 100;

type Kind = 'user' | 'group' | 'role' | 'policy';

interface State {
  /** Entities by kind and name (policies by ARN): when other calls start to see them. */
  readonly entities: Map<string, number>;
  /** Attachments and memberships ("group/Admins policy/arn", "user/CTO group/Admins"): when reads show them. */
  readonly links: Map<string, number>;
}

const states = new WeakMap<LayerContext, State>();

function stateOf(ctx: LayerContext): State {
  const found = states.get(ctx);
  if (found) return found;
  const state: State = { entities: new Map(), links: new Map() };
  states.set(ctx, state);
  return state;
}

const creates: Record<string, { kind: Kind; param: string }> = {
  CreateUser: { kind: 'user', param: 'UserName' },
  CreateGroup: { kind: 'group', param: 'GroupName' },
  CreateRole: { kind: 'role', param: 'RoleName' },
};

/** Links a successful call makes: [from, to] as in the reads below. */
function linksMadeBy(request: RecordedRequest): [string, string] | undefined {
  const p = request.params;
  switch (request.action) {
    case 'AttachGroupPolicy':
      return [`group/${p['GroupName']}`, `policy/${p['PolicyArn']}`];
    case 'AttachUserPolicy':
      return [`user/${p['UserName']}`, `policy/${p['PolicyArn']}`];
    case 'AttachRolePolicy':
      return [`role/${p['RoleName']}`, `policy/${p['PolicyArn']}`];
    case 'AddUserToGroup':
      return [`user/${p['UserName']}`, `group/${p['GroupName']}`];
    default:
      return undefined;
  }
}

const entityParams: [string, Kind][] = [
  ['UserName', 'user'],
  ['GroupName', 'group'],
  ['RoleName', 'role'],
  ['PolicyArn', 'policy'],
];

/** The delay for one kind of entity: one number for all, or one per kind (the default for the rest). */
function delayOf(ctx: LayerContext, kind: Kind): number {
  const delay = ctx.options.consistencyDelayMs;
  return typeof delay === 'number' ? delay : (delay?.[kind] ?? defaultConsistencyDelayMs);
}

function key(kind: Kind, name: string): string {
  // IAM names are case-insensitive; ARNs keep their case.
  return kind === 'policy' ? `policy/${name}` : `${kind}/${name.toLowerCase()}`;
}

function notFound(kind: Kind, name: string): LayerAnswer {
  if (kind === 'policy') return errorAnswer(404, 'NoSuchEntity', `Policy ${name} does not exist or is not attachable.`);
  return errorAnswer(404, 'NoSuchEntity', `The ${kind} with name ${name} cannot be found.`);
}

function pending(map: Map<string, number>, k: string): boolean {
  const at = map.get(k);
  if (at === undefined) return false;
  if (Date.now() >= at) {
    map.delete(k);
    return false;
  }
  return true;
}

/** Drops the list members of `listElement` whose `field` names a link still on its way. */
function hideMembers(body: string, listElement: string, field: string, hidden: (value: string) => boolean): string {
  return body.replace(new RegExp(`<${listElement}>([\\s\\S]*?)</${listElement}>`), (_all, inner: string) => {
    const kept = inner.replace(/<member>[\s\S]*?<\/member>/g, (member) => {
      const value = xmlText(member, field);
      return value !== undefined && hidden(value) ? '' : member;
    });
    return `<${listElement}>${kept}</${listElement}>`;
  });
}

/**
 * Part 3, eventual consistency: IAM "is eventually consistent" (AWS's IAM user guide) and moto is
 * not. A user, group, role or policy created a moment ago answers NoSuchEntity to every other call
 * for `consistencyDelayMs`, and a new attachment or membership is missing from the reads that list
 * it for as long.
 */
export const eventualConsistencyPart: LayerPart = {
  name: 'eventual-consistency',
  before(request, ctx) {
    if (request.service !== 'iam') return undefined;
    const state = stateOf(ctx);
    for (const [param, kind] of entityParams) {
      const name = request.params[param];
      if (name === undefined) continue;
      if (creates[request.action]?.kind === kind) continue;
      if (pending(state.entities, key(kind, name))) return notFound(kind, name);
    }
    return undefined;
  },
  after(request, answer, ctx) {
    if (request.service !== 'iam' || !isSuccess(answer)) return undefined;
    const state = stateOf(ctx);
    const create = creates[request.action];
    if (create) state.entities.set(key(create.kind, request.params[create.param] ?? ''), Date.now() + delayOf(ctx, create.kind));
    if (request.action === 'CreatePolicy') {
      const arn = xmlText(answer.body, 'Arn');
      if (arn) state.entities.set(key('policy', arn), Date.now() + delayOf(ctx, 'policy'));
    }
    const link = linksMadeBy(request);
    const linkVisibleAt = Date.now() + (ctx.options.linkDelayMs ?? delayOf(ctx, 'user'));
    if (link) state.links.set(`${link[0].toLowerCase()} ${link[1].toLowerCase()}`, linkVisibleAt);
    const isHidden = (from: string) => (to: string) => pending(state.links, `${from.toLowerCase()} ${to.toLowerCase()}`);
    const p = request.params;
    let body = answer.body;
    switch (request.action) {
      case 'ListAttachedGroupPolicies':
        body = hideMembers(body, 'AttachedPolicies', 'PolicyArn', (arn) => isHidden(`group/${p['GroupName']}`)(`policy/${arn}`));
        break;
      case 'ListAttachedUserPolicies':
        body = hideMembers(body, 'AttachedPolicies', 'PolicyArn', (arn) => isHidden(`user/${p['UserName']}`)(`policy/${arn}`));
        break;
      case 'ListAttachedRolePolicies':
        body = hideMembers(body, 'AttachedPolicies', 'PolicyArn', (arn) => isHidden(`role/${p['RoleName']}`)(`policy/${arn}`));
        break;
      case 'ListGroupsForUser':
        body = hideMembers(body, 'Groups', 'GroupName', (group) => isHidden(`user/${p['UserName']}`)(`group/${group}`));
        break;
      case 'GetGroup':
        body = hideMembers(body, 'Users', 'UserName', (user) => isHidden(`user/${user}`)(`group/${p['GroupName']}`));
        break;
      case 'ListEntitiesForPolicy':
        body = hideMembers(body, 'PolicyGroups', 'GroupName', (group) => isHidden(`group/${group}`)(`policy/${p['PolicyArn']}`));
        body = hideMembers(body, 'PolicyUsers', 'UserName', (user) => isHidden(`user/${user}`)(`policy/${p['PolicyArn']}`));
        body = hideMembers(body, 'PolicyRoles', 'RoleName', (role) => isHidden(`role/${role}`)(`policy/${p['PolicyArn']}`));
        break;
      default:
        return undefined;
    }
    return body === answer.body ? undefined : { status: answer.status, body };
  },
};
