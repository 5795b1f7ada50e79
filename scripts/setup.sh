#!/usr/bin/env bash
# Create or update .venv/ in the checkout and install parley into it (offline-capable: PyPI only).
# Usage: scripts/setup.sh [extra]   e.g. scripts/setup.sh test
# pip runs only when pyproject.toml changed since the last install of the same extra: a stamp file in
# .venv holds the file's hash (parley is installed editable, so code changes need no reinstall).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
EXTRA=${1:-}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
HASH=$(.venv/bin/python -c 'import hashlib,sys; print(hashlib.sha256(open("pyproject.toml","rb").read()).hexdigest())')
STAMP=".venv/.parley-installed${EXTRA:+-$EXTRA}"
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$HASH" ] && [ -x .venv/bin/parley ]; then
  exit 0
fi
.venv/bin/python -m pip install --quiet --upgrade pip
if [ "$EXTRA" != "" ]; then
  .venv/bin/python -m pip install --quiet -e ".[$EXTRA]"
else
  .venv/bin/python -m pip install --quiet -e .
fi
echo "$HASH" > "$STAMP"
# An install with an extra installs the base too.
if [ "$EXTRA" != "" ]; then echo "$HASH" > .venv/.parley-installed; fi
