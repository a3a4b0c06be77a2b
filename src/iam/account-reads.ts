import { GetAccountPasswordPolicyCommand, GetAccountSummaryCommand, type IAMClient, type PasswordPolicy } from '@aws-sdk/client-iam';
import { ifExists } from '../aws/errors.js';
import type { AccountReads } from '../contracts/account-reads.js';

export function createAccountReads(iam: IAMClient): AccountReads {
  let summary: Promise<Record<string, number>> | undefined;
  let policy: Promise<PasswordPolicy | undefined> | undefined;
  const shared = new Map<string, Promise<unknown>>();
  return {
    accountSummary() {
      summary ??= iam.send(new GetAccountSummaryCommand({})).then((out) => out.SummaryMap ?? {});
      return summary;
    },
    passwordPolicy() {
      policy ??= readPasswordPolicy(iam);
      return policy;
    },
    once<T>(key: string, read: () => Promise<T>): Promise<T> {
      if (!shared.has(key)) shared.set(key, read());
      return shared.get(key) as Promise<T>;
    },
  };
}

/** A fresh read for verify(): the shared one may predate the change. */
export async function readAccountSummary(iam: IAMClient): Promise<Record<string, number>> {
  const out = await iam.send(new GetAccountSummaryCommand({}));
  return out.SummaryMap ?? {};
}

/** The account's policy, or undefined when it has none. A MaxPasswordAge of 0 means "never expires". */
export async function readPasswordPolicy(iam: IAMClient): Promise<PasswordPolicy | undefined> {
  const out = await ifExists(iam.send(new GetAccountPasswordPolicyCommand({})));
  const policy = out?.PasswordPolicy;
  if (!policy) return undefined;
  const { MaxPasswordAge, ...rest } = policy;
  return MaxPasswordAge ? { ...rest, MaxPasswordAge } : rest;
}
