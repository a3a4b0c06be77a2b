/**
 * The answers of a whole unattended day 1: the account pinned, an alias, CTO with a seed-file MFA
 * (and a password file when given), root keys deleted once it is safe.
 */
export function dayOneAnswers(accountId: string, alias: string, options: { passwordFile?: string } = {}): string {
  return [
    'account:',
    `  id: "${accountId}"`,
    `  alias: ${alias}`,
    'admin:',
    '  name: CTO',
    '  mfa: seed-file',
    '  mfaSeedFile: ./cto-mfa.uri',
    ...(options.passwordFile ? [`  passwordFile: ${options.passwordFile}`] : []),
    'rootAccessKeys: delete',
    '',
  ].join('\n');
}
