import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { credentialReportLayer, type CredentialReportLayer, type CredentialReportOptions } from './layer/credential-report.js';

export interface RecordedRequest {
  /** 1-based position among all requests. */
  readonly seq: number;
  readonly service: 'iam' | 'sts' | 'other';
  readonly action: string;
  readonly params: Readonly<Record<string, string>>;
  readonly mutating: boolean;
  /** Signing key and region from the Authorization header (what --profile and --region chose). */
  readonly accessKeyId: string;
  readonly region: string;
  /** performance.now() when the request arrived and when its answer was sent (bench/ counts waves). */
  readonly startedAt: number;
  finishedAt?: number;
  /** What moto answered, once it did (for secrets the CLI received, such as MFA seeds). */
  response?: { readonly status: number; readonly body: string };
}

/** What to do with one request: pass it on, answer it instead of moto, or pass it on and then call back. */
export type FaultDecision =
  | { readonly kind: 'forward' }
  | { readonly kind: 'respond'; readonly status: number; readonly body: string }
  | { readonly kind: 'forward-then'; readonly after: () => void; readonly holdResponse: boolean }
  /** Drops the connection: before moto sees the request, or after moto applied it (the answer is lost). */
  | { readonly kind: 'reset'; readonly forwardFirst: boolean };

export interface ProxyOptions {
  readonly target: string;
  /** moto keeps one state per account; the header picks it, so every test gets a fresh account. */
  readonly accountId: string;
  readonly decide?: (request: RecordedRequest) => FaultDecision;
  /** Held before each request is passed on, like a network round trip (bench/). */
  readonly latencyMs?: number;
  /** The credential report as AWS serves it (test/support/layer/credential-report.ts); on unless false. */
  readonly credentialReport?: CredentialReportOptions | false;
}

export interface AwsProxy {
  readonly url: string;
  readonly requests: RecordedRequest[];
  mutations(): string[];
  /** The credential report part of the layer (its clock moves the report's 4 hours), unless switched off. */
  readonly credentialReport: CredentialReportLayer | undefined;
  close(): Promise<void>;
}

const readOnlyPrefix = /^(Get|List|Simulate|Generate|Describe)/;

export function isMutatingAction(action: string): boolean {
  return action !== '' && !readOnlyPrefix.test(action);
}

/**
 * An HTTP proxy between the CLI and moto: records every IAM/STS action (to count mutations and to
 * see what was sent where moto is laxer than AWS), picks the moto account, and can inject faults.
 */
export async function startAwsProxy(options: ProxyOptions): Promise<AwsProxy> {
  const requests: RecordedRequest[] = [];
  const target = new URL(options.target);
  const credentialReport = options.credentialReport === false ? undefined : credentialReportLayer(options.accountId, options.credentialReport);
  const server = createServer((req, res) => {
    void handle(req, res);
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const startedAt = performance.now();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const params = Object.fromEntries(new URLSearchParams(body.toString('utf8')));
    const action = params['Action'] ?? '';
    const auth = req.headers['authorization'] ?? '';
    const service = /\/iam\/aws4_request/.test(auth) ? 'iam' : /\/sts\/aws4_request/.test(auth) ? 'sts' : 'other';
    const [accessKeyId = '', , region = ''] = /Credential=([^,\s]+)/.exec(auth)?.[1]?.split('/') ?? [];
    const recorded: RecordedRequest = { seq: requests.length + 1, service, action, params, mutating: service === 'iam' && isMutatingAction(action), accessKeyId, region, startedAt };
    requests.push(recorded);
    res.on('finish', () => {
      recorded.finishedAt = performance.now();
    });
    if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
    const decision = options.decide?.(recorded) ?? { kind: 'forward' };
    if (decision.kind === 'reset' && !decision.forwardFirst) {
      req.socket.destroy();
      return;
    }
    if (decision.kind === 'respond') {
      res.writeHead(decision.status, { 'content-type': 'text/xml' });
      res.end(decision.body);
      return;
    }
    const headers = { ...req.headers, host: target.host, 'x-moto-account-id': options.accountId, 'content-length': String(body.length) };
    if (decision.kind === 'forward' && service === 'iam' && credentialReport) {
      const answer = await credentialReport.answer(action, (params) => askMoto(new URLSearchParams(params).toString(), headers));
      if (answer) {
        recorded.response = answer;
        res.writeHead(answer.status, { 'content-type': 'text/xml' });
        res.end(answer.body);
        return;
      }
    }
    const upstream = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers }, (up) => {
      const upChunks: Buffer[] = [];
      up.on('data', (c: Buffer) => upChunks.push(c));
      up.on('end', () => {
        recorded.response = { status: up.statusCode ?? 0, body: Buffer.concat(upChunks).toString('utf8') };
        if (decision.kind === 'reset') {
          req.socket.destroy();
          return;
        }
        if (decision.kind === 'forward-then') {
          decision.after();
          if (decision.holdResponse) return;
        }
        res.writeHead(up.statusCode ?? 502, up.headers);
        res.end(Buffer.concat(upChunks));
      });
    });
    upstream.on('error', (error) => {
      res.writeHead(502);
      res.end(String(error));
    });
    upstream.end(body);
  }

  /** Sends moto a request of the layer's own, signed like the one being answered (moto checks no signature). */
  function askMoto(body: string, headers: Record<string, string | string[] | undefined>): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const upstream = httpRequest({ host: target.hostname, port: target.port, method: 'POST', path: '/', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (up) => {
        const upChunks: Buffer[] = [];
        up.on('data', (c: Buffer) => upChunks.push(c));
        up.on('end', () => resolve({ status: up.statusCode ?? 0, body: Buffer.concat(upChunks).toString('utf8') }));
      });
      upstream.on('error', reject);
      upstream.end(body);
    });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    credentialReport,
    mutations: () => requests.filter((r) => r.mutating).map((r) => r.action),
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** An AWS query-protocol error body, as IAM sends it. */
export function awsErrorBody(code: string, message: string): string {
  return `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>fault-injected</RequestId></ErrorResponse>`;
}
