#!/usr/bin/env bash
# The rough edges of issue #16: per-command help, full URLs where a token or
# key goes, one JSON shape for errors and lists, the spreadsheet sentence for
# a mangled key, times in the organization's time zone.
source "$(dirname "$0")/lib.sh" "$1"

# ---- help per command ----
expect 0 "$ONBOARD" import --help
contains "$OUT" "import"
lacks "$OUT" "--db PATH        the SQLite database"
lacks "$OUT" "invite EMAIL"
expect 0 "$ONBOARD" help users
contains "$OUT" "users edit ID|EMAIL"
lacks "$OUT" "invite EMAIL"
for command in init invite invitations accept keys users links join register login password outbox audit org orgs confirm import template; do
  expect 0 "$ONBOARD" "$command" --help
  contains "$OUT" "  $command"
done
expect 0 "$ONBOARD" --help
contains "$OUT" "--db PATH        the SQLite database"
expect 2 "$ONBOARD" help nosuchcommand

init_org --time-zone Europe/Berlin

# ---- --json: one shape for refusals and usage errors ----
expect 2 ob --json users list --bogus 1
contains "$OUT" '{"error":{"code":"usage","message":"unknown option --bogus"}}'
expect 2 ob --json
contains "$OUT" '"code":"usage"'
expect 1 ob --json users show nobody@example.com
contains "$OUT" '{"error":{"code":"not_found","message":"No one in Acme has the id, email or username'
contains "$OUT" '"detail_code":"user.unknown"'

# ---- one JSON shape for lists ----
expect 0 ob --json users list
contains "$OUT" '{"items":[{'
contains "$OUT" '"next_after":null}'
expect 0 ob users create --first Pre --last One
expect 0 ob --json users list --limit 1
contains "$OUT" '"next_after":"'
for list in "invitations list" "keys list" "links list" "outbox list" "audit" "orgs list"; do
  # shellcheck disable=SC2086
  expect 0 ob --json $list
  contains "$OUT" '{"items":['
  contains "$OUT" '"next_after":'
done

# ---- the full URL they printed ----
expect 0 ob --json invite ana@example.com
LINK=$(json link)
contains "$LINK" "https://acme.example/invite/"
expect 0 bash -c "echo '$GOOD_PW' | '$ONBOARD' --db '$DB' accept '$LINK' --name 'Ana Lima' --password-stdin"
contains "$OUT" "Welcome, Ana Lima"
expect 0 ob --json links create --label Door --uses 5
URL=$(json url)
contains "$URL" "https://acme.example/join/"
expect 0 bash -c "echo '$GOOD_PW' | '$ONBOARD' --db '$DB' join '$URL' --email bo@example.com --name 'Bo Ek' --password-stdin"
contains "$OUT" "Check the inbox of bo@example.com"
expect 0 ob --json keys create --label Desk --uses 5
DIGITS=$(json key); DIGITS=${DIGITS//[^0-9]/}
expect 0 bash -c "echo '$GOOD_PW' | '$ONBOARD' --db '$DB' register --key 'https://acme.example/register/$DIGITS' --email cy@example.com --name 'Cy Young' --password-stdin"
contains "$OUT" "Check the inbox of cy@example.com"

# ---- a key a spreadsheet turned into a number: the sentence, in every form ----
expect 1 ob register --key 2.90428E+28
contains "$ERR" "spreadsheet that turned it into a number (2.90428E+28)"
expect 1 ob register --key 2.90428E+28 --password-stdin
contains "$ERR" "spreadsheet"
expect 1 ob register --key 1.23457E+09 --email d@example.com
contains "$ERR" "spreadsheet"
expect 1 ob --json register --key 2.90428E+28
contains "$OUT" '"detail_code":"key.spreadsheet"'

# ---- a used 29-digit key says so ----
expect 0 ob --json users create --first Used --last Key --email used@example.com
KEY29=$(json key)
expect 0 bash -c "echo '$GOOD_PW' | '$ONBOARD' --db '$DB' register --key '$KEY29' --password-stdin"
expect 1 bash -c "echo '$GOOD_PW' | '$ONBOARD' --db '$DB' register --key '$KEY29' --password-stdin"
contains "$ERR" "This registration key has already been used; sign in instead."
lacks "$ERR" "replaced"

# ---- times in the organization's time zone (JSON keeps UTC) ----
expect 0 ob keys create --label Spring --valid-until 2027-03-31T22:00:00Z
contains "$OUT" "Valid until: 2027-04-01 00:00 +02:00"
expect 0 ob --json keys list
contains "$OUT" '"valid_until":"2027-03-31T22:00:00Z"'
expect 0 ob keys list
contains "$OUT" "until 2027-04-01 00:00 +02:00"
expect 0 ob invite winter@example.com
contains "$OUT" "Expires: 2026-11-28 10:00 +01:00"
expect 0 ob invitations list
contains "$OUT" "expires 2026-11-28 10:00 +01:00"

finish
