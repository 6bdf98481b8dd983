#!/usr/bin/env bash
# Mails that work, through the CLI: every mail with a secret carries a link to
# the host's page and the plain code; an import with generated passwords and
# --notify mails one-use set-password links, never the passwords, unless
# --mail-passwords is given.
source "$(dirname "$0")/lib.sh" "$1"
init_org

# claim_all: every queued message, acknowledged, printed into $MAIL.
claim_all() {
  MAIL=$("$ONBOARD" --db "$DB" outbox claim --limit 1000 2>/dev/null)
  local ids
  ids=$(sed -n 's/^--- message \([^ ]*\) .*/\1/p' <<<"$MAIL")
  # shellcheck disable=SC2086
  [[ -z "$ids" ]] || "$ONBOARD" --db "$DB" outbox ack $ids >/dev/null
}

# An invitation: the link and, as a fallback, the code.
expect 0 ob --json invite bob@acme.example
claim_all
contains "$MAIL" "Accept the invitation: https://acme.example/invite/"
contains "$MAIL" "go to https://acme.example/invite and paste this code: "
expect 0 ob --json outbox list
lacks "$OUT" "https://acme.example/invite/"           # stored bodies hold placeholders

cat > "$WORK/people.csv" <<'CSV'
Full Name,Email,Role,Office,Team
Grace Hopper,grace@navy.example,User,HQ,Sales
Alan Turing,alan@bletchley.example,User,HQ,Sales
CSV
cat > "$WORK/more.csv" <<'CSV'
Full Name,Email,Role,Office,Team
Joan Clarke,joan@bletchley.example,User,HQ,Sales
CSV
cat > "$WORK/keys.csv" <<'CSV'
Full Name,Email,Role,Office,Team
Katherine Johnson,katherine@nasa.example,User,HQ,Sales
CSV

# Activation by email: a link to the register page with the 29-digit key, and the key itself.
expect 0 ob --json import "$WORK/keys.csv" --passwords none --activation email --notify
claim_all
contains "$MAIL" "(activation)"
contains "$MAIL" "https://acme.example/register/"
KEY=$(grep -o 'https://acme.example/register/[0-9]*' <<<"$MAIL" | head -n1 | sed 's|.*/||')
[[ ${#KEY} -eq 29 ]] && CHECKS=$((CHECKS + 1)) || { echo "FAIL: key '$KEY'"; FAILURES=$((FAILURES + 1)); }
contains "$MAIL" "${KEY:0:5} ${KEY:5:5}"                # the grouped key as a fallback
expect 0 bash -c "echo '$GOOD_PW' | '$ONBOARD' --db '$DB' register --key '$KEY' --password-stdin"

# Generated passwords with --notify: a set-password link each, never the password.
expect 0 ob --json import "$WORK/people.csv" --notify --credentials-out "$WORK/creds.csv"
PW=$(grep grace@navy.example "$WORK/creds.csv" | cut -d, -f5 | tr -d '"')
claim_all
contains "$MAIL" "(set_password)"
lacks "$MAIL" "(login_details)"
lacks "$MAIL" "$PW"
LINK=$(awk '/^To: / { to = $2 } to == "grace@navy.example" && match($0, /https:[/][/]acme.example[/]set-password[/][A-Za-z0-9._-]+/) { print substr($0, RSTART, RLENGTH); exit }' <<<"$MAIL")
TOKEN=${LINK##*/}
contains "$MAIL" "paste this code: $TOKEN"
expect 0 ob --json set-password "$LINK" --inspect
contains "$OUT" '"expires_at":"2026-11-28T09:00:00Z"'
expect 1 bash -c "echo 'grace' | '$ONBOARD' --db '$DB' set-password '$LINK' --password-stdin"
contains "$ERR" "password"
expect 0 bash -c "echo '$GOOD_PW' | '$ONBOARD' --db '$DB' set-password '$LINK' --password-stdin"
contains "$OUT" "Your password is set"
expect 0 bash -c "echo '$GOOD_PW' | '$ONBOARD' --db '$DB' login grace@navy.example --password-stdin"
# Once only.
expect 1 bash -c "echo 'another long passphrase for me 99' | '$ONBOARD' --db '$DB' set-password '$TOKEN' --password-stdin"
contains "$ERR" "not valid or was already used"
expect 2 ob set-password "$TOKEN"                       # the password only from stdin

# --mail-passwords: the weaker, explicit "login details" mail.
expect 2 ob --json import "$WORK/more.csv" --mail-passwords
expect 0 ob --json import "$WORK/more.csv" --notify --mail-passwords --credentials-out "$WORK/creds2.csv"
PW2=$(grep joan@bletchley.example "$WORK/creds2.csv" | cut -d, -f5 | tr -d '"')
claim_all
contains "$MAIL" "(login_details)"
contains "$MAIL" "with this password: $PW2"
finish
