/** Every step of the day-1 flow, by the id the state file, the events and the summaries name it. */
export type StepId =
  | 'account-alias'
  | 'password-policy'
  | 'admin-group'
  | 'admin-user'
  | 'admin-mfa'
  | 'team-groups'
  | 'team-users'
  | 'support-role'
  | 'security-contact'
  | 'root-mfa'
  | 'caller-group-mfa'
  | 'root-access-keys';
