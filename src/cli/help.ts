export const helpText = `aws-day-one: secure a brand-new AWS account on day 1

Usage
  aws-day-one                         interactive wizard (needs a terminal)
  aws-day-one apply --answers FILE    the same flow, unattended, from a YAML or JSON answers file
  aws-day-one init [FILE]             write a commented answers template (stdout, or FILE)
  aws-day-one plan [--answers FILE]   show what apply would change; reads only
  aws-day-one status                  show what is done and what is left; reads only
  aws-day-one help | --help | -h      this text
  aws-day-one --version | -v          the version

Steps, in order
  account-alias, password-policy, admin-group, admin-user, admin-mfa, team-groups, team-users,
  support-role, security-contact, root-mfa, caller-group-mfa, root-access-keys

Flags
  --answers FILE        answers file (schema: answers.schema.json in the package)
  --account-id ID       stop unless the credentials belong to this 12-digit account
  --state-dir DIR       where progress is saved (default $XDG_STATE_HOME/aws-day-one,
                        else ~/.local/state/aws-day-one)
  --profile NAME        AWS profile (default: AWS_PROFILE, else the AWS CLI's credential chain)
  --region REGION       region for signing; it picks the partition (aws, aws-cn, aws-us-gov)
                        (default AWS_REGION, AWS_DEFAULT_REGION, the profile's region, us-east-1)
  --mfa-code CODE       the 6 digits your MFA device shows now: for a profile with mfa_serial,
                        or an IAM user with an MFA device (the run gets an MFA session); asked
                        for on a terminal when left out
  --endpoint-url URL    IAM and STS endpoint (e.g. a local emulator)
  --json                print the result as JSON on stdout
  --no-color            no colour (also NO_COLOR; FORCE_COLOR=1 forces it)
  -h, --help            this text
  -v, --version         the version

Output
  Progress goes to stderr; stdout carries only the result (the sign-in card, or --json), so
  aws-day-one apply --answers a.yaml --json > result.json captures just the result.

Environment
  AWS_PROFILE, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN   credentials
  AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE                              profile files
  AWS_REGION, AWS_DEFAULT_REGION                                            signing region and partition
  AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_IAM, AWS_ENDPOINT_URL_STS              endpoints
  XDG_STATE_HOME                                                            state directory
  NO_COLOR, FORCE_COLOR                                                     colour
  FORCE_HYPERLINK                                                           1/0: clickable links or not
  CI, CONTINUOUS_INTEGRATION                                                ignored by the wizard in a terminal
  AWS_DAY_ONE_IAM_WAIT_SECONDS                                              longest wait for IAM to show a change (120)

Exit codes
  0  done
  1  AWS or runtime failure (the message names the failed call), or another run is
     working on the same account (the message names its PID and start time), or any
     error after the run's first change (the message lists what it changed; run again)
  2  bad input found before any change; nothing was changed
  3  done, except steps only a person can finish (root MFA, root access keys as non-root)
`;
