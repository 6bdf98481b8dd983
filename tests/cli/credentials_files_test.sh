#!/usr/bin/env bash
# Credentials files cannot be turned against their owner: a link or a file at
# the --credentials-out (or --annotated-out) path is refused unless --force,
# and then replaced, never followed; the result is 0600. When the file cannot
# be written, the sealed copy stays and `onboard import credentials` hands it
# out once; unclaimed, it expires.
source "$(dirname "$0")/lib.sh" "$1"
init_org
people() {  # people FIRST COUNT: a CSV of COUNT people
  echo "Full Name,Email"
  for i in $(seq "$1" $(($1 + $2 - 1))); do echo "Person $i,p$i@acme.example"; done
}
users() { sqlite3 "$DB" "SELECT count(*) FROM users;"; }
sealed() { sqlite3 "$DB" "SELECT count(*) FROM import_credentials;"; }
mode() { stat -c %a "$1"; }
umask 022

# A symbolic link to someone's 0644 file: refused before anything is imported.
people 1 2 >"$WORK/a.csv"
echo "someone's data" >"$WORK/target.txt"
chmod 644 "$WORK/target.txt"
ln -s "$WORK/target.txt" "$WORK/link.csv"
expect 1 ob import "$WORK/a.csv" --credentials-out "$WORK/link.csv"
contains "$ERR" "The file $WORK/link.csv already exists; choose another name or ask to replace it (--force)."
contains "$(cat "$WORK/target.txt")" "someone's data"
contains "$(mode "$WORK/target.txt")" "644"
contains "$(users)" "1"
# A dangling link, and a plain file, likewise.
ln -s "$WORK/nowhere.csv" "$WORK/dangling.csv"
expect 1 ob import "$WORK/a.csv" --credentials-out "$WORK/dangling.csv"
contains "$ERR" "already exists"
[[ ! -e "$WORK/nowhere.csv" ]] || { echo "FAIL: the dangling link's target was created"; FAILURES=$((FAILURES + 1)); }
echo "old" >"$WORK/existing.csv"
expect 1 ob import "$WORK/a.csv" --credentials-out "$WORK/existing.csv"
contains "$ERR" "already exists"
contains "$(cat "$WORK/existing.csv")" "old"
contains "$(users)" "1"

# --force: the link itself is replaced by a private file; its target is untouched.
expect 0 ob import "$WORK/a.csv" --credentials-out "$WORK/link.csv" --force
CHECKS=$((CHECKS + 1))
[[ ! -L "$WORK/link.csv" && -f "$WORK/link.csv" ]] || { echo "FAIL: the link was followed, not replaced"; FAILURES=$((FAILURES + 1)); }
contains "$(mode "$WORK/link.csv")" "600"
contains "$(cat "$WORK/link.csv")" "p1@acme.example"
contains "$(cat "$WORK/target.txt")" "someone's data"
lacks "$(cat "$WORK/target.txt")" "Password"
contains "$(mode "$WORK/target.txt")" "644"
# The file is written: the sealed copy is gone.
contains "$(sealed)" "0"
expect 0 ob --json import "$WORK/a.csv" --dry-run --existing skip
printf 'Full Name,Email\nUmask Zero,u0@acme.example\n' >"$WORK/u.csv"
expect 0 bash -c "umask 000; '$ONBOARD' --db '$DB' import '$WORK/u.csv' --credentials-out '$WORK/umask0.csv'"
contains "$(mode "$WORK/umask0.csv")" "600"

# The annotated file holds people's data: the same rules.
printf 'Full Name,Email\nBad Row,not-an-email\n' >"$WORK/bad.csv"
ln -s "$WORK/target.txt" "$WORK/annotated-link.csv"
expect 1 ob import "$WORK/bad.csv" --annotated-out "$WORK/annotated-link.csv"
contains "$ERR" "already exists"
expect 1 ob import "$WORK/bad.csv" --annotated-out "$WORK/annotated-link.csv" --force
CHECKS=$((CHECKS + 1))
[[ ! -L "$WORK/annotated-link.csv" ]] || { echo "FAIL: the annotated file went through a link"; FAILURES=$((FAILURES + 1)); }
contains "$(mode "$WORK/annotated-link.csv")" "600"
contains "$(cat "$WORK/annotated-link.csv")" "not-an-email"
contains "$(cat "$WORK/target.txt")" "someone's data"

# The file cannot be written (no such folder): the accounts exist, the sealed
# copy stays, and the command to get it is named.
people 10 3 >"$WORK/b.csv"
expect 3 ob import "$WORK/b.csv" --credentials-out "$WORK/missing/creds.csv"
contains "$ERR" "could not be created"
contains "$ERR" "get them with \`onboard import credentials "
JOB=$(sed -n 's/.*onboard import credentials \([^ ]*\) -o FILE.*/\1/p' <<<"$ERR")
contains "$(sealed)" "1"
contains "$(users)" "7"
# Handed out once, into a private file, never over an existing one.
expect 1 ob import credentials "$JOB" -o "$WORK/existing.csv"
contains "$ERR" "already exists"
contains "$(sealed)" "1"
expect 3 ob import credentials "$JOB" -o "$WORK/missing/creds.csv"
contains "$(sealed)" "1"  # a failed write loses nothing
expect 0 ob import credentials "$JOB" -o "$WORK/taken.csv"
contains "$OUT" "Wrote the credentials of 3 people"
contains "$(mode "$WORK/taken.csv")" "600"
contains "$(cat "$WORK/taken.csv")" "p12@acme.example"
PW=$(grep p10@acme.example "$WORK/taken.csv" | cut -d, -f5 | tr -d '"')
expect 1 bash -c "echo '$PW' | '$ONBOARD' --db '$DB' login p10@acme.example --password-stdin"
contains "$ERR" "must be changed"
contains "$(sealed)" "0"
expect 1 ob import credentials "$JOB" -o "$WORK/again.csv"
contains "$ERR" "The credentials of import $JOB were already handed out; they are given only once."
[[ ! -e "$WORK/again.csv" ]] || { echo "FAIL: a second hand-out wrote a file"; FAILURES=$((FAILURES + 1)); }
expect 1 ob import credentials "$JOB" -o "$WORK/again.csv" --force
expect 1 ob import credentials no-such-job -o "$WORK/again.csv"
contains "$ERR" "There is no import no-such-job in this organization."

# Unclaimed for 7 days: wiped, and the sentence says so.
people 20 2 >"$WORK/c.csv"
expect 3 ob import "$WORK/c.csv" --credentials-out "$WORK/missing/creds.csv"
JOB2=$(sed -n 's/.*onboard import credentials \([^ ]*\) -o FILE.*/\1/p' <<<"$ERR")
expect 1 env ONBOARD_NOW=2026-11-28T09:00:01Z "$ONBOARD" --db "$DB" import credentials "$JOB2" -o "$WORK/late.csv"
contains "$ERR" "expired unclaimed after 7 days and were wiped"
contains "$(sealed)" "0"
[[ ! -e "$WORK/late.csv" ]] || { echo "FAIL: expired credentials were written"; FAILURES=$((FAILURES + 1)); }

# Shown on the terminal instead of a file: shown once, then not kept.
people 30 1 >"$WORK/d.csv"
expect 0 ob import "$WORK/d.csv"
contains "$OUT" "Credentials (shown once):"
contains "$(sealed)" "0"
finish
