#!/usr/bin/env bash
# kill -9 at many points of a 200,000-row import with generated passwords,
# from the first rows read to after the credentials file is on disk. After
# each kill: the database passes integrity_check and holds all or none of the
# file; when it holds all, the passwords are not lost: the credentials file
# the CLI wrote is complete, or `onboard import credentials JOB_ID` hands
# them out (once), and they are exactly the passwords of those accounts.
source "$(dirname "$0")/lib.sh" "$1"
ROWS=${KILL_ROWS:-200000}
START=$SECONDS
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
cp "$DB" "$WORK/base.db"
BEFORE=$(sqlite3 "$DB" "SELECT count(*) FROM users;")
LIMITS="--max-rows 1000000 --max-bytes 100000000"

check() {  # check CONDITION MESSAGE
  CHECKS=$((CHECKS + 1))
  if ! eval "$1"; then echo "FAIL ($POINT): $2"; FAILURES=$((FAILURES + 1)); fi
}

# Checks a credentials CSV: the header, one line per row of the file in row
# order with that row's email, and ROWS distinct passwords of 20 characters
# or more. Prints three "email password" lines to sign in with.
verify_csv() {
  /usr/bin/python3 - "$1" "$ROWS" <<'PY'
import csv, sys
path, rows = sys.argv[1], int(sys.argv[2])
with open(path, newline="", encoding="utf-8-sig") as f:
    table = list(csv.reader(f))
assert table[0] == ["Row", "Email", "Username", "Name", "Password", "Activation key"], table[0]
body = table[1:]
assert len(body) == rows, f"{len(body)} credentials for {rows} rows"
for i, line in enumerate(body):
    assert line[0] == str(i + 2) and line[1] == f"person{i}@bulk.example", f"line {i + 2}: {line[:2]}"
passwords = {line[4] for line in body}
assert len(passwords) == rows, "passwords repeat"
assert min(len(p) for p in passwords) >= 20, "a short password"
for i in (0, rows // 2, rows - 1):
    print(body[i][1], body[i][4])
PY
}

# A password signs in when the CLI asks for a new one (generated passwords
# must be changed); a wrong one is refused with another sentence.
signs_in() {  # signs_in EMAIL PASSWORD
  local said
  said=$(echo "$2" | ob login "$1" --password-stdin 2>&1)
  [[ $said == *"must be changed"* ]]
}

# One run: a fresh copy of the database, the import in the background, then
# `kill -9` when WAIT_FOR (a shell condition, polled) holds or after DELAY s.
trial() {  # trial NAME DELAY [WAIT_FOR]
  POINT=$1
  local delay=$2 wait_for=${3:-}
  rm -f "$DB" "$DB-wal" "$DB-shm"
  cp "$WORK/base.db" "$DB"
  OUTDIR="$WORK/out-$POINT"
  mkdir -p "$OUTDIR"
  local began
  began=$(date +%s.%N)
  "$ONBOARD" --db "$DB" import "$WORK/big.csv" $LIMITS --credentials-out "$OUTDIR/creds.csv" >"$OUTDIR/stdout" 2>&1 &
  local pid=$! killed=no
  if [[ -n $wait_for ]]; then
    while kill -0 $pid 2>/dev/null; do
      if eval "$wait_for"; then kill -9 $pid 2>/dev/null && killed=yes; break; fi
    done
  else
    sleep "$delay"
    kill -9 $pid 2>/dev/null && killed=yes
  fi
  wait $pid 2>/dev/null
  LAST_RUN=$(/usr/bin/python3 -c "print(round($(date +%s.%N) - $began, 3))")

  check '[[ "$(sqlite3 "$DB" "PRAGMA integrity_check;")" == ok ]]' "integrity_check"
  local users jobs sealed
  users=$(sqlite3 "$DB" "SELECT count(*) FROM users;")
  jobs=$(sqlite3 "$DB" "SELECT count(*) FROM import_jobs;")
  sealed=$(sqlite3 "$DB" "SELECT count(*) FROM import_credentials;")
  if [[ $users -eq $BEFORE ]]; then
    echo "$POINT: killed=$killed, nothing imported"
    check '[[ $jobs -eq 0 && $sealed -eq 0 ]]' "no accounts, yet $jobs jobs and $sealed sealed parts"
    check '[[ ! -e $OUTDIR/creds.csv ]]' "no accounts, yet a credentials file"
    return
  fi
  check '[[ $users -eq $((BEFORE + ROWS)) && $jobs -eq 1 ]]' "$users users and $jobs jobs: neither none nor all"
  local job
  job=$(sqlite3 "$DB" "SELECT id FROM import_jobs;")
  local wrote=no
  if [[ -e $OUTDIR/creds.csv ]]; then
    wrote=yes
    check '[[ $(stat -c %a "$OUTDIR/creds.csv") == 600 ]]' "the CLI's credentials file is not 0600"
    check 'verify_csv "$OUTDIR/creds.csv" >/dev/null' "the CLI's credentials file is not complete"
  fi
  echo "$POINT: killed=$killed, all imported, file written: $wrote, sealed parts left: $sealed"
  expect_taken=0
  [[ $sealed -eq 0 ]] && expect_taken=1
  # Without a file, the sealed copy must be there: nothing is lost.
  check '[[ $wrote == yes || $sealed -gt 0 ]]' "no credentials file and no sealed copy: the passwords are lost"
  expect $expect_taken ob import credentials "$job" -o "$OUTDIR/taken.csv"
  if [[ $sealed -gt 0 ]]; then
    local samples
    samples=$(verify_csv "$OUTDIR/taken.csv")
    check '[[ -n $samples ]]' "the handed-out credentials are not those of the $ROWS accounts"
    check '[[ $(stat -c %a "$OUTDIR/taken.csv") == 600 ]]' "the handed-out file is not 0600"
    [[ $wrote == yes ]] && check 'cmp -s "$OUTDIR/creds.csv" "$OUTDIR/taken.csv"' "the two copies differ"
    while read -r email password; do
      check 'signs_in "$email" "$password"' "$email does not sign in with the password handed out"
    done <<<"$samples"
    check '! signs_in "person0@bulk.example" "abcdefghijkmnpqrstuvw"' "a wrong password signs in"
    # Once: the second call says so.
    expect 1 ob import credentials "$job" -o "$OUTDIR/again.csv"
  fi
  contains "$ERR" "were already handed out; they are given only once."
  check '[[ ! -e $OUTDIR/again.csv ]]' "a second hand-out wrote a file"
}

# A run to the end first: its length spreads the timed points over the run.
trial complete 0 'false'
RUN=$LAST_RUN
echo "a whole import (CLI start to exit) takes ${RUN}s here"
for f in 0.05 0.15 0.25 0.35 0.45 0.55 0.65 0.75; do
  trial "at-$f" "$(/usr/bin/python3 -c "print(round($RUN * $f, 3))")"
done
# Just after the commit (the job is there), before the file is written.
trial after-commit 0 '[[ $(sqlite3 "$DB" "SELECT count(*) FROM import_jobs;" 2>/dev/null) == 1 ]]'
# While the credentials file is being written (its private temporary exists).
trial writing-file 0 'compgen -G "$OUTDIR/creds.csv.tmp-*" >/dev/null'
# Right after the file took its name, before the sealed copy is discarded.
trial file-written 0 '[[ -e $OUTDIR/creds.csv ]]'
echo "kill_credentials_test: $((SECONDS - START)) s"
finish
