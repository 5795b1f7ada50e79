#!/usr/bin/env bash
# Set up parley with its test dependencies (and Debian's Chromium for the browser tests, PostgreSQL for the
# PostgreSQL backend, Java 17 for the Spark tests), then run the suite: once on SQLite, then once more with
# PARLEY_TEST_BACKEND=postgresql, where every test database of the shared fixtures is a database on a throwaway
# cluster the run starts.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || command -v initdb >/dev/null || missing+=(postgresql)
# Java 17 for the Spark tests (pyspark comes with the test extra).
command -v java >/dev/null || [ -n "${JAVA_HOME:-}" ] || missing+=(openjdk-17-jre-headless)
if [ "${#missing[@]}" -gt 0 ] && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  # The postgresql package starts a cluster of its own; the tests start theirs, so stop Debian's (no systemd
  # in a container: policy-rc.d keeps the service from starting at all).
  made_policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && made_policy=1
  fi
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null) \
    || echo "warning: could not install ${missing[*]}; their tests will fail under CI=true" >&2
  if [ -n "$made_policy" ]; then rm -f /usr/sbin/policy-rc.d; fi
fi
.venv/bin/ruff check parley tests bench
.venv/bin/mypy
.venv/bin/python -m pytest "$@"
PARLEY_TEST_BACKEND=postgresql .venv/bin/python -m pytest "$@"
