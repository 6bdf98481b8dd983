#!/usr/bin/env bash
# Issue #13, attack 1, through the CLI: a Manager tries to make themselves
# Admin by editing an Admin's self-registration link to last forever and
# drawing its QR code; a Super User tries to revoke or resend an Admin's key
# and invitation. Every operation on a grant above the caller's rank is
# refused with a sentence naming the role (exit 1), and the same operations
# on grants at or below the caller's rank still work.
source "$(dirname "$0")/lib.sh" "$1"
init_org

member() {  # member EMAIL ROLE NAME: invited by the administrator, accepted
  expect 0 ob --json invite "$1" --role "$2"
  local token; token=$(json token)
  expect 0 bash -c "echo '$GOOD_PW' | '$ONBOARD' --db '$DB' accept '$token' --name '$3' --password-stdin"
  contains "$OUT" "as $2"
}
member max@acme.example Manager "Max Manager"
member sue@acme.example "Super User" "Sue Super"
MAX=(ob --as max@acme.example)
SUE=(ob --as sue@acme.example)

# ---- self-registration links: the attack ----
expect 0 ob --json links create --label "Admins" --role Admin --expires 2026-12-31 --uses 1
ADMIN_LINK=$(json id)
expect 1 "${MAX[@]}" links edit "$ADMIN_LINK" --expires never --uses unlimited
contains "$ERR" "You cannot edit this link: it grants the role Admin, which ranks above your own role Manager."
expect 1 "${MAX[@]}" links qr "$ADMIN_LINK" -o "$WORK/a.svg"
contains "$ERR" "You cannot show the QR code of this link: it grants the role Admin"
[[ ! -e "$WORK/a.svg" ]] && CHECKS=$((CHECKS + 1)) || { echo "FAIL: a QR code was written"; FAILURES=$((FAILURES + 1)); }
expect 1 "${MAX[@]}" links disable "$ADMIN_LINK"
contains "$ERR" "switch off this link: it grants the role Admin"
expect 1 "${MAX[@]}" links enable "$ADMIN_LINK"
contains "$ERR" "switch on this link: it grants the role Admin"
# The Admin link is as the Admin left it: one use, an end.
expect 0 ob --json links list
contains "$OUT" '"max_uses":1'
contains "$OUT" '"expires_at":"2027-01-01T00:00:00Z"'   # the next midnight, UTC

# A Manager's own link, and raising it to Admin.
expect 0 "${MAX[@]}" --json links create --label "Managers" --role Manager --expires 2026-12-31 --uses 1
MANAGER_LINK=$(json id); MANAGER_TOKEN=$(json token)
expect 1 "${MAX[@]}" links edit "$MANAGER_LINK" --role Admin
contains "$ERR" "You cannot give this link the role Admin, which ranks above your own role Manager."
expect 0 "${MAX[@]}" links edit "$MANAGER_LINK" --expires never --uses unlimited
contains "$OUT" "expires never"
expect 0 "${MAX[@]}" links qr "$MANAGER_LINK" -o "$WORK/m.svg"
contains "$(cat "$WORK/m.svg")" "<svg"
expect 0 "${MAX[@]}" links disable "$MANAGER_LINK"
expect 0 "${MAX[@]}" links enable "$MANAGER_LINK"
# The link the Manager may hand out makes Managers, not Admins.
expect 0 bash -c "echo '$GOOD_PW' | '$ONBOARD' --db '$DB' join --email newbie@acme.example --name 'New Bie' --password-stdin -- '$MANAGER_TOKEN'"
expect 0 ob --json users list --search newbie
contains "$OUT" '"role":"Manager"'
# The Admin may still do everything to the Admin link.
expect 0 ob links qr "$ADMIN_LINK" -o "$WORK/admin.svg"
expect 0 ob links disable "$ADMIN_LINK"

# ---- 10-digit keys ----
expect 0 ob --json keys create --label "Admins" --role Admin
ADMIN_KEY=$(json id)
expect 0 ob --json keys create --label "Users" --role User
USER_KEY=$(json id)
expect 1 "${SUE[@]}" keys revoke "$ADMIN_KEY"
contains "$ERR" "You cannot revoke this key: it grants the role Admin, which ranks above your own role Super User."
expect 0 "${SUE[@]}" keys revoke "$USER_KEY"
expect 0 ob --json keys list
contains "$(sed 's/},{/}\n{/g' <<<"$OUT" | grep "\"id\":\"$ADMIN_KEY\"")" '"status":"active"'

# ---- invitations ----
expect 0 ob --json invite boss@acme.example --role Admin
ADMIN_INV=$(json id)
expect 0 ob --json invite peer@acme.example --role "Super User"
PEER_INV=$(json id)
expect 1 "${SUE[@]}" invitations revoke "$ADMIN_INV"
contains "$ERR" "You cannot revoke this invitation: it grants the role Admin, which ranks above your own role Super User."
expect 1 "${SUE[@]}" --json invitations resend "$ADMIN_INV"
contains "$ERR" "You cannot resend this invitation: it grants the role Admin"
lacks "$OUT" "token"
expect 0 "${SUE[@]}" --json invitations resend "$PEER_INV"
contains "$OUT" '"token":"'
expect 0 "${SUE[@]}" invitations revoke "$PEER_INV"
expect 0 ob --json invitations list
contains "$(sed 's/},{/}\n{/g' <<<"$OUT" | grep boss@)" '"status":"pending"'

# ---- pre-created users: documents and resend ----
expect 0 ob --json users create --first Big --last Boss --role Admin
BOSS=$(json id)
expect 0 ob --json users create --first Mid --last Level --role Manager
MID=$(json id)
expect 1 "${MAX[@]}" users documents --ids "$BOSS" -o "$WORK/boss.html"
contains "$ERR" "You cannot print the registration key of this user: their role Admin ranks above your own role Manager."
[[ ! -e "$WORK/boss.html" ]] && CHECKS=$((CHECKS + 1)) || { echo "FAIL: a document was written"; FAILURES=$((FAILURES + 1)); }
expect 1 "${MAX[@]}" users resend "$BOSS" --email max-private@acme.example
contains "$ERR" "You cannot send a new registration key to this user: their role Admin ranks above your own role Manager."
expect 0 "${MAX[@]}" users documents --ids "$MID" -o "$WORK/mid.html"
contains "$(cat "$WORK/mid.html")" "Mid Level"
# Everyone waiting: the Manager's file leaves the Admin out.
expect 0 "${MAX[@]}" users documents -o "$WORK/all.html"
lacks "$(cat "$WORK/all.html")" "Big Boss"
expect 0 "${MAX[@]}" users resend "$MID"
# The Admin's user still waits with no email of the Manager's.
expect 0 ob --json users list --search boss
lacks "$OUT" "max-private"
contains "$OUT" '"status":"pending_activation"'
finish
