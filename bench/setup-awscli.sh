#!/usr/bin/env bash
# The AWS CLI (v1, from PyPI) for the side-by-side benchmark, in a venv of its own: bench/.venv-awscli.
set -euo pipefail
cd "$(dirname "$0")"
pin="$(cat awscli-version)"
if [ -x .venv-awscli/bin/aws ] && .venv-awscli/bin/python -c "import awscli,sys; sys.exit(awscli.__version__ != '$pin')" 2>/dev/null; then
  exit 0
fi
python3 -m venv .venv-awscli
.venv-awscli/bin/pip install --quiet --disable-pip-version-check "awscli==$pin"
