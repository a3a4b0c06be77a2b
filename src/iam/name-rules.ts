/** IAM's rule for user names (the answers schema holds the same pattern). */
const userNamePattern = /^[\w+=,.@-]{1,64}$/;

export function validateUserName(name: string): string | undefined {
  return userNamePattern.test(name) ? undefined : 'must be 1-64 characters of letters, digits and +=,.@_-';
}

/** IAM's rule for group names. */
const groupNamePattern = /^[\w+=,.@-]{1,128}$/;

export function validateGroupName(name: string): string | undefined {
  return groupNamePattern.test(name) ? undefined : 'must be 1-128 characters of letters, digits and +=,.@_-';
}
