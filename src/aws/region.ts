import { profileRegion, type SharedProfiles } from './profiles.js';

/**
 * The region as the AWS CLI v2 picks it: --region, then AWS_REGION / AWS_DEFAULT_REGION, then the
 * profile's `region`, then us-east-1 (IAM's home: IAM is global, but requests still need a region to
 * sign, and the region decides the partition, so a profile in cn-north-1 must reach China's STS).
 */
export function resolveRegion(flagRegion: string | undefined, shared: SharedProfiles): string {
  return flagRegion || process.env['AWS_REGION'] || process.env['AWS_DEFAULT_REGION'] || profileRegion(shared) || 'us-east-1';
}
