import { join } from 'node:path';

/**
 * The environment of a CLI run in tests and benchmarks: fake keys, its own HOME and state, no
 * instance metadata, no colour; nothing from the machine's AWS config leaks in.
 */
export function isolatedCliEnv(home: string, endpoint?: string): Record<string, string> {
  return {
    PATH: process.env['PATH'] ?? '',
    HOME: home,
    XDG_STATE_HOME: join(home, 'state'),
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    NO_COLOR: '1',
    ...(endpoint ? { AWS_ENDPOINT_URL: endpoint } : {}),
  };
}
