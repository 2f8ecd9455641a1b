#!/usr/bin/env bash
# The test command: lint, then the whole test suite (real PostgreSQL and Chromium where installed).
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/ruff check src tests bench
.venv/bin/python -m pytest -q -p no:cacheprovider "$@"
