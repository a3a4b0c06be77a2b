import {
  GetGroupPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetUserPolicyCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupPoliciesCommand,
  ListGroupsForUserCommand,
  ListUserPoliciesCommand,
} from '@aws-sdk/client-iam';
import { runSimulation, type SimulationIdentityPolicy } from '@cloud-copilot/iam-simulate';
import type { RecordedRequest } from '../aws-proxy.js';
import { errorAnswer, principalArn, type LayerAnswer, type LayerContext, type LayerPart, type RootTaskPolicyName } from './core.js';

/** Actions AWS lets any caller make, whatever its policies say. */
const alwaysAllowed = new Set(['sts:GetCallerIdentity', 'sts:GetSessionToken']);

const auditRootCredentials = [
  'iam:GetAccessKeyLastUsed',
  'iam:GetLoginProfile',
  'iam:GetUser',
  'iam:ListAccessKeys',
  'iam:ListMFADevices',
  'iam:ListSigningCertificates',
];

/** What each AWS managed root-task policy allows (arn:aws:iam::aws:policy/root-task/NAME). */
const taskPolicyActions: Record<RootTaskPolicyName, ReadonlySet<string>> = {
  IAMAuditRootUserCredentials: new Set(auditRootCredentials),
  IAMCreateRootUserPassword: new Set(['iam:CreateLoginProfile', 'iam:GetLoginProfile']),
  IAMDeleteRootUserCredentials: new Set([
    ...auditRootCredentials,
    'iam:DeactivateMFADevice',
    'iam:DeleteAccessKey',
    'iam:DeleteLoginProfile',
    'iam:DeleteSigningCertificate',
    'iam:DeleteVirtualMFADevice',
  ]),
  S3UnlockBucketPolicy: new Set(['s3:DeleteBucketPolicy', 's3:GetBucketPolicy', 's3:ListAllMyBuckets', 's3:PutBucketPolicy']),
  SQSUnlockQueuePolicy: new Set(['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ListQueues', 'sqs:SetQueueAttributes']),
};

/** An sts:AssumeRoot session may do only what its task policy allows (a session policy, for AWS). */
function taskPolicyRefusal(request: RecordedRequest, task: RootTaskPolicyName, ctx: LayerContext): LayerAnswer | undefined {
  const action = `${request.service}:${request.action}`;
  if (alwaysAllowed.has(action) || taskPolicyActions[task].has(action)) return undefined;
  return errorAnswer(
    403,
    'AccessDenied',
    `User: arn:aws:iam::${ctx.accountId}:root is not authorized to perform: ${action} on resource: arn:aws:iam::${ctx.accountId}:root ` +
      `because no session policy allows the ${action} action`,
    request.service,
  );
}

type Policy = SimulationIdentityPolicy['policy'];

function parseDocument(encoded: string | undefined): Policy {
  // IAM returns policy documents URL-encoded.
  return JSON.parse(decodeURIComponent(encoded ?? '{}')) as Policy;
}

/** Managed policy documents by ARN and version: AWS managed ones never change during a test. */
const managedCache = new Map<string, Policy>();

async function managedPolicy(ctx: LayerContext, arn: string): Promise<Policy> {
  const policy = await ctx.moto.send(new GetPolicyCommand({ PolicyArn: arn }));
  const version = policy.Policy?.DefaultVersionId ?? 'v1';
  const key = `${ctx.accountId} ${arn} ${version}`;
  const cached = managedCache.get(key);
  if (cached) return cached;
  const document = parseDocument(
    (await ctx.moto.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: version }))).PolicyVersion?.Document,
  );
  managedCache.set(key, document);
  return document;
}

/** The user's identity-based policies as they stand in moto now: its own and its groups', managed and inline. */
async function identityPolicies(ctx: LayerContext, userName: string): Promise<SimulationIdentityPolicy[]> {
  const { moto } = ctx;
  const [attached, inline, groups] = await Promise.all([
    moto.send(new ListAttachedUserPoliciesCommand({ UserName: userName })),
    moto.send(new ListUserPoliciesCommand({ UserName: userName })),
    moto.send(new ListGroupsForUserCommand({ UserName: userName })),
  ]);
  const out: Promise<SimulationIdentityPolicy>[] = [];
  for (const p of attached.AttachedPolicies ?? [])
    out.push(managedPolicy(ctx, p.PolicyArn ?? '').then((policy) => ({ name: p.PolicyArn ?? '', policy })));
  for (const name of inline.PolicyNames ?? []) {
    out.push(
      moto
        .send(new GetUserPolicyCommand({ UserName: userName, PolicyName: name }))
        .then((r) => ({ name: `user/${userName}/${name}`, policy: parseDocument(r.PolicyDocument) })),
    );
  }
  await Promise.all(
    (groups.Groups ?? []).map(async (group) => {
      const groupName = group.GroupName ?? '';
      const [groupAttached, groupInline] = await Promise.all([
        moto.send(new ListAttachedGroupPoliciesCommand({ GroupName: groupName })),
        moto.send(new ListGroupPoliciesCommand({ GroupName: groupName })),
      ]);
      for (const p of groupAttached.AttachedPolicies ?? [])
        out.push(managedPolicy(ctx, p.PolicyArn ?? '').then((policy) => ({ name: p.PolicyArn ?? '', policy })));
      for (const name of groupInline.PolicyNames ?? []) {
        out.push(
          moto
            .send(new GetGroupPolicyCommand({ GroupName: groupName, PolicyName: name }))
            .then((r) => ({ name: `group/${groupName}/${name}`, policy: parseDocument(r.PolicyDocument) })),
        );
      }
    }),
  );
  return Promise.all(out);
}

/** The resource an IAM request acts on, as its ARN (the caller's own user when it names none). */
function resourceOf(request: RecordedRequest, ctx: LayerContext, callerName: string): string {
  const p = request.params;
  const arn = (resource: string) => `arn:aws:iam::${ctx.accountId}:${resource}`;
  if (
    p['SerialNumber'] &&
    request.action !== 'EnableMFADevice' &&
    request.action !== 'ResyncMFADevice' &&
    request.action !== 'DeactivateMFADevice'
  )
    return p['SerialNumber'];
  if (p['VirtualMFADeviceName']) return arn(`mfa/${p['VirtualMFADeviceName']}`);
  if (p['UserName']) return arn(`user/${p['UserName']}`);
  if (p['GroupName']) return arn(`group/${p['GroupName']}`);
  if (p['RoleName']) return arn(`role/${p['RoleName']}`);
  if (p['PolicyArn']) return p['PolicyArn'];
  if (p['PolicyName'] && request.action === 'CreatePolicy') return arn(`policy/${p['PolicyName']}`);
  if (
    [
      'ChangePassword',
      'GetUser',
      'ListAccessKeys',
      'ListMFADevices',
      'ListSigningCertificates',
      'CreateAccessKey',
      'DeleteAccessKey',
      'EnableMFADevice',
      'ResyncMFADevice',
      'DeactivateMFADevice',
    ].includes(request.action)
  ) {
    return arn(`user/${callerName}`);
  }
  return '*';
}

/**
 * Part 1, authorization: moto lets every caller do everything. Here an IAM user's request (with
 * long-term keys, or a GetSessionToken session) is evaluated against its identity-based policies
 * as they stand in moto at that moment, with aws:MultiFactorAuthPresent as AWS sets it: absent for
 * long-term keys, true for a session made with an MFA code, false for one without. The root user
 * is always allowed, except in an sts:AssumeRoot session: only what its task policy allows, by action.
 * Resource-based policies, boundaries and SCPs are not modelled.
 */
export const authorizationPart: LayerPart = {
  name: 'authorization',
  async before(request, ctx) {
    const identity = await ctx.identity(request);
    if (identity.kind === 'root' && identity.task) return taskPolicyRefusal(request, identity.task, ctx);
    const refusal = await authorizationRefusal(request, ctx, `${request.service}:${request.action}`, resourceOf);
    return refusal && errorAnswer(refusal.status, refusal.code, refusal.message, request.service);
  },
};

/** Why AWS refuses the request, in its words: status, error code and message (the caller formats the answer). */
export interface Refusal {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

/**
 * Whether an IAM user's policies allow `action` (the root user may do anything): undefined when
 * they do, else AWS's refusal. Other parts call it for the services they serve (Access Analyzer).
 */
export async function authorizationRefusal(
  request: RecordedRequest,
  ctx: LayerContext,
  action: string,
  resourceFor: (request: RecordedRequest, ctx: LayerContext, callerName: string) => string = () => '*',
): Promise<Refusal | undefined> {
  const identity = await ctx.identity(request);
  if (identity.kind !== 'user') return undefined;
  if (alwaysAllowed.has(action)) return undefined;
  const principal = principalArn(identity, ctx.accountId);
  const policies = await identityPolicies(ctx, identity.userName);
  const contextVariables: Record<string, string> = {
    'aws:username': identity.userName,
    'aws:PrincipalType': 'User',
    'aws:PrincipalArn': principal,
  };
  if (identity.session) contextVariables['aws:MultiFactorAuthPresent'] = String(identity.mfa);
  let resource = resourceFor(request, ctx, identity.userName);
  const simulate = (on: string) =>
    runSimulation(
      {
        identityPolicies: policies,
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        request: { action, principal, resource: { resource: on, accountId: ctx.accountId }, contextVariables },
      },
      {},
    );
  let result = await simulate(resource);
  if (result.resultType === 'error' && resource !== '*') {
    resource = '*';
    result = await simulate(resource);
  }
  if (result.resultType === 'error') {
    return {
      status: 500,
      code: 'ServiceFailure',
      message: `the test layer could not evaluate ${action} on ${resource}: ${JSON.stringify(result.errors)}`,
    };
  }
  if (result.overallResult === 'Allowed') return undefined;
  // IAM's own wording names the account's IAM ARN; another service's names its own.
  const prefix = action.split(':')[0] ?? 'iam';
  const shown = resource === '*' ? `arn:aws:${prefix === 'sts' ? 'iam' : prefix}::${ctx.accountId}:*` : resource;
  const why =
    result.overallResult === 'ExplicitlyDenied'
      ? 'with an explicit deny in an identity-based policy'
      : `because no identity-based policy allows the ${action} action`;
  return {
    status: 403,
    code: 'AccessDenied',
    message: `User: ${principal} is not authorized to perform: ${action} on resource: ${shown} ${why}`,
  };
}
