import { randomBytes } from 'node:crypto';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { RecordedRequest } from '../aws-proxy.js';

/**
 * "AWS as it really behaves" (issue 15): a layer in the recording proxy between the CLI and moto
 * that answers the way AWS does where moto is laxer. Each part can be switched off on its own; every
 * integration test runs with all of them on (test/support/emulator.ts) unless it says why not.
 */
export type LayerPartName =
  | 'authorization'
  | 'credential-report'
  | 'eventual-consistency'
  | 'mfa-codes'
  | 'password-policy'
  | 'root-user'
  | 'expiry-and-throttling'
  | 'case-insensitive-names'
  | 'access-analyzer';

export interface LayerOptions {
  /** Parts switched off for this account (each test that does so says why in a comment). */
  readonly off?: readonly LayerPartName[];
  /** Part 3: how long a new user, group, policy or role stays invisible to other calls, and a new attachment or membership to reads. */
  readonly consistencyDelayMs?: number | Readonly<Partial<Record<'user' | 'group' | 'role' | 'policy', number>>>;
  /** Part 3: how long a new attachment or membership stays missing from reads, when it differs. */
  readonly linkDelayMs?: number;
  /** Part 6: the root user's credentials. Keys the layer does not know sign as root unless `unknownKeysAreRoot` is false. */
  readonly root?: {
    readonly accessKeys?: readonly string[];
    readonly signingCertificates?: readonly string[];
    readonly mfaEnabled?: boolean;
    /** false: an Organizations member whose root credentials were removed centrally (AccountPasswordPresent 0). */
    readonly passwordPresent?: boolean;
    /**
     * sts:AssumeRoot sessions the organization opened on this account (moto has no AssumeRoot): the
     * session's access key ID and its task policy. They sign as root, limited to that policy.
     */
    readonly taskSessions?: Readonly<Record<string, RootTaskPolicyName>>;
  };
  /** Part 6: keys deleted before the test (InvalidClientTokenId). */
  readonly revokedAccessKeys?: readonly string[];
  /** Part 7: every request from the nth on (1-based, counting IAM and STS requests) answers ExpiredToken. */
  readonly expiredTokenFrom?: number;
  /** Part 7: once AWS has accepted this action, every later request answers ExpiredToken (credentials that expire mid-run). */
  readonly expiredTokenAfter?: string;
  /** Part 7: these requests (1-based) answer Throttling, as a burst of throttling does. */
  readonly throttled?: (seq: number, action: string) => boolean;
  /**
   * Part 9: the account's regions and their opt-in status, over the default: AWS's commercial regions,
   * those launched before March 2019 ENABLED_BY_DEFAULT, the later ones DISABLED until opted in.
   */
  readonly regions?: Readonly<Record<string, RegionOptStatus>>;
  /** Part 9: IAM Access Analyzer analyzers the account has from the start (CreateAnalyzer through the proxy makes more). */
  readonly analyzers?: readonly SeededAnalyzer[];
}

export type RegionOptStatus = 'ENABLED' | 'ENABLING' | 'DISABLING' | 'DISABLED' | 'ENABLED_BY_DEFAULT';

export interface SeededAnalyzer {
  readonly region: string;
  readonly name: string;
  /** ACCOUNT, ORGANIZATION, ACCOUNT_UNUSED_ACCESS... */
  readonly type: string;
  /** Default ACTIVE. */
  readonly status?: 'ACTIVE' | 'CREATING' | 'DISABLED' | 'FAILED';
}

/** The AWS managed policies (arn:aws:iam::aws:policy/root-task/NAME) an sts:AssumeRoot session is limited by. */
export type RootTaskPolicyName =
  | 'IAMAuditRootUserCredentials'
  | 'IAMCreateRootUserPassword'
  | 'IAMDeleteRootUserCredentials'
  | 'S3UnlockBucketPolicy'
  | 'SQSUnlockQueuePolicy';

/** Who signed a request, as AWS sees it. */
export type Identity =
  /** `task`: an sts:AssumeRoot session, limited by that task policy. */
  | { readonly kind: 'root'; readonly accessKeyId: string; readonly mfa: boolean; readonly task?: RootTaskPolicyName }
  | { readonly kind: 'user'; readonly userName: string; readonly accessKeyId: string; readonly mfa: boolean; readonly session: boolean }
  /** A key moto does not know, with the root-user part off: moto answers as its default user/moto. */
  | { readonly kind: 'moto-default' }
  | { readonly kind: 'invalid' };

export interface LayerAnswer {
  readonly status: number;
  readonly body: string;
  /** Default text/xml (IAM and STS); REST APIs answer application/json. */
  readonly contentType?: string;
}

export interface Session {
  readonly base: Identity & { kind: 'root' | 'user' };
  readonly mfa: boolean;
}

/** What every part can see: the account, moto's IAM for that account, and what the layer learnt so far. */
export interface LayerContext {
  readonly accountId: string;
  readonly options: LayerOptions;
  /** moto's IAM for this account, bypassing the layer (for reading policies, keys, the password policy). */
  readonly moto: IAMClient;
  readonly rootAccessKeys: Set<string>;
  readonly rootSigningCertificates: Set<string>;
  /** Keys that once worked and were deleted: AWS answers InvalidClientTokenId to them. */
  readonly revokedKeys: Set<string>;
  /** IAM users' keys seen signing: one that moto no longer knows was deleted. */
  readonly userKeys: Set<string>;
  readonly sessions: Map<string, Session>;
  /** Virtual MFA devices' seeds by serial number, from CreateVirtualMFADevice's answers. */
  readonly mfaSeeds: Map<string, string>;
  isOn(part: LayerPartName): boolean;
  identity(request: RecordedRequest): Promise<Identity>;
}

/** One behaviour of AWS. `before` may answer instead of moto; `after` may rewrite moto's answer. */
export interface LayerPart {
  readonly name: LayerPartName;
  /** Sees requests to services other than IAM and STS too (a part serving what moto lacks); the others never do. */
  readonly otherServices?: boolean;
  before?(request: RecordedRequest, ctx: LayerContext): Promise<LayerAnswer | undefined> | LayerAnswer | undefined;
  after?(request: RecordedRequest, answer: LayerAnswer, ctx: LayerContext): Promise<LayerAnswer | undefined> | LayerAnswer | undefined;
}

export function principalArn(identity: Identity, accountId: string): string {
  if (identity.kind === 'root') return `arn:aws:iam::${accountId}:root`;
  if (identity.kind === 'user') return `arn:aws:iam::${accountId}:user/${identity.userName}`;
  return `arn:aws:sts::${accountId}:user/moto`;
}

// --- AWS query-protocol answers ---

const namespaces = { iam: 'https://iam.amazonaws.com/doc/2010-05-08/', sts: 'https://sts.amazonaws.com/doc/2011-06-15/' } as const;

function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

/** An error as IAM and STS send it. */
export function errorAnswer(status: number, code: string, message: string, service: 'iam' | 'sts' | 'other' = 'iam'): LayerAnswer {
  const ns = namespaces[service === 'sts' ? 'sts' : 'iam'];
  return {
    status,
    body:
      `<ErrorResponse xmlns="${ns}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${escapeXml(message)}</Message>` +
      `</Error><RequestId>${requestId()}</RequestId></ErrorResponse>`,
  };
}

/** A successful answer of `action` with `result` (inner XML of its Result element, or none). */
export function resultAnswer(service: 'iam' | 'sts', action: string, result?: string): LayerAnswer {
  const inner = result === undefined ? '' : `<${action}Result>${result}</${action}Result>`;
  return {
    status: 200,
    body:
      `<${action}Response xmlns="${namespaces[service]}">${inner}<ResponseMetadata><RequestId>${requestId()}</RequestId>` +
      `</ResponseMetadata></${action}Response>`,
  };
}

export function requestId(): string {
  return randomBytes(16)
    .toString('hex')
    .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
}

export function xmlText(xml: string, element: string): string | undefined {
  return new RegExp(`<${element}>([^<]*)</${element}>`).exec(xml)?.[1];
}

export function isSuccess(answer: LayerAnswer): boolean {
  return answer.status >= 200 && answer.status < 300;
}
