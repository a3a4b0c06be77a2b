import { GetAccountSummaryCommand, type IAMClient } from '@aws-sdk/client-iam';

/** Reads that several steps need, made once per run and shared. */
export interface AccountReads {
  accountSummary(): Promise<Record<string, number>>;
}

export function createAccountReads(iam: IAMClient): AccountReads {
  let summary: Promise<Record<string, number>> | undefined;
  return {
    accountSummary() {
      summary ??= iam.send(new GetAccountSummaryCommand({})).then((out) => out.SummaryMap ?? {});
      return summary;
    },
  };
}

/** A fresh read for verify(): the shared one may predate the change. */
export async function readAccountSummary(iam: IAMClient): Promise<Record<string, number>> {
  const out = await iam.send(new GetAccountSummaryCommand({}));
  return out.SummaryMap ?? {};
}
