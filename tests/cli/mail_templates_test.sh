#!/usr/bin/env bash
# Messages in the organization's language, through the CLI: German mails with
# dates in the organization's time zone, the invitation's language kept across
# resends, and an organization's own template.
source "$(dirname "$0")/lib.sh" "$1"
init_org

claim_all() {
  MAIL=$("$ONBOARD" --db "$DB" outbox claim --limit 1000 2>/dev/null)
  local ids
  ids=$(sed -n 's/^--- message \([^ ]*\) .*/\1/p' <<<"$MAIL")
  # shellcheck disable=SC2086
  [[ -z "$ids" ]] || "$ONBOARD" --db "$DB" outbox ack $ids >/dev/null
}

# English first; then the organization speaks German in Berlin.
expect 0 ob --json invite early@acme.example
ID=$(json id)
claim_all
contains "$MAIL" "Subject: You are invited to join Acme"
contains "$MAIL" "expires on 28 November 2026, 09:00 UTC (in 7 days)"
expect 0 ob org set --locale de --time-zone Europe/Berlin
expect 0 ob --json invite bob@acme.example
claim_all
contains "$MAIL" "Subject: Einladung zu Acme"
contains "$MAIL" "läuft am 28. November 2026, 10:00 MEZ ab (in 7 Tagen)"
contains "$MAIL" "https://acme.example/invite/"
# The first invitation keeps its language when resent.
expect 0 ob invitations resend "$ID"
claim_all
contains "$MAIL" "Subject: You are invited to join Acme"
expect 0 ob --json outbox claim
lacks "$OUT" "<script"

# The organization's own subject; broken templates are refused, naming the problem.
expect 0 ob mail-templates set invitation --locale de --subject "Willkommen im Team von {org}"
printf 'Hallo {org' > "$WORK/broken.txt"
expect 1 ob mail-templates set invitation --locale de --text-file "$WORK/broken.txt"
contains "$ERR" "not valid MessageFormat"
printf 'Hallo {password}' > "$WORK/unknown.txt"
expect 1 ob mail-templates set invitation --locale de --text-file "$WORK/unknown.txt"
contains "$ERR" "{password}"
expect 0 ob --json invite carol@acme.example
claim_all
contains "$MAIL" "Subject: Willkommen im Team von Acme"
expect 0 ob mail-templates list --locale de
contains "$OUT" "invitation  \"Willkommen im Team von {org}\"  (own)"
expect 0 ob mail-templates preview set_password
contains "$OUT" "Wählen Sie Ihr Passwort für Acme"
expect 0 ob mail-templates reset invitation --locale de
expect 0 ob --json invite dave@acme.example
claim_all
contains "$MAIL" "Subject: Einladung zu Acme"
expect 1 ob mail-templates set postcard --subject x
contains "$ERR" "no mail called"
finish
