#!/usr/bin/env bash
# Installs the Debian packages onboard needs, once: quiet, idempotent, as root
# (or through sudo). Nothing is installed when everything is present.
set -euo pipefail

packages=(
  build-essential cmake pkg-config git
  libboost1.81-dev libboost-json1.81-dev libsodium-dev libhowardhinnant-date-dev tzdata
  doctest-dev libsqlite3-dev sqlite3 libicu-dev libzxcvbn-dev libqrencode-dev
  libxlsxwriter-dev libminizip-dev libexpat1-dev libhpdf-dev libssl-dev libpq-dev postgresql
  python3 python3-pytest python3-cffi time
  libcrypt-dev libcpp-httplib-dev
  chromium nodejs
)
if [[ "${ONBOARD_SETUP_EXTRA:-}" == "ci" ]]; then
  packages+=(clang libclang-rt-14-dev abigail-tools clang-format clang-tidy)
fi
if [[ "${ONBOARD_SETUP_EXTRA:-}" == "bench" ]]; then
  packages+=(gnuplot-nox)  # the plot of make bench only
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "setup: installing ${missing[*]}" >&2
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq >/dev/null
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The browser tests' two npm packages (playwright-core and axe-core, exact
# versions from package-lock.json), once. They drive Debian's chromium: no
# browser is ever downloaded (never `npx playwright install`).
e2e="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/tests/web/e2e"
if [[ ! -d "$e2e/node_modules" ]] && command -v npm >/dev/null; then
  echo "setup: npm ci in tests/web/e2e (playwright-core, axe-core)" >&2
  (cd "$e2e" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) ||
    echo "setup: npm ci failed in tests/web/e2e; the browser test (web_e2e) will fail until it succeeds" >&2
fi
