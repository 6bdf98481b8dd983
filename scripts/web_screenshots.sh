#!/usr/bin/env bash
# Takes the screenshots docs/web.md shows (docs/web/*.png, desktop and phone
# widths) by running the browser tests with --screenshots. Not part of
# `make test`: the PNGs are committed.
set -euo pipefail
BUILD=${1:-build}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
exec node "$ROOT/tests/web/e2e/run.mjs" --onboard "$BUILD/onboard" --web "$BUILD/onboard-web" \
  --screenshots "$ROOT/docs/web"
