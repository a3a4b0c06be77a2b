#!/usr/bin/env bash
# Installs the pinned moto server into .venv-moto (idempotent). The test harness calls this too.
set -euo pipefail
cd "$(dirname "$0")/.."
pin="$(cat scripts/moto-version)"
venv=".venv-moto"
if [ -x "$venv/bin/moto_server" ] && "$venv/bin/python" -c "import moto,sys; sys.exit(0 if moto.__version__=='$pin' else 1)" 2>/dev/null; then
  exit 0
fi
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check "moto[server]==$pin"
