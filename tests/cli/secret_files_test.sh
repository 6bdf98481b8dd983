#!/usr/bin/env bash
# Files that cannot be turned against their owner, and a key that opens
# nothing (issue 13, attacks 6–8): the database, its WAL, key files,
# registration documents and QR codes are private, never written through a
# link or over a file unless --force; a wrong or missing key file is refused.
source "$(dirname "$0")/lib.sh" "$1"
umask 022   # a permissive umask, as most shells have
mode() { stat -c %a "$1"; }
is_mode() {  # is_mode FILE MODE
  CHECKS=$((CHECKS + 1))
  local got; got=$(mode "$1")
  [[ $got == "$2" ]] || { echo "FAIL (line ${BASH_LINENO[0]}): $1 has mode $got, not $2"; FAILURES=$((FAILURES + 1)); }
}

# Attack 8: the database (and its WAL and key file) are private from the start.
init_org
is_mode "$DB" 600
is_mode "$DB.key" 600
expect 0 ob invite grace@navy.example
[[ -e "$DB-wal" ]] && is_mode "$DB-wal" 600
[[ -e "$DB-shm" ]] && is_mode "$DB-shm" 600

# A database path that is a link is refused, and its target untouched.
echo "a file of the owner's" >"$WORK/target.txt"
ln -s "$WORK/target.txt" "$WORK/linked.db"
expect 3 "$ONBOARD" --db "$WORK/linked.db" --key-file "$WORK/linked.key" init --org Evil --admin-email e@evil.example \
  --admin-name Eve
contains "$ERR" "symbolic link"
contains "$(cat "$WORK/target.txt")" "a file of the owner's"

# Attack 6: registration documents and QR codes hold secrets. A link at the
# output path (to a readable file of the victim's) is refused, the target
# untouched; an existing file is refused; --force replaces the name, never
# writes through the link, and the result is 0600.
expect 0 ob --json users create --first Mary --last Jackson --role User
echo "the victim's notes" >"$WORK/notes.txt"
chmod 644 "$WORK/notes.txt"
ln -s "$WORK/notes.txt" "$WORK/docs.html"
expect 1 ob users documents --status pending_activation -o "$WORK/docs.html"
contains "$ERR" "already exists"
contains "$ERR" "--force"
contains "$(cat "$WORK/notes.txt")" "the victim's notes"
expect 0 ob users documents --status pending_activation -o "$WORK/docs.html" --force
[[ -L "$WORK/docs.html" ]] && { echo "FAIL: the link is still there"; FAILURES=$((FAILURES + 1)); }
contains "$(cat "$WORK/notes.txt")" "the victim's notes"
lacks "$(cat "$WORK/notes.txt")" "Mary"
contains "$(cat "$WORK/docs.html")" "Mary Jackson"
is_mode "$WORK/docs.html" 600
expect 0 ob users documents --status pending_activation -o "$WORK/fresh.pdf"
is_mode "$WORK/fresh.pdf" 600
# A dangling link is refused too (it would create the file it points to).
ln -s "$WORK/nowhere.pdf" "$WORK/dangling.pdf"
expect 1 ob users documents --status pending_activation -o "$WORK/dangling.pdf"
[[ -e "$WORK/nowhere.pdf" ]] && { echo "FAIL: the dangling link's target was created"; FAILURES=$((FAILURES + 1)); }

expect 0 ob --json links create --label Open --role User
LINK_ID=$(json id)
ln -s "$WORK/notes.txt" "$WORK/qr.svg"
expect 1 ob links qr "$LINK_ID" -o "$WORK/qr.svg"
contains "$ERR" "already exists"
expect 0 ob links qr "$LINK_ID" -o "$WORK/qr.svg" --force
contains "$(cat "$WORK/qr.svg")" "<svg"
contains "$(cat "$WORK/notes.txt")" "the victim's notes"
is_mode "$WORK/qr.svg" 600

# Attack 7: another database's key file is refused at once, with a sentence.
"$ONBOARD" --db "$WORK/other.db" init --org Other --admin-email o@other.example --admin-name O </dev/null >/dev/null 2>&1
expect 3 ob --key-file "$WORK/other.db.key" invitations list
contains "$ERR" "This database was sealed with another master key"
# Any 64-hex-digit 0600 file is not taken as the key either.
printf '%064d\n' 0 >"$WORK/zeros.key"; chmod 600 "$WORK/zeros.key"
expect 3 ob --key-file "$WORK/zeros.key" outbox claim
contains "$ERR" "another master key"
# A missing key file is an error; no new key appears.
mv "$DB.key" "$WORK/saved.key"
expect 3 ob invitations list
contains "$ERR" "missing"
[[ -e "$DB.key" ]] && { echo "FAIL: a new key file was made"; FAILURES=$((FAILURES + 1)); }
mv "$WORK/saved.key" "$DB.key"
expect 0 ob invitations list
contains "$OUT" "grace@navy.example"
finish
