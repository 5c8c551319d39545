#!/usr/bin/env bash
# The web benchmark (scripts/bench_web.py) on a throwaway PostgreSQL; arguments go to the script.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
export PY
exec scripts/pg-throwaway.sh "$PY" scripts/bench_web.py "$@"
