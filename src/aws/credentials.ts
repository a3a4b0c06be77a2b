import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { profileChain, type SharedProfiles } from './profiles.js';
import { BadInputError } from '../lib/errors.js';
import type { MfaCodeRequest } from './mfa-code.js';

export type CredentialProvider = ReturnType<typeof defaultProvider>;

export interface CredentialSettings {
  readonly shared: SharedProfiles;
  readonly region: string;
  /** --endpoint-url: also where a profile's role_arn is assumed (the SDK's own STS client). */
  readonly endpointUrl?: string;
  readonly mfaCode: (request: MfaCodeRequest) => Promise<string>;
}

/**
 * The AWS CLI v2's credential chain, as the SDK implements it: environment keys, the shared files'
 * profiles (static keys, source_profile chains with role_arn and mfa_serial, credential_process,
 * sso_session / sso_*), web identity, container and instance metadata. This wrapper adds only what
 * the SDK leaves to the application: where an MFA code comes from, and a message per failure that
 * names the fix.
 */
export function credentialChain(settings: () => Promise<CredentialSettings>): CredentialProvider {
  let resolving: ReturnType<CredentialProvider> | undefined;
  let expiration: Date | undefined;
  // One resolution for both clients: a role with mfa_serial is assumed once, with one code.
  return (properties) => {
    if (resolving && !(expiration && expiration.getTime() - Date.now() < 5 * 60_000)) return resolving;
    resolving = resolve(properties).then(
      (credentials) => {
        expiration = credentials.expiration;
        return credentials;
      },
      (error: unknown) => {
        resolving = undefined;
        throw error;
      },
    );
    return resolving;
  };

  async function resolve(properties: Parameters<CredentialProvider>[0]): ReturnType<CredentialProvider> {
    const { shared, region, endpointUrl, mfaCode } = await settings();
    if (shared.named && !(shared.name in shared.profiles)) throw profileNotFound(shared);
    const init = {
      mfaCodeProvider: (serial: string) => mfaCode({ serial, purpose: mfaPurpose(shared, serial) }),
      clientConfig: { region, ...(endpointUrl ? { endpoint: endpointUrl } : {}) },
    };
    // A profile named (--profile, AWS_PROFILE) is the only source, as in the AWS CLI: its own
    // failure (an SSO sign-in, a credential_process) is the one to report, not the chain's end.
    // Loaded only then, as the SDK's own chain loads it: a run on environment keys never parses it.
    const provider = shared.named
      ? (await import('@aws-sdk/credential-provider-ini')).fromIni({ ...init, profile: shared.name })
      : defaultProvider(init);
    try {
      return await provider(properties);
    } catch (error) {
      throw explainCredentialFailure(error, shared);
    }
  }
}

function mfaPurpose(shared: SharedProfiles, serial: string): string {
  const profile = profileChain(shared).find(({ settings }) => settings['mfa_serial'] === serial) ?? { name: shared.name, settings: {} };
  const role = profile.settings['role_arn'];
  return `profile "${profile.name}"${role ? ` (role ${role})` : ''}`;
}

/** The flag or variable that chose the credentials, for messages: the fix goes there. */
export function credentialsField(shared: SharedProfiles): string {
  return shared.source === 'default' ? 'credentials' : shared.source;
}

function profileNotFound(shared: SharedProfiles): BadInputError {
  const exist =
    shared.names.length > 0
      ? `profiles that exist: ${shared.names.join(', ')}`
      : 'there are no profiles (aws configure --profile NAME creates one)';
  return new BadInputError(
    credentialsField(shared),
    `no profile "${shared.name}" in ~/.aws/config or ~/.aws/credentials (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE); ${exist}`,
  );
}

/** AWS's answer to a wrong or reused MFA code, from sts:AssumeRole and sts:GetSessionToken alike. */
export function isMfaCodeRefused(error: unknown): boolean {
  return error instanceof Error && /^AccessDenied/.test(error.name) && /MultiFactorAuthentication/i.test(error.message);
}

export function mfaCodeRefused(error: Error, serial: string | undefined): BadInputError {
  return new BadInputError(
    '--mfa-code',
    `AWS refused the MFA code${serial ? ` for ${serial}` : ''} (${error.message.trim()}); ` +
      `nothing was changed. A code is good once and for about 30 seconds: wait for the device to show a new code and run again with it`,
  );
}

/** One message per way the chain fails, each naming the fix; anything else is left to translateAwsError. */
export function explainCredentialFailure(error: unknown, shared: SharedProfiles): unknown {
  if (!(error instanceof Error) || error instanceof BadInputError) return error;
  const field = credentialsField(shared);
  const chain = profileChain(shared);
  if (isMfaCodeRefused(error)) {
    return mfaCodeRefused(error, chain.find(({ settings }) => settings['mfa_serial'])?.settings['mfa_serial']);
  }
  const firstLine = error.message.split('\n')[0]?.trim() ?? '';
  const sso = chain.find(({ settings }) => settings['sso_session'] || settings['sso_start_url']);
  if (sso && /sso|token/i.test(error.message)) {
    return new BadInputError(
      field,
      `the IAM Identity Center (SSO) sign-in of profile "${sso.name}" is missing or has expired (${firstLine}); ` +
        `sign in with: aws sso login --profile ${sso.name}`,
    );
  }
  const process = chain.find(({ settings }) => settings['credential_process']);
  if (process && /credential_process|Command failed/.test(error.message)) {
    // Node's message is "Command failed: CMD" then the command's stderr: show what the command said.
    const said = /^Command failed:/.test(error.message) ? error.message.split('\n').slice(1).join('\n').trim() : error.message;
    return new BadInputError(
      field,
      `the credential_process of profile "${process.name}" failed: ${said || '(it wrote nothing on stderr)'}; ` +
        `run that command by hand to fix it (aws configure get credential_process --profile ${process.name})`,
    );
  }
  if (/requires multi-factor authentication/i.test(error.message)) {
    return new BadInputError('--mfa-code', `${firstLine} Pass --mfa-code CODE with the 6 digits the device shows now`);
  }
  if (error.name === 'CredentialsProviderError' && shared.named) {
    return new BadInputError(
      field,
      `found no usable credentials in profile "${shared.name}" (${firstLine}); check it with aws configure list --profile ${shared.name}`,
    );
  }
  return error;
}
