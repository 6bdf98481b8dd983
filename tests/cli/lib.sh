# Assertions for the CLI tests. Usage: source lib.sh "$ONBOARD_BINARY"
set -uo pipefail
ONBOARD=$1
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
DB="$WORK/test.db"
export ONBOARD_NOW=${ONBOARD_NOW:-2026-11-21T09:00:00Z}
FAILURES=0
CHECKS=0
ADMIN_PW='correct horse battery staple orbit'
GOOD_PW='violet tangerine kayak membrane 42'

ob() { "$ONBOARD" --db "$DB" "$@"; }

# expect CODE CMD...: runs CMD, keeps stdout in $OUT and stderr in $ERR, checks the exit code.
expect() {
  local want=$1; shift
  OUT=$("$@" 2>"$WORK/stderr"); local got=$?
  ERR=$(cat "$WORK/stderr")
  CHECKS=$((CHECKS + 1))
  if [[ $got -ne $want ]]; then
    echo "FAIL (line ${BASH_LINENO[0]}): expected exit $want, got $got: $*"; echo "  stdout: ${OUT:0:2000}"; echo "  stderr: ${ERR:0:2000}"
    FAILURES=$((FAILURES + 1))
  fi
}
contains() {  # contains HAYSTACK NEEDLE
  CHECKS=$((CHECKS + 1))
  if [[ "$1" != *"$2"* ]]; then
    echo "FAIL (line ${BASH_LINENO[0]}): expected to find \"$2\" in: ${1:0:2000}"; FAILURES=$((FAILURES + 1))
  fi
}
lacks() {  # lacks HAYSTACK NEEDLE
  CHECKS=$((CHECKS + 1))
  if [[ "$1" == *"$2"* ]]; then
    echo "FAIL (line ${BASH_LINENO[0]}): did not expect \"$2\" in the output"; FAILURES=$((FAILURES + 1))
  fi
}
json() {  # json FIELD: the first "FIELD":"value" of $OUT
  sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p" <<<"$OUT" | head -n1
}
init_org() {
  expect 0 bash -c "echo '$ADMIN_PW' | '$ONBOARD' --db '$DB' init --org Acme --admin-email ada@acme.example \
    --admin-name 'Ada Lovelace' --offices HQ,London --teams Sales,Support --base-url https://acme.example $* --password-stdin"
}
# mail_link EMAIL: the newest confirmation link mailed to EMAIL. Claims (and
# acknowledges) what the outbox holds into $WORK/mailbox, as a mail sender would.
mail_link() {
  local batch ids
  batch=$("$ONBOARD" --db "$DB" outbox claim --limit 1000 2>/dev/null)
  printf '%s\n' "$batch" >>"$WORK/mailbox"
  ids=$(sed -n 's/^--- message \([^ ]*\) .*/\1/p' <<<"$batch")
  # shellcheck disable=SC2086
  [[ -z "$ids" ]] || "$ONBOARD" --db "$DB" outbox ack $ids >/dev/null
  awk -v to="To: $1" '
    /^--- message / { kind = $0; want = 0; next }
    $0 == to { want = (kind ~ /[(]email_confirmation[)]/); next }
    want && match($0, /https?:[/][/][^ ]*[/]confirm[/][A-Za-z0-9_-]+/) { link = substr($0, RSTART, RLENGTH) }
    END { print link }' "$WORK/mailbox"
}
finish() {
  echo "$((CHECKS - FAILURES)) passed, $FAILURES failed"
  [[ $FAILURES -eq 0 ]]
}
