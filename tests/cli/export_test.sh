#!/usr/bin/env bash
# onboard users export: the template's columns plus Status, a private file,
# and a file that imports back with --existing update as "nothing changed".
source "$(dirname "$0")/lib.sh" "$1"

init_org --teams Engineering,Sales
cat > "$WORK/people.csv" <<'CSV'
Full Name,Email,Username,Role,Office,Team,External ID,Phone,Address,Notes
Jürgen Müller,juergen@example.com,jm,Manager,London,Engineering; Sales,E-100,+49 30 1234,"Hauptstraße 1
Berlin",=SUM(A1:A2)
Zoë Ng,zoe@example.com,,User,HQ,Sales,-200,@zoe,,''=already quoted
CSV
expect 0 ob import "$WORK/people.csv" --credentials-out "$WORK/creds.csv"
expect 0 ob --json users list --search zoe
zoe=$(json id)
expect 0 ob users suspend "$zoe"
expect 0 ob users create --first Åsa --last Öberg --email asa@example.com --teams Engineering
expect 0 ob --json users list --limit 1000
before="$OUT"

# CSV: the headers the import maps, guarded formulas, no secret, mode 0600.
expect 0 ob users export -o "$WORK/people-out.csv"
contains "$OUT" "Wrote 4 people"
contains "$(stat -c %a "$WORK/people-out.csv")" "600"
csv=$(cat "$WORK/people-out.csv")
contains "$csv" '"Full Name","First name","Last name","Email","Username","Role","Office","Team","External ID","Phone"'
contains "$csv" '"Change password next time","Status"'
contains "$csv" '"suspended"'
contains "$csv" '"pending_activation"'
contains "$csv" "\"'=SUM(A1:A2)\""
contains "$csv" "\"''=already quoted\""
lacks "$csv" 'argon2'
lacks "$csv" 'Password"'
# Never over an existing file unless --force, never through a link.
expect 1 ob users export -o "$WORK/people-out.csv"
ln -s "$WORK/elsewhere" "$WORK/link.csv"
expect 1 ob users export -o "$WORK/link.csv"
[[ ! -e "$WORK/elsewhere" ]] || { echo "FAIL: the export followed a link"; FAILURES=$((FAILURES + 1)); }
expect 0 ob users export -o "$WORK/people-out.csv" --force

# Round trip: 0 new, 0 updated, every row unchanged, the users as before.
expect 0 ob import "$WORK/people-out.csv" --existing update --dry-run
contains "$OUT" "would create 0, update 0"
contains "$OUT" "Status"
expect 0 ob --json import "$WORK/people-out.csv" --existing update
contains "$OUT" '"created":0'
contains "$OUT" '"updated":0'
contains "$OUT" '"skipped":4'
expect 0 ob --json users list --limit 1000
[[ "$OUT" == "$before" ]] || { echo "FAIL: the CSV round trip changed users"; FAILURES=$((FAILURES + 1)); }

# XLSX: by the file name or --format; the same round trip.
expect 0 ob users export -o "$WORK/people-out.xlsx"
contains "$(stat -c %a "$WORK/people-out.xlsx")" "600"
expect 0 ob --json import "$WORK/people-out.xlsx" --existing update
contains "$OUT" '"created":0'
contains "$OUT" '"updated":0'
contains "$OUT" '"skipped":4'
expect 0 ob --json users list --limit 1000
[[ "$OUT" == "$before" ]] || { echo "FAIL: the XLSX round trip changed users"; FAILURES=$((FAILURES + 1)); }

# Filters as users list; an unknown team is refused, not an empty file.
expect 0 ob --json users export --status suspended --format csv -o "$WORK/suspended.csv"
contains "$OUT" '"users":1'
contains "$(cat "$WORK/suspended.csv")" "zoe@example.com"
lacks "$(cat "$WORK/suspended.csv")" "juergen@example.com"
expect 1 ob users export --team Nobody -o "$WORK/nobody.csv"
contains "$ERR" 'team'
expect 2 ob users export --format pdf -o "$WORK/x.pdf"
expect 2 ob users export

# HR sync: --existing update --missing suspend suspends who is not in the file, previewed first.
grep -v 'zoe@example.com' "$WORK/people-out.csv" | grep -v 'asa@example.com' > "$WORK/hr.csv"
expect 2 ob import "$WORK/hr.csv" --missing sometimes
expect 1 ob import "$WORK/hr.csv" --missing suspend
contains "$ERR" "--existing update"
expect 0 ob import "$WORK/hr.csv" --existing update --missing suspend --dry-run
contains "$OUT" "suspend "
contains "$OUT" "Åsa Öberg"
contains "$OUT" "not in the file"
contains "$OUT" "would create 0, update 0, skip 2, suspend 1"
expect 0 ob --json users list --search asa
contains "$OUT" '"status":"pending_activation"'
expect 0 ob import "$WORK/hr.csv" --existing update --missing suspend
contains "$OUT" "1 suspended (not in the file)"
contains "$OUT" "Suspended Åsa Öberg (asa@example.com)"
expect 0 ob --json users list --search asa
contains "$OUT" '"status":"suspended"'
expect 0 ob --json users list --search ada
contains "$OUT" '"status":"active"'

finish
