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

say "3. Nobody is invited twice"
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
echo "(Alan is a User: he may not invite, and nobody may grant a role above their own)"
run --as alan@bletchley.example invite eve@bletchley.example --role Admin || true

say "8. Grace's invitation expires unused; the list says so"
export ONBOARD_NOW=2026-11-29T09:00:00Z
run invitations list

say "9. The members"
run users list
run --json users list --status active | head -c 400; echo " ..."

say "10. The audit trail"
run audit --limit 8

say "11. A 10-digit key for the front desk (shown once, grouped); people register with it"
KEY=$("$ONBOARD" --db "$DB" --json keys create --label "Front desk" --team Support --valid-until 2026-12-31 --uses 25 \
  | sed -n 's/.*"digits":"\([0-9]*\)".*/\1/p')
echo "(the key is ${KEY:0:5} ${KEY:5}; typed with a dash below)"
echo 'violet tangerine kayak membrane 42' | run register --key "${KEY:0:5}-${KEY:5}" --email katherine@nasa.example \
  --name "Katherine Johnson" --password-stdin --source 192.0.2.10
echo 'violet tangerine kayak membrane 42' | run register --key "${KEY:0:9}$(( (${KEY:9:1} + 1) % 10 ))" \
  --email dorothy@nasa.example --name "Dorothy Vaughan" --password-stdin || true
echo "(Katherine cannot sign in yet: she opens the confirmation link mailed to her address"
echo " and types the password she chose, so that only she can activate the account)"
CONFIRM=$("$ONBOARD" --db "$DB" outbox claim --limit 100 | grep -o 'https://[^ ]*/confirm/[A-Za-z0-9_-]*' | tail -n 1)
echo 'violet tangerine kayak membrane 42' | run confirm "$CONFIRM" --password-stdin --source 192.0.2.10
run keys list

say "12. A pre-created user with a 29-digit key, and the page to print for her"
KEY29=$("$ONBOARD" --db "$DB" --json users create --first Mary --last Jackson --teams Sales \
  | sed -n 's/.*"digits":"\([0-9]*\)".*/\1/p')
run users documents --status pending_activation -o "$DIR/registration.pdf"
echo 'violet tangerine kayak membrane 42' | run register --key "$KEY29" --email mary@nasa.example --password-stdin

say "13. A self-registration link for nasa.example addresses, its QR code, and an enumeration-safe answer"
JOIN=$("$ONBOARD" --db "$DB" --json links create --label "Open day" --domains nasa.example --uses 10 \
  | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
LINK_ID=$("$ONBOARD" --db "$DB" --json links list | sed -n 's/.*"id":"\([^"]*\)".*/\1/p' | head -1)
run links qr "$LINK_ID" -o "$DIR/join.svg"
echo 'violet tangerine kayak membrane 42' | run join --email annie@nasa.example --name "Annie Easley" --password-stdin -- "$JOIN"
echo 'violet tangerine kayak membrane 42' | run join --email katherine@nasa.example --name "Katherine J" --password-stdin -- "$JOIN"
echo "(the same answer: Katherine already has an account, so she gets a mail instead)"
run outbox list --state queued | tail -n 2
run links list

say "14. Bulk import: a template, a file with mistakes (every problem with its row and column), then the fix"
run template -o "$DIR/template.xlsx"
cat > "$DIR/people.csv" <<'CSV'
Full Name,Email,Role,Office,Team,Phone
Margaret Hamilton,margaret@mit.example,Manager,HQ,Sales,+1 617 555 0100
Frances Allen,frances@ibm.example,User,Paris,Support,
Hedy Lamarr,hedy@@film.example,Wizard,London,,
Joan Clarke,MARGARET@mit.example,User,London,Sales,"=HYPERLINK(""http://x"",""y"")"
CSV
run import "$DIR/people.csv" --dry-run || true
cat > "$DIR/people.csv" <<'CSV'
Full Name,Email,Role,Office,Team,Phone
Margaret Hamilton,margaret@mit.example,Manager,HQ,Sales,+1 617 555 0100
Frances Allen,frances@ibm.example,User,London,Support,
Hedy Lamarr,hedy@film.example,User,London,,
Joan Clarke,joan@bletchley.example,User,London,Sales,"=HYPERLINK(""http://x"",""y"")"
CSV
run import "$DIR/people.csv" --credentials-out "$DIR/credentials.csv"
echo "(generated passwords, once, in a spreadsheet-safe file; people must change them at first sign-in)"
cut -d, -f2,4 "$DIR/credentials.csv"
run import "$DIR/people.csv" || true
run users list --office London
