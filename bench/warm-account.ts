import { sendQuery } from './query-request.js';

/**
 * moto builds an account's IAM on the first request to it, loading every AWS managed policy:
 * 250-400 ms that AWS has no counterpart for. One unrecorded read, straight to moto, does it before
 * the clock starts (for aws-day-one and the AWS CLI alike).
 */
export async function warmAccount(motoUrl: string, accountId: string): Promise<void> {
  const status = await sendQuery(motoUrl, {
    service: 'iam',
    params: { Action: 'ListUsers', Version: '2010-05-08' },
    motoAccountId: accountId,
  });
  if (status !== 200) throw new Error(`warming account ${accountId} on moto: HTTP ${status}`);
}
