import type { IAMClient } from '@aws-sdk/client-iam';
import type { Caller } from '../caller.js';
import { runChecks } from './check.js';
import { statusChecks } from './checks/index.js';
import { readAccount, type ReadOptions } from './reads.js';
import { buildStatusReport, type StatusReport } from './report.js';

/** Reads the account (read-only calls) and decides every day-1 check: `status` and the wizard. */
export async function checkAccount(iam: IAMClient, caller: Caller, options: ReadOptions = {}): Promise<StatusReport> {
  const readings = await readAccount(iam, caller, options);
  const checkedAt = new Date();
  const outcomes = runChecks(statusChecks, readings, { accountId: caller.accountId, partition: caller.partition, now: checkedAt });
  return buildStatusReport(caller.accountId, checkedAt, outcomes);
}
