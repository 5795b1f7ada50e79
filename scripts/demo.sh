#!/usr/bin/env bash
# Set up parley, ingest the bundled example reports into ./parley.db, show what was found, serve the web view.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
DB=${PARLEY_DB:-parley.db}
.venv/bin/parley ingest examples/ --db "$DB" || true   # a bad file is reported; the rest still lands
.venv/bin/parley negotiations --db "$DB"
.venv/bin/parley actors --db "$DB" --limit 25
if [ "${PARLEY_NO_SERVE:-}" = "" ]; then
  .venv/bin/parley serve --db "$DB" --port "${PARLEY_PORT:-8000}"
fi
