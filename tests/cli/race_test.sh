#!/usr/bin/env bash
# 50 processes accepting one invitation at once on one SQLite file: one account.
source "$(dirname "$0")/lib.sh" "$1"
init_org
expect 0 ob --json invite grace@navy.example
TOKEN=$(json token)
PROCS=50
for i in $(seq 1 $PROCS); do
  (echo "$GOOD_PW" | "$ONBOARD" --db "$DB" accept "$TOKEN" --name "Grace $i" --password-stdin >/dev/null 2>"$WORK/err.$i"
   echo $? >"$WORK/rc.$i") &
done
wait
OK=$(cat "$WORK"/rc.* | grep -c '^0$')
USED=$(cat "$WORK"/err.* | grep -c 'already been used')
CHECKS=$((CHECKS + 1))
[[ $OK -eq 1 ]] || { echo "FAIL: $OK processes succeeded"; cat "$WORK"/err.* | sort | uniq -c; FAILURES=$((FAILURES + 1)); }
CHECKS=$((CHECKS + 1))
[[ $USED -eq $((PROCS - 1)) ]] || { echo "FAIL: $USED processes were told the invitation was used"; cat "$WORK"/err.* | sort | uniq -c; FAILURES=$((FAILURES + 1)); }
expect 0 ob --json users list
CHECKS=$((CHECKS + 1))
[[ $(grep -o '"email":"grace@navy.example"' <<<"$OUT" | wc -l) -eq 1 ]] || { echo "FAIL: not exactly one account"; FAILURES=$((FAILURES + 1)); }
finish
