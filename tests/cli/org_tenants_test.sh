#!/usr/bin/env bash
# org show / org set, seats held by pending invitations, invitations by
# status, and tenants: several organizations in one database, picked with
# --org, each sealed from the others.
source "$(dirname "$0")/lib.sh" "$1"

init_org --seats 4
# ---- org show / org set ----
expect 0 ob org show
contains "$OUT" "seats:        4 (1 used, 0 reserved, 3 free)"
contains "$OUT" "teams:        Sales, Support"
expect 0 ob --json org show
contains "$OUT" '"seats":{"limit":4,"used":1,"not_activated":0,"pending_invitations":0,"pending_hold_seats":true,"reserved":0,"free":3}'
contains "$OUT" '"locale":"en"'

expect 0 ob --json invite ana@example.com --team Sales
TOKEN=$(json token)
expect 0 bash -c "echo '$GOOD_PW' | '$ONBOARD' --db '$DB' accept '$TOKEN' --name 'Ana Lima' --password-stdin"
expect 0 ob invite bob@example.com --team Sales
expect 0 ob users create --first Pre --last Created --teams Sales
# 4 seats: Ada and Ana use two, Bob's invitation and Pre's account hold two.
expect 0 ob org show
contains "$OUT" "seats:        4 (2 used, 2 reserved, 0 free)"
contains "$OUT" "reserved by:  1 pending invitation, 1 not yet activated"
expect 1 ob invite cy@example.com
contains "$ERR" "Acme has used all 4 of its seats (3 people (1 not yet activated), 1 pending invitation)."
expect 0 ob invitations list
contains "$OUT" "bob@example.com"
lacks "$OUT" "ana@example.com"
expect 0 ob invitations list --status accepted
contains "$OUT" "ana@example.com"
lacks "$OUT" "bob@example.com"
expect 0 ob --json invitations list --status all
contains "$OUT" "ana@example.com"
contains "$OUT" "bob@example.com"
expect 0 ob invitations list --status revoked
contains "$OUT" "No revoked invitations."
expect 2 ob invitations list --status open
contains "$ERR" "--status takes pending, accepted, expired, revoked or all"

# A team in use is not removed; the refusal says who uses it.
expect 1 ob org set --remove-team sales
contains "$ERR" "The team Sales is used by 2 people (e.g. ana@example.com) and 1 pending invitation; move them first."
# Renaming renames it for the people and the pending invitation.
expect 0 ob org set --rename-team Sales=Revenue --add-office Paris --seats 10 --invitation-days 3 \
  --time-zone Europe/Berlin --password-min-length 16 --locale de
contains "$OUT" "teams:        Revenue, Support"
contains "$OUT" "offices:      HQ, London, Paris (default HQ)"
contains "$OUT" "seats:        10 (2 used, 2 reserved, 6 free)"
contains "$OUT" "invitations:  valid 3 days"
contains "$OUT" "time zone:    Europe/Berlin"
contains "$OUT" "at least 16 characters"
contains "$OUT" "locale:       de"
expect 0 ob --json users list --team Revenue
contains "$OUT" "ana@example.com"
expect 0 ob --json invitations list
contains "$OUT" '"team":"Revenue"'
expect 0 ob --json audit --limit 200
contains "$OUT" '"action":"organization.updated"'
contains "$OUT" '"before":{"time_zone":"UTC","seat_limit":4'
contains "$OUT" '"after":{"time_zone":"Europe/Berlin","seat_limit":10'
expect 1 ob org set --remove-office HQ
contains "$ERR" "is the default office"
expect 0 ob org set --default-office paris --remove-team Support
contains "$OUT" "(default Paris)"
expect 1 ob org set --seats 2
contains "$ERR" "the limit cannot go below 4"
expect 0 ob org set --seats unlimited
contains "$OUT" "seats:        unlimited"
expect 1 ob org set --locale fr
contains "$ERR" "is not available; use en or de"
expect 2 ob org set --rename-team Revenue
expect 2 ob org set --bogus 1
# A Manager may not change the organization.
expect 0 ob --json invite max@example.com --role Manager
TOKEN=$(json token)
expect 0 bash -c "echo '$GOOD_PW' | '$ONBOARD' --db '$DB' accept '$TOKEN' --name 'Max Power' --password-stdin"
expect 1 ob --as max@example.com org set --seats 100
contains "$ERR" "does not allow you to"
expect 0 ob --as max@example.com org show

# ---- tenants ----
expect 0 ob orgs list
contains "$OUT" "Acme"
ACME_ID=$(cut -d' ' -f1 <<<"$OUT")
# Another init adds a second organization with its own administrator.
expect 0 bash -c "echo '$ADMIN_PW' | '$ONBOARD' --db '$DB' init --org Globex --admin-email hank@globex.example \
  --admin-name 'Hank Scorpio' --teams Doom --password-stdin"
contains "$OUT" "now holds 2 organizations"
expect 1 bash -c "echo '$ADMIN_PW' | '$ONBOARD' --db '$DB' init --org GLOBEX --admin-email x@globex.example \
  --admin-name 'X Y' --password-stdin"
contains "$ERR" "already holds the organization Globex"
# Another key file is refused, and none is created.
expect 3 bash -c "echo '$ADMIN_PW' | '$ONBOARD' --db '$DB' --key-file '$WORK/other.key' init --org Initech \
  --admin-email b@initech.example --admin-name 'Bill L' --password-stdin"
contains "$ERR" "is missing"
[[ ! -e "$WORK/other.key" ]] && CHECKS=$((CHECKS + 1)) || { echo "FAIL: other.key was created"; FAILURES=$((FAILURES + 1)); }
expect 0 ob --json orgs list
contains "$OUT" '"name":"Acme"'
contains "$OUT" '"name":"Globex"'
contains "$OUT" '"next_after":null'
# With two, every command needs --org, and says which there are.
expect 1 ob users list
contains "$ERR" "This database holds 2 organizations: Acme ($ACME_ID), Globex ("  # sorted by name
contains "$ERR" "pick one with --org NAME or --org ID"
expect 1 ob --org Initech users list
contains "$ERR" "There is no organization Initech in this database"
expect 0 ob --org "$ACME_ID" org show
contains "$OUT" "Acme ($ACME_ID)"
expect 0 ob --org globex --json invite gina@globex.example --team Doom
GLOBEX_INV=$(json id)
expect 0 ob --org Globex --json keys create --label door
GLOBEX_KEY=$(json id)
expect 0 ob --org Acme --json invitations list --status all
ACME_INV=$(sed 's/},{/}\n{/g' <<<"$OUT" | grep bob@ | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')

# Isolation: an administrator of one sees and acts on nothing of the other.
expect 0 ob --org Acme --json users list
lacks "$OUT" "hank@globex.example"
expect 0 ob --org Acme --json invitations list --status all
lacks "$OUT" "gina@globex.example"
expect 0 ob --org Acme --json keys list
lacks "$OUT" "$GLOBEX_KEY"
expect 1 ob --org Acme invitations revoke "$GLOBEX_INV"
expect 1 ob --org Acme invitations resend "$GLOBEX_INV"
lacks "$OUT" "globex"
expect 1 ob --org Acme keys revoke "$GLOBEX_KEY"
expect 1 ob --org Globex invitations revoke "$ACME_INV"
# Acme's administrator named for Globex is not a member there.
expect 1 ob --org Globex --as ada@acme.example invitations list
expect 1 ob --org Globex --as ada@acme.example org set --seats 1
expect 0 ob --org Globex --json invitations list
contains "$OUT" '"status":"pending"'
contains "$OUT" "gina@globex.example"
expect 0 ob --org Globex --json org show
contains "$OUT" '"teams":["Doom"]'
lacks "$OUT" "Revenue"
# A token of one organization is not valid in the other.
expect 0 ob --org Globex --json invite hal@globex.example
HAL_TOKEN=$(json token)
expect 1 bash -c "echo '$GOOD_PW' | '$ONBOARD' --db '$DB' --org Acme accept '$HAL_TOKEN' --name 'Hal X' --password-stdin"
expect 0 bash -c "echo '$GOOD_PW' | '$ONBOARD' --db '$DB' --org Globex accept '$HAL_TOKEN' --name 'Hal X' --password-stdin"
contains "$OUT" "joined Globex"
finish
