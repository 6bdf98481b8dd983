#!/usr/bin/env bash
# onboard events: the feed in order, resumed after a cursor; webhook signing
# that the receiver's openssl agrees with.
source "$(dirname "$0")/lib.sh" "$1"

init_org
expect 0 ob --json events
contains "$OUT" '"type":"member.created"'
cursor=$(sed -n 's/.*"next_cursor":"\([^"]*\)".*/\1/p' <<<"$OUT")
[[ -n "$cursor" ]] || { echo "FAIL: no next_cursor"; FAILURES=$((FAILURES + 1)); }

expect 0 ob invite grace@acme.example
expect 0 ob --json users list --search ada
ada=$(json id)
printf 'Full Name,Email\nAlan Turing,alan@example.com\n' > "$WORK/people.csv"
expect 0 ob import "$WORK/people.csv" --credentials-out "$WORK/creds.csv"
expect 0 ob --json users list --search alan
alan=$(json id)
expect 0 ob users suspend "$alan"

# After the cursor: exactly the three changes since, in order, once.
expect 0 ob --json events --after "$cursor"
types=$(grep -o '"type":"[a-z.]*"' <<<"$OUT" | tr '\n' ' ')
[[ "$types" == '"type":"invitation.sent" "type":"import.committed" "type":"member.suspended" ' ]] ||
  { echo "FAIL: events after the cursor were: $types"; FAILURES=$((FAILURES + 1)); }
contains "$OUT" "\"subject\":\"$alan\""
next=$(sed -n 's/.*"next_cursor":"\([^"]*\)".*/\1/p' <<<"$OUT")
# Page by page with --limit 1 reaches the same place.
c="$cursor"
for i in 1 2 3; do
  expect 0 ob --json events --after "$c" --limit 1
  c=$(sed -n 's/.*"next_cursor":"\([^"]*\)".*/\1/p' <<<"$OUT")
done
[[ "$c" == "$next" ]] || { echo "FAIL: paging ended at $c, not $next"; FAILURES=$((FAILURES + 1)); }
expect 0 ob events --after "$next"
contains "$OUT" "No new events."
expect 1 ob events --after bogus
contains "$ERR" "not an event cursor"

# invitation.expired: `onboard events` notes the invitations whose time ran
# out before it reads, each once; grace's (sent above) expires after 7 days.
expect 0 env ONBOARD_NOW=2026-11-28T09:00:01Z "$ONBOARD" --db "$DB" --json events --after "$next"
types=$(grep -o '"type":"[a-z.]*"' <<<"$OUT" | tr '\n' ' ')
[[ "$types" == '"type":"invitation.expired" ' ]] ||
  { echo "FAIL: events after expiry were: $types"; FAILURES=$((FAILURES + 1)); }
contains "$OUT" '"actor":"system"'
contains "$OUT" 'grace@acme.example'
expect 0 env ONBOARD_NOW=2026-11-29T09:00:00Z "$ONBOARD" --db "$DB" --json events
count=$(grep -o '"type":"invitation.expired"' <<<"$OUT" | wc -l)
[[ "$count" -eq 1 ]] || { echo "FAIL: invitation.expired appeared $count times"; FAILURES=$((FAILURES + 1)); }

# Webhooks: the signature is the receiver's HMAC-SHA-256 of "timestamp.body".
printf 'whsec_test\n' > "$WORK/secret"
body='{"type":"member.created"}'
expect 0 bash -c "printf '%s' '$body' | '$ONBOARD' events sign --secret-file '$WORK/secret' --timestamp 1795251600"
contains "$OUT" "X-Onboard-Timestamp: 1795251600"
contains "$OUT" "X-Onboard-Signature: sha256=f2ce0a05369d2658a6eca35b97ee3fd9fa5bd11b900b1fb7d4b7caeef2ec7a78"
if command -v openssl >/dev/null; then
  theirs=$(printf '%s.%s' 1795251600 "$body" | openssl dgst -sha256 -hmac whsec_test | sed 's/^.*= //')
  contains "$OUT" "sha256=$theirs"
fi
sig="sha256=f2ce0a05369d2658a6eca35b97ee3fd9fa5bd11b900b1fb7d4b7caeef2ec7a78"
expect 0 bash -c "printf '%s' '$body' | '$ONBOARD' events verify --secret-file '$WORK/secret' --timestamp 1795251600 --signature $sig"
expect 1 bash -c "printf '%s ' '$body' | '$ONBOARD' events verify --secret-file '$WORK/secret' --timestamp 1795251600 --signature $sig"
expect 2 ob events sign

finish
