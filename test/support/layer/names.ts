import { ListGroupsCommand, ListPoliciesCommand, ListRolesCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import { errorAnswer, type LayerContext, type LayerPart } from './core.js';

/** Names moto holds of one kind (moto's lists are short in tests: one page). */
const existing: Record<string, (ctx: LayerContext) => Promise<string[]>> = {
  CreateUser: async (ctx) => ((await ctx.moto.send(new ListUsersCommand({ MaxItems: 1000 }))).Users ?? []).map((u) => u.UserName ?? ''),
  CreateGroup: async (ctx) => ((await ctx.moto.send(new ListGroupsCommand({ MaxItems: 1000 }))).Groups ?? []).map((g) => g.GroupName ?? ''),
  CreateRole: async (ctx) => ((await ctx.moto.send(new ListRolesCommand({ MaxItems: 1000 }))).Roles ?? []).map((r) => r.RoleName ?? ''),
  CreatePolicy: async (ctx) =>
    ((await ctx.moto.send(new ListPoliciesCommand({ Scope: 'Local', MaxItems: 1000 }))).Policies ?? []).map((p) => p.PolicyName ?? ''),
};

const nameParam: Record<string, string> = {
  CreateUser: 'UserName',
  CreateGroup: 'GroupName',
  CreateRole: 'RoleName',
  CreatePolicy: 'PolicyName',
};

function message(action: string, name: string): string {
  if (action === 'CreatePolicy') return `A policy called ${name} already exists. Duplicate names are not allowed.`;
  return `${action.slice('Create'.length)} with name ${name} already exists.`;
}

/**
 * Part 8: IAM names are unique regardless of case (a group "admins" blocks "Admins"); moto compares
 * them exactly. Only a different-case twin is answered here; moto refuses the exact duplicate itself.
 */
export const caseInsensitiveNamesPart: LayerPart = {
  name: 'case-insensitive-names',
  async before(request, ctx) {
    const list = existing[request.action];
    if (request.service !== 'iam' || !list) return undefined;
    const name = request.params[nameParam[request.action]!] ?? '';
    const twin = (await list(ctx)).find((other) => other !== name && other.toLowerCase() === name.toLowerCase());
    return twin === undefined ? undefined : errorAnswer(409, 'EntityAlreadyExists', message(request.action, name));
  },
};
