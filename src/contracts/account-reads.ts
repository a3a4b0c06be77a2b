import type { PasswordPolicy } from '@aws-sdk/client-iam';

/** Reads that several steps need, made once per run and shared (src/iam/account-reads.ts makes them). */
export interface AccountReads {
  accountSummary(): Promise<Record<string, number>>;
  /** The password policy as the run found it (before any step changed it). */
  passwordPolicy(): Promise<PasswordPolicy | undefined>;
  /** Any other read two steps make: sent once per key. */
  once<T>(key: string, read: () => Promise<T>): Promise<T>;
}
