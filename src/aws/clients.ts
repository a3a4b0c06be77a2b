import { AccountClient } from '@aws-sdk/client-account';
import type { AccessAnalyzerClient } from '@aws-sdk/client-accessanalyzer';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import type { CredentialProvider } from './credentials.js';
import { quotaErrorsAreFinal, tagErrorsWithAction } from './errors.js';

export interface AwsOptions {
  readonly profile?: string;
  /** Resolved by the caller (aws-region.ts); a function while the shared config files are still being read. */
  readonly region?: string | (() => Promise<string>);
  /** The credential chain (aws-credentials.ts), or a session's keys; default: the SDK's own chain. */
  readonly credentials?:
    | CredentialProvider
    | { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string; readonly expiration?: Date };
  /** Overrides both IAM and STS; AWS_ENDPOINT_URL(_IAM|_STS) are honoured by the SDK itself. */
  readonly endpointUrl?: string;
}

export interface AwsClients {
  readonly iam: IAMClient;
  readonly sts: STSClient;
  /** The Account API (alternate contacts: CIS 1.2); optional so hand-made clients in tests need none. */
  readonly account?: AccountClient;
  /**
   * IAM Access Analyzer in one region (CIS 1.19: it is regional, unlike IAM), made on first use: its SDK
   * is loaded only then, so commands that never read it (apply, plan) never load it. Optional like account.
   */
  accessAnalyzer?(region: string): Promise<AccessAnalyzerClient>;
  /** Access key ID of the credentials signing this run, if they are keys. */
  signingAccessKeyId(): Promise<string | undefined>;
}

/** The one place AWS clients are built; steps receive them, never build their own. */
export function createAwsClients(options: AwsOptions = {}): AwsClients {
  // The SDK warns on Node 20 about its own future releases; the bundled SDK here is fixed, so the
  // warning only clutters the operator's stderr.
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  // IAM is global, but the SDK still needs a region to sign, and the region picks the partition.
  const region = options.region ?? process.env['AWS_REGION'] ?? process.env['AWS_DEFAULT_REGION'] ?? 'us-east-1';
  const common = {
    region,
    maxAttempts: 6,
    // Standard: throttling and 5xx are retried with exponential backoff and jitter. Adaptive would also
    // cap the send rate after one throttle, slowing the rest of this short, sequential run to a crawl.
    retryMode: 'standard',
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    ...(options.endpointUrl ? { endpoint: options.endpointUrl } : {}),
  };
  const iam = new IAMClient(common);
  const sts = new STSClient(common);
  const account = new AccountClient(common);
  tagErrorsWithAction(iam, 'iam');
  tagErrorsWithAction(sts, 'sts');
  quotaErrorsAreFinal(iam);
  const analyzers = new Map<string, Promise<AccessAnalyzerClient>>();
  return {
    iam,
    sts,
    account,
    accessAnalyzer(analyzerRegion) {
      let client = analyzers.get(analyzerRegion);
      if (!client) {
        // IAM's credential provider, so every region shares one resolution (and its refresh) of the chain.
        client = import('@aws-sdk/client-accessanalyzer').then(
          ({ AccessAnalyzerClient }) =>
            new AccessAnalyzerClient({ ...common, region: analyzerRegion, credentials: iam.config.credentials }),
        );
        analyzers.set(analyzerRegion, client);
      }
      return client;
    },
    async signingAccessKeyId() {
      const credentials = await iam.config.credentials();
      return credentials.accessKeyId;
    },
  };
}
