/**
 * The IAM credential report as AWS serves it, in front of moto (which rebuilds the report on every
 * read, dates it 2015 and has no root row):
 * - GenerateCredentialReport starts a new report only when there is none or the last one is 4 hours
 *   old or more (`STARTED`); the next call says `COMPLETE`. Otherwise it answers `COMPLETE` and the
 *   cached report stays: users, keys and passwords made since are not in it.
 * - GetCredentialReport returns the cached report and its GeneratedTime; `ReportNotPresent` before
 *   the first generation, `ReportInProgress` while one is being made, `ReportExpired` once it is 4
 *   hours old.
 * - The first row is `<root_account>` with the values AWS gives the root user (`password_enabled`,
 *   `password_last_changed` and `password_next_rotation` are `not_supported`).
 * Time is the layer's clock, which tests move forward with `clock.advance(ms)`.
 */

/** AWS: "If the existing report is less than four hours old, IAM returns that report." */
export const reportLifetimeMs = 4 * 60 * 60 * 1000;

export interface LayerClock {
  now(): Date;
  advance(ms: number): void;
}

/** Real time plus whatever the test moved it forward by. */
export function movableClock(): LayerClock {
  let offset = 0;
  return {
    now: () => new Date(Date.now() + offset),
    advance: (ms) => {
      offset += ms;
    },
  };
}

export interface RootKeyFacts {
  readonly active: boolean;
  readonly created: Date;
  readonly lastUsed?: Date;
}

/** What the root row says; the root-user part of the layer can feed its own state in here. */
export interface RootFacts {
  readonly accountCreated: Date;
  readonly mfaActive: boolean;
  /** Undefined: never used (`no_information`). */
  readonly passwordLastUsed?: Date;
  readonly accessKeys: readonly RootKeyFacts[];
}

export interface CredentialReportOptions {
  readonly clock?: LayerClock;
  readonly root?: () => RootFacts;
}

/** What moto answers to one query-protocol request the layer sends it. */
export type AskMoto = (params: Readonly<Record<string, string>>) => Promise<{ status: number; body: string }>;

export interface LayerAnswer {
  readonly status: number;
  readonly body: string;
}

export interface CredentialReportLayer {
  readonly clock: LayerClock;
  /** Answers the two report actions; undefined for every other action (the proxy forwards those). */
  answer(action: string, askMoto: AskMoto): Promise<LayerAnswer | undefined>;
  /** The cached report's generation time, if there is one. */
  generatedAt(): Date | undefined;
}

interface CachedReport {
  readonly csv: string;
  readonly generatedAt: Date;
  /** Becomes COMPLETE at the first GenerateCredentialReport after the one that started it. */
  complete: boolean;
}

const xmlns = 'https://iam.amazonaws.com/doc/2010-05-08/';

/** ISO 8601 to the second with +00:00, as the report's cells are written. */
function reportTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

function xmlTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function errorAnswer(status: number, code: string, message: string): LayerAnswer {
  return {
    status,
    body:
      `<ErrorResponse xmlns="${xmlns}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error>` +
      `<RequestId>credential-report-layer</RequestId></ErrorResponse>`,
  };
}

export function rootRow(accountId: string, facts: RootFacts): string {
  const keyCells = (key: RootKeyFacts | undefined): string[] =>
    key
      ? [
          String(key.active),
          reportTime(key.created),
          key.lastUsed ? reportTime(key.lastUsed) : 'N/A',
          key.lastUsed ? 'us-east-1' : 'N/A',
          key.lastUsed ? 'iam' : 'N/A',
        ]
      : ['false', 'N/A', 'N/A', 'N/A', 'N/A'];
  return [
    '<root_account>',
    `arn:aws:iam::${accountId}:root`,
    reportTime(facts.accountCreated),
    'not_supported',
    facts.passwordLastUsed ? reportTime(facts.passwordLastUsed) : 'no_information',
    'not_supported',
    'not_supported',
    String(facts.mfaActive),
    ...keyCells(facts.accessKeys[0]),
    ...keyCells(facts.accessKeys[1]),
    'false',
    'N/A',
    'false',
    'N/A',
  ].join(',');
}

/** moto's report as of now: its header and user rows. */
async function motoReport(askMoto: AskMoto): Promise<string> {
  await askMoto({ Action: 'GenerateCredentialReport', Version: '2010-05-08' });
  const got = await askMoto({ Action: 'GetCredentialReport', Version: '2010-05-08' });
  const content = /<Content>([^<]*)<\/Content>/.exec(got.body)?.[1];
  if (got.status !== 200 || content === undefined)
    throw new Error(`moto did not return a credential report (HTTP ${got.status}): ${got.body.slice(0, 300)}`);
  return Buffer.from(content, 'base64').toString('utf8');
}

export function credentialReportLayer(accountId: string, options: CredentialReportOptions = {}): CredentialReportLayer {
  const clock = options.clock ?? movableClock();
  const accountCreated = clock.now();
  const root = options.root ?? ((): RootFacts => ({ accountCreated, mfaActive: false, accessKeys: [] }));
  let cached: CachedReport | undefined;

  const expired = (report: CachedReport): boolean => clock.now().getTime() - report.generatedAt.getTime() >= reportLifetimeMs;

  async function generate(askMoto: AskMoto): Promise<LayerAnswer> {
    let state: string;
    let description: string;
    if (!cached || expired(cached)) {
      const [header = '', ...rows] = (await motoReport(askMoto)).split('\n').filter((line) => line.trim() !== '');
      const csv = `${[header, rootRow(accountId, root()), ...rows].join('\n')}\n`;
      description = cached
        ? 'The credential report is older than 4 hours. Starting a new report generation task'
        : 'No report exists. Starting a new report generation task';
      cached = { csv, generatedAt: clock.now(), complete: false };
      state = 'STARTED';
    } else {
      cached.complete = true;
      state = 'COMPLETE';
      description = 'A report exists that is less than 4 hours old';
    }
    return {
      status: 200,
      body:
        `<GenerateCredentialReportResponse xmlns="${xmlns}"><GenerateCredentialReportResult><State>${state}</State>` +
        `<Description>${description}</Description></GenerateCredentialReportResult><ResponseMetadata>` +
        `<RequestId>credential-report-layer</RequestId></ResponseMetadata></GenerateCredentialReportResponse>`,
    };
  }

  function get(): LayerAnswer {
    if (!cached)
      return errorAnswer(
        410,
        'ReportNotPresent',
        'Credential report not present. To generate a credential report, use GenerateCredentialReport.',
      );
    if (!cached.complete) return errorAnswer(404, 'ReportInProgress', 'Credential report is being generated.');
    if (expired(cached))
      return errorAnswer(
        410,
        'ReportExpired',
        'The most recent credential report has expired. To generate a new credential report, use GenerateCredentialReport.',
      );
    return {
      status: 200,
      body:
        `<GetCredentialReportResponse xmlns="${xmlns}"><GetCredentialReportResult>` +
        `<Content>${Buffer.from(cached.csv).toString('base64')}</Content><ReportFormat>text/csv</ReportFormat>` +
        `<GeneratedTime>${xmlTime(cached.generatedAt)}</GeneratedTime></GetCredentialReportResult><ResponseMetadata>` +
        `<RequestId>credential-report-layer</RequestId></ResponseMetadata></GetCredentialReportResponse>`,
    };
  }

  return {
    clock,
    generatedAt: () => cached?.generatedAt,
    async answer(action, askMoto) {
      if (action === 'GenerateCredentialReport') return generate(askMoto);
      if (action === 'GetCredentialReport') return get();
      return undefined;
    },
  };
}
