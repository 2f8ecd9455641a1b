#!/usr/bin/env bash
# Install everything alcarbon needs on a fresh Debian machine, idempotently and quickly when present.
#   scripts/setup.sh          python venv (.venv) with the package and its runtime dependencies
#   scripts/setup.sh --dev    also test tools, system packages for tests (CJK font, poppler,
#                             postgresql, chromium)
set -euo pipefail
cd "$(dirname "$0")/.."
DEV=0
[ "${1:-}" = "--dev" ] && DEV=1

apt_need=()
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
want_pkgs=(fonts-wqy-microhei)
if [ "$DEV" = 1 ]; then
  want_pkgs+=(poppler-utils postgresql chromium)
fi
for p in "${want_pkgs[@]}"; do have_pkg "$p" || apt_need+=("$p"); done
if [ "${#apt_need[@]}" -gt 0 ]; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    echo "setup: apt-get install ${apt_need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    # Another process (unattended upgrades, a second set-up) may hold the apt/dpkg lock: wait for
    # it (DPkg::Lock::Timeout) and retry a few times, saying so, instead of failing at once.
    apt_try() {
      local i
      for i in 1 2 3 4 5 6; do
        if "$@" -o DPkg::Lock::Timeout=120; then return 0; fi
        echo "setup: '$*' failed (apt lock held by another process or a network error); retry $i/6 in 10 s" >&2
        sleep 10
      done
      echo "setup: giving up on '$*'" >&2
      return 1
    }
    apt_try apt-get update -qq >/dev/null
    apt_try apt-get install -y -qq --no-install-recommends "${apt_need[@]}" >/dev/null
  else
    echo "setup: warning: missing system packages ${apt_need[*]} (need root and apt-get)" >&2
  fi
fi

PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
extras=""
[ "$DEV" = 1 ] && extras="[dev]"
# Skip pip when the installed package already matches pyproject (fast re-runs).
stamp=.venv/.alcarbon-installed
if [ "$DEV" = 1 ]; then stamp=.venv/.alcarbon-installed-dev; fi
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "setup: pip install -e .${extras} into .venv (first run: a few minutes)"
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".${extras}"
  touch "$stamp"
fi
# Bytecode of alcarbon's own modules. An editable install does not compile them, and where
# PYTHONDONTWRITEBYTECODE is set (as on these machines) Python compiles every module it imports
# again in every process: 0.2-0.25 s of a 1 s `alcarbon calc` (docs/performance.md, session 32).
# Up-to-date files are skipped, so a re-run costs well under a second.
.venv/bin/python -m compileall -q src/alcarbon >/dev/null ||
  echo "setup: warning: could not write bytecode under src/alcarbon (commands start slower)" >&2
