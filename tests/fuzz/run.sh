#!/usr/bin/env bash
# Runs each fuzzer (the CSV, XLSX and ODS readers; the email, name, token and
# digit-key parsers) for SECONDS on a scratch copy of its seed corpus, so
# the committed corpus stays small and reviewable. Crashes are written to
# BUILD_DIR/fuzz-artifacts/<format>/.
#   tests/fuzz/run.sh BUILD_DIR SECONDS
# BUILD_DIR must be configured with clang and -DONBOARD_BUILD_FUZZERS=ON, e.g.
#   CC=clang CXX=clang++ cmake -S . -B build-fuzz -DONBOARD_BUILD_FUZZERS=ON
#   cmake --build build-fuzz --target fuzz_csv_reader fuzz_xlsx_reader fuzz_ods_reader fuzz_email_parser \
#     fuzz_name_parser fuzz_token_parser fuzz_digit_key_parser
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 BUILD_DIR SECONDS" >&2
  exit 2
fi
build_dir=$(cd "$1" && pwd)
seconds=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

status=0
for format in csv xlsx ods email name token digit_key; do
  case $format in
    csv|xlsx|ods) fuzzer="$build_dir/tests/fuzz/fuzz_${format}_reader" ;;
    *) fuzzer="$build_dir/tests/fuzz/fuzz_${format}_parser" ;;
  esac
  if [[ ! -x $fuzzer ]]; then
    echo "missing $fuzzer (build it with -DONBOARD_BUILD_FUZZERS=ON and clang)" >&2
    exit 2
  fi
  cp -r "$here/corpus/$format" "$scratch/$format"
  artifacts="$build_dir/fuzz-artifacts/$format"
  mkdir -p "$artifacts"
  echo "== $(basename "$fuzzer") for ${seconds}s"
  if ! "$fuzzer" "$scratch/$format" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
      -max_len=65536 -artifact_prefix="$artifacts/" -print_final_stats=1; then
    echo "$(basename "$fuzzer") found a problem; see $artifacts" >&2
    status=1
  fi
done
exit $status
