import { readFileSync, existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { parseDocument } from 'yaml';
import schema from '../answers.schema.json' with { type: 'json' };
import { BadInputError } from './errors.js';
import { closestWord } from './did-you-mean.js';

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

/** Every answer the flow needs, defaults filled in. Paths are absolute. */
export interface Answers {
  account: { id?: string; alias: string; replaceAlias: boolean };
  passwordPolicy: PasswordPolicyAnswers;
  adminGroup: { name: string; mfaPolicyName: string };
  admin: { name: string; mfa: AdminMfaMode; mfaSeedFile?: string; passwordFile?: string };
  rootAccessKeys: 'delete' | 'keep';
}

export const defaultAnswers = {
  adminGroupName: 'Administrators',
  mfaPolicyName: 'RequireMFA',
  adminName: 'CTO',
} as const;

type RawAnswers = {
  account: { id?: string; alias: string; replaceAlias?: boolean };
  passwordPolicy?: PasswordPolicyAnswers;
  adminGroup?: { name?: string; mfaPolicyName?: string };
  admin?: { name?: string; mfa?: 'seed-file' | 'at-first-sign-in'; mfaSeedFile?: string; passwordFile?: string };
  rootAccessKeys?: 'delete' | 'keep';
};

const ajv = new Ajv({ allErrors: true, strict: true });
ajv.addKeyword({ keyword: 'x-rule', schemaType: 'string' });
const validateRaw = ajv.compile<RawAnswers>(schema);

/** Reads, parses and validates an answers file; every problem is a BadInputError naming the key. */
export function loadAnswersFile(path: string): Answers {
  const absolute = resolve(path);
  if (!existsSync(absolute)) {
    throw new BadInputError('--answers', `no file at ${absolute}; create one with \`aws-day-one init > answers.yaml\``);
  }
  if (!statSync(absolute).isFile()) {
    throw new BadInputError('--answers', `${absolute} is not a file`);
  }
  const text = readFileSync(absolute, 'utf8');
  return parseAnswers(text, dirname(absolute), absolute);
}

export function parseAnswers(text: string, baseDir: string, sourceName = 'answers'): Answers {
  const raw = parseText(text, sourceName);
  return validateAnswers(raw, baseDir);
}

function parseText(text: string, sourceName: string): unknown {
  // YAML 1.2 is a superset of JSON, so one parser serves both formats.
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const line = first.linePos?.[0];
    const where = line ? ` (line ${line.line}, column ${line.col})` : '';
    throw new BadInputError('--answers', `${sourceName} is not valid YAML or JSON${where}: ${first.message.split('\n')[0]}`);
  }
  const value: unknown = doc.toJS();
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
    },
    rootAccessKeys: raw.rootAccessKeys ?? 'keep',
  };
  checkCrossFields(answers);
  return answers;
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
  if (admin.mfaSeedFile !== undefined) checkDirectoryExists('admin.mfaSeedFile', admin.mfaSeedFile);
  if (admin.passwordFile !== undefined) checkDirectoryExists('admin.passwordFile', admin.passwordFile);
  if (admin.mfaSeedFile !== undefined && admin.mfaSeedFile === admin.passwordFile) {
    throw new BadInputError('admin.passwordFile', 'must differ from admin.mfaSeedFile');
  }
  const policy = answers.passwordPolicy;
  if (policy.hardExpiry === true && policy.maxPasswordAge === undefined) {
    throw new BadInputError('passwordPolicy.hardExpiry', 'only has an effect with passwordPolicy.maxPasswordAge; set both or remove hardExpiry');
  }
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
  if (existsSync(path)) {
    throw new BadInputError(key, `${path} already exists; choose a new path (this tool never overwrites a secret file)`);
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
  const here = (key: string): string => (path ? `${path}.${key}` : key);
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
      return new BadInputError(here(missing), `is required; ${ruleFor(here(missing)) ?? 'add it to the answers file'}`);
    }
    default: {
      const rule = (error.parentSchema as { 'x-rule'?: string } | undefined)?.['x-rule'];
      const got = describeValue(valueAt(raw, path));
      return new BadInputError(path || '(top level)', `${rule ?? error.message ?? 'is not valid'} (got ${got})`);
    }
  }
}

interface SchemaNode {
  properties?: Record<string, SchemaNode>;
  $ref?: string;
  'x-rule'?: string;
}

function schemaAt(path: string): SchemaNode | undefined {
  let node: SchemaNode | undefined = schema as SchemaNode;
  for (const part of path ? path.split('.') : []) {
    node = node?.properties?.[part];
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
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}
