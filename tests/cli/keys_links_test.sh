#!/usr/bin/env bash
# 10-digit keys, pre-created users with 29-digit keys, documents and links, through the CLI.
source "$(dirname "$0")/lib.sh" "$1"
init_org --time-zone Europe/Berlin

reg() {  # reg KEY EMAIL NAME [more options]
  local key=$1 email=$2 name=$3; shift 3
  expect "$WANT" bash -c "echo '$GOOD_PW' | '$ONBOARD' --db '$DB' register --key '$key' --email '$email' --name '$name' --password-stdin $*"
}

# A 10-digit key, shown once, grouped.
expect 0 ob --json keys create --label "Front desk" --role User --team Sales --valid-until 2026-12-31 --uses 3
KEY=$(json key); KEY_ID=$(json id)
[[ ${#KEY} -ge 10 ]] && CHECKS=$((CHECKS + 1)) || { echo "FAIL: no key in $OUT"; FAILURES=$((FAILURES + 1)); }
DIGITS=${KEY//[^0-9]/}
contains "$OUT" '"valid_until":"2026-12-31T23:00:00Z"'   # midnight in Berlin
expect 1 ob keys create --role Wizard

WANT=0 reg "${DIGITS:0:5}-${DIGITS:5}" katherine@nasa.example "Katherine Johnson" --source 192.0.2.1
contains "$OUT" "Check the inbox of katherine@nasa.example"
# The account waits for the confirmation link mailed to the address.
expect 0 bash -c "echo '$GOOD_PW' | '$ONBOARD' --db '$DB' confirm --password-stdin -- '$(mail_link katherine@nasa.example)'"
contains "$OUT" "joined Acme as User"
# A typo is caught by the check digit; the wrong length and letters are explained.
LAST=${DIGITS:9:1}; TYPO="${DIGITS:0:9}$(( (LAST + 1) % 10 ))"
WANT=1 reg "$TYPO" dorothy@nasa.example "Dorothy Vaughan"
contains "$ERR" "typo"
WANT=1 reg "${DIGITS:0:9}" dorothy@nasa.example "Dorothy Vaughan"
contains "$ERR" "10 digits"
WANT=1 reg "1.23457E+09" dorothy@nasa.example "Dorothy Vaughan"
contains "$ERR" "spreadsheet"
# Role comes from the key, whatever the person sends. A member's email gets the
# same answer (the owner is told by mail) and spends a use like any address.
WANT=0 reg "$DIGITS" katherine@nasa.example "Katherine Again"
contains "$OUT" "Check the inbox of katherine@nasa.example"
WANT=0 reg "$DIGITS" dorothy@nasa.example "Dorothy Vaughan"
WANT=1 reg "$DIGITS" mary@nasa.example "Mary Jackson"             # all three uses spent
expect 0 ob keys list
contains "$OUT" "katherine@nasa.example"
contains "$OUT" "dorothy@nasa.example"

# After valid-until (midnight Berlin = 23:00Z) the key no longer works.
expect 0 ob --json keys create --label Late --valid-until 2026-12-31
LATE=$(json key)
ONBOARD_NOW=2026-12-31T22:59:59Z WANT=0 reg "$LATE" early@nasa.example "Early Bird"
ONBOARD_NOW=2026-12-31T23:00:00Z WANT=1 reg "$LATE" late@nasa.example "Late Comer"
contains "$ERR" "expired"
expect 0 ob keys revoke "$KEY_ID"

# A pre-created user: names locked, not activated, a 29-digit key shown once.
expect 0 ob --json users create --first Mary --last Jackson --role User --teams Sales --external-id E-7
KEY29=$(json key); MARY=$(json id)
expect 0 ob --json users list --status pending_activation
contains "$OUT" '"external_id":"E-7"'
contains "$OUT" '"name_locked":true'
expect 0 ob users documents --status pending_activation -o "$WORK/docs.pdf"
[[ "$(head -c 5 "$WORK/docs.pdf")" == "%PDF-" ]] && CHECKS=$((CHECKS + 1)) || { echo "FAIL: not a PDF"; FAILURES=$((FAILURES + 1)); }
expect 0 ob users documents --ids "$MARY" -o "$WORK/docs.html"
contains "$(cat "$WORK/docs.html")" "Mary Jackson"
# Resend to a corrected email rotates the key: the old one dies.
expect 0 ob --json users resend "$MARY" --email mary@nasa.example
NEW29=$(json key)
expect 1 bash -c "echo '$GOOD_PW' | '$ONBOARD' --db '$DB' register --key '$KEY29' --password-stdin"
expect 0 bash -c "echo '$GOOD_PW' | '$ONBOARD' --db '$DB' register --key '$NEW29' --password-stdin"
contains "$OUT" "Mary Jackson"
expect 0 ob --json users list --status active --search mary
contains "$OUT" '"first_name":"Mary"'

# Self-registration link: domains, the same answer for an existing email, a QR code.
expect 0 ob --json links create --label "Open day" --domains nasa.example --uses 5
LINK_TOKEN=$(json token); LINK_ID=$(json id)
contains "$OUT" '"url":"https://acme.example/join/'
expect 0 bash -c "echo '$GOOD_PW' | '$ONBOARD' --db '$DB' join --email annie@nasa.example --name 'Annie Easley' --password-stdin -- '$LINK_TOKEN'"
NEW_ANSWER=$OUT
expect 0 bash -c "echo '$GOOD_PW' | '$ONBOARD' --db '$DB' join --email katherine@nasa.example --name 'K J' --password-stdin -- '$LINK_TOKEN'"
[[ "${OUT//katherine/X}" == "${NEW_ANSWER//annie/X}" ]] && CHECKS=$((CHECKS + 1)) || { echo "FAIL: answers differ: $OUT / $NEW_ANSWER"; FAILURES=$((FAILURES + 1)); }
expect 1 bash -c "echo '$GOOD_PW' | '$ONBOARD' --db '$DB' join --email x@gmail.example --name 'X Y' --password-stdin -- '$LINK_TOKEN'"
expect 0 ob outbox list
contains "$OUT" "already_registered"
expect 0 ob links qr "$LINK_ID" -o "$WORK/join.svg"
contains "$(cat "$WORK/join.svg")" "<svg"
expect 0 ob links disable "$LINK_ID"
expect 1 bash -c "echo '$GOOD_PW' | '$ONBOARD' --db '$DB' join --email nancy@nasa.example --name 'Nancy Grace' --password-stdin -- '$LINK_TOKEN'"

# Suspend and delete.
expect 0 bash -c "echo '$GOOD_PW' | '$ONBOARD' --db '$DB' confirm --password-stdin -- '$(mail_link annie@nasa.example)'"
ANNIE=$("$ONBOARD" --db "$DB" --json users list --search annie | sed -n 's/.*"id":"\([^"]*\)".*/\1/p' | head -n1)
expect 0 ob users suspend "$ANNIE"
expect 1 bash -c "echo '$GOOD_PW' | '$ONBOARD' --db '$DB' login annie@nasa.example --password-stdin"
expect 0 ob users delete "$ANNIE"

# Secrets never in clear on disk.
ALL=$(cat "$DB"* 2>/dev/null | tr -d '\0')
lacks "$ALL" "$DIGITS"
lacks "$ALL" "$NEW29"
lacks "$ALL" "$LINK_TOKEN"
finish
