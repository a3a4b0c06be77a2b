import { readFileSync, existsSync, lstatSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { ErrorObject } from 'ajv';
import { parseDocument } from 'yaml';
import schema from '../../answers.schema.json' with { type: 'json' };
import { validate as generatedValidator } from './validator.generated.js';
import { BadInputError } from '../lib/errors.js';
import { closestWord } from '../lib/did-you-mean.js';
import { checkSecretDestinations, type SecretDestination } from './secret-destinations.js';

/** 'qr' (scan now) is interactive only: an answers file has no phone to scan with. */
export type AdminMfaMode = 'seed-file' | 'at-first-sign-in' | 'qr';

export interface PasswordPolicyAnswers {
  minimumPasswordLength?: number;
  requireSymbols?: boolean;
  requireNumbers?: boolean;
  requireUppercaseCharacters?: boolean;
  requireLowercaseCharacters?: boolean;
  allowUsersToChangePassword?: boolean;
  maxPasswordAge?: number;
  passwordReusePrevention?: number;
  hardExpiry?: boolean;
}

/** A team group: its managed policies (names or ARNs, resolved against the account) and the MFA policy. */
export interface TeamAnswers {
  name: string;
  policies: string[];
  /** Attach the MFA-enforcement policy (default true). */
  mfaPolicy: boolean;
}

/** One more person: console password only, permissions only through the groups. */
export interface UserAnswers {
  name: string;
  groups: string[];
  mfa: AdminMfaMode;
  mfaSeedFile?: string;
  passwordFile?: string;
}

/** Every answer the flow needs, defaults filled in. Paths are absolute. */
/** The account's SECURITY alternate contact (CIS 1.2). Empty fields: the wizard asks for them. */
export interface SecurityContactAnswers {
  name: string;
  title: string;
  email: string;
  phone: string;
  replace: boolean;
}

export interface Answers {
  account: { id?: string; alias: string; replaceAlias: boolean; securityContact?: SecurityContactAnswers };
  passwordPolicy: PasswordPolicyAnswers;
  adminGroup: { name: string; mfaPolicyName: string };
  admin: { name: string; mfa: AdminMfaMode; mfaSeedFile?: string; passwordFile?: string; signInConfirmed: boolean };
  rootAccessKeys: 'delete' | 'keep';
  /** CIS 1.16 / Security Hub IAM.18: a role with AWSSupportAccess for whoever opens support cases. */
  supportRole: { create: boolean; name: string };
  teams: TeamAnswers[];
  users: UserAnswers[];
}

export const defaultAnswers = {
  adminGroupName: 'Administrators',
  mfaPolicyName: 'RequireMFA',
  adminName: 'CTO',
  supportRoleName: 'AWSSupport',
} as const;

/** The answers a run starts from when no file is given: the wizard's defaults, the alias still to be chosen. */
export function startingAnswers(): Answers {
  return {
    account: { alias: '', replaceAlias: false, securityContact: { name: '', title: '', email: '', phone: '', replace: false } },
    passwordPolicy: {},
    adminGroup: { name: defaultAnswers.adminGroupName, mfaPolicyName: defaultAnswers.mfaPolicyName },
    admin: { name: defaultAnswers.adminName, mfa: 'at-first-sign-in', signInConfirmed: false },
    rootAccessKeys: 'keep',
    supportRole: { create: true, name: defaultAnswers.supportRoleName },
    teams: [],
    users: [],
  };
}

type RawAnswers = {
  account: {
    id?: string;
    alias: string;
    replaceAlias?: boolean;
    securityContact?: { name: string; title: string; email: string; phone: string; replace?: boolean };
  };
  passwordPolicy?: PasswordPolicyAnswers;
  adminGroup?: { name?: string; mfaPolicyName?: string };
  admin?: { name?: string; mfa?: 'seed-file' | 'at-first-sign-in'; mfaSeedFile?: string; passwordFile?: string; signInConfirmed?: boolean };
  rootAccessKeys?: 'delete' | 'keep';
  supportRole?: { create?: boolean; name?: string };
  teams?: { name: string; policies: string[]; mfaPolicy?: boolean }[];
  users?: { name: string; groups: string[]; mfa?: 'seed-file' | 'at-first-sign-in'; mfaSeedFile?: string; passwordFile?: string }[];
};

/** answers.schema.json, compiled at build time (scripts/gen-answers-validator.mjs). */
const validateRaw = generatedValidator as ((data: unknown) => data is RawAnswers) & { errors?: ErrorObject[] | null };

/** Reads, parses and validates an answers file; every problem is a BadInputError naming the key. */
export function loadAnswersFile(path: string): Answers {
  const absolute = resolve(path);
  if (!existsSync(absolute)) {
    throw new BadInputError('--answers', `no file at ${absolute}; create one with \`aws-day-one init > answers.yaml\``);
  }
  if (!statSync(absolute).isFile()) {
    throw new BadInputError('--answers', `${absolute} is not a file`);
  }
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    // Node's message starts "EACCES: permission denied, open '/path'": the path is said already.
    const reason = (error as Error).message.split(',')[0];
    throw new BadInputError(
      '--answers',
      `cannot read ${absolute} (${reason}); give this user read access to it (chmod u+r), or run as its owner`,
    );
  }
  return parseAnswers(text, dirname(absolute), absolute);
}

export function parseAnswers(text: string, baseDir: string, sourceName = 'answers'): Answers {
  const raw = parseText(text, sourceName);
  return validateAnswers(raw, baseDir);
}

function parseText(text: string, sourceName: string): unknown {
  // YAML 1.2 is a superset of JSON, so one parser serves both formats.
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const line = first.linePos?.[0];
    const where = line ? ` (line ${line.line}, column ${line.col})` : '';
    throw new BadInputError(
      '--answers',
      `${sourceName} is not valid YAML or JSON${where}: ${first.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '')}`,
    );
  }
  let value: unknown;
  try {
    value = doc.toJS();
  } catch (error) {
    // The parser refuses to expand aliases beyond a budget (a "billion laughs" attack); an answers
    // file needs at most a few.
    if (error instanceof ReferenceError && /alias/i.test(error.message)) {
      throw new BadInputError(
        '--answers',
        `${sourceName} uses more YAML aliases (*name) than an answers file needs (the parser stopped: ${error.message}); ` +
          `write the values out instead of referring to them`,
      );
    }
    throw error;
  }
  if (value === null || value === undefined) {
    throw new BadInputError('--answers', `${sourceName} is empty; start from \`aws-day-one init\``);
  }
  return value;
}

export function validateAnswers(raw: unknown, baseDir: string): Answers {
  if (!validateRaw(raw)) {
    const errors = validateRaw.errors ?? [];
    throw toBadInput(pickMostUseful(errors), raw);
  }
  const answers: Answers = {
    account: {
      ...(raw.account.id !== undefined ? { id: raw.account.id } : {}),
      alias: raw.account.alias,
      replaceAlias: raw.account.replaceAlias ?? false,
      ...(raw.account.securityContact !== undefined
        ? { securityContact: { ...raw.account.securityContact, replace: raw.account.securityContact.replace ?? false } }
        : {}),
    },
    passwordPolicy: raw.passwordPolicy ?? {},
    adminGroup: {
      name: raw.adminGroup?.name ?? defaultAnswers.adminGroupName,
      mfaPolicyName: raw.adminGroup?.mfaPolicyName ?? defaultAnswers.mfaPolicyName,
    },
    admin: {
      name: raw.admin?.name ?? defaultAnswers.adminName,
      mfa: raw.admin?.mfa ?? 'at-first-sign-in',
      ...(raw.admin?.mfaSeedFile !== undefined ? { mfaSeedFile: resolve(baseDir, raw.admin.mfaSeedFile) } : {}),
      ...(raw.admin?.passwordFile !== undefined ? { passwordFile: resolve(baseDir, raw.admin.passwordFile) } : {}),
      signInConfirmed: raw.admin?.signInConfirmed ?? false,
    },
    rootAccessKeys: raw.rootAccessKeys ?? 'keep',
    supportRole: { create: raw.supportRole?.create ?? true, name: raw.supportRole?.name ?? defaultAnswers.supportRoleName },
    teams: (raw.teams ?? []).map((team) => ({ name: team.name, policies: team.policies, mfaPolicy: team.mfaPolicy ?? true })),
    users: (raw.users ?? []).map((user) => ({
      name: user.name,
      groups: user.groups,
      mfa: user.mfa ?? 'at-first-sign-in',
      ...(user.mfaSeedFile !== undefined ? { mfaSeedFile: resolve(baseDir, user.mfaSeedFile) } : {}),
      ...(user.passwordFile !== undefined ? { passwordFile: resolve(baseDir, user.passwordFile) } : {}),
    })),
  };
  checkCrossFields(answers);
  checkTeamsAndUsers(answers);
  checkUsersCanChangePassword(answers);
  return answers;
}

/** AWS managed policies that let a user change their own password (IAMUserChangePassword is made for it). */
const ownPasswordPolicies = /(^|\/)(AdministratorAccess|IAMFullAccess|IAMUserChangePassword)$/;

/**
 * Every console password this tool issues must be changed at first sign-in. With
 * `allowUsersToChangePassword: false` the account no longer grants iam:ChangePassword to everyone
 * (AWS: "IAM users in the account do not automatically have permissions to change their own
 * password"); only a policy can. RequireMFA allows it on the own user, and so do the admin group's
 * AdministratorAccess and the managed policies above; a user with none of them could never sign in.
 */
function checkUsersCanChangePassword(answers: Answers): void {
  if (answers.passwordPolicy.allowUsersToChangePassword !== false) return;
  const { adminGroup, teams } = answers;
  answers.users.forEach((user, i) => {
    const grants = user.groups.some((group) => {
      if (group === adminGroup.name) return true;
      const team = teams.find((t) => t.name === group);
      return team !== undefined && (team.mfaPolicy || team.policies.some((p) => ownPasswordPolicies.test(p)));
    });
    if (grants) return;
    const teamKeys = user.groups.map((group) => `teams[${teams.findIndex((t) => t.name === group)}]`).join(', ');
    throw new BadInputError(
      'passwordPolicy.allowUsersToChangePassword',
      `false would lock out users[${i}] (${user.name}): a new password must be changed at first sign-in, ` +
        `and no group in users[${i}].groups (${user.groups.join(', ')}) grants iam:ChangePassword. ` +
        `Remove passwordPolicy.allowUsersToChangePassword (true is the default), ` +
        `or set mfaPolicy: true on ${teamKeys} (RequireMFA lets members change their own password), ` +
        `or add IAMUserChangePassword to its policies`,
    );
  });
}

function checkCrossFields(answers: Answers): void {
  const { admin } = answers;
  if (admin.mfa === 'seed-file' && admin.mfaSeedFile === undefined) {
    throw new BadInputError(
      'admin.mfaSeedFile',
      'is required when admin.mfa is seed-file: name a file that does not exist yet (e.g. ./cto-mfa.uri)',
    );
  }
  if (admin.mfa !== 'seed-file' && admin.mfaSeedFile !== undefined) {
    throw new BadInputError('admin.mfaSeedFile', 'is only used with admin.mfa: seed-file; remove it or set admin.mfa: seed-file');
  }
  const policy = answers.passwordPolicy;
  if (policy.hardExpiry === true && policy.maxPasswordAge === undefined) {
    throw new BadInputError(
      'passwordPolicy.hardExpiry',
      'only has an effect with passwordPolicy.maxPasswordAge; set both or remove hardExpiry',
    );
  }
}

/**
 * IAM user and group names are unique regardless of case: two names in the answers that differ only
 * in case would be one user or one group. Also checked on the wizard's answers (team-groups, team-users).
 */
export function checkIamNamesIgnoringCase(answers: Answers): void {
  checkGroupNamesIgnoringCase(answers);
  checkUserNamesIgnoringCase(answers);
}

export function checkGroupNamesIgnoringCase({ teams, adminGroup }: Answers): void {
  const teamAt = new Map<string, number>();
  teams.forEach((team, i) => {
    const key = team.name.toLowerCase();
    if (key === adminGroup.name.toLowerCase()) {
      throw new BadInputError(
        `teams[${i}].name`,
        `is the admin group (adminGroup.name is ${adminGroup.name}; IAM group names ignore case), ` +
          `which is already set up with AdministratorAccess; give the team another name`,
      );
    }
    const earlier = teamAt.get(key);
    if (earlier !== undefined)
      throw new BadInputError(
        `teams[${i}].name`,
        `repeats teams[${earlier}].name (IAM group names ignore case); merge the two teams or rename one`,
      );
    teamAt.set(key, i);
  });
}

export function checkUserNamesIgnoringCase({ users, admin }: Answers): void {
  const userAt = new Map<string, number>();
  users.forEach((user, i) => {
    const key = user.name.toLowerCase();
    if (key === admin.name.toLowerCase()) {
      throw new BadInputError(
        `users[${i}].name`,
        `is the first administrator (admin.name is ${admin.name}; IAM user names ignore case), who is set up under admin:; ` +
          `list other people here`,
      );
    }
    const earlier = userAt.get(key);
    if (earlier !== undefined)
      throw new BadInputError(`users[${i}].name`, `repeats users[${earlier}].name (IAM user names ignore case); list each person once`);
    userAt.set(key, i);
  });
}

function checkTeamsAndUsers(answers: Answers): void {
  const { teams, users, adminGroup } = answers;
  checkIamNamesIgnoringCase(answers);
  const groups = [...teams.map((team) => team.name), adminGroup.name];
  users.forEach((user, i) => {
    const at = `users[${i}]`;
    user.groups.forEach((group, j) => {
      if (groups.includes(group)) return;
      const guess = closestWord(group, groups);
      throw new BadInputError(
        `${at}.groups[${j}]`,
        `is neither a team of this file nor the admin group; ` +
          `${guess ? `did you mean ${guess}?` : `choose from ${groups.join(', ')}`} (got ${JSON.stringify(group)})`,
      );
    });
    if (user.mfa === 'seed-file' && user.mfaSeedFile === undefined) {
      throw new BadInputError(
        `${at}.mfaSeedFile`,
        `is required when ${at}.mfa is seed-file: name a file that does not exist yet (e.g. ./${user.name}-mfa.uri)`,
      );
    }
    if (user.mfa !== 'seed-file' && user.mfaSeedFile !== undefined) {
      throw new BadInputError(`${at}.mfaSeedFile`, `is only used with ${at}.mfa: seed-file; remove it or set ${at}.mfa: seed-file`);
    }
  });

  // Two secrets written to one file would destroy the first; a destination found unwritable only
  // after AWS made the secret would lose it.
  checkSecretDestinations(secretDestinations(answers));
}

/** The files the answers ask a secret to be written to, each with the key that names it. */
function secretDestinations(answers: Answers): SecretDestination[] {
  const all: [string, string | undefined][] = [
    ['admin.mfaSeedFile', answers.admin.mfaSeedFile],
    ['admin.passwordFile', answers.admin.passwordFile],
    ...answers.users.flatMap((user, i): [string, string | undefined][] => [
      [`users[${i}].mfaSeedFile`, user.mfaSeedFile],
      [`users[${i}].passwordFile`, user.passwordFile],
    ]),
  ];
  return all.flatMap(([key, path]) => (path === undefined ? [] : [{ key, path }]));
}

/** A secret file's directory must exist, so the write cannot fail after AWS has made the secret. */
function checkDirectoryExists(key: string, path: string): void {
  const dir = dirname(path);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new BadInputError(key, `directory ${dir} does not exist; create it or choose another path`);
  }
}

/**
 * Checked when a step is about to write a secret: overwriting an existing seed or password file
 * could destroy the only copy of another secret.
 */
export function checkNewFilePath(key: string, path: string): void {
  checkDirectoryExists(key, path);
  // lstat: a symlink at the path (even one pointing nowhere) counts as taken.
  if (existsSync(path) || isLink(path)) {
    throw new BadInputError(key, `${path} already exists; choose a new path (this tool never overwrites a secret file)`);
  }
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** ajv reports every branch; the operator wants the one error that names a key and a fix. */
function pickMostUseful(errors: readonly ErrorObject[]): ErrorObject {
  const order = ['additionalProperties', 'required', 'type', 'enum', 'pattern', 'minLength', 'maxLength', 'minimum', 'maximum'];
  const ranked = [...errors].sort((a, b) => rank(a) - rank(b));
  function rank(error: ErrorObject): number {
    const index = order.indexOf(error.keyword);
    return index === -1 ? order.length : index;
  }
  const first = ranked[0];
  if (!first) throw new Error('answers validation failed without an error');
  return first;
}

function toBadInput(error: ErrorObject, raw: unknown): BadInputError {
  const path = error.instancePath.split('/').slice(1).join('.');
  // List items read as `teams[0].name`, the way the operator would point at them.
  const shown = path.replace(/\.(\d+)(?=\.|$)/g, '[$1]');
  const here = (key: string): string => (shown ? `${shown}.${key}` : key);
  switch (error.keyword) {
    case 'additionalProperties': {
      const extra = String((error.params as { additionalProperty: string }).additionalProperty);
      const allowed = Object.keys(schemaAt(path)?.properties ?? {});
      const guess = closestWord(extra, allowed);
      const hint = guess ? `did you mean ${here(guess)}?` : `allowed keys here: ${allowed.join(', ')}`;
      return new BadInputError(here(extra), `unknown key; ${hint}`);
    }
    case 'required': {
      const missing = String((error.params as { missingProperty: string }).missingProperty);
      return new BadInputError(
        here(missing),
        `is required; ${ruleFor(path ? `${path}.${missing}` : missing) ?? 'add it to the answers file'}`,
      );
    }
    default: {
      const got = describeValue(valueAt(raw, path));
      if (error.keyword === 'type' && (error.params as { type?: string }).type === 'object') {
        if (!path)
          return new BadInputError(
            '--answers',
            `the file must hold a mapping of keys such as account: (got ${got}); start from \`aws-day-one init\``,
          );
        return new BadInputError(shown, `must be a mapping of keys (got ${got}); see aws-day-one init for its keys`);
      }
      const rule = (error.parentSchema as { 'x-rule'?: string } | undefined)?.['x-rule'];
      return new BadInputError(shown || '(top level)', `${rule ?? error.message ?? 'is not valid'} (got ${got})`);
    }
  }
}

interface SchemaNode {
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  $ref?: string;
  'x-rule'?: string;
}

function schemaAt(path: string): SchemaNode | undefined {
  let node: SchemaNode | undefined = schema as SchemaNode;
  for (const part of path ? path.split('.') : []) {
    node = /^\d+$/.test(part) ? node?.items : node?.properties?.[part];
    if (node?.$ref) node = (schema.definitions as Record<string, SchemaNode>)[node.$ref.split('/').pop() ?? ''];
  }
  return node;
}

function ruleFor(path: string): string | undefined {
  return schemaAt(path)?.['x-rule'];
}

function valueAt(raw: unknown, path: string): unknown {
  let value: unknown = raw;
  for (const part of path ? path.split('.') : []) {
    value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[part] : undefined;
  }
  return value;
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 70 ? `${value.slice(0, 67)}...` : value);
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}
