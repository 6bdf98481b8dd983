#!/usr/bin/env bash
# The onboard story on an embedded SQLite file: set up an organization, invite
# someone, read the mail the host would send, accept, sign in, list.
set -euo pipefail
ONBOARD=${1:-build/onboard}
DIR=$(dirname "$ONBOARD")/demo
rm -rf "$DIR" && mkdir -p "$DIR"
DB="$DIR/acme.db"
export ONBOARD_NOW=2026-11-21T09:00:00Z

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
run() { printf '$ onboard %s\n' "$*"; "$ONBOARD" --db "$DB" "$@"; }

say "1. A new organization with its first administrator (SQLite file $DB, key file $DB.key)"
echo 'correct horse battery staple orbit' | run init --org "Acme Corp" --admin-email ada@acme.example \
  --admin-name "Ada Lovelace" --offices HQ,London --teams Sales,Support --seats 50 \
  --base-url https://people.acme.example --time-zone Europe/London --password-stdin

say "2. Ada invites Grace as a Manager in Sales (the link is shown once)"
run invite grace@navy.example --role Manager --team Sales --office London
TOKEN=$("$ONBOARD" --db "$DB" --json invite alan@bletchley.example --role User | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
echo "(and Alan as a User; his token is kept by this script, never by onboard)"

say "3. Nobody grants a role above their own, and nobody is invited twice"
run invite grace@NAVY.example || true

say "4. The outbox: what the host must send (links stay sealed until claimed)"
run outbox list
run outbox claim --limit 1

say "5. Pending invitations"
run invitations list

say "6. Alan's first link is resent: the old link dies, the expiry is reset"
ALAN_ID=$("$ONBOARD" --db "$DB" --json invitations list | tr '{' '\n' | grep alan@ | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
NEW_TOKEN=$("$ONBOARD" --db "$DB" --json invitations resend "$ALAN_ID" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
echo 'violet tangerine kayak membrane 42' | run accept "$TOKEN" --name "Alan Turing" --password-stdin || true

say "7. A week later... Alan accepts with the new link, and signs in"
export ONBOARD_NOW=2026-11-27T18:00:00Z
echo 'violet tangerine kayak membrane 42' | run accept "$NEW_TOKEN" --name "Alan Turing" --password-stdin
echo 'violet tangerine kayak membrane 42' | run login alan@bletchley.example --password-stdin

say "8. Grace's invitation expires unused; the list says so"
export ONBOARD_NOW=2026-11-29T09:00:00Z
run invitations list

say "9. The members"
run users list
run --json users list --status active | head -c 400; echo " ..."

say "10. The audit trail"
run audit --limit 8
