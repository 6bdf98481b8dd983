#!/usr/bin/env bash
# Variants of issue #13's attacks that the first fixes missed (the red-team
# pass), each written as the attack:
#  - a database named by a SQLite "file:" URI was created world-readable
#    (0644), the plain-path rule not applying to it;
#  - a source locked by its failures got fresh guesses by writing its address
#    differently (case, blanks, brackets, a :port, IPv4-mapped IPv6, another
#    address of the same IPv6 /64);
#  - a guesser holding one good key (a poster's) put a right key between
#    every 99 wrong ones and was never stopped: a success wiped the source's
#    count.
source "$(dirname "$0")/lib.sh" "$1"

# --- A database named by a file: URI is private too (umask 022 and 000) ---
for mask in 022 000; do
  (
    umask "$mask"
    echo "$ADMIN_PW" | "$ONBOARD" --db "sqlite:file:$WORK/uri$mask.db?cache=private" --key-file "$WORK/uri$mask.key" \
      init --org Acme --admin-email ada@acme.example --admin-name 'Ada Lovelace' --password-stdin >/dev/null
  )
  CHECKS=$((CHECKS + 1))
  [[ $(stat -c %a "$WORK/uri$mask.db") == 600 ]] ||
    { echo "FAIL: file: URI database under umask $mask has mode $(stat -c %a "$WORK/uri$mask.db")"; FAILURES=$((FAILURES + 1)); }
  CHECKS=$((CHECKS + 1))
  [[ $(stat -c %a "$WORK/uri$mask.key") == 600 ]] ||
    { echo "FAIL: key file under umask $mask has mode $(stat -c %a "$WORK/uri$mask.key")"; FAILURES=$((FAILURES + 1)); }
done
# file:///PATH (an empty authority) names the same kind of file.
expect 0 bash -c "umask 022; echo '$ADMIN_PW' | '$ONBOARD' --db 'sqlite:file://$WORK/triple.db' --key-file '$WORK/triple.key' \
  init --org Acme --admin-email ada@acme.example --admin-name 'Ada Lovelace' --password-stdin"
CHECKS=$((CHECKS + 1))
[[ $(stat -c %a "$WORK/triple.db") == 600 ]] ||
  { echo "FAIL: file:// database has mode $(stat -c %a "$WORK/triple.db")"; FAILURES=$((FAILURES + 1)); }
# …and a link at the URI's path is refused like a link at a plain path.
echo "a file of the owner's" >"$WORK/target.txt"
ln -s "$WORK/target.txt" "$WORK/linked.db"
expect 3 "$ONBOARD" --db "sqlite:file:$WORK/linked.db" --key-file "$WORK/linked.key" init --org Evil \
  --admin-email e@evil.example --admin-name Eve
contains "$ERR" "symbolic link"
contains "$(cat "$WORK/target.txt")" "a file of the owner's"

# --- A locked source does not come back under another spelling -----------
init_org
damm() {  # nine digits and their Damm check digit (src/secrets/digit_key.cpp)
  local t=(0 3 1 7 5 9 8 6 4 2 7 0 9 2 1 5 4 8 6 3 4 2 0 6 8 7 1 3 5 9 1 7 5 0 9 8 3 4 2 6
           6 1 2 3 0 4 5 9 7 8 3 6 7 4 2 0 9 5 8 1 5 8 6 9 7 2 0 1 3 4 8 9 4 5 3 6 2 0 1 7
           9 4 3 8 6 1 7 2 0 5 2 5 8 1 4 3 6 7 9 0)
  local s=$1 i=0 x
  for ((x = 0; x < ${#s}; x++)); do i=${t[i * 10 + ${s:x:1}]}; done
  echo "$s$i"
}
expect 0 ob --json keys create --label "Front desk" --role User
DIGITS=$(json digits)
wrong_key() { local k; k=$(damm $((100000000 + $1))); [[ $k == "$DIGITS" ]] && k=$(damm $((900000000 + $1))); echo "$k"; }
guess() {  # guess WANT KEY SOURCE
  expect "$1" bash -c "echo '$GOOD_PW' | '$ONBOARD' --db '$DB' register --key '$2' --source '$3' \
    --email guess@nasa.example --name 'Guess Who' --password-stdin"
}
# 100 wrong keys from one IPv6 address and 100 from one IPv4 address lock both.
for i in $(seq 1 100); do
  echo "$GOOD_PW" | "$ONBOARD" --db "$DB" register --key "$(wrong_key "$i")" --source 2001:db8:aa:bb::1 \
    --email guess@nasa.example --name 'Guess Who' --password-stdin >/dev/null 2>&1
  echo "$GOOD_PW" | "$ONBOARD" --db "$DB" register --key "$(wrong_key $((i + 500)))" --source 192.0.2.7 \
    --email guess@nasa.example --name 'Guess Who' --password-stdin >/dev/null 2>&1
done
for spelling in 2001:db8:aa:bb::1 2001:DB8:AA:BB::1 2001:db8:aa:bb:0:0:0:1 ' 2001:db8:aa:bb::1' '[2001:db8:aa:bb::1]:443' \
  2001:db8:aa:bb::2 2001:db8:aa:bb:ffff:ffff:ffff:ffff 192.0.2.7 ' 192.0.2.7 ' 192.0.2.7:51000 \
  ::ffff:192.0.2.7 '[::ffff:192.0.2.7]:80'; do
  guess 1 "$(wrong_key 999)" "$spelling"
  contains "$ERR" "Too many attempts from here"
done
# Another /64, and another IPv4 address, are other sources: they get in.
guess 0 "$DIGITS" 2001:db8:aa:cc::1
contains "$OUT" "Check the inbox of guess@nasa.example"

# --- Successes between guesses do not buy more guesses --------------------
for round in 1 2; do
  for i in $(seq 1 99); do
    echo "$GOOD_PW" | "$ONBOARD" --db "$DB" register --key "$(wrong_key $((round * 1000 + i)))" --source 198.51.100.9 \
      --email guess@nasa.example --name 'Guess Who' --password-stdin >/dev/null 2>&1
  done
  [[ $round == 2 ]] && break
  guess 0 "$DIGITS" 198.51.100.9   # the guesser's own good key, between the guesses
done
# 198 wrong keys were tried, but only the first 100 of the hour were checked.
guess 1 "$DIGITS" 198.51.100.9
contains "$ERR" "Too many attempts from here; try again at 10:00:00 UTC on 2026-11-21."
ONBOARD_NOW=2026-11-21T10:00:00Z guess 0 "$DIGITS" 198.51.100.9
finish
