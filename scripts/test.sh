#!/usr/bin/env bash
# Set up parley with its test dependencies (and Debian's Chromium for the browser tests, Java 17 for the Spark
# tests), then run the suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
    || echo "warning: could not install chromium; browser tests will fail under CI=true" >&2
fi
# Java 17 for the Spark tests (pyspark comes with the test extra); under CI=true they fail without it.
if ! command -v java >/dev/null && [ -z "${JAVA_HOME:-}" ] && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null) \
    || echo "warning: could not install Java 17; Spark tests will fail under CI=true" >&2
fi
.venv/bin/ruff check parley tests bench
.venv/bin/mypy
.venv/bin/python -m pytest "$@"
