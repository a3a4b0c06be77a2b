import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAwsLayer, type AwsLayer, type LayerOptions } from './aws-layer.js';
import { restAction } from './layer/access-analyzer.js';
import { credentialReportLayer, type CredentialReportLayer, type CredentialReportOptions } from './layer/credential-report.js';

export interface RecordedRequest {
  /** 1-based position among all requests. */
  readonly seq: number;
  readonly service: 'iam' | 'sts' | 'other';
  /** The service the request is signed for (`iam`, `sts`, `account`, `access-analyzer`...). */
  readonly signingName: string;
  /** The query action, or a REST API's operation where the layer knows it (ListRegions, ListAnalyzers...); else ''. */
  readonly action: string;
  readonly params: Readonly<Record<string, string>>;
  /** For REST APIs, whose operation and input are in the method, path and JSON body rather than the query parameters. */
  readonly method: string;
  readonly path: string;
  readonly body: string;
  readonly mutating: boolean;
  /** Signing key and region from the Authorization header (what --profile and --region chose). */
  readonly accessKeyId: string;
  readonly region: string;
  /** performance.now() when the request arrived and when its answer was sent (bench/ counts waves). */
  readonly startedAt: number;
  finishedAt?: number;
  /** What moto answered, once it did (for secrets the CLI received, such as MFA seeds). */
  response?: { readonly status: number; readonly body: string };
  /** The layer answered instead of moto (an AWS refusal moto would not give): nothing changed. */
  answeredByLayer?: boolean;
}

/** What to do with one request: pass it on, answer it instead of moto, or pass it on and then call back. */
export type FaultDecision =
  | { readonly kind: 'forward' }
  | { readonly kind: 'respond'; readonly status: number; readonly body: string }
  /** With holdResponse false, a promise returned by `after` holds the answer until it settles. */
  | { readonly kind: 'forward-then'; readonly after: () => unknown; readonly holdResponse: boolean }
  /** Drops the connection: before moto sees the request, or after moto applied it (the answer is lost). */
  | { readonly kind: 'reset'; readonly forwardFirst: boolean };

export interface ProxyOptions {
  readonly target: string;
  /** moto keeps one state per account; the header picks it, so every test gets a fresh account. */
  readonly accountId: string;
  readonly decide?: (request: RecordedRequest) => FaultDecision;
  /** Held before each request is passed on, like a network round trip (bench/). */
  readonly latencyMs?: number;
  /** AWS as it really behaves (test/support/aws-layer.ts); without it, moto's answers pass unchanged. */
  readonly layer?: LayerOptions;
  /** The credential report as AWS serves it (test/support/layer/credential-report.ts); on unless false. */
  readonly credentialReport?: CredentialReportOptions | false;
}

export interface AwsProxy {
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** The layer, when on: what it learnt (root keys, sessions, MFA seeds). */
  readonly layer: AwsLayer | undefined;
  /** Mutating actions moto received, in order (requests the layer refused changed nothing). */
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
  const layer = options.layer ? createAwsLayer(options.layer, options.accountId, options.target) : undefined;
  const credentialReport =
    options.credentialReport === false ? undefined : credentialReportLayer(options.accountId, options.credentialReport);
  const server = createServer((req, res) => {
    void handle(req, res);
  });

  function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    return handleRequest(req, res).catch((error: unknown) => {
      // A layer that cannot decide says why, loudly, rather than letting moto's lax answer through.
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`test layer failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    });
  }

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const startedAt = performance.now();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const text = body.toString('utf8');
    const params = Object.fromEntries(new URLSearchParams(text));
    const auth = req.headers['authorization'] ?? '';
    const [accessKeyId = '', , region = '', signingName = ''] = /Credential=([^,\s]+)/.exec(auth)?.[1]?.split('/') ?? [];
    const service = signingName === 'iam' || signingName === 'sts' ? signingName : 'other';
    const [method, path] = [req.method ?? 'GET', req.url ?? '/'];
    const action = params['Action'] ?? restAction(signingName, method, path);
    const recorded: RecordedRequest = {
      seq: requests.length + 1,
      service,
      signingName,
      action,
      params,
      method,
      path,
      body: text,
      mutating: service === 'iam' && isMutatingAction(action),
      accessKeyId,
      region,
      startedAt,
    };
    requests.push(recorded);
    res.on('finish', () => {
      recorded.finishedAt = performance.now();
    });
    if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
    // The layer answers first, as AWS would; fault decisions see only what gets past it to moto.
    const early = await layer?.before(recorded);
    if (early) {
      recorded.answeredByLayer = true;
      recorded.response = early;
      res.writeHead(early.status, {
        'content-type': early.contentType ?? 'text/xml',
        'content-length': String(Buffer.byteLength(early.body)),
      });
      res.end(early.body);
      return;
    }
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
    const send = (status: number, headers: Record<string, string | string[] | undefined>, answer: string): void => {
      recorded.response = { status, body: answer };
      if (decision.kind === 'reset') {
        req.socket.destroy();
        return;
      }
      const write = (): void => {
        res.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(answer)) });
        res.end(answer);
      };
      if (decision.kind === 'forward-then') {
        const waiting = decision.after();
        if (decision.holdResponse) return;
        // An answer held until a promise settles (a test acting while the call is in flight).
        if (waiting instanceof Promise) {
          void waiting.then(write);
          return;
        }
      }
      write();
    };
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
        void (async () => {
          const motoAnswer = { status: up.statusCode ?? 502, body: Buffer.concat(upChunks).toString('utf8') };
          const answer = layer ? await layer.after(recorded, motoAnswer) : motoAnswer;
          const { 'content-length': _length, 'transfer-encoding': _encoding, ...upHeaders } = up.headers;
          send(answer.status, upHeaders, answer.body);
        })().catch((error: unknown) => {
          res.writeHead(500);
          res.end(String(error));
        });
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
      const upstream = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          method: 'POST',
          path: '/',
          headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        },
        (up) => {
          const upChunks: Buffer[] = [];
          up.on('data', (c: Buffer) => upChunks.push(c));
          up.on('end', () => resolve({ status: up.statusCode ?? 0, body: Buffer.concat(upChunks).toString('utf8') }));
        },
      );
      upstream.on('error', reject);
      upstream.end(body);
    });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    layer,
    credentialReport,
    mutations: () => requests.filter((r) => r.mutating && !r.answeredByLayer).map((r) => r.action),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An AWS query-protocol error body, as IAM sends it. */
export function awsErrorBody(code: string, message: string): string {
  return (
    `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>${code}</Code>` +
    `<Message>${message}</Message></Error><RequestId>fault-injected</RequestId></ErrorResponse>`
  );
}
