#!/usr/bin/env bash
# A 1,000,000-row file (about 70 MB) is read and checked in full: every row
# counted, the one planted mistake found with its row number, memory bounded
# by what is kept (no timing: speed is measured by `make bench`, not tested).
source "$(dirname "$0")/lib.sh" "$1"
ROWS=1000000
init_org --teams Alpha,Beta
/usr/bin/python3 - "$WORK/million.csv" "$ROWS" <<'PY'
import sys
path, rows = sys.argv[1], int(sys.argv[2])
with open(path, "w", newline="") as f:
    f.write("Full Name,Email,Role,Office,Team\r\n")
    for i in range(rows):
        email = f"person{i}@bulk.example" if i != 765432 else "person765432bulk.example"
        f.write(f"Person {i},{email},User,{'HQ' if i % 2 else 'London'},{'Alpha' if i % 3 else 'Beta'}\r\n")
PY
expect 1 ob --json import "$WORK/million.csv" --dry-run --max-rows 2000000 --max-bytes 200000000
contains "$OUT" "\"rows\":$ROWS"
contains "$OUT" "\"valid\":$((ROWS - 1))"
contains "$OUT" '"row":765434,"column":"Email"'
# The organization's default row limit (500) refuses the file with one clear error.
expect 1 ob --json import "$WORK/million.csv" --dry-run --max-bytes 200000000
contains "$OUT" 'limit.rows'
finish
