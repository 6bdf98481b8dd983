#!/usr/bin/env bash
# invite -> outbox -> accept -> sign in -> list, through the CLI.
source "$(dirname "$0")/lib.sh" "$1"

expect 2 ob
expect 2 ob frobnicate
expect 1 ob users list                       # no database yet
contains "$ERR" "onboard init"
init_org
# A second organization of the same name is refused (another name adds a tenant: org_tenants_test.sh).
expect 1 bash -c "echo x | '$ONBOARD' --db '$DB' init --org ACME --admin-email b@acme.example --admin-name B --password-stdin"
contains "$ERR" "already holds the organization Acme"
[[ "$(stat -c %a "$DB.key")" == 600 ]] && CHECKS=$((CHECKS + 1)) || { echo "FAIL: key file mode"; FAILURES=$((FAILURES + 1)); }

expect 0 ob --json invite grace@navy.example --role Manager --team Sales
TOKEN=$(json token); INV=$(json id)
contains "$OUT" '"link":"https://acme.example/invite/'
contains "$OUT" '"expires_at":"2026-11-28T09:00:00Z"'
expect 1 ob invite Grace@NAVY.example
contains "$ERR" "pending invitation"
expect 1 ob invite 'a@x.com,b@y.com'
expect 1 ob invite alan@bletchley.example --role Wizard
expect 2 ob invite alan@bletchley.example --colour blue

expect 0 ob outbox list
contains "$OUT" "grace@navy.example"
lacks "$OUT" "$TOKEN"
expect 0 ob outbox claim
contains "$OUT" "https://acme.example/invite/$TOKEN"

# Expiry at TTL - 1 s works; checked on a second invitation at TTL.
expect 0 ob --json invite alan@bletchley.example
ALAN=$(json token)
ONBOARD_NOW=2026-11-28T09:00:00Z expect 1 bash -c "echo '$GOOD_PW' | '$ONBOARD' --db '$DB' accept '$ALAN' --name 'Alan Turing' --password-stdin"
contains "$ERR" "expired"
ONBOARD_NOW=2026-11-28T08:59:59Z expect 0 bash -c "echo '$GOOD_PW' | '$ONBOARD' --db '$DB' accept '$TOKEN' --name 'Grace Hopper' --password-stdin"
contains "$OUT" "joined Acme as Manager"
expect 1 bash -c "echo '$GOOD_PW' | '$ONBOARD' --db '$DB' accept '$TOKEN' --name 'Grace Hopper' --password-stdin"
contains "$ERR" "already been used"

expect 0 bash -c "echo '$GOOD_PW' | '$ONBOARD' --db '$DB' login grace@navy.example --password-stdin"
expect 1 bash -c "echo 'nope nope nope nope' | '$ONBOARD' --db '$DB' login grace@navy.example --password-stdin"

# A manager cannot grant Admin.
expect 1 ob --as grace@navy.example invite x@navy.example --role Admin
contains "$ERR" "ranks above your own"

# Resend kills the old link.
expect 0 ob --json invitations list --status all
contains "$OUT" '"status":"accepted"'
ALAN_ID=$(sed 's/},{/}\n{/g' <<<"$OUT" | grep alan@ | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
expect 0 ob --json invitations resend "$ALAN_ID"
NEW=$(json token)
expect 1 bash -c "echo '$GOOD_PW' | '$ONBOARD' --db '$DB' accept '$ALAN' --name 'Alan Turing' --password-stdin"
expect 0 ob invitations revoke "$ALAN_ID"
expect 1 bash -c "echo '$GOOD_PW' | '$ONBOARD' --db '$DB' accept '$NEW' --name 'Alan Turing' --password-stdin"
contains "$ERR" "withdrawn"

expect 0 ob --json users list
contains "$OUT" '"email":"grace@navy.example"'
contains "$OUT" '"teams":["Sales"]'
lacks "$OUT" "password_hash"
expect 0 ob audit
contains "$OUT" "invitation.accepted"

# No secret in clear on disk.
ALL=$(cat "$DB"* 2>/dev/null | tr -d '\0')
lacks "$ALL" "$TOKEN"
lacks "$ALL" "$NEW"
lacks "$ALL" "$GOOD_PW"
lacks "$ALL" "$ADMIN_PW"
finish
