#!/bin/sh
# Fails when libonboard.so exports anything but onb_* functions (and the
# ONBOARD_* version node of its version script).
set -eu
lib="$1"
symbols=$(nm -D --defined-only "$lib" | awk '{print $3}' | sed 's/@.*//')
[ -n "$symbols" ] || { echo "no exported symbols in $lib"; exit 1; }
echo "$symbols" | grep -q '^onb_directory_open$' || { echo "onb_directory_open is not exported"; exit 1; }
stray=$(echo "$symbols" | grep -v -E '^(onb_[a-z0-9_]+|ONBOARD_[0-9]+)$' || true)
if [ -n "$stray" ]; then
  echo "libonboard.so exports symbols outside the C ABI:"
  echo "$stray" | head -20
  exit 1
fi
echo "$(echo "$symbols" | grep -c '^onb_') onb_* symbols exported, nothing else"
