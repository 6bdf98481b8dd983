#!/usr/bin/env bash
# `make web`: the web host (examples/web) over an embedded SQLite file with a
# demo organization, on 127.0.0.1:8080 (ONBOARD_WEB_LISTEN to change it).
# The database is made once, under BUILD/web-demo; the administrator's
# password is generated then and printed once. `rm -rf BUILD/web-demo` starts over.
set -euo pipefail
BUILD=${1:-build}
LISTEN=${ONBOARD_WEB_LISTEN:-127.0.0.1:8080}
ONBOARD="$BUILD/onboard"
WEB="$BUILD/onboard-web"
DIR="$BUILD/web-demo"
DB="$DIR/acme.db"
for bin in "$ONBOARD" "$WEB"; do
  [[ -x "$bin" ]] || { echo "make web: $bin is missing (is libcpp-httplib-dev installed? run make setup)" >&2; exit 1; }
done

if [[ ! -f "$DB" ]]; then
  mkdir -p "$DIR"
  chmod 700 "$DIR"
  # A strong password nobody chose: 24 characters from the kernel's generator.
  PASSWORD=$(head -c 18 /dev/urandom | base64 | tr '+/' 'xy')
  ob() { "$ONBOARD" --db "$DB" "$@"; }
  echo "$PASSWORD" | ob init --org "Acme Corp" --admin-email ada@acme.example --admin-name "Ada Lovelace" \
    --offices HQ,London --teams Sales,Support,Engineering --seats 50 --base-url "http://$LISTEN" \
    --time-zone Europe/London --password-stdin >/dev/null
  # Something to look at: a pending invitation, a key for the front desk, a sign-up link.
  ob invite grace@navy.example --role Manager --team Sales --office London >/dev/null
  ob keys create --label "Front desk" --team Support --uses 25 >/dev/null
  ob links create --label "Website" --team Engineering >/dev/null
  ob users create --first Katherine --last Johnson --email kj@acme.example --teams Engineering >/dev/null
  printf '\n\033[1mDemo organization "Acme Corp" created in %s\033[0m\n' "$DB"
  printf '  Sign in as  ada@acme.example\n  Password    %s   (shown once: note it now)\n' "$PASSWORD"
else
  printf '\n\033[1mUsing %s\033[0m (the admin is ada@acme.example; its password was printed when it was made;\n' "$DB"
  printf ' rm -rf %s to make a new one)\n' "$DIR"
fi
printf '  Mail the host would send: %s --db %s outbox claim\n' "$ONBOARD" "$DB"
printf '  Open http://%s/signin   (Ctrl-C stops)\n\n' "$LISTEN"
exec "$WEB" --db "$DB" --listen "$LISTEN"
