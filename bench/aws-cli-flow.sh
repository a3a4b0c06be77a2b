#!/usr/bin/env bash
# The day-1 flow by hand with the AWS CLI, the way a careful admin would script it: who am I, then
# each change in order. Fewer calls than aws-day-one (no inspect or verify reads), so the
# comparison favours this script. Usage: aws-cli-flow.sh ALIAS MFA_POLICY_JSON WORKDIR
# (credentials, region and AWS_ENDPOINT_URL come from the environment).
set -euo pipefail
alias_name="$1" policy_file="$2" work="$3"
here="$(cd "$(dirname "$0")" && pwd)"
aws="$here/.venv-awscli/bin/aws"
python="$here/.venv-awscli/bin/python"

account="$("$aws" sts get-caller-identity --query Account --output text)"
"$aws" iam get-account-summary --query 'SummaryMap.AccountMFAEnabled' --output text >/dev/null
"$aws" iam create-account-alias --account-alias "$alias_name"
"$aws" iam update-account-password-policy --minimum-password-length 14 --password-reuse-prevention 24 \
  --require-symbols --require-numbers --require-uppercase-characters --require-lowercase-characters \
  --allow-users-to-change-password --no-hard-expiry
"$aws" iam create-group --group-name Administrators >/dev/null
"$aws" iam attach-group-policy --group-name Administrators --policy-arn arn:aws:iam::aws:policy/AdministratorAccess
"$aws" iam create-policy --policy-name RequireMFA --policy-document "file://$policy_file" >/dev/null
"$aws" iam attach-group-policy --group-name Administrators --policy-arn "arn:aws:iam::$account:policy/RequireMFA"
"$aws" iam create-user --user-name CTO >/dev/null
"$aws" iam add-user-to-group --user-name CTO --group-name Administrators
password="$("$python" -c 'import secrets,string; a=string.ascii_letters+string.digits+"!@#%^*()-_=+"; print("Aa1!"+"".join(secrets.choice(a) for _ in range(20)))')"
"$aws" iam create-login-profile --user-name CTO --password "$password" --password-reset-required >/dev/null
serial="$("$aws" iam create-virtual-mfa-device --virtual-mfa-device-name CTO --bootstrap-method Base32StringSeed \
  --outfile "$work/cto-seed.txt" --query VirtualMFADevice.SerialNumber --output text)"
# Two consecutive TOTP codes from the seed (RFC 6238, 30 s steps, 6 digits).
read -r code1 code2 < <("$python" - "$work/cto-seed.txt" <<'PY'
import base64, hmac, struct, sys, time
seed = base64.b32decode(open(sys.argv[1]).read().strip())
def code(step):
    digest = hmac.new(seed, struct.pack('>Q', step), 'sha1').digest()
    offset = digest[-1] & 15
    return '%06d' % ((struct.unpack('>I', digest[offset:offset + 4])[0] & 0x7fffffff) % 1000000)
step = int(time.time()) // 30
print(code(step - 1), code(step))
PY
)
"$aws" iam enable-mfa-device --user-name CTO --serial-number "$serial" --authentication-code1 "$code1" --authentication-code2 "$code2"
# The support role (CIS 1.16), assumable by the account's administrators.
"$aws" iam create-role --role-name AWSSupport \
  --assume-role-policy-document "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::$account:root\"},\"Action\":\"sts:AssumeRole\"}]}" >/dev/null
"$aws" iam attach-role-policy --role-name AWSSupport --policy-arn arn:aws:iam::aws:policy/AWSSupportAccess
