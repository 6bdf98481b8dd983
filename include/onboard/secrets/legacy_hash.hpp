// Password hashes imported from other systems (Django, Rails, /etc/shadow,
// Auth0, Keycloak, Flask, OpenLDAP…): the one place that knows their schemes.
// The import's row validator asks identify() whether a cell is a hash onboard
// can verify; sign-in asks verify() whether a typed password matches it, then
// replaces it with Argon2id (docs/migration.md).
//
// No crypto is written here: crypt(3) schemes go to libxcrypt (crypt_r,
// crypt_checksalt), Argon2 to libsodium, PBKDF2, scrypt and the salted
// digests to OpenSSL. A hash's text is never put into a message.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace onboard {
inline namespace v1 {
namespace legacy_hash {

enum class Scheme {
  unknown,
  bcrypt,                  // $2a$ / $2b$ / $2y$ (libxcrypt)
  sha512_crypt,            // $6$ (libxcrypt)
  sha256_crypt,            // $5$ (libxcrypt)
  yescrypt,                // $y$ (libxcrypt)
  scrypt,                  // $7$ (libxcrypt)
  argon2id,                // $argon2id$ PHC (libsodium)
  argon2i,                 // $argon2i$ PHC (libsodium)
  django_pbkdf2_sha256,    // pbkdf2_sha256$ITER$SALT$B64
  passlib_pbkdf2_sha256,   // $pbkdf2-sha256$ITER$AB64SALT$AB64HASH
  passlib_pbkdf2_sha512,   // $pbkdf2-sha512$…
  werkzeug_pbkdf2_sha256,  // pbkdf2:sha256:ITER$SALT$HEX
  werkzeug_pbkdf2_sha512,  // pbkdf2:sha512:ITER$SALT$HEX
  werkzeug_scrypt,         // scrypt:N:r:p$SALT$HEX
  // Weak: accepted only with ImportOptions::allow_weak_hashes.
  django_pbkdf2_sha1,    // pbkdf2_sha1$ITER$SALT$B64
  passlib_pbkdf2_sha1,   // $pbkdf2$ITER$AB64SALT$AB64HASH
  werkzeug_pbkdf2_sha1,  // pbkdf2:sha1:ITER$SALT$HEX
  md5_crypt,             // $1$ (libxcrypt)
  ldap_ssha,             // {SSHA}base64(sha1(pw‖salt)‖salt)
  ldap_ssha512,          // {SSHA512}base64(sha512(pw‖salt)‖salt)
  django_sha1,           // sha1$SALT$HEX
  django_md5,            // md5$SALT$HEX
};
inline constexpr std::size_t scheme_count = static_cast<std::size_t>(Scheme::django_md5) + 1;

// "bcrypt", "sha512-crypt", "django-pbkdf2-sha256"…: the name the report
// counts under and the audit event records.
std::string_view scheme_name(Scheme s) noexcept;
// How a sentence names it: "a bcrypt hash", "an LDAP {SSHA} hash".
std::string_view scheme_label(Scheme s) noexcept;
// True for the schemes behind --allow-weak-hashes: one fast digest, or
// PBKDF2 over SHA-1 (docs/migration.md says why for each).
bool is_weak(Scheme s) noexcept;
// Why a weak scheme is weak, a clause for a sentence ("one fast salted
// digest…"); empty for the others.
std::string_view weak_reason(Scheme s) noexcept;

struct Identified {
  Scheme scheme = Scheme::unknown;  // what the text looks like (its prefix)
  bool well_formed = false;         // verify() can check a password against it
  // When not well formed: what is wrong, a clause that follows "this looks
  // like a bcrypt hash, but" ("its cost is missing"). Never quotes the hash.
  std::string problem;
};

// What a stored hash is. Cheap: no hashing, only its form (crypt_checksalt
// for the crypt(3) schemes). Text longer than max_hash_bytes is unknown.
Identified identify(std::string_view hash);
inline constexpr std::size_t max_hash_bytes = 1024;

// The sentence a row error gives for a hash identify() refused (unknown or
// malformed), e.g. "This looks like a bcrypt hash, but its cost is missing."
std::string describe_problem(const Identified& id);

// Whether `password` (as typed) matches `stored`: constant-time comparison,
// false for an unknown or malformed hash. Slow on purpose for the slow
// schemes (each costs what its parameters say).
bool verify(std::string_view stored, std::string_view password);

}  // namespace legacy_hash
}  // namespace v1
}  // namespace onboard
