#!/usr/bin/env bash
# onboard keys edit: a 10-digit key's role, team, end and uses change; its digits stay.
source "$(dirname "$0")/lib.sh" "$1"
init_org --time-zone Europe/Berlin

reg() {  # reg KEY EMAIL NAME: registers with a key, expecting exit $WANT
  expect "$WANT" bash -c "echo '$GOOD_PW' | '$ONBOARD' --db '$DB' register --key '$1' --email '$2' --name '$3' --password-stdin"
}

expect 0 ob --json keys create --label "Front desk" --role User --valid-until 2026-11-30 --uses 2
KEY=$(json key); KEY_ID=$(json id)
DIGITS=${KEY//[^0-9]/}
WANT=0 reg "$DIGITS" one@nasa.example "One Person"

# Role, team, end and uses change in one edit; the same digits keep working.
expect 0 ob keys edit "$KEY_ID" --role Manager --team Sales --valid-until 2026-12-31 --uses 5
contains "$OUT" "for Manager"
contains "$OUT" "team Sales"
contains "$OUT" "Uses: 1 of 5"
contains "$OUT" "the digits stay"
lacks "$OUT" "$DIGITS"
expect 0 ob --json keys edit "$KEY_ID" --valid-until never --uses unlimited
contains "$OUT" '"role":"Manager"'
contains "$OUT" '"valid_until":null'
lacks "$OUT" "$DIGITS"
WANT=0 reg "$DIGITS" two@nasa.example "Two Person"
expect 0 ob --json users list --search two@nasa.example
contains "$OUT" '"role":"Manager"'

# The rules of create, and a limit not below the uses so far.
expect 1 ob keys edit "$KEY_ID" --uses 1
contains "$ERR" "already had"
expect 1 ob keys edit "$KEY_ID" --role Wizard
contains "$ERR" "Wizard"
expect 1 ob keys edit "$KEY_ID" --valid-until 2020-01-01
expect 1 ob keys edit no-such-key --uses 3
# A revoked key is not edited back to life.
expect 0 ob keys revoke "$KEY_ID"
expect 1 ob keys edit "$KEY_ID" --uses unlimited
contains "$ERR" "create a new one"
# The audit trail has the edit, never the digits.
expect 0 ob audit
contains "$OUT" "key.edited"
lacks "$OUT" "$DIGITS"
finish
