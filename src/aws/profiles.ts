import { getProfileName, loadSharedConfigFiles } from '@smithy/core/config';

/** One profile's settings, merged from ~/.aws/config and ~/.aws/credentials as the SDK reads them. */
export type ProfileSettings = Readonly<Record<string, string | undefined>>;

/** The shared config and credentials files, read with the SDK's own loader (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE). */
export interface SharedProfiles {
  /** The profile this run uses: --profile, else AWS_PROFILE, else "default". */
  readonly name: string;
  /** Whether a profile was asked for by name (--profile or AWS_PROFILE) rather than left at "default". */
  readonly named: boolean;
  /** Where the name came from, for messages. */
  readonly source: '--profile' | 'AWS_PROFILE' | 'default';
  readonly profiles: Readonly<Record<string, ProfileSettings>>;
  /** Profile names in the two files, sorted (what `aws configure list-profiles` shows). */
  readonly names: readonly string[];
}

// Sections of ~/.aws/config that are not profiles: the SDK keys them "sso-session.NAME", "services.NAME".
const nonProfileSection = /^(sso-session|services)\./;

export async function readSharedProfiles(flagProfile: string | undefined): Promise<SharedProfiles> {
  const { configFile, credentialsFile } = await loadSharedConfigFiles();
  const profiles: Record<string, ProfileSettings> = {};
  // Like the SDK's parseKnownFiles: a key in the credentials file wins over the same key in config.
  for (const [name, settings] of [...Object.entries(configFile), ...Object.entries(credentialsFile)]) {
    if (nonProfileSection.test(name)) continue;
    profiles[name] = { ...profiles[name], ...settings };
  }
  const envProfile = process.env['AWS_PROFILE'] || undefined;
  const name = getProfileName(flagProfile ? { profile: flagProfile } : {});
  return {
    name,
    named: Boolean(flagProfile ?? envProfile),
    source: flagProfile ? '--profile' : envProfile ? 'AWS_PROFILE' : 'default',
    profiles,
    names: Object.keys(profiles).sort(),
  };
}

/** The profile and the profiles it takes its credentials from (source_profile), in that order. */
export function profileChain(shared: SharedProfiles, start: string = shared.name): { name: string; settings: ProfileSettings }[] {
  const chain: { name: string; settings: ProfileSettings }[] = [];
  const seen = new Set<string>();
  for (let name: string | undefined = start; name !== undefined && !seen.has(name); ) {
    seen.add(name);
    const settings: ProfileSettings | undefined = shared.profiles[name];
    if (!settings) break;
    chain.push({ name, settings });
    name = settings['source_profile'];
  }
  return chain;
}

/** The region a profile sets (its own `region`), if any. */
export function profileRegion(shared: SharedProfiles): string | undefined {
  return shared.profiles[shared.name]?.['region'] || undefined;
}
