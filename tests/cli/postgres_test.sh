#!/usr/bin/env bash
# The CLI on PostgreSQL: --db URI with --key-file; init, invite, accept,
# import, list; the key file is required and a wrong one is refused; neither
# the password of the URI nor any secret is ever printed or stored in clear.
# Needs ONBOARD_TEST_POSTGRES (the postgres_server fixture); exits 77 (skipped)
# without it.
source "$(dirname "$0")/lib.sh" "$1"
DATA=${ONBOARD_TEST_DATA:-$(dirname "$0")/../data}
if [[ -z "${ONBOARD_TEST_POSTGRES:-}" ]]; then
  echo "skipped: ONBOARD_TEST_POSTGRES is not set (run under scripts/test_postgres.sh env --)"
  exit 77
fi
PSQL=$(command -v psql || true)
for candidate in /usr/lib/postgresql/*/bin/psql; do [[ -x "$candidate" ]] && PSQL=$candidate; done
PG_DUMP=$(dirname "$PSQL")/pg_dump
[[ -x "$PSQL" ]] || { echo "FAIL: no psql"; exit 1; }

# A database of our own per run, so reruns and parallel runs never meet. It is
# owned by the fixture's password role, so the URI carries a real password.
BASE=${ONBOARD_TEST_POSTGRES%/*}                    # postgresql://postgres@127.0.0.1:PORT
HOSTPORT=${BASE#*@}
NAME="onboard_cli_$$_$RANDOM"
PW_ROLE_PASSWORD=correct-horse-battery
admin_sql() { "$PSQL" -X -q -v ON_ERROR_STOP=1 "$BASE/postgres" "$@" >/dev/null; }
admin_sql -c "CREATE DATABASE $NAME OWNER onboard_pw" -c "CREATE DATABASE ${NAME}_empty OWNER onboard_pw" ||
  { echo "FAIL: could not create the test databases"; exit 1; }
trap 'admin_sql -c "DROP DATABASE IF EXISTS $NAME WITH (FORCE)" -c "DROP DATABASE IF EXISTS ${NAME}_empty WITH (FORCE)"; rm -rf "$WORK"' EXIT
DB="postgresql://onboard_pw:$PW_ROLE_PASSWORD@$HOSTPORT/$NAME"
KEY="$WORK/pg.key"
ob() { "$ONBOARD" --db "$DB" --key-file "$KEY" "$@"; }
with_pw() {  # with_pw PASSWORD CMD...: CMD with PASSWORD on standard input
  local pw=$1; shift
  "$@" <<<"$pw"
}
no_secret_printed() { lacks "$OUT$ERR" "$PW_ROLE_PASSWORD"; }

# --key-file is required with a URI: a usage error, before any connection.
expect 2 "$ONBOARD" --db "$DB" users list
contains "$ERR" "--key-file"
no_secret_printed
expect 2 "$ONBOARD" --db "postgres://onboard_pw@$HOSTPORT/$NAME" users list
# A key file that does not exist is refused before the database is touched.
expect 3 ob users list
contains "$ERR" "key file $KEY is missing"
[[ ! -e "$KEY" ]] && CHECKS=$((CHECKS + 1)) || { echo "FAIL: a key file was created"; FAILURES=$((FAILURES + 1)); }

with_pw "$ADMIN_PW" expect 0 ob init --org Acme --admin-email ada@acme.example --admin-name 'Ada Lovelace' \
  --offices HQ,London --teams Sales,Support,Engineering --base-url https://acme.example --password-stdin
contains "$OUT" "Database: PostgreSQL database $NAME on $HOSTPORT"
contains "$OUT" "key file: $KEY"
no_secret_printed
[[ "$(stat -c %a "$KEY" 2>/dev/null)" == 600 ]] && CHECKS=$((CHECKS + 1)) || { echo "FAIL: key file mode"; FAILURES=$((FAILURES + 1)); }
# A second organization of the same name is refused; another name needs the
# database's own key file (none is created).
with_pw x expect 1 ob init --org Acme --admin-email b@acme.example --admin-name B --password-stdin
contains "$ERR" "already holds the organization Acme"
no_secret_printed
with_pw x expect 3 "$ONBOARD" --db "$DB" --key-file "$WORK/other.key" init --org Again --admin-email b@acme.example \
  --admin-name B --password-stdin
contains "$ERR" "is missing"
# The password as a query parameter is not shown either.
with_pw x expect 1 "$ONBOARD" --db "postgresql://onboard_pw@$HOSTPORT/$NAME?application_name=t&password=$PW_ROLE_PASSWORD" \
  --key-file "$KEY" init --org Acme --admin-email b@acme.example --admin-name B --password-stdin
contains "$ERR" "PostgreSQL database $NAME on $HOSTPORT already holds"
no_secret_printed
[[ ! -e "$WORK/other.key" ]] && CHECKS=$((CHECKS + 1)) || { echo "FAIL: other.key was created"; FAILURES=$((FAILURES + 1)); }
# A wrong password: the storage layer's sentence, without the password.
expect 3 "$ONBOARD" --db "postgresql://onboard_pw:not-the-password@$HOSTPORT/$NAME" --key-file "$KEY" users list
contains "$ERR" "password authentication failed"
lacks "$ERR" "not-the-password"
# A database without an organization.
expect 1 "$ONBOARD" --db "postgresql://onboard_pw:$PW_ROLE_PASSWORD@$HOSTPORT/${NAME}_empty" --key-file "$KEY" users list
contains "$ERR" "run \`onboard init\`"
no_secret_printed

# Invite, deliver, accept, sign in.
expect 0 ob --json invite grace@navy.example --role Manager --team Sales
TOKEN=$(json token)
contains "$OUT" '"link":"https://acme.example/invite/'
expect 0 ob outbox claim
contains "$OUT" "https://acme.example/invite/$TOKEN"
with_pw "$GOOD_PW" expect 0 ob accept "$TOKEN" --name 'Grace Hopper' --password-stdin
contains "$OUT" "joined Acme as Manager"
with_pw "$GOOD_PW" expect 1 ob accept "$TOKEN" --name 'Grace Hopper' --password-stdin
contains "$ERR" "already been used"
with_pw "$GOOD_PW" expect 0 ob login grace@navy.example --password-stdin

# Import: the small fixture, then 1,000 generated rows, all-or-nothing.
expect 0 ob --json import "$DATA/clearooms_users_utf8.csv" --credentials-out "$WORK/creds.csv"
contains "$OUT" '"created":3'
contains "$(cat "$WORK/creds.csv")" '"ada@example.com"'
/usr/bin/python3 - "$WORK/bulk.csv" <<'PY'
import sys
with open(sys.argv[1], "w", newline="") as f:
    f.write("Full Name,Email,Role,Office,Team\r\n")
    for i in range(1000):
        f.write(f"Person {i},person{i}@bulk.example,User,{'HQ' if i % 2 else 'London'},Support\r\n")
PY
expect 0 ob --json import "$WORK/bulk.csv" --max-rows 1000 --credentials-out "$WORK/bulk-creds.csv"
contains "$OUT" '"created":1000'
expect 1 ob --json import "$WORK/bulk.csv" --max-rows 1000      # the same file again: conflicts, nothing written
contains "$OUT" '"committed":false'

expect 0 ob --json users list --limit 2000
contains "$OUT" '"email":"grace@navy.example"'
contains "$OUT" '"email":"ada@example.com"'
contains "$OUT" '"email":"person999@bulk.example"'
lacks "$OUT" "password_hash"
USERS=$(grep -o '"email":"' <<<"$OUT" | wc -l)
[[ $USERS -eq 1005 ]] && CHECKS=$((CHECKS + 1)) || { echo "FAIL: $USERS users listed, expected 1005"; FAILURES=$((FAILURES + 1)); }
expect 0 ob --json users list --team Support --limit 2000
[[ $(grep -o '"email":"' <<<"$OUT" | wc -l) -eq 1000 ]] && CHECKS=$((CHECKS + 1)) ||
  { echo "FAIL: the Support team should list 1000 users"; FAILURES=$((FAILURES + 1)); }

# No secret in clear in the database.
BULK_PW=$(sed -n 2p "$WORK/bulk-creds.csv" | cut -d, -f5 | tr -d '"')
DUMP=$("$PG_DUMP" --no-owner "$BASE/$NAME" 2>/dev/null)
contains "$DUMP" "grace@navy.example"                      # the dump did work
lacks "$DUMP" "$TOKEN"
lacks "$DUMP" "$GOOD_PW"
lacks "$DUMP" "$ADMIN_PW"
[[ ${#BULK_PW} -ge 20 ]] || { echo "FAIL: no generated password in the credentials file"; FAILURES=$((FAILURES + 1)); }
lacks "$DUMP" "$BULK_PW"

# Another database's key file: refused when the database is opened, before
# any sealed message body is tried.
expect 0 ob invite alan@bletchley.example
"$ONBOARD" --db "$WORK/other.db" init --org Other --admin-email o@other.example --admin-name O </dev/null >/dev/null 2>&1
expect 3 "$ONBOARD" --db "$DB" --key-file "$WORK/other.db.key" outbox claim
contains "$ERR" "This database was sealed with another master key"
no_secret_printed
finish
