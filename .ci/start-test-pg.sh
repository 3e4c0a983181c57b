#!/usr/bin/env bash
# Start a throwaway PostgreSQL owned by the 'postgres' OS user (initdb refuses to run as root), listening
# only on a unix socket in DIR, and create the 'indicotest' DB with the extensions Indico needs.
# Prints an `export INDICO_TEST_DATABASE_URI=...` line for eval. Stop it with: start-test-pg.sh --stop DIR
set -euo pipefail
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)}
if [ "${1:-}" = "--stop" ]; then
  BASE=$(realpath "${2:?usage: start-test-pg.sh --stop DIR}")
  if [ -f "$BASE/data/PG_VERSION" ]; then
    runuser -u postgres -- "$PGBIN/pg_ctl" -D "$BASE/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  exit 0
fi
BASE=${1:?usage: start-test-pg.sh DIR}
mkdir -p "$BASE"
BASE=$(realpath "$BASE")
if [ "$(id -u)" = 0 ]; then
  RUN=(runuser -u postgres --)
  install -d -o postgres -g postgres -m 0700 "$BASE"
else
  RUN=()
fi
if [ ! -f "$BASE/data/PG_VERSION" ]; then
  "${RUN[@]}" "$PGBIN/initdb" -D "$BASE/data" --encoding UTF8 --locale C.UTF-8 -A trust -U postgres >/dev/null
fi
"${RUN[@]}" "$PGBIN/pg_ctl" -D "$BASE/data" status >/dev/null 2>&1 || \
  "${RUN[@]}" "$PGBIN/pg_ctl" -D "$BASE/data" -w -l "$BASE/server.log" \
    -o "-c listen_addresses='' -k $BASE -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
chmod 0755 "$BASE"  # let root (and others) reach the socket
PSQL=("$PGBIN/psql" -h "$BASE" -U postgres)
if ! "${PSQL[@]}" -d postgres -qAtc "SELECT 1 FROM pg_database WHERE datname='indicotest'" | grep -q 1; then
  "$PGBIN/createdb" -h "$BASE" -U postgres indicotest
  "${PSQL[@]}" -d indicotest -qc 'CREATE EXTENSION unaccent; CREATE EXTENSION pg_trgm;'
fi
echo "export INDICO_TEST_DATABASE_URI='postgresql:///indicotest?host=$BASE&user=postgres'"
