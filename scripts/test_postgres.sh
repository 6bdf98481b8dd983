#!/usr/bin/env bash
# A throwaway PostgreSQL server for the storage tests.
#
#   scripts/test_postgres.sh start          create and start it (idempotent); prints the export line
#   scripts/test_postgres.sh env            print the export line of the running server
#   scripts/test_postgres.sh env -- CMD...  run CMD with ONBOARD_TEST_POSTGRES set
#   scripts/test_postgres.sh stop           stop it and remove every file it made
#
#   eval "$(scripts/test_postgres.sh start)"   # then run build/tests/test_storage
#
# The cluster lives in $ONBOARD_PG_DIR (default /tmp/onboard-pg-<uid>), owned by
# the `postgres` OS user when run as root (the server refuses to run as root),
# listens on a unix socket in that directory and on 127.0.0.1:<a free port>,
# trusts local connections and has a database `onboard_test`. It is tuned for
# tests (fsync off): never point it at data you want to keep. The role
# `onboard_pw` (password `correct-horse-battery`) must authenticate with
# SCRAM over TCP, so tests can prove a wrong password never leaks.
set -euo pipefail

dir="${ONBOARD_PG_DIR:-${TMPDIR:-/tmp}/onboard-pg-$(id -u)}"
bin="${ONBOARD_PG_BIN:-}"
if [[ -z "$bin" ]]; then
  for candidate in /usr/lib/postgresql/*/bin; do [[ -x "$candidate/postgres" ]] && bin="$candidate"; done
fi

die() { echo "test_postgres.sh: $*" >&2; exit 1; }

# Runs a server binary as the postgres OS user when we are root.
as_server_user() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

url() { cat "$dir/url"; }

running() { [[ -f "$dir/url" ]] && as_server_user "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; }

free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  return 1
}

start() {
  [[ -n "$bin" ]] || die "no PostgreSQL server binaries under /usr/lib/postgresql/*/bin"
  if running; then echo "export ONBOARD_TEST_POSTGRES=$(url)"; return 0; fi
  # A half-made or crashed cluster: start over.
  stop_quietly
  mkdir -p "$dir"
  chmod 0755 "$dir"
  [[ $(id -u) -eq 0 ]] && chown postgres: "$dir"
  as_server_user "$bin/initdb" -D "$dir/data" -U postgres -E UTF8 --locale=C --auth=trust \
    --no-sync >"$dir/initdb.log" 2>&1 || die "initdb failed; see $dir/initdb.log"
  cat >"$dir/data/pg_hba.conf" <<'EOF'
local all all trust
host all onboard_pw 127.0.0.1/32 scram-sha-256
host all all 127.0.0.1/32 trust
EOF
  [[ $(id -u) -eq 0 ]] && chown postgres: "$dir/data/pg_hba.conf"

  local port started=0
  for _ in 1 2 3 4 5; do
    port=$(free_port) || die "no free TCP port found"
    if as_server_user "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$dir -c max_connections=200 \
-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=32MB \
-c deadlock_timeout=100ms" \
      start >/dev/null 2>&1 9>&-; then
      started=1
      break
    fi
  done
  [[ $started -eq 1 ]] || die "the server did not start; see $dir/server.log"

  local psql=("$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir" -p "$port" -U postgres -d postgres)
  "${psql[@]}" -c "CREATE DATABASE onboard_test" \
    -c "CREATE ROLE onboard_pw LOGIN PASSWORD 'correct-horse-battery'" >/dev/null ||
    die "could not create the test database"
  echo "postgresql://postgres@127.0.0.1:$port/onboard_test" >"$dir/url"
  echo "export ONBOARD_TEST_POSTGRES=$(url)"
}

stop_quietly() {
  if [[ -d "$dir/data" ]]; then
    as_server_user "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  start)
    # One start at a time, so two test runs do not make two clusters in one place.
    mkdir -p "$(dirname "$dir")"
    exec 9>"$dir.lock"
    flock -w 60 9 || die "another start or stop holds $dir.lock"
    start
    ;;
  env)
    running || die "no server is running in $dir; run: $0 start"
    shift
    if [[ "${1:-}" == "--" ]]; then
      shift
      [[ $# -gt 0 ]] || die "env -- needs a command"
      ONBOARD_TEST_POSTGRES="$(url)" exec "$@"
    fi
    echo "export ONBOARD_TEST_POSTGRES=$(url)"
    ;;
  stop)
    exec 9>"$dir.lock"
    flock -w 60 9 || die "another start or stop holds $dir.lock"
    stop_quietly
    rm -f "$dir.lock"
    ;;
  *)
    echo "usage: $0 start|env [-- command...]|stop" >&2
    exit 2
    ;;
esac
