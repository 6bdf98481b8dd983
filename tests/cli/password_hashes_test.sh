#!/usr/bin/env bash
# Password hashes from other systems through the CLI: tests/data/hashes/legacy_users.csv
# (made by real tools, see its README) previews with a count per scheme, imports,
# and every person signs in with their old password, then holds Argon2id; weak
# schemes need --allow-weak-hashes; a malformed hash is a row error that never
# repeats the hash.
source "$(dirname "$0")/lib.sh" "$1"
DATA=${ONBOARD_TEST_DATA:-$(dirname "$0")/../data}
init_org
stored() { sqlite3 "$DB" "SELECT password_hash FROM users WHERE email = '$1';"; }
login() { expect "$1" bash -c "printf '%s\n' '$3' | '$ONBOARD' --db '$DB' login '$2' --password-stdin"; }

# The preview counts rows per scheme, in text and in JSON.
expect 0 ob import "$DATA/hashes/legacy_users.csv" --dry-run
contains "$OUT" "Password hashes: bcrypt 1, sha512-crypt 1, sha256-crypt 1, yescrypt 1, scrypt 1, argon2id 1"
contains "$OUT" "django-pbkdf2-sha256 1"
expect 0 ob --json import "$DATA/hashes/legacy_users.csv" --dry-run --passwords hash
contains "$OUT" '"password_hashes":[{"scheme":"bcrypt","rows":1,"weak":false}'
lacks "$OUT" '$2b$05$'

# The import: nobody gets a generated password; the hashes are sealed at rest.
expect 0 ob --json import "$DATA/hashes/legacy_users.csv"
contains "$OUT" '"created":9'
contains "$OUT" '"credentials":0'
ADA_STORED=$(stored ada@example.com)
contains "$ADA_STORED" 'legacy$'
lacks "$(sqlite3 "$DB" .dump)" '$2b$05$'

# Every person signs in with the old password, then holds Argon2id.
while IFS=$'\t' read -r email scheme password; do
  login 0 "$email" "$password"
  contains "$(stored "$email")" '$argon2id$'
  login 0 "$email" "$password"
done <"$DATA/hashes/legacy_users_passwords.tsv"
expect 0 ob --json audit --limit 500
contains "$OUT" '"action":"user.password_rehashed"'
contains "$OUT" 'django-pbkdf2-sha256'
lacks "$OUT" 'pbkdf2_sha256$'

# A wrong password fails with the usual sentence, and the import's copy stays.
cat >"$WORK/one.csv" <<CSV
Full Name,Email,Password Hash
Kim Wrong,kim@example.com,$(sed -n 's/^bcrypt\tcorrect horse 1\t//p' "$DATA/hashes/fixtures.tsv")
CSV
expect 0 ob import "$WORK/one.csv"
login 1 kim@example.com 'correct horse 2'
contains "$ERR" "The email or username, or the password, is not right."
contains "$(stored kim@example.com)" 'legacy$'
login 0 kim@example.com 'correct horse 1'

# Weak schemes: refused without the flag, taken with it.
SSHA=$(sed -n 's/^ldap-ssha\tldap pw\t//p' "$DATA/hashes/fixtures.tsv")
printf 'Full Name,Email,Password Hash\nLee Ldap,lee@example.com,%s\n' "$SSHA" >"$WORK/weak.csv"
expect 1 ob import "$WORK/weak.csv"
contains "$OUT" "Password Hash"
contains "$OUT" "weak scheme"
contains "$OUT" "--allow-weak-hashes"
lacks "$OUT" "${SSHA:6:12}"
expect 0 ob import "$WORK/weak.csv" --allow-weak-hashes
contains "$OUT" "ldap-ssha 1"
contains "$OUT" "(weak)"
login 0 lee@example.com 'ldap pw'
contains "$(stored lee@example.com)" '$argon2id$'

# A malformed hash: the row, the column and the scheme it looked like; never the hash.
printf 'Full Name,Email,Password Hash\nMo Malformed,mo@example.com,$2b$$7ogS.qWgxsgEyS/uF9HY.er3X6qsKp3yIMtVdjGSUyf6B/tkFWsDC\n' >"$WORK/bad.csv"
expect 1 ob --json import "$WORK/bad.csv"
contains "$OUT" '"row":2,"column":"Password Hash","code":"password_hash.malformed"'
contains "$OUT" "This looks like a bcrypt hash, but its cost is missing"
lacks "$OUT" "7ogS.qWgxsg"

finish
