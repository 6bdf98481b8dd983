#!/usr/bin/env bash
# Writes fixtures.tsv (scheme, password, hash) and legacy_users.csv with real
# tools (see README.md). Re-running makes new salts; the tests only need the
# passwords to match. Needs: mkpasswd (whois), openssl, htpasswd
# (apache2-utils), argon2 (the reference CLI), python3 with Werkzeug, and a C
# compiler with libsodium.
set -euo pipefail
cd "$(dirname "$0")"
out=fixtures.tsv
: >"$out"
row() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$out"; }

row bcrypt 'correct horse 1' "$(mkpasswd -m bcrypt -R 5 'correct horse 1')"
row bcrypt 'Tr0ub4dor&3' "$(htpasswd -nbB -C 5 user 'Tr0ub4dor&3' | cut -d: -f2-)"                    # $2y$
row bcrypt 'bcrypt-a pw' "$(mkpasswd -m bcrypt-a -R 5 'bcrypt-a pw')"                               # $2a$
row sha512-crypt 'shadow pass 6' "$(openssl passwd -6 'shadow pass 6')"
row sha512-crypt 'rounds pass' "$(mkpasswd -m sha512crypt -R 6000 'rounds pass')"
row sha256-crypt 'shadow pass 5' "$(openssl passwd -5 'shadow pass 5')"
row yescrypt 'yes crypt pw' "$(mkpasswd -m yescrypt 'yes crypt pw')"
row scrypt 'scrypt pw 7' "$(mkpasswd -m scrypt 'scrypt pw 7')"
row md5-crypt 'md5 crypt pw' "$(openssl passwd -1 'md5 crypt pw')"

# Argon2id and Argon2i: libsodium's own crypto_pwhash_str_alg.
cc -x c -o /tmp/argon2_fixture - -lsodium <<'C'
#include <sodium.h>
#include <stdio.h>
#include <string.h>
int main(int argc, char** argv) {
  char out[crypto_pwhash_STRBYTES];
  int alg = strcmp(argv[1], "i") == 0 ? crypto_pwhash_ALG_ARGON2I13 : crypto_pwhash_ALG_ARGON2ID13;
  if (argc != 3 || sodium_init() < 0) return 1;
  if (crypto_pwhash_str_alg(out, argv[2], strlen(argv[2]), 3, 8192 * 1024, alg) != 0) return 1;
  puts(out);
  return 0;
}
C
row argon2id 'argon two id' "$(/tmp/argon2_fixture id 'argon two id')"
row argon2i 'argon two i' "$(/tmp/argon2_fixture i 'argon two i')"
rm -f /tmp/argon2_fixture
# The reference implementation's CLI (Debian argon2), with 4 lanes as
# argon2-cffi and Django use; and Django's own forms of bcrypt and Argon2.
row argon2id 'argon lanes' "$(printf %s 'argon lanes' | argon2 "$(openssl rand -hex 8)" -id -t 2 -m 12 -p 4 -e)"
row bcrypt 'django bcrypt' "bcrypt\$$(mkpasswd -m bcrypt -R 5 'django bcrypt')"
row argon2id 'django argon' "argon2$(printf %s 'django argon' | argon2 "$(openssl rand -hex 8)" -id -t 2 -m 12 -p 8 -e)"

# PBKDF2 forms, from python3's hashlib (the formulas of Django, passlib and
# Werkzeug written out, then checked against Werkzeug itself for its form).
python3 - >>"$out" <<'PY'
import base64, hashlib, os, secrets
def b64(b): return base64.b64encode(b).decode()
def ab64(b): return base64.b64encode(b).decode().rstrip("=").replace("+", ".")
def django(algo, digest, pw, it):
    salt = secrets.token_urlsafe(16)[:22]
    h = hashlib.pbkdf2_hmac(digest, pw.encode(), salt.encode(), it)
    return f"{algo}${it}${salt}${b64(h)}"
def passlib(name, digest, pw, it):
    salt = os.urandom(16)
    h = hashlib.pbkdf2_hmac(digest, pw.encode(), salt, it)
    return f"${name}${it}${ab64(salt)}${ab64(h)}"
rows = [
    ("django-pbkdf2-sha256", "django pw 1", django("pbkdf2_sha256", "sha256", "django pw 1", 1000)),
    ("django-pbkdf2-sha256", "Ünïcödé pw", django("pbkdf2_sha256", "sha256", "Ünïcödé pw", 1200)),
    ("django-pbkdf2-sha1", "django sha1 pw", django("pbkdf2_sha1", "sha1", "django sha1 pw", 1000)),
    ("passlib-pbkdf2-sha256", "passlib 256", passlib("pbkdf2-sha256", "sha256", "passlib 256", 1000)),
    ("passlib-pbkdf2-sha512", "passlib 512", passlib("pbkdf2-sha512", "sha512", "passlib 512", 1000)),
    ("passlib-pbkdf2-sha1", "passlib 1", passlib("pbkdf2", "sha1", "passlib 1", 1000)),
]
# Keycloak: a realm export's credential JSON (secretData value and salt in
# base64, credentialData hashIterations and algorithm, a 512-bit key), put in
# the passlib form as docs/migration.md shows.
kc_salt = os.urandom(16)
kc_value = base64.b64encode(hashlib.pbkdf2_hmac("sha256", b"keycloak pw", kc_salt, 27500, dklen=64)).decode()
kc_salt_b64 = base64.b64encode(kc_salt).decode()
to_ab64 = lambda b64: b64.rstrip("=").replace("+", ".")
rows.append(("passlib-pbkdf2-sha256", "keycloak pw",
             "$pbkdf2-sha256$27500$%s$%s" % (to_ab64(kc_salt_b64), to_ab64(kc_value))))
from werkzeug.security import generate_password_hash, check_password_hash
for name, method, pw in [("werkzeug-pbkdf2-sha256", "pbkdf2:sha256:1000", "flask pw 256"),
                         ("werkzeug-pbkdf2-sha512", "pbkdf2:sha512:1000", "flask pw 512"),
                         ("werkzeug-scrypt", "scrypt:1024:8:1", "flask scrypt")]:
    h = generate_password_hash(pw, method=method)
    assert check_password_hash(h, pw)
    rows.append((name, pw, h))
def ssha(digest, pw):
    salt = os.urandom(8)
    return base64.b64encode(hashlib.new(digest, pw.encode() + salt).digest() + salt).decode()
rows.append(("ldap-ssha", "ldap pw", "{SSHA}" + ssha("sha1", "ldap pw")))
rows.append(("ldap-ssha512", "ldap pw 512", "{SSHA512}" + ssha("sha512", "ldap pw 512")))
salt = secrets.token_hex(3)
rows.append(("django-sha1", "old django", f"sha1${salt}${hashlib.sha1((salt + 'old django').encode()).hexdigest()}"))
rows.append(("django-md5", "older django", f"md5${salt}${hashlib.md5((salt + 'older django').encode()).hexdigest()}"))
for r in rows: print("\t".join(r))
PY

# The import file: one person per strong scheme, the password of each known
# to tests/service/password_hash_import_test.cpp and tests/cli/password_hashes_test.sh.
python3 - <<'PY'
import csv
rows = {}
for line in open("fixtures.tsv", encoding="utf-8"):
    scheme, pw, h = line.rstrip("\n").split("\t")
    rows.setdefault(scheme, (pw, h))
people = [("Ada Lovelace", "ada@example.com", "bcrypt"),
          ("Grace Hopper", "grace@example.com", "sha512-crypt"),
          ("Alan Turing", "alan@example.com", "django-pbkdf2-sha256"),
          ("Edsger Dijkstra", "edsger@example.com", "sha256-crypt"),
          ("Barbara Liskov", "barbara@example.com", "yescrypt"),
          ("Donald Knuth", "donald@example.com", "scrypt"),
          ("Frances Allen", "frances@example.com", "argon2id"),
          ("Ken Thompson", "ken@example.com", "passlib-pbkdf2-sha256"),
          ("Radia Perlman", "radia@example.com", "werkzeug-pbkdf2-sha256")]
with open("legacy_users.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["Full Name", "Email", "Password Hash"])
    for name, email, scheme in people:
        w.writerow([name, email, rows[scheme][1]])
with open("legacy_users_passwords.tsv", "w", encoding="utf-8") as f:
    for name, email, scheme in people:
        f.write(f"{email}\t{scheme}\t{rows[scheme][0]}\n")
PY
echo "wrote $out, legacy_users.csv and legacy_users_passwords.tsv"
