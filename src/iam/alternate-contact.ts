import { GetAlternateContactCommand, type AccountClient } from '@aws-sdk/client-account';
import { isAwsError } from '../aws/errors.js';

// The Account API rather than IAM, but the same kind of shared read: the security-contact step and `status` both make it.

/** The four fields AWS keeps for an alternate contact, in this tool's words. */
export interface SecurityContact {
  readonly name: string;
  readonly title: string;
  readonly email: string;
  readonly phone: string;
}

/** The account's SECURITY alternate contact, or null when none is set. */
export async function readContact(account: AccountClient): Promise<SecurityContact | null> {
  try {
    const out = await account.send(new GetAlternateContactCommand({ AlternateContactType: 'SECURITY' }));
    const c = out.AlternateContact;
    return { name: c?.Name ?? '', title: c?.Title ?? '', email: c?.EmailAddress ?? '', phone: c?.PhoneNumber ?? '' };
  } catch (error) {
    // AWS answers ResourceNotFoundException when the account has no contact of that type.
    if (isAwsError(error, 'ResourceNotFoundException', 'ResourceNotFound')) return null;
    throw error;
  }
}
