import { PutAlternateContactCommand } from '@aws-sdk/client-account';
import type { SecurityContactAnswers } from '../answers/answers.js';
import { readContact, type SecurityContact } from '../iam/alternate-contact.js';
import { VerifyError } from '../lib/errors.js';
import { defineStep, type FieldDiff, type Question } from '../contracts/step.js';

interface Inspection {
  /** null: no SECURITY contact is set. undefined: no Account API client to read it with. */
  readonly current: SecurityContact | null | undefined;
}

interface Data {
  readonly contact: SecurityContact | undefined;
}

// AWS's own limits for PutAlternateContact (answers.schema.json carries the same ones).
const emailPattern = /^\s*[\w+=.#|!&-]+@[\w.-]+\.\w+\s*$/;
const phonePattern = /^[\s0-9()+-]+$/;

const lengthRule =
  (max: number, example: string) =>
  (value: string): string | undefined =>
    value.trim().length >= 1 && value.length <= max ? undefined : `must be 1-${max} characters (e.g. ${example})`;

export const validateContact = {
  name: lengthRule(64, 'Security team'),
  title: lengthRule(50, 'Security lead'),
  email: (value: string): string | undefined =>
    value.length <= 254 && emailPattern.test(value) ? undefined : 'must be an email address AWS accepts, such as security@example.com',
  phone: (value: string): string | undefined =>
    value.length >= 1 && value.length <= 25 && phonePattern.test(value)
      ? undefined
      : 'must be up to 25 digits, spaces and + ( ) - (e.g. +1 555 0100)',
} as const;

const fields = ['name', 'title', 'email', 'phone'] as const;

function describe(contact: SecurityContact): string {
  return `${contact.name} (${contact.title}) <${contact.email}>, ${contact.phone}`;
}

function complete(wanted: SecurityContactAnswers | undefined): SecurityContact | undefined {
  if (!wanted || fields.some((field) => wanted[field].trim() === '')) return undefined;
  return { name: wanted.name.trim(), title: wanted.title.trim(), email: wanted.email.trim(), phone: wanted.phone.trim() };
}

function differences(before: SecurityContact, after: SecurityContact): FieldDiff[] {
  return fields.filter((field) => before[field] !== after[field]).map((field) => ({ field, before: before[field], after: after[field] }));
}

export const securityContact = defineStep<Inspection, Data>({
  id: 'security-contact',
  title: 'Security contact',
  why:
    'AWS writes to the security contact about abuse reports, compromised credentials and security notices; without one it reaches ' +
    'only the root email, which nobody may read (CIS 1.2).',

  questions: (inspection, { answers }): readonly Question[] => {
    // Asked only when there is none yet: an existing contact is left alone unless the answers file says replace.
    if (inspection.current !== null || !answers.account.securityContact) return [];
    return [
      {
        key: 'account.securityContact.name',
        kind: 'text',
        message: 'Security contact: name (a person or team)',
        validate: validateContact.name,
      },
      { key: 'account.securityContact.title', kind: 'text', message: 'Security contact: title', validate: validateContact.title },
      { key: 'account.securityContact.email', kind: 'text', message: 'Security contact: email', validate: validateContact.email },
      { key: 'account.securityContact.phone', kind: 'text', message: 'Security contact: phone', validate: validateContact.phone },
    ];
  },

  async inspect({ account }) {
    return { current: account ? await readContact(account) : undefined };
  },

  plan({ current }, { answers }) {
    const wanted = answers.account.securityContact;
    const contact = complete(wanted);
    if (current === undefined) return { changes: [], upToDate: 'not read: no Account API client', data: { contact: undefined } };
    if (!wanted) {
      return {
        changes: [],
        upToDate: current ? `already set: ${describe(current)}` : 'not asked for; add account.securityContact to the answers to set it',
        data: { contact: undefined },
      };
    }
    if (current && (!contact || differences(current, contact).length === 0)) {
      return { changes: [], upToDate: `already set: ${describe(current)}`, data: { contact: undefined } };
    }
    if (current && contact && !wanted.replace) {
      return {
        changes: [],
        upToDate: `kept the existing security contact ${describe(current)}; set account.securityContact.replace: true to replace it`,
        notes: [`the account's security contact is ${describe(current)}, not ${describe(contact)}`],
        data: { contact: undefined },
      };
    }
    if (!contact)
      return {
        changes: [{ kind: 'create', target: 'SECURITY alternate contact', detail: 'typed when the wizard asks' }],
        data: { contact: undefined },
      };
    if (current)
      return {
        changes: [{ kind: 'update', target: 'SECURITY alternate contact', diff: differences(current, contact) }],
        data: { contact },
      };
    return { changes: [{ kind: 'create', target: 'SECURITY alternate contact', detail: describe(contact) }], data: { contact } };
  },

  async apply({ data }, { account }) {
    if (!data.contact || !account) return { summary: 'nothing to set' };
    const { name, title, email, phone } = data.contact;
    await account.send(
      new PutAlternateContactCommand({
        AlternateContactType: 'SECURITY',
        Name: name,
        Title: title,
        EmailAddress: email,
        PhoneNumber: phone,
      }),
    );
    return { summary: `SECURITY contact ${describe(data.contact)}` };
  },

  async verify({ data }, { account }) {
    if (!data.contact || !account) return;
    const found = await readContact(account);
    if (!found || differences(found, data.contact).length > 0)
      throw new VerifyError(`the SECURITY contact reads ${found ? describe(found) : 'as not set'}, not ${describe(data.contact)}`);
  },
});
