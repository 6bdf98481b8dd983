#!/usr/bin/env bash
# The stable C ABI of libonboard.so against its committed baseline, with
# libabigail (Debian: abigail-tools).
#
#   scripts/abi_check.sh check  <libonboard.so>  compare with capi/abi/libonboard.abi
#   scripts/abi_check.sh update <libonboard.so>  rewrite the baseline (at a release, after review)
#   scripts/abi_check.sh self-test               prove that a changed signature, a changed struct
#                                                and a removed function fail the check
#
# Adding functions is compatible and passes (with a note to update the
# baseline at the next release); any change to an existing function, to a
# type it reaches, or a removal fails. The library needs debug info (-g:
# Debug and RelWithDebInfo builds) for abidw to see the types.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
headers="$root/capi/include/onboard"
baseline="$root/capi/abi/libonboard.abi"
suppressions="$root/capi/abi/onboard.suppr"
appended="$root/capi/abi/appended.suppr"  # options structs may grow at their end (a new version)

# dump <lib.so> <headers dir> <out.abi>: the ABI of the functions and types of the public headers.
dump() {
  abidw --suppressions "$suppressions" --headers-dir "$2" --no-corpus-path --no-comp-dir-path --no-show-locs --out-file "$3" "$1"
}

# compare <old.abi> <new.abi>: 0 when every old function keeps its exact ABI.
compare() {
  local report status=0
  report=$(abidiff --no-added-syms --suppressions "$appended" "$1" "$2") || status=$?
  if [ "$status" -ne 0 ]; then
    echo "$report"
    echo "ABI check failed: an existing function or a type it uses changed (abidiff status $status)."
    echo "A signature never changes: add a new function (_v2) or a new options version instead."
    return 1
  fi
  if ! abidiff "$1" "$2" >/dev/null; then
    echo "Compatible additions since the baseline; run '$0 update <lib>' when releasing:"
    abidiff "$1" "$2" | sed -n '/Added function/,$p' | grep "\[A\]" || true
  fi
  return 0
}

check() {
  local lib="$1" tmp
  [ -f "$baseline" ] || { echo "No baseline at $baseline; create it with '$0 update <lib>'."; exit 1; }
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' RETURN
  dump "$lib" "$headers" "$tmp/current.abi"
  compare "$baseline" "$tmp/current.abi"
  echo "ABI of $(basename "$lib") is compatible with the baseline."
}

update() {
  mkdir -p "$(dirname "$baseline")"
  dump "$1" "$headers" "$baseline"
  echo "Wrote $baseline"
}

# Builds tiny libraries in a temp dir, a baseline and changed versions,
# named like the real ones (onboard.h, onb_*) so the same filter applies.
self_test() {
  local tmp cc="${CC:-cc}" failures=0
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' RETURN
  make_lib() {  # make_lib <name> <header text> <source text>
    mkdir -p "$tmp/$1"
    printf '%s\n' "$2" >"$tmp/$1/onboard.h"
    printf '#include "onboard.h"\n%s\n' "$3" >"$tmp/$1/t.c"
    "$cc" -g -shared -fPIC -I"$tmp/$1" "$tmp/$1/t.c" -o "$tmp/$1/libt.so"
    dump "$tmp/$1/libt.so" "$tmp/$1" "$tmp/$1.abi"
  }
  local struct_v1='typedef struct onb_t_opts { unsigned version; int a; } onb_t_opts;'
  local fn_v1='int onb_t_fn(const onb_t_opts* o, int x) { return o->a + x; }'
  make_lib base "$struct_v1 int onb_t_fn(const onb_t_opts* o, int x);" "$fn_v1"
  make_lib signature "$struct_v1 int onb_t_fn(const onb_t_opts* o, long x);" \
    'int onb_t_fn(const onb_t_opts* o, long x) { return o->a + (int)x; }'
  make_lib layout 'typedef struct onb_t_opts { unsigned version; long b; int a; } onb_t_opts; int onb_t_fn(const onb_t_opts* o, int x);' \
    "$fn_v1"
  make_lib added "$struct_v1 int onb_t_fn(const onb_t_opts* o, int x); int onb_t_new(void);" \
    "$fn_v1 int onb_t_new(void) { return 1; }"
  make_lib removed "$struct_v1" 'int onb_t_other(void) { return 2; }'
  # An options struct, versioned: a new version may append, never insert.
  local options_v1='typedef struct onb_t_options { unsigned version; int a; } onb_t_options;'
  local options_fn='int onb_t_open(const onb_t_options* o) { return o->a; }'
  make_lib options_base "$options_v1 int onb_t_open(const onb_t_options* o);" "$options_fn"
  make_lib options_appended 'typedef struct onb_t_options { unsigned version; int a; unsigned threads; unsigned reserved; } onb_t_options; int onb_t_open(const onb_t_options* o);' \
    "$options_fn"
  make_lib options_inserted 'typedef struct onb_t_options { unsigned version; unsigned threads; int a; } onb_t_options; int onb_t_open(const onb_t_options* o);' \
    "$options_fn"
  make_lib appended_not_options 'typedef struct onb_t_opts { unsigned version; int a; int b; } onb_t_opts; int onb_t_fn(const onb_t_opts* o, int x);' \
    "$fn_v1"

  expect() {  # expect <pass|fail> <name> [<baseline name>]
    if compare "$tmp/${3:-base}.abi" "$tmp/$2.abi" >"$tmp/$2.log" 2>&1; then got=pass; else got=fail; fi
    if [ "$got" = "$1" ]; then
      echo "ok - $2 change: check says $got"
    else
      echo "FAILED - $2 change: check should $1 but says $got:"; cat "$tmp/$2.log"; failures=$((failures + 1))
    fi
  }
  expect fail signature
  expect fail layout
  expect fail removed
  expect pass added
  expect pass options_appended options_base
  expect fail options_inserted options_base
  expect fail appended_not_options
  [ "$failures" -eq 0 ]
}

case "${1:-}" in
  check) [ $# -eq 2 ] || { echo "usage: $0 check <libonboard.so>"; exit 2; }; check "$2" ;;
  update) [ $# -eq 2 ] || { echo "usage: $0 update <libonboard.so>"; exit 2; }; update "$2" ;;
  self-test) self_test ;;
  *) sed -n '2,13p' "$0"; exit 2 ;;
esac
