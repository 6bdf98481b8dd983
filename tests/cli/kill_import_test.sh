#!/usr/bin/env bash
# kill -9 in the middle of a large import: the database stays intact and holds
# all or none of the file; running the same file again then imports it all.
source "$(dirname "$0")/lib.sh" "$1"
ROWS=200000
init_org --teams Alpha,Beta,Gamma
/usr/bin/python3 - "$WORK/big.csv" "$ROWS" <<'PY'
import sys
path, rows = sys.argv[1], int(sys.argv[2])
roles = ["User", "Super User", "Manager", "Admin"]
with open(path, "w", newline="") as f:
    f.write("Full Name,Email,Role,Office,Team\r\n")
    for i in range(rows):
        f.write(f"Person {i},person{i}@bulk.example,{roles[i % 4]},{'HQ' if i % 2 else 'London'},{['Alpha', 'Beta', 'Gamma'][i % 3]}\r\n")
PY
users_count() { sqlite3 "$DB" "SELECT count(*) FROM users;"; }
BEFORE=$(users_count)

LIMITS="--max-rows 1000000 --max-bytes 100000000"
"$ONBOARD" --db "$DB" import "$WORK/big.csv" $LIMITS --credentials-out "$WORK/creds.csv" >/dev/null 2>&1 &
PID=$!
# Wait until the import is writing (the WAL grows), then kill it without warning.
for _ in $(seq 1 600); do
  size=$(stat -c %s "$DB-wal" 2>/dev/null || echo 0)
  [[ $size -gt 2000000 ]] && break
  kill -0 $PID 2>/dev/null || break
  sleep 0.05
done
if kill -9 $PID 2>/dev/null; then
  echo "killed the import mid-flight (WAL at $(stat -c %s "$DB-wal" 2>/dev/null) bytes)"
else
  echo "note: the import finished before the kill landed; checking all-or-none anyway"
fi
wait $PID 2>/dev/null

CHECKS=$((CHECKS + 1))
[[ "$(sqlite3 "$DB" 'PRAGMA integrity_check;')" == "ok" ]] || { echo "FAIL: integrity_check"; FAILURES=$((FAILURES + 1)); }
AFTER=$(users_count)
CHECKS=$((CHECKS + 1))
if [[ $AFTER -ne $BEFORE && $AFTER -ne $((BEFORE + ROWS)) ]]; then
  echo "FAIL: $AFTER users after the kill: neither none ($BEFORE) nor all ($((BEFORE + ROWS))) of the file"
  FAILURES=$((FAILURES + 1))
fi
# The same file again does the same thing: everything (or, if it had all landed, conflicts only).
if [[ $AFTER -eq $BEFORE ]]; then
  expect 0 ob --json import "$WORK/big.csv" $LIMITS --credentials-out "$WORK/creds2.csv"
  contains "$OUT" "\"created\":$ROWS"
else
  expect 0 ob --json import "$WORK/big.csv" $LIMITS --existing skip
  contains "$OUT" "\"skipped\":$ROWS"
fi
CHECKS=$((CHECKS + 1))
[[ $(users_count) -eq $((BEFORE + ROWS)) ]] || { echo "FAIL: $(users_count) users at the end"; FAILURES=$((FAILURES + 1)); }
finish
