#!/usr/bin/env bash
# Self-registration proven by the mailbox (issue #13, attack 2), through the
# CLI: someone takes ceo@acme.example with a link before the CEO does.
source "$(dirname "$0")/lib.sh" "$1"
init_org
SQUAT_PW='squatter chose this password 77'

join() {  # join EMAIL PASSWORD [more options]: registers through $LINK_TOKEN
  local email=$1 pw=$2; shift 2
  expect 0 bash -c "echo '$pw' | '$ONBOARD' --db '$DB' join --email '$email' --name 'Some One' --password-stdin $* -- '$LINK_TOKEN'"
}
register() {  # register EMAIL PASSWORD [more options]: registers with the 10-digit $KEY
  local email=$1 pw=$2; shift 2
  expect 0 bash -c "echo '$pw' | '$ONBOARD' --db '$DB' register --key '$KEY' --email '$email' --name 'Some One' --password-stdin $*"
}
confirm() {  # confirm WANT LINK PASSWORD [more options]: confirms with the password on stdin
  local want=$1 link=$2 pw=$3; shift 3
  expect "$want" bash -c "echo '$pw' | '$ONBOARD' --db '$DB' confirm --password-stdin $* -- '$link'"
}
login() {  # login EMAIL PASSWORD: keeps the answer in $OUT and $ERR
  local email=$1 pw=$2 want=${3:-1}
  expect "$want" bash -c "echo '$pw' | '$ONBOARD' --db '$DB' login '$email' --password-stdin"
}

expect 0 ob --json links create --label "Open day"
LINK_TOKEN=$(json token)
expect 0 ob --json keys create --label "Front desk"
KEY=$(json key)

# A wrong password's answer, to compare with.
login ada@acme.example 'not the admin password at all'
WRONG_PASSWORD="$ERR"

# 1. The squatter joins with the CEO's address: the same answer as any join,
#    and signing in with the password just chosen fails like a wrong password.
join ceo@acme.example "$SQUAT_PW"
SQUAT_ANSWER=$OUT
contains "$OUT" "Check the inbox of ceo@acme.example"
login ceo@acme.example "$SQUAT_PW"
[[ "$ERR" == "$WRONG_PASSWORD" ]] && CHECKS=$((CHECKS + 1)) || { echo "FAIL: squatter's login answer differs: $ERR / $WRONG_PASSWORD"; FAILURES=$((FAILURES + 1)); }
expect 0 ob --json users list --status pending_verification
contains "$OUT" '"email":"ceo@acme.example"'
SQUAT_LINK=$(mail_link ceo@acme.example)
contains "$SQUAT_LINK" "https://acme.example/confirm/"

# 2. Join then login does not tell whether an address was free, a member's or
#    waiting for a confirmation: the answers are the same, the logins too.
join free@acme.example "$SQUAT_PW"
FREE_ANSWER=$OUT
login free@acme.example "$SQUAT_PW"
FREE_LOGIN=$ERR
join ada@acme.example "$SQUAT_PW"                  # a member's address
TAKEN_ANSWER=$OUT
login ada@acme.example "$SQUAT_PW"
TAKEN_LOGIN=$ERR
[[ "${FREE_ANSWER//free/X}" == "${TAKEN_ANSWER//ada/X}" && "${FREE_ANSWER//free/X}" == "${SQUAT_ANSWER//ceo/X}" ]] \
  && CHECKS=$((CHECKS + 1)) || { echo "FAIL: join answers differ: $FREE_ANSWER / $TAKEN_ANSWER / $SQUAT_ANSWER"; FAILURES=$((FAILURES + 1)); }
[[ "$FREE_LOGIN" == "$TAKEN_LOGIN" && "$FREE_LOGIN" == "$WRONG_PASSWORD" ]] \
  && CHECKS=$((CHECKS + 1)) || { echo "FAIL: login answers differ: $FREE_LOGIN / $TAKEN_LOGIN"; FAILURES=$((FAILURES + 1)); }
# With a key too: free, a member's and pending addresses get one answer.
register free-key@acme.example "$SQUAT_PW"
KEY_FREE=$OUT
register ada@acme.example "$SQUAT_PW"
KEY_TAKEN=$OUT
register free@acme.example "$SQUAT_PW"              # pending since the join above
KEY_PENDING=$OUT
[[ "${KEY_FREE//free-key/X}" == "${KEY_TAKEN//ada/X}" && "${KEY_TAKEN//ada/X}" == "${KEY_PENDING//free/X}" ]] \
  && CHECKS=$((CHECKS + 1)) || { echo "FAIL: register answers differ: $KEY_FREE / $KEY_TAKEN / $KEY_PENDING"; FAILURES=$((FAILURES + 1)); }
# What differs went to the mailboxes: the owner was told, her password is hers.
expect 0 ob outbox list
contains "$OUT" "already_registered  to ada@acme.example"
login ada@acme.example "$ADMIN_PW" 0

# 2b. The real CEO, puzzled by the mail, opens the squatter's link and types
#     their own password: refused with a sentence, the link stays unused, and
#     neither password signs in. Confirming never takes a password on the
#     command line, and --inspect needs none.
confirm 1 "$SQUAT_LINK" "$GOOD_PW" --source 198.51.100.7
contains "$ERR" "The password is not the one chosen when registering; if you did not register, ignore the mail and the claim lapses."
expect 2 ob confirm "$SQUAT_LINK"
contains "$ERR" "--password-stdin"
expect 0 ob confirm --inspect "$SQUAT_LINK"
contains "$OUT" "confirms ceo@acme.example"
expect 0 ob --json users list --status pending_verification
contains "$OUT" '"email":"ceo@acme.example"'
login ceo@acme.example "$SQUAT_PW"
login ceo@acme.example "$GOOD_PW"

# 3. The real CEO registers later (with the key): a fresh link, confirmed, signed in.
register ceo@acme.example "$GOOD_PW"
CEO_LINK=$(mail_link ceo@acme.example)
[[ -n "$CEO_LINK" && "$CEO_LINK" != "$SQUAT_LINK" ]] && CHECKS=$((CHECKS + 1)) || { echo "FAIL: no fresh link for the CEO"; FAILURES=$((FAILURES + 1)); }
# The squatter's link is dead, for reading and for confirming.
confirm 1 "$SQUAT_LINK" "$SQUAT_PW"
contains "$ERR" "not valid"
expect 1 ob confirm --inspect "$SQUAT_LINK"
# Reading the CEO's link (a mail scanner) does not use it.
expect 0 ob confirm --inspect "$CEO_LINK"
contains "$OUT" "confirms ceo@acme.example"
expect 0 ob confirm --inspect "$CEO_LINK"
# The whole URL or only its token both work; the link works once.
confirm 0 "${CEO_LINK##*/}" "$GOOD_PW"
contains "$OUT" "is confirmed and joined Acme"
confirm 1 "$CEO_LINK" "$GOOD_PW"
contains "$ERR" "already used"
login ceo@acme.example "$GOOD_PW" 0
login ceo@acme.example "$SQUAT_PW"
confirm 1 "$SQUAT_LINK" "$SQUAT_PW"
# Now a member's: a new join by the squatter only tells the CEO.
join ceo@acme.example "$SQUAT_PW"
[[ "${OUT}" == "${SQUAT_ANSWER}" ]] && CHECKS=$((CHECKS + 1)) || { echo "FAIL: answer changed: $OUT"; FAILURES=$((FAILURES + 1)); }
login ceo@acme.example "$GOOD_PW" 0

# 4. A confirmation link expires after 24 hours (ONBOARD_NOW pins the clock).
ONBOARD_NOW=2026-11-21T10:00:00Z join late@acme.example "$GOOD_PW"
ONBOARD_NOW=2026-11-21T10:00:00Z join early@acme.example "$GOOD_PW"
LATE_LINK=$(mail_link late@acme.example)
EARLY_LINK=$(mail_link early@acme.example)
ONBOARD_NOW=2026-11-22T09:59:59Z confirm 0 "$EARLY_LINK" "$GOOD_PW"
ONBOARD_NOW=2026-11-22T10:00:00Z confirm 1 "$LATE_LINK" "$GOOD_PW"
contains "$ERR" "expired"
ONBOARD_NOW=2026-11-22T10:00:00Z login late@acme.example "$GOOD_PW"
[[ "$ERR" == "$WRONG_PASSWORD" ]] && CHECKS=$((CHECKS + 1)) || { echo "FAIL: late login answer differs: $ERR"; FAILURES=$((FAILURES + 1)); }

# 5. --email-verified (the host checked the address): active at once.
join sso@acme.example "$GOOD_PW" --email-verified
login sso@acme.example "$GOOD_PW" 0
register sso-key@acme.example "$GOOD_PW" --email-verified
login sso-key@acme.example "$GOOD_PW" 0
[[ -z "$(mail_link sso@acme.example)" ]] && CHECKS=$((CHECKS + 1)) || { echo "FAIL: a verified join got a confirmation link"; FAILURES=$((FAILURES + 1)); }
# …but a member's address still learns nothing and changes nothing.
join ada@acme.example "$SQUAT_PW" --email-verified
[[ "${OUT//ada/X}" == "${FREE_ANSWER//free/X}" ]] && CHECKS=$((CHECKS + 1)) || { echo "FAIL: verified join answer differs: $OUT"; FAILURES=$((FAILURES + 1)); }
login ada@acme.example "$SQUAT_PW"
login ada@acme.example "$ADMIN_PW" 0

# 5b. Guessing the registrant's password at confirmation is throttled like
#     sign-in: 100 wrong, then the right one is refused too, saying when to
#     try again; the link stays unused.
join guessed@acme.example "$GOOD_PW"
GUESSED_LINK=$(mail_link guessed@acme.example)
for i in $(seq 1 100); do
  printf 'guess number %s\n' "$i" | ob confirm --password-stdin --source "203.0.113.$((i % 200))" -- "$GUESSED_LINK" \
    >/dev/null 2>"$WORK/guess" || true
done
contains "$(cat "$WORK/guess")" "The password is not the one chosen when registering"
confirm 1 "$GUESSED_LINK" "$GOOD_PW" --source 203.0.113.250
contains "$ERR" "try again at"
expect 0 ob confirm --inspect "$GUESSED_LINK"

# 6. The outbox shows the confirmation mail; the token is nowhere in clear on disk.
expect 0 ob outbox list
contains "$OUT" "email_confirmation  to ceo@acme.example"
contains "$(cat "$WORK/mailbox")" "Confirm your email address for Acme"
ALL=$(cat "$DB"* 2>/dev/null | tr -d '\0')
lacks "$ALL" "${CEO_LINK##*/}"
lacks "$ALL" "${SQUAT_LINK##*/}"
lacks "$ALL" "${LATE_LINK##*/}"
finish
