#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster on 127.0.0.1 for the store/service tests (Debian package
# `postgresql`). Runs the server as the `postgres` user when started as root.
#   source scripts/start_postgres.sh        # exports ALCARBON_TEST_PG_URL (and _DIR)
#   eval "$(bash scripts/start_postgres.sh)"  # same, when run as a program
# Stop it with: pg_ctl -D "$ALCARBON_TEST_PG_DIR/data" stop (as postgres when root).
_alcarbon_start_pg() (
  set -euo pipefail
  local bin port dir
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -x "$bin/initdb" ] || { echo "start_postgres: no PostgreSQL server (apt-get install postgresql)" >&2; exit 1; }
  port=${ALCARBON_PG_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
  dir=$(mktemp -d /tmp/alcarbon-pg.XXXXXX)
  as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
  as_pg "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start -o \
    "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" >/dev/null
  as_pg "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres alcarbon_test
  echo "export ALCARBON_TEST_PG_URL=postgresql+psycopg://postgres@127.0.0.1:$port/alcarbon_test"
  echo "export ALCARBON_TEST_PG_DIR=$dir"
)
if [ "${BASH_SOURCE[0]}" != "$0" ]; then
  _alcarbon_out=$(_alcarbon_start_pg) && eval "$_alcarbon_out" && echo "start_postgres: $ALCARBON_TEST_PG_URL" >&2
  unset _alcarbon_out
else
  _alcarbon_start_pg
fi
