import type { IAMClient } from '@aws-sdk/client-iam';
import type { Caller } from '../aws/caller.js';
import { runChecks } from './check.js';
import { statusChecks } from './checks/index.js';
import { readAccount, type ReadOptions } from './reads.js';
import { buildStatusReport, type StatusReport } from './report.js';

/** Reads the account (read-only calls) and decides every day-1 check: `status` and the wizard. */
export async function checkAccount(iam: IAMClient, caller: Caller, options: ReadOptions = {}): Promise<StatusReport> {
  const readings = await readAccount(iam, caller, options);
  const checkedAt = new Date();
  const outcomes = runChecks(statusChecks, readings, { accountId: caller.accountId, partition: caller.partition, now: checkedAt });
  const report = readings.credentialReport.ok
    ? { generatedAt: readings.credentialReport.value.generatedAt?.toISOString() ?? null, reused: readings.credentialReport.value.reused }
    : null;
  return buildStatusReport(caller.accountId, checkedAt, outcomes, report);
}
