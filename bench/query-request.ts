import type { Agent } from 'node:http';
import { request } from 'node:http';

export interface QueryRequest {
  readonly service: string;
  /** The query-protocol parameters, Action and Version included. */
  readonly params: Readonly<Record<string, string>>;
  readonly accessKeyId?: string;
  readonly region?: string;
  /** Sent as x-moto-account-id: straight to moto, with no proxy to pick the account. */
  readonly motoAccountId?: string;
}

/**
 * One IAM/STS query-protocol call with a well-formed but unsigned Authorization header: moto reads
 * the service from its credential scope and checks no signature. Resolves with the answer's status.
 */
export function sendQuery(url: string, query: QueryRequest, agent?: Agent): Promise<number> {
  const body = new URLSearchParams(query.params).toString();
  const scope = `${query.accessKeyId ?? 'AKIAIOSFODNN7EXAMPLE'}/20260101/${query.region ?? 'us-east-1'}/${query.service}/aws4_request`;
  return new Promise((resolve, reject) => {
    const sent = request(
      url,
      {
        method: 'POST',
        ...(agent && { agent }),
        headers: {
          'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
          'content-length': Buffer.byteLength(body),
          authorization: `AWS4-HMAC-SHA256 Credential=${scope}, SignedHeaders=host, Signature=0`,
          ...(query.motoAccountId && { 'x-moto-account-id': query.motoAccountId }),
        },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', reject);
      },
    );
    sent.on('error', reject);
    sent.end(body);
  });
}

/** A call recorded by the proxy in a REST protocol (the Account API): its method, path and body, sent again. */
export interface RestRequest {
  readonly signingName: string;
  readonly method: string;
  readonly path: string;
  readonly body: string;
  readonly accessKeyId?: string;
  readonly region?: string;
}

/** One REST-JSON call with the same unsigned Authorization header as sendQuery. Resolves with the status. */
export function sendRest(url: string, rest: RestRequest, agent?: Agent): Promise<number> {
  const scope = `${rest.accessKeyId ?? 'AKIAIOSFODNN7EXAMPLE'}/20260101/${rest.region ?? 'us-east-1'}/${rest.signingName}/aws4_request`;
  return new Promise((resolve, reject) => {
    const sent = request(
      new URL(rest.path, url),
      {
        method: rest.method,
        ...(agent && { agent }),
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(rest.body),
          authorization: `AWS4-HMAC-SHA256 Credential=${scope}, SignedHeaders=host, Signature=0`,
        },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', reject);
      },
    );
    sent.on('error', reject);
    sent.end(rest.body);
  });
}
