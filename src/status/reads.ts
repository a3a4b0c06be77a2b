import { paginateListRegions, type AccountClient } from '@aws-sdk/client-account';
import { paginateListAnalyzers, type AccessAnalyzerClient } from '@aws-sdk/client-accessanalyzer';
import { readContact, type SecurityContact } from '../iam/alternate-contact.js';
import {
  GenerateCredentialReportCommand,
  GetPolicyCommand,
  GetAccountSummaryCommand,
  GetAccessKeyLastUsedCommand,
  GetCredentialReportCommand,
  GetLoginProfileCommand,
  GetPolicyVersionCommand,
  ListAccountAliasesCommand,
  paginateListAccessKeys,
  paginateListMFADevices,
  paginateListServerCertificates,
  paginateListUsers,
  paginateListVirtualMFADevices,
  type IAMClient,
  type PasswordPolicy,
} from '@aws-sdk/client-iam';
import { errorCode, isAwsError, translateAwsError } from '../aws/errors.js';
import { awsManagedPolicyArn, type Caller } from '../aws/caller.js';
import { BadInputError } from '../lib/errors.js';
import { readPasswordPolicy } from '../iam/account-reads.js';
import {
  decodePolicyDocument,
  principals,
  readAuthorizationDetails,
  type AuthorizationDetails,
  type ManagedPolicy,
  type Principal,
} from './authorization-details.js';
import { keysOf, parseCredentialReport, rootRowName, type CredentialReport, type CredentialReportRow } from './credential-report.js';

/** A read that worked, or the action that failed and why: a check needing it is then `unknown`. */
export type Read<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly action: string; readonly code: string; readonly message: string };

export interface AccessKey {
  readonly id: string;
  readonly status: string;
  readonly created: Date | undefined;
}

/** An IAM user as ListUsers shows it now. */
export interface IamUser {
  readonly name: string;
  readonly created: Date | undefined;
  readonly passwordLastUsed: Date | undefined;
}

/**
 * A user's credentials read live, for a user the credential report cannot vouch for: one made after
 * the report, or any user when the report is a reused one.
 */
export interface LiveCredentials {
  readonly user: IamUser;
  /** The console password's creation date, or undefined when the user has none. */
  readonly passwordCreated: Date | undefined;
  readonly mfaActive: boolean;
  readonly keys: readonly (AccessKey & { readonly lastUsed: Date | undefined })[];
}

export interface UserPolicies {
  readonly attached: readonly string[];
  readonly inline: readonly string[];
}

export type { ManagedPolicy as LocalPolicy } from './authorization-details.js';

export interface VirtualMfaDevice {
  readonly serialNumber: string;
  /** The user it is assigned to (`arn:aws:iam::ACCOUNT:root` for the root user). */
  readonly userArn: string | null;
}

export interface ServerCertificate {
  readonly name: string;
  readonly arn: string;
  readonly expiration: Date | undefined;
}

export type { SecurityContact } from '../iam/alternate-contact.js';

/** An IAM Access Analyzer analyzer as ListAnalyzers shows it. */
export interface Analyzer {
  readonly name: string;
  /** ACCOUNT and ORGANIZATION analyze external access; the *_UNUSED_ACCESS and *_INTERNAL_ACCESS types do not. */
  readonly type: string;
  /** ACTIVE, CREATING, DISABLED or FAILED. */
  readonly status: string;
}

/** One active region's analyzers: read on their own, so a region that cannot be read costs only itself. */
export interface RegionAnalyzers {
  readonly region: string;
  readonly analyzers: Read<readonly Analyzer[]>;
}

export interface PolicyEntities {
  readonly roles: readonly string[];
  readonly users: readonly string[];
  readonly groups: readonly string[];
}

/** Everything `status` looks at. Each read stands alone, so one denied action costs only its checks. */
export interface AccountReadings {
  readonly summary: Read<Readonly<Record<string, number>>>;
  readonly passwordPolicy: Read<PasswordPolicy | undefined>;
  readonly aliases: Read<readonly string[]>;
  readonly credentialReport: Read<CredentialReport>;
  readonly users: Read<readonly string[]>;
  /** Users the credential report does not show as they are now, read live (empty when it does). */
  readonly liveCredentials: Read<ReadonlyMap<string, LiveCredentials>>;
  readonly userGroups: Read<ReadonlyMap<string, readonly string[]>>;
  readonly userPolicies: Read<ReadonlyMap<string, UserPolicies>>;
  readonly accessKeys: Read<ReadonlyMap<string, readonly AccessKey[]>>;
  readonly groups: Read<readonly string[]>;
  readonly localPolicies: Read<readonly ManagedPolicy[]>;
  readonly supportAccess: Read<PolicyEntities>;
  /** Users, groups, roles and their policies (GetAccountAuthorizationDetails). */
  readonly authorization: Read<AuthorizationDetails>;
  /** Documents of the AWS managed policies attached to anyone, by ARN. */
  readonly awsPolicies: Read<ReadonlyMap<string, unknown>>;
  readonly virtualMfaDevices: Read<readonly VirtualMfaDevice[]>;
  readonly serverCertificates: Read<readonly ServerCertificate[]>;
  /** null: no security contact is set. */
  readonly securityContact: Read<SecurityContact | null>;
  /** Every active region of the account (account:ListRegions), with its analyzers. */
  readonly accessAnalyzers: Read<readonly RegionAnalyzers[]>;
}

export interface ReadOptions {
  /** Credential report polling: attempts of GenerateCredentialReport before giving up. */
  readonly reportAttempts?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Told once when the credential report is not ready at the first ask. */
  readonly onReportWait?: () => void;
  /** Told how far a big account's read has come (after each page of 1,000 entities, when more follow). */
  readonly onProgress?: (entitiesRead: number) => void;
  /** The Account API, for the security contact (CIS 1.2); without it that check is unknown. */
  readonly account?: AccountClient;
  /** IAM Access Analyzer in a region (CIS 1.19); with the Account API, which lists the regions. Without both, that check is unknown. */
  readonly accessAnalyzer?: (region: string) => Promise<AccessAnalyzerClient>;
}

/** Calls made for each user (or policy) at once; enough to be quick, few enough not to be throttled. */
const concurrency = 8;

class ReadFailure extends Error {
  constructor(
    readonly action: string,
    override readonly cause: unknown,
  ) {
    super(action);
  }
}

/** Runs one API call, remembering which action it was so a failure can name it. */
async function call<T>(action: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw new ReadFailure(`iam:${action}`, error);
  }
}

async function collect<T>(action: string, pages: () => AsyncIterable<T>): Promise<T[]> {
  return call(action, async () => {
    const all: T[] = [];
    for await (const page of pages()) all.push(page);
    return all;
  });
}

/**
 * Settles a read. Missing or rejected credentials and an unreachable endpoint are not one check's
 * problem: they end the command (exit 2). Anything else makes the read's checks `unknown`.
 */
async function settle<T>(read: () => Promise<T>): Promise<Read<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (error) {
    const translated = translateAwsError(error instanceof ReadFailure ? error.cause : error);
    if (translated instanceof BadInputError) throw translated;
    return failedRead(error);
  }
}

function failedRead(error: unknown): Extract<Read<never>, { ok: false }> {
  const cause = error instanceof ReadFailure ? error.cause : error;
  const action = error instanceof ReadFailure ? error.action : 'an IAM read';
  return { ok: false, action, code: errorCode(cause) ?? 'Error', message: oneLine(cause) };
}

/**
 * The reason fits one line of the table. An answer the SDK cannot parse (an endpoint without the
 * service, such as an emulator's HTML page) comes with lines about the SDK's own internals instead.
 */
function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/Deserialization error/.test(message)) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    return `the endpoint's answer is not one AWS gives${status ? ` (HTTP ${status})` : ''}`;
  }
  return message.split('\n')[0]!.trim();
}

async function mapLimit<T, R>(items: readonly T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await run(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

async function perUser<R>(users: Read<readonly string[]>, run: (user: string) => Promise<R>): Promise<Read<ReadonlyMap<string, R>>> {
  if (!users.ok) return users;
  return settle(async () => {
    const values = await mapLimit(users.value, concurrency, run);
    return new Map(users.value.map((user, index) => [user, values[index]!]));
  });
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * AWS builds the report in the background: GenerateCredentialReport answers STARTED or INPROGRESS
 * until it is COMPLETE. Polled with a growing delay, about 20 s at most, then given up (unknown).
 */
export async function readCredentialReport(iam: IAMClient, options: ReadOptions = {}): Promise<CredentialReport> {
  const attempts = options.reportAttempts ?? 12;
  const sleep = options.sleep ?? defaultSleep;
  let reused = false;
  for (let attempt = 1; ; attempt++) {
    const out = await call('GenerateCredentialReport', () => iam.send(new GenerateCredentialReportCommand({})));
    if (out.State === 'COMPLETE') {
      // COMPLETE at the first ask: AWS hands back a report it made earlier (it makes at most one every 4 hours).
      reused = attempt === 1;
      break;
    }
    if (attempt >= attempts) {
      throw new ReadFailure(
        'iam:GenerateCredentialReport',
        Object.assign(
          new Error(`the credential report was still ${out.State ?? 'not ready'} after ${attempts} attempts; run status again in a minute`),
          { name: 'ReportNotReady' },
        ),
      );
    }
    if (attempt === 1) options.onReportWait?.();
    await sleep(Math.min(250 * 2 ** (attempt - 1), 2000));
  }
  const report = await call('GetCredentialReport', () => iam.send(new GetCredentialReportCommand({})));
  const csv = report.Content ? new TextDecoder().decode(report.Content) : '';
  return { generatedAt: report.GeneratedTime, rows: parseCredentialReport(csv), reused };
}

/** The document of each AWS managed policy attached somewhere (a handful per account, not per user). */
async function readAttachedAwsPolicies(iam: IAMClient, details: AuthorizationDetails): Promise<ReadonlyMap<string, unknown>> {
  const arns = [
    ...new Set(
      principals(details)
        .flatMap((p) => p.attached.map((a) => a.arn))
        .filter((arn) => /^arn:[^:]+:iam::aws:policy\//.test(arn)),
    ),
  ];
  const documents = await mapLimit(arns, concurrency, async (arn) => {
    const policy = await call('GetPolicy', () => iam.send(new GetPolicyCommand({ PolicyArn: arn })));
    const version = await call('GetPolicyVersion', () =>
      iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: policy.Policy?.DefaultVersionId ?? 'v1' })),
    );
    return decodePolicyDocument(version.PolicyVersion?.Document);
  });
  return new Map(arns.map((arn, index) => [arn, documents[index]]));
}

/** Who has a managed policy attached, from the authorization details. */
export function entitiesWith(details: AuthorizationDetails, arn: string): PolicyEntities {
  const having = (list: readonly Principal[]): string[] => list.filter((p) => p.attached.some((a) => a.arn === arn)).map((p) => p.name);
  return { roles: having(details.roles), users: having(details.users), groups: having(details.groups) };
}

async function readVirtualMfaDevices(iam: IAMClient): Promise<VirtualMfaDevice[]> {
  const pages = await collect('ListVirtualMFADevices', () =>
    paginateListVirtualMFADevices({ client: iam }, { AssignmentStatus: 'Assigned' }),
  );
  return pages.flatMap((page) =>
    (page.VirtualMFADevices ?? []).map((d) => ({ serialNumber: d.SerialNumber ?? '', userArn: d.User?.Arn ?? null })),
  );
}

async function readServerCertificates(iam: IAMClient): Promise<ServerCertificate[]> {
  const pages = await collect('ListServerCertificates', () => paginateListServerCertificates({ client: iam }, {}));
  return pages.flatMap((page) =>
    (page.ServerCertificateMetadataList ?? []).map((c) => ({
      name: c.ServerCertificateName ?? '',
      arn: c.Arn ?? '',
      expiration: c.Expiration,
    })),
  );
}

async function readSecurityContact(account: AccountClient | undefined): Promise<SecurityContact | null> {
  if (!account)
    throw new ReadFailure('account:GetAlternateContact', Object.assign(new Error('no Account API client'), { name: 'NotAvailable' }));
  try {
    return await readContact(account);
  } catch (error) {
    throw new ReadFailure('account:GetAlternateContact', error);
  }
}

/** The regions the account can use: enabled by default, or opted in (not those still being enabled or disabled). */
async function readActiveRegions(account: AccountClient): Promise<string[]> {
  try {
    const regions: string[] = [];
    // Up to 50 a page: every region there is, in one request.
    const pages = paginateListRegions({ client: account, pageSize: 50 }, { RegionOptStatusContains: ['ENABLED', 'ENABLED_BY_DEFAULT'] });
    for await (const page of pages) regions.push(...(page.Regions ?? []).map((r) => r.RegionName ?? ''));
    return regions.filter((region) => region !== '').sort();
  } catch (error) {
    throw new ReadFailure('account:ListRegions', error);
  }
}

async function listAnalyzers(client: AccessAnalyzerClient): Promise<Analyzer[]> {
  const analyzers: Analyzer[] = [];
  // Every type in one request (the check picks the external access ones): a type filter would take two.
  for await (const page of paginateListAnalyzers({ client }, {})) {
    for (const a of page.analyzers ?? []) analyzers.push({ name: a.name ?? '', type: a.type ?? '', status: a.status ?? '' });
  }
  return analyzers;
}

/**
 * CIS 1.19: the active regions, then every one's analyzers at once (1 + one request per region). A
 * region that fails, whatever the error, is unknown on its own: it does not end the command.
 */
async function readAccessAnalyzers(options: ReadOptions): Promise<RegionAnalyzers[]> {
  const { account, accessAnalyzer } = options;
  if (!account || !accessAnalyzer)
    throw new ReadFailure('account:ListRegions', Object.assign(new Error('no Account API client'), { name: 'NotAvailable' }));
  const regions = await readActiveRegions(account);
  return Promise.all(
    regions.map(async (region): Promise<RegionAnalyzers> => {
      try {
        return { region, analyzers: { ok: true, value: await listAnalyzers(await accessAnalyzer(region)) } };
      } catch (error) {
        return { region, analyzers: failedRead(new ReadFailure('access-analyzer:ListAnalyzers', error)) };
      }
    }),
  );
}

/** The users whose credentials must be read live: absent from the report, or all of them if it is reused. */
function usersToReadLive(users: readonly IamUser[], report: CredentialReport): IamUser[] {
  if (report.reused) return [...users];
  const inReport = new Set(report.rows.map((row) => row.user));
  return users.filter((user) => !inReport.has(user.name));
}

async function readLiveCredentials(iam: IAMClient, user: IamUser, keys: readonly AccessKey[]): Promise<LiveCredentials> {
  const [passwordCreated, mfaPages, keysUsed] = await Promise.all([
    call('GetLoginProfile', async () => {
      try {
        return (await iam.send(new GetLoginProfileCommand({ UserName: user.name }))).LoginProfile?.CreateDate ?? user.created ?? new Date();
      } catch (error) {
        if (isAwsError(error, 'NoSuchEntity')) return undefined;
        throw error;
      }
    }),
    collect('ListMFADevices', () => paginateListMFADevices({ client: iam }, { UserName: user.name })),
    Promise.all(
      keys.map(async (key) => {
        const out = await call('GetAccessKeyLastUsed', () => iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: key.id })));
        return { ...key, lastUsed: out.AccessKeyLastUsed?.LastUsedDate };
      }),
    ),
  ]);
  return { user, passwordCreated, mfaActive: mfaPages.some((page) => (page.MFADevices ?? []).length > 0), keys: keysUsed };
}

const derive = <T, R>(read: Read<T>, from: (value: T) => R): Read<R> => (read.ok ? { ok: true, value: from(read.value) } : read);

/**
 * Whether a report row has a key some check may fail on: two active keys, an active key not used
 * for 45 days (never used: since it was made) or older than 90 days, or never used by a console user.
 */
function keyMayBeAtFault(row: CredentialReportRow, now: Date): boolean {
  const active = keysOf(row).filter((key) => key.active);
  if (active.length > 1) return true;
  const days = (date: Date | undefined): number => (date ? (now.getTime() - date.getTime()) / 86_400_000 : Infinity);
  const consoleUser = row['password_enabled'] === 'true';
  return active.some((key) => days(key.lastUsed ?? key.lastRotated) >= 45 || days(key.lastRotated) > 90 || (consoleUser && !key.lastUsed));
}

/**
 * Access keys are listed (for their IDs in the evidence; the report numbers them 1 and 2 only) for
 * at most this many users a check may fail on, so a big account with many faults stays cheap to read;
 * beyond it, evidence names keys by their slot.
 */
export const keyIdLookups = 20;

/** The users whose access keys are listed: those read live, and up to keyIdLookups whose keys a check may fail on. */
function usersWithKeys(userList: Read<readonly IamUser[]>, report: Read<CredentialReport>, now: Date): string[] {
  if (!report.ok) return [];
  const live = userList.ok ? usersToReadLive(userList.value, report.value).map((u) => u.name) : [];
  const existing = userList.ok ? new Set(userList.value.map((u) => u.name)) : undefined;
  const atFault = report.value.rows
    .filter((row) => row.user !== rootRowName && (!existing || existing.has(row.user ?? '')) && keyMayBeAtFault(row, now))
    .map((row) => row.user ?? '')
    .slice(0, keyIdLookups);
  return [...new Set([...atFault, ...live])];
}

/**
 * Every read `status` makes: read-only calls only, independent ones at the same time. Users, groups,
 * roles and policies come from GetAccountAuthorizationDetails and credentials from the credential
 * report, so the number of calls grows with users only where nothing else tells (access key IDs,
 * users the report does not show as they are now).
 */
export async function readAccount(iam: IAMClient, caller: Caller, options: ReadOptions = {}): Promise<AccountReadings> {
  const [
    summary,
    passwordPolicy,
    aliases,
    credentialReport,
    authorization,
    userList,
    virtualMfaDevices,
    serverCertificates,
    securityContact,
    accessAnalyzers,
  ] = await Promise.all([
    settle(() => call('GetAccountSummary', async () => (await iam.send(new GetAccountSummaryCommand({}))).SummaryMap ?? {})),
    settle(() => call('GetAccountPasswordPolicy', () => readPasswordPolicy(iam))),
    settle(() => call('ListAccountAliases', async () => (await iam.send(new ListAccountAliasesCommand({}))).AccountAliases ?? [])),
    settle(() => readCredentialReport(iam, options)),
    settle(() => call('GetAccountAuthorizationDetails', () => readAuthorizationDetails(iam, options.onProgress))),
    settle(async () => {
      const pages = await collect('ListUsers', () => paginateListUsers({ client: iam, pageSize: 1000 }, {}));
      return pages.flatMap((page) =>
        (page.Users ?? []).map((u): IamUser => ({ name: u.UserName ?? '', created: u.CreateDate, passwordLastUsed: u.PasswordLastUsed })),
      );
    }),
    settle(() => readVirtualMfaDevices(iam)),
    settle(() => readServerCertificates(iam)),
    settle(() => readSecurityContact(options.account)),
    settle(() => readAccessAnalyzers(options)),
  ]);
  const users = derive(userList, (list) => list.map((u) => u.name));
  const keyUsers: Read<readonly string[]> = { ok: true, value: usersWithKeys(userList, credentialReport, new Date()) };
  const [accessKeys, awsPolicies] = await Promise.all([
    perUser(keyUsers, async (user): Promise<AccessKey[]> => {
      const pages = await collect('ListAccessKeys', () => paginateListAccessKeys({ client: iam }, { UserName: user }));
      return pages.flatMap((page) =>
        (page.AccessKeyMetadata ?? []).map((k) => ({ id: k.AccessKeyId ?? '', status: k.Status ?? '', created: k.CreateDate })),
      );
    }),
    authorization.ok ? settle(() => readAttachedAwsPolicies(iam, authorization.value)) : Promise.resolve(authorization),
  ]);
  const liveCredentials = await readUsersLive(iam, userList, credentialReport, accessKeys);
  return {
    summary,
    passwordPolicy,
    aliases,
    credentialReport,
    users,
    liveCredentials,
    userGroups: derive(authorization, (details) => new Map(details.users.map((u) => [u.name, u.groups]))),
    userPolicies: derive(
      authorization,
      (details) =>
        new Map(
          details.users.map((u): [string, UserPolicies] => [
            u.name,
            { attached: u.attached.map((a) => a.name), inline: u.inline.map((i) => i.name) },
          ]),
        ),
    ),
    accessKeys,
    groups: derive(authorization, (details) => details.groups.map((g) => g.name)),
    localPolicies: derive(authorization, (details) => details.localPolicies),
    supportAccess: derive(authorization, (details) => entitiesWith(details, awsManagedPolicyArn(caller, 'AWSSupportAccess'))),
    authorization,
    awsPolicies,
    virtualMfaDevices,
    serverCertificates,
    securityContact,
    accessAnalyzers,
  };
}

async function readUsersLive(
  iam: IAMClient,
  userList: Read<readonly IamUser[]>,
  report: Read<CredentialReport>,
  accessKeys: Read<ReadonlyMap<string, readonly AccessKey[]>>,
): Promise<Read<ReadonlyMap<string, LiveCredentials>>> {
  // Without the report its checks are unknown anyway; without the user list nothing tells who is missing.
  if (!report.ok) return { ok: true, value: new Map() };
  // A report made for this read shows every user there is; a reused one cannot be checked without the list.
  if (!userList.ok) return report.value.reused ? userList : { ok: true, value: new Map() };
  const live = usersToReadLive(userList.value, report.value);
  if (live.length === 0) return { ok: true, value: new Map() };
  if (!accessKeys.ok) return accessKeys;
  return settle(async () => {
    const read = await mapLimit(live, concurrency, (user) => readLiveCredentials(iam, user, accessKeys.value.get(user.name) ?? []));
    return new Map(read.map((credentials) => [credentials.user.name, credentials]));
  });
}
