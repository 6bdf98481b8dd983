#!/usr/bin/env bash
# People: users show and users edit (rank rules, locked names, uniqueness,
# audit), sign-in by username, resend to a corrected address.
source "$(dirname "$0")/lib.sh" "$1"

init_org
expect 0 ob --json invite ana@example.com --team Sales
TOKEN=$(json token)
expect 0 bash -c "echo '$GOOD_PW' | '$ONBOARD' --db '$DB' accept '$TOKEN' --name 'Ana Lima' --password-stdin"
ANA=$(json id)

# ---- users show ----
expect 0 ob users show ana@example.com
contains "$OUT" "Ana Lima ("
contains "$OUT" "teams        Sales"
contains "$OUT" "username     (none)"
expect 0 ob --json users show ANA@example.com
contains "$OUT" '"email":"ana@example.com"'
lacks "$OUT" "argon2"
expect 1 ob users show nobody@example.com
contains "$ERR" 'No one in Acme has the id, email or username "nobody@example.com".'

# ---- users edit ----
expect 0 ob users edit ana@example.com --role Manager --teams Sales,Support --office London \
  --email ana.lima@example.com --username alima --external-id E-1 --first Ana --last "Lima Souza"
contains "$OUT" "Saved."
contains "$OUT" "Ana Lima Souza ("
contains "$OUT" "role         Manager"
contains "$OUT" "teams        Sales, Support"
contains "$OUT" "office       London"
contains "$OUT" "email        ana.lima@example.com"
contains "$OUT" "username     alima"
expect 0 ob --json audit --limit 500
contains "$OUT" '"action":"user.edited"'
contains "$OUT" '"role":{"before":"User","after":"Manager"}'
contains "$OUT" '"email":{"before":"ana@example.com","after":"ana.lima@example.com"}'
expect 0 ob --json users show alima
contains "$OUT" '"external_id":"E-1"'
expect 2 ob users edit alima
contains "$ERR" "users edit needs something to change"
expect 2 ob users edit alima --password x
expect 1 ob users edit alima --teams Nope
contains "$ERR" "There is no team called \"Nope\""
expect 1 ob users edit alima --office Mars
contains "$ERR" 'There is no office called "Mars"'

# Uniqueness: the refusal names what is taken.
expect 0 ob users create --first Pre --last Created --email pre@example.com
PRE_OUT=$OUT
PRE=$(sed -n 's/.*(\([^)]*\)) waits.*/\1/p' <<<"$PRE_OUT")
expect 1 ob users edit "$PRE" --email ANA.LIMA@example.com
contains "$ERR" "The email ANA.LIMA@example.com is already used by Ana Lima Souza"
expect 1 ob users edit "$PRE" --username ALima
contains "$ERR" "The username ALima is already used by Ana Lima Souza"
expect 1 ob users edit "$PRE" --external-id E-1
contains "$ERR" "The external id E-1 is already used by Ana Lima Souza"
# Locked names of a pre-created person.
expect 1 ob users edit "$PRE" --first Peter
contains "$ERR" "The name of Pre Created is locked"
expect 0 ob users edit "$PRE" --role Manager --office London
contains "$OUT" "(locked)"
# Nobody changes their own role; a Manager (no manage_users in this preset) edits nobody.
expect 1 ob users edit ada@acme.example --role User
contains "$ERR" "You cannot change your own role"
expect 1 ob --as ana.lima@example.com users edit ada@acme.example --office London
contains "$ERR" "does not allow you to"
expect 0 ob --json users show ada@acme.example
contains "$OUT" '"office":"HQ"'

# ---- sign-in by username or email ----
expect 0 bash -c "echo '$GOOD_PW' | '$ONBOARD' --db '$DB' login ALima --password-stdin"
contains "$OUT" "Signed in as Ana Lima Souza <ana.lima@example.com>."
expect 0 bash -c "echo '$GOOD_PW' | '$ONBOARD' --db '$DB' login ana.lima@example.com --password-stdin"
expect 1 bash -c "echo 'wrong password 1' | '$ONBOARD' --db '$DB' login alima --password-stdin"
WRONG=$ERR
expect 1 bash -c "echo '$GOOD_PW' | '$ONBOARD' --db '$DB' login nobody --password-stdin"
contains "$ERR" "The email or username, or the password, is not right."
contains "$WRONG" "$ERR"

# ---- resend to a corrected address ----
expect 0 ob users create --first Gus --last Typo --email gus@exmaple.com
GUS=$(sed -n 's/.*(\([^)]*\)) waits.*/\1/p' <<<"$OUT")
expect 0 ob users resend "$GUS" --email gus@example.com
expect 0 ob outbox list --state cancelled
contains "$OUT" "cancelled  registration_key  to gus@exmaple.com"
lacks "$OUT" "to gus@example.com"
expect 0 ob outbox claim --limit 100
contains "$OUT" "To: gus@example.com"
lacks "$OUT" "To: gus@exmaple.com"
expect 0 ob --json audit --limit 500
contains "$OUT" '"messages_cancelled":1'

finish
