import { writeFileAtomic } from '../secrets/atomic-file.js';
import { BadInputError } from '../lib/errors.js';
import { existsSync } from 'node:fs';

export const answersTemplate = `# aws-day-one answers file: aws-day-one apply --answers THIS_FILE
# Every key is checked before anything in the account changes. Schema: answers.schema.json
# Relative paths are resolved from this file's directory.

account:
  # id: "123456789012"        # optional guard: stop if the credentials belong to another account
  alias: my-company           # 3-63 chars: lowercase letters, digits, single hyphens
  # replaceAlias: false       # true replaces an existing, different alias
  # securityContact:          # whom AWS tells about security issues (CIS 1.2)
  #   name: Security team     # 1-64 chars
  #   title: Security lead    # 1-50 chars
  #   email: security@my-company.example
  #   phone: "+1 555 0100"    # digits, spaces and + ( ) -, up to 25
  #   replace: false          # true replaces an existing, different contact

# passwordPolicy:             # overrides; the defaults satisfy CIS AWS Foundations v5 and Security Hub
#   minimumPasswordLength: 14 # 6-128
#   passwordReusePrevention: 24 # 1-24
#   maxPasswordAge: 90        # 1-1095 days; leave out for no forced expiry (recommended)
#   requireSymbols: true
#   requireNumbers: true
#   requireUppercaseCharacters: true
#   requireLowercaseCharacters: true
#   allowUsersToChangePassword: true
#   hardExpiry: false         # true locks out users whose password expired

adminGroup:
  name: Administrators        # gets AdministratorAccess and the MFA-enforcement policy
  mfaPolicyName: RequireMFA

admin:
  name: CTO                   # the first administrator: console password only
  mfa: at-first-sign-in       # or seed-file: enrol now, write the otpauth:// URI to mfaSeedFile
  # mfaSeedFile: ./cto-mfa.uri  # must not exist yet; written with mode 0600
  # passwordFile: ./cto-password.txt  # else the one-time password is printed once on stdout

rootAccessKeys: keep          # delete: when run as root, delete root's access keys (this run's key last)

# supportRole:                # a role with AWSSupportAccess for AWS Support cases (CIS 1.16)
#   create: true              # false: no support role
#   name: AWSSupport

# teams:                      # team groups, each with AWS managed policies (names, paths or ARNs)
#   - name: Business-Analysts
#     policies: [AmazonDynamoDBReadOnlyAccess]
#   - name: Developers
#     policies: [PowerUserAccess]   # e.g. also job-function/ViewOnlyAccess
#     # mfaPolicy: true         # false: no MFA-enforcement policy on this group
# users:                      # more people: console password only, permissions through groups only
#   - name: alice
#     groups: [Developers]      # teams above, or the admin group
#     mfa: at-first-sign-in     # or seed-file with mfaSeedFile
#     # passwordFile: ./alice-password.txt  # else printed once on stdout
#   - name: bob
#     groups: [Business-Analysts]
#     mfa: seed-file
#     mfaSeedFile: ./bob-mfa.uri
`;

export function runInit(target: string | undefined, write: (text: string) => void): void {
  if (!target) {
    write(answersTemplate);
    return;
  }
  if (existsSync(target)) throw new BadInputError('init FILE', `${target} already exists; choose a new file name`);
  writeFileAtomic(target, answersTemplate, { exclusive: true });
}
