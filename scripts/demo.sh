#!/usr/bin/env bash
# Set up parley, ingest the bundled example reports into ./parley.db, show what was found, serve the web view.
# PARLEY_DB chooses the database, PARLEY_PORT the port (default 8000); PARLEY_NO_SERVE=1 stops before serving.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
DB=${PARLEY_DB:-parley.db}
PORT=${PARLEY_PORT:-8000}
.venv/bin/parley ingest examples/ --db "$DB" || true   # a bad file is reported; the rest still lands
.venv/bin/parley negotiations --db "$DB"
.venv/bin/parley actors --db "$DB" --limit 25
cat <<EOT

The knowledge base is in $(cd "$(dirname "$DB")" && pwd)/$(basename "$DB"). Try next:
  .venv/bin/parley actor rustem-umerov --db $DB        # names, roles, every mention with its sentence
  .venv/bin/parley quotes --since 2025-06 --db $DB      # latest quotations first
  .venv/bin/parley events --type consult --db $DB       # who met whom; ids work with 'parley evidence'
  .venv/bin/parley --help                               # every command (README.md: "Use")
EOT
if [ "${PARLEY_NO_SERVE:-}" = "" ]; then
  echo "Web view: http://127.0.0.1:$PORT/ (Ctrl+C stops it; another port: PARLEY_PORT=8001 bash scripts/demo.sh)"
  .venv/bin/parley serve --db "$DB" --port "$PORT"
fi
