import type { Caller } from '../aws/caller.js';
import type { AwsClients } from '../aws/clients.js';
import { runChecks } from './check.js';
import { statusChecks } from './checks/index.js';
import { readAccount, type ReadOptions } from './reads.js';
import { buildStatusReport, type StatusReport } from './report.js';

/** The clients `status` reads with: IAM, and the Account API and Access Analyzer where there are some. */
export type StatusClients = Pick<AwsClients, 'iam' | 'account' | 'accessAnalyzer'>;

/** Reads the account (read-only calls) and decides every day-1 check: `status` and the wizard. */
export async function checkAccount(
  clients: StatusClients,
  caller: Caller,
  options: Omit<ReadOptions, 'account' | 'accessAnalyzer'> = {},
): Promise<StatusReport> {
  const { iam, account, accessAnalyzer } = clients;
  const readings = await readAccount(iam, caller, { ...options, account, accessAnalyzer });
  const checkedAt = new Date();
  const outcomes = runChecks(statusChecks, readings, { accountId: caller.accountId, partition: caller.partition, now: checkedAt });
  const report = readings.credentialReport.ok
    ? { generatedAt: readings.credentialReport.value.generatedAt?.toISOString() ?? null, reused: readings.credentialReport.value.reused }
    : null;
  return buildStatusReport(caller.accountId, checkedAt, outcomes, report);
}
