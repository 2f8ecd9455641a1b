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
.venv/bin/python -m pytest -q -p no:cacheprovider "$@"
