#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL 15 cluster: initdb into a temp dir (as the
# postgres user when run as root), listen on a unix socket only, export DATABASE_URL, run the
# command, then stop the cluster and delete it. Exits 0 with a note if PostgreSQL is missing.
#   scripts/pg-throwaway.sh .venv/bin/python -m pytest tests/web
set -euo pipefail
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PY=${PY:-.venv/bin/python}
if [ ! -x "$PGBIN/initdb" ]; then
    echo "PostgreSQL binaries not found in $PGBIN: skipping ($*)" >&2
    exit 0
fi
tmp=$(mktemp -d /tmp/planwatch-pg.XXXXXX)
as_pg=()
if [ "$(id -u)" = 0 ]; then
    chown postgres:postgres "$tmp"
    as_pg=(runuser -u postgres --)
fi
port=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cleanup() {
    "${as_pg[@]}" "$PGBIN/pg_ctl" -D "$tmp/data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
"${as_pg[@]}" "$PGBIN/initdb" -D "$tmp/data" -U planwatch --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${as_pg[@]}" "$PGBIN/pg_ctl" -D "$tmp/data" -l "$tmp/server.log" -w start \
    -o "-k $tmp -p $port -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" >/dev/null
"${as_pg[@]}" "$PGBIN/createdb" -h "$tmp" -p "$port" -U planwatch planwatch
host=$("$PY" -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$tmp")
export DATABASE_URL="postgres://planwatch@${host}:${port}/planwatch"
echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') at $tmp:$port" >&2
"$@"
