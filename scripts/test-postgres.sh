#!/usr/bin/env bash
# The web tests on a throwaway PostgreSQL 15 cluster (see pg-throwaway.sh); extra arguments are
# passed to pytest after tests/web. Called by `make test` after the SQLite run.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
export PY
exec scripts/pg-throwaway.sh "$PY" -m pytest -p no:cacheprovider tests/web "$@"
