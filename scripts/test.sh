#!/usr/bin/env bash
# The test command: lint, then the whole test suite. Starts a throwaway PostgreSQL on loopback
# for the store tests when the server is installed (scripts/setup.sh --dev installs it).
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/ruff check src tests bench examples
if [ -z "${ALCARBON_TEST_PG_URL:-}" ] && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  # shellcheck source=/dev/null
  source scripts/start_postgres.sh
  stop_pg() {
    local ctl
    ctl=$(ls /usr/lib/postgresql/*/bin/pg_ctl | sort -V | tail -1)
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$ctl" -D "$ALCARBON_TEST_PG_DIR/data" -m fast stop >/dev/null 2>&1 || true
    else "$ctl" -D "$ALCARBON_TEST_PG_DIR/data" -m fast stop >/dev/null 2>&1 || true; fi
    rm -rf "$ALCARBON_TEST_PG_DIR"
  }
  trap stop_pg EXIT
fi
# This machine has 2 cores: with no arguments the suite runs as two pytest processes side by
# side: the database users (tests/store, tests/service: they share the PostgreSQL server, which
# the fault test stops and restarts) and everything else. ALCARBON_TEST_SERIAL=1, or any pytest
# arguments, run one process.
if [ $# -eq 0 ] && [ -z "${ALCARBON_TEST_SERIAL:-}" ]; then
  db_log=$(mktemp /tmp/alcarbon-tests-db.XXXXXX)
  .venv/bin/python -m pytest -q -p no:cacheprovider tests/store tests/service >"$db_log" 2>&1 &
  db_pid=$!
  rc_rest=0
  .venv/bin/python -m pytest -q -p no:cacheprovider --ignore=tests/store --ignore=tests/service \
    || rc_rest=$?
  rc_db=0
  wait "$db_pid" || rc_db=$?
  echo "== tests/store and tests/service =="
  cat "$db_log"
  rm -f "$db_log"
  if [ "$rc_rest" != 0 ] || [ "$rc_db" != 0 ]; then
    echo "tests failed (other tests: exit $rc_rest; store and service: exit $rc_db)" >&2
    exit 1
  fi
else
  .venv/bin/python -m pytest -q -p no:cacheprovider "$@"
fi
