#!/usr/bin/env bash
# Set up parley with its test dependencies (and Debian's Chromium for the browser tests), then run the suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
    || echo "warning: could not install chromium; browser tests will fail under CI=true" >&2
fi
.venv/bin/ruff check parley tests bench
.venv/bin/mypy
.venv/bin/python -m pytest "$@"
