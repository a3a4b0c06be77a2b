/**
 * A test oracle for identity-based policies, after IAM's evaluation logic (SimulateCustomPolicy
 * semantics, which moto does not implement): an explicit Deny wins, else an Allow, else implicit deny.
 * It covers what our documents use: Action/NotAction, Resource with wildcards and ${aws:username},
 * and Bool/BoolIfExists conditions.
 */
export interface Statement {
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface Document {
  Statement: Statement[];
}

export interface RequestContext {
  readonly action: string;
  readonly resource: string;
  readonly userName: string;
  /** Condition keys; absent keys are left out (BoolIfExists treats them as matching). */
  readonly keys: Readonly<Record<string, string>>;
}

export type Decision = 'allowed' | 'explicitDeny' | 'implicitDeny';

export function evaluate(documents: readonly Document[], request: RequestContext): Decision {
  let allowed = false;
  for (const statement of documents.flatMap((d) => d.Statement)) {
    if (!statementApplies(statement, request)) continue;
    if (statement.Effect === 'Deny') return 'explicitDeny';
    allowed = true;
  }
  return allowed ? 'allowed' : 'implicitDeny';
}

function list(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function wildcard(pattern: string, value: string, caseInsensitive: boolean): boolean {
  const regex = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\\\?/g, '.')).join('.*')}$`, caseInsensitive ? 'i' : '');
  return regex.test(value);
}

function statementApplies(statement: Statement, request: RequestContext): boolean {
  const actionMatches = statement.NotAction
    ? !list(statement.NotAction).some((p) => wildcard(p, request.action, true))
    : list(statement.Action).some((p) => wildcard(p, request.action, true));
  if (!actionMatches) return false;
  const substitute = (pattern: string): string => pattern.replaceAll('${aws:username}', request.userName);
  const resourceMatches = statement.NotResource
    ? !list(statement.NotResource).some((p) => wildcard(substitute(p), request.resource, false))
    : list(statement.Resource).some((p) => wildcard(substitute(p), request.resource, false));
  if (!resourceMatches) return false;
  return conditionsHold(statement.Condition ?? {}, request.keys);
}

function conditionsHold(condition: NonNullable<Statement['Condition']>, keys: Readonly<Record<string, string>>): boolean {
  for (const [operator, entries] of Object.entries(condition)) {
    for (const [key, expected] of Object.entries(entries)) {
      const actual = Object.entries(keys).find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1];
      const wanted = list(expected).map((v) => v.toLowerCase());
      if (operator === 'BoolIfExists') {
        if (actual !== undefined && !wanted.includes(actual.toLowerCase())) return false;
      } else if (operator === 'Bool') {
        if (actual === undefined || !wanted.includes(actual.toLowerCase())) return false;
      } else {
        throw new Error(`the test evaluator does not know the condition operator ${operator}`);
      }
    }
  }
  return true;
}
