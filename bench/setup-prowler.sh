#!/usr/bin/env bash
# Prowler (from PyPI) for the side-by-side status benchmark, in a venv of its own: bench/.venv-prowler.
set -euo pipefail
cd "$(dirname "$0")"
pin="$(cat prowler-version)"
if [ -x .venv-prowler/bin/prowler ] && [ "$(.venv-prowler/bin/python -c 'import importlib.metadata as m; print(m.version("prowler"))' 2>/dev/null)" = "$pin" ]; then
  exit 0
fi
python3 -m venv .venv-prowler
.venv-prowler/bin/pip install --quiet --disable-pip-version-check "prowler==$pin"
