#!/usr/bin/env bash
# Runs the tests that start threads under ThreadSanitizer: the two-core import
# check and the two-lane password hashing (test_service), the SQLite
# checkpointer, concurrent one-use consumes and throttle counters
# (test_storage, test_service). Any report fails the run.
#   tests/support/run_tsan.sh BUILD_DIR   (configured with -DONBOARD_SANITIZE_THREAD=ON)
set -euo pipefail
build=$1
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 report_signal_unsafe=0"
export TZ=UTC
"$build/tests/test_storage" --test-case='*checkpoint*,*concurren*,*thread*,*race*,*at once*,*one-use*'
"$build/tests/test_service" \
  --test-case='*two threads*,*thread*,*concurren*,*at once*,*passwords from the file*,*race*,*throttle*'
echo "ThreadSanitizer: no reports"
