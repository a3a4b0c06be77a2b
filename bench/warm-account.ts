/**
 * moto builds an account's IAM on the first request to it, loading every AWS managed policy:
 * 250-400 ms that AWS has no counterpart for. One unrecorded read, straight to moto, does it before
 * the clock starts (for aws-day-one and the AWS CLI alike).
 */
export async function warmAccount(motoUrl: string, accountId: string): Promise<void> {
  const response = await fetch(motoUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-moto-account-id': accountId,
      authorization: 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0',
    },
    body: 'Action=ListUsers&Version=2010-05-08',
  });
  await response.text();
  if (!response.ok) throw new Error(`warming account ${accountId} on moto: HTTP ${response.status}`);
}
