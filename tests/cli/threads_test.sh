#!/usr/bin/env bash
# --threads N, the host's choice of threads: 1 imports a file (large enough
# that the default checks it on two threads and checkpoints the store on a
# thread of its own) with the same result as the default; 0 and garbage are
# refused with a sentence.
source "$(dirname "$0")/lib.sh" "$1"

# ~5 MB, past the 4 MiB from which the default checks a file on two threads;
# one planted mistake near the end.
awk 'BEGIN {
  print "Email,First Name,Last Name,Office,Notes"
  for (i = 1; i <= 60000; i++) {
    email = (i == 59000) ? "person" i "@@acme.example" : "person" i "@acme.example"
    printf "%s,Person,Number %d,HQ,notes of person %d with some words to make the row longer\n", email, i, i
  }
}' >"$WORK/people.csv"

# strip_volatile: the report without what differs between two runs by design
# (ids, times, digests of generated secrets) or by the threads used.
strip_volatile() {
  sed -E 's/"(job_id|id|created_at|check_threads|seconds|elapsed[a-z_]*)":("[^"]*"|[0-9.]+)//g' <<<"$1"
}

for threads in default 1; do
  DB="$WORK/$threads.db"
  init_org
  args=()
  [[ $threads == default ]] || args=(--threads "$threads")
  expect 1 "$ONBOARD" --db "$DB" "${args[@]}" --json import "$WORK/people.csv" --dry-run --max-rows 100000 \
    --max-bytes 50000000
  strip_volatile "$OUT" >"$WORK/preview-$threads.json"
  contains "$OUT" '"rows":60000'
  contains "$OUT" '"row":59001,"column":"Email"'
  expect 1 "$ONBOARD" --db "$DB" "${args[@]}" --json import "$WORK/people.csv" --mode valid-rows \
    --passwords none --max-rows 100000 --max-bytes 50000000
  contains "$OUT" '"created":59999'
  strip_volatile "$OUT" >"$WORK/run-$threads.json"
  expect 0 "$ONBOARD" --db "$DB" "${args[@]}" --json users list --search person59999@
  contains "$OUT" '"email":"person59999@acme.example"'
  strip_volatile "$OUT" >"$WORK/found-$threads.json"
done

CHECKS=$((CHECKS + 1))
for part in preview run found; do
  if ! cmp -s "$WORK/$part-default.json" "$WORK/$part-1.json"; then
    echo "FAIL: --threads 1 gave another $part than the default:"
    diff <(tr ',' '\n' <"$WORK/$part-default.json") <(tr ',' '\n' <"$WORK/$part-1.json") | head -20
    FAILURES=$((FAILURES + 1))
  fi
done

# 0, garbage and a missing number: a usage error that says what is wanted.
for bad in 0 -1 two 1.5 ""; do
  expect 2 ob --threads "$bad" users list
  contains "$ERR" "--threads needs a whole number of 1 or more"
done
expect 2 ob users list --threads
contains "$ERR" "--threads needs a value"
expect 0 ob --threads 2 --json users list
expect 0 ob help
contains "$OUT" "--threads N"

finish
