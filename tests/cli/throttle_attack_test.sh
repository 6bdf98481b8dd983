#!/usr/bin/env bash
# Issue #13, attacks 4 and 5, through the CLI, as an attacker would run them:
#  4. ~1,000 well-formed wrong keys from 10 sources (one process loop each,
#     all at once) must not lock a right key from a new source out;
#  5. 100 wrong passwords, then the right one is refused with the time to
#     try again; ONBOARD_NOW moves the clock past it and it works.
source "$(dirname "$0")/lib.sh" "$1"
init_org

# A well-formed key: nine digits and their Damm check digit (src/secrets/digit_key.cpp).
damm() {
  local t=(0 3 1 7 5 9 8 6 4 2 7 0 9 2 1 5 4 8 6 3 4 2 0 6 8 7 1 3 5 9 1 7 5 0 9 8 3 4 2 6
           6 1 2 3 0 4 5 9 7 8 3 6 7 4 2 0 9 5 8 1 5 8 6 9 7 2 0 1 3 4 8 9 4 5 3 6 2 0 1 7
           9 4 3 8 6 1 7 2 0 5 2 5 8 1 4 3 6 7 9 0)
  local s=$1 i=0 x
  for ((x = 0; x < ${#s}; x++)); do i=${t[i * 10 + ${s:x:1}]}; done
  echo "$s$i"
}
reg() {  # reg KEY SOURCE EMAIL
  expect "$WANT" bash -c "echo '$GOOD_PW' | '$ONBOARD' --db '$DB' register --key '$1' --source '$2' --email '$3' --name 'Guess Who' --password-stdin"
}

expect 0 ob --json keys create --label "Front desk" --role User
DIGITS=$(json digits)
[[ ${#DIGITS} -eq 10 ]] && CHECKS=$((CHECKS + 1)) || { echo "FAIL: no key in $OUT"; FAILURES=$((FAILURES + 1)); }
wrong_key() {  # the Nth well-formed key that is not the real one
  local k; k=$(damm $((100000000 + $1)))
  [[ $k == "$DIGITS" ]] && k=$(damm $((900000000 + $1)))
  echo "$k"
}

# --- Attack 4: 10 sources × 100 wrong keys, all at once --------------------
for s in $(seq 0 9); do
  (
    for i in $(seq 1 100); do
      echo "$GOOD_PW" | "$ONBOARD" --db "$DB" register --key "$(wrong_key $((s * 1000 + i)))" --source "10.0.0.$s" \
        --email "guess$s@nasa.example" --name "Guess Who" --password-stdin >/dev/null 2>>"$WORK/guesses.$s"
    done
  ) &
done
wait
GUESSED=$(cat "$WORK"/guesses.* | grep -c "This registration key is not valid")
CHECKS=$((CHECKS + 1))
[[ $GUESSED -eq 1000 ]] || { echo "FAIL: expected 1000 checked wrong keys, got $GUESSED"; cat "$WORK"/guesses.* | sort | uniq -c; FAILURES=$((FAILURES + 1)); }

# Each guessing source is locked by its own 100 failures, even with the right key.
WANT=1 reg "$DIGITS" 10.0.0.3 guess3@nasa.example
contains "$ERR" "Too many attempts from here; try again at 10:00:00 UTC on 2026-11-21."
# The organization's 1,000 an hour are spent, yet a new source gets in at once.
WANT=0 reg "$DIGITS" 198.51.100.1 katherine@nasa.example
contains "$OUT" "Check the inbox of katherine@nasa.example"
# A new source that guesses wrong once waits a second before its next try…
WANT=1 reg "$(wrong_key 5000)" 198.51.100.2 dorothy@nasa.example
contains "$ERR" "not valid"
WANT=1 reg "$DIGITS" 198.51.100.2 dorothy@nasa.example
contains "$ERR" "attempts from here are slowed down; try again at 09:00:01 UTC on 2026-11-21."
# …and not longer.
ONBOARD_NOW=2026-11-21T09:00:01Z WANT=0 reg "$DIGITS" 198.51.100.2 dorothy@nasa.example
# The guessers' locks end after the hour; each further failure doubles them.
ONBOARD_NOW=2026-11-21T10:00:00Z WANT=1 reg "$(wrong_key 6000)" 10.0.0.3 guess3@nasa.example
contains "$ERR" "not valid"
ONBOARD_NOW=2026-11-21T10:00:00Z WANT=1 reg "$DIGITS" 10.0.0.3 guess3@nasa.example
contains "$ERR" "Too many attempts from here; try again at 12:00:00 UTC on 2026-11-21."

# --- Attack 5: 100 wrong passwords, then the right one ---------------------
login() {  # login PASSWORD SOURCE
  expect "$WANT" bash -c "printf '%s\n' '$1' | '$ONBOARD' --db '$DB' login ada@acme.example --password-stdin --source '$2'"
}
for s in $(seq 0 9); do  # ten sources, ten guesses each: only the account's count reaches 100
  (
    for i in $(seq 1 10); do
      echo "wrong password $i" | "$ONBOARD" --db "$DB" login ada@acme.example --password-stdin --source "10.1.0.$s" \
        >/dev/null 2>>"$WORK/logins.$s"
    done
  ) &
done
wait
REFUSED=$(cat "$WORK"/logins.* | grep -c "The email or username, or the password, is not right.")
CHECKS=$((CHECKS + 1))
[[ $REFUSED -eq 100 ]] || { echo "FAIL: expected 100 wrong passwords checked, got $REFUSED"; cat "$WORK"/logins.* | sort | uniq -c; FAILURES=$((FAILURES + 1)); }
# The 101st wrong one, and the right one: the same refusal, saying when.
WANT=1 login "wrong password 101" 203.0.113.1
contains "$ERR" "Too many failed sign-ins for this account; try again at 10:00:00 UTC on 2026-11-21."
WANT=1 login "$ADMIN_PW" 203.0.113.1
contains "$ERR" "Too many failed sign-ins for this account; try again at 10:00:00 UTC on 2026-11-21."
lacks "$OUT" "Signed in"
# Changing the password checks the current one: it is throttled alike.
expect 1 bash -c "printf '%s\n%s\n' '$ADMIN_PW' '$GOOD_PW' | '$ONBOARD' --db '$DB' password ada@acme.example --password-stdin --source 203.0.113.1"
contains "$ERR" "Too many failed sign-ins for this account"
ONBOARD_NOW=2026-11-21T09:59:59Z WANT=1 login "$ADMIN_PW" 203.0.113.1
# When the hour is over, the right password works again.
ONBOARD_NOW=2026-11-21T10:00:00Z WANT=0 login "$ADMIN_PW" 203.0.113.1
contains "$OUT" "Signed in as Ada Lovelace"

finish
