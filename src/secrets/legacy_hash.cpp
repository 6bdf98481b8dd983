// Imported password hashes: what scheme a stored text is, whether it is well
// formed, and whether a password matches it. Every digest is the library's
// (libxcrypt, libsodium, OpenSSL); this file only parses the text forms.
#include "onboard/secrets/legacy_hash.hpp"

#include "secrets/libxcrypt.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "onboard/secrets/crypto_init.hpp"

namespace onboard {
inline namespace v1 {
namespace legacy_hash {
namespace {

constexpr std::array<std::string_view, scheme_count> kNames{
    "unknown",
    "bcrypt",
    "sha512-crypt",
    "sha256-crypt",
    "yescrypt",
    "scrypt",
    "argon2id",
    "argon2i",
    "django-pbkdf2-sha256",
    "passlib-pbkdf2-sha256",
    "passlib-pbkdf2-sha512",
    "werkzeug-pbkdf2-sha256",
    "werkzeug-pbkdf2-sha512",
    "werkzeug-scrypt",
    "django-pbkdf2-sha1",
    "passlib-pbkdf2-sha1",
    "werkzeug-pbkdf2-sha1",
    "md5-crypt",
    "ldap-ssha",
    "ldap-ssha512",
    "django-sha1",
    "django-md5",
};

}  // namespace

std::string_view scheme_label(Scheme s) noexcept {
  switch (s) {
    case Scheme::bcrypt: return "a bcrypt hash";
    case Scheme::sha512_crypt: return "a sha512-crypt hash";
    case Scheme::sha256_crypt: return "a sha256-crypt hash";
    case Scheme::yescrypt: return "a yescrypt hash";
    case Scheme::scrypt: return "an scrypt ($7$) hash";
    case Scheme::argon2id: return "an Argon2id hash";
    case Scheme::argon2i: return "an Argon2i hash";
    case Scheme::django_pbkdf2_sha256: return "a Django PBKDF2-SHA256 hash";
    case Scheme::passlib_pbkdf2_sha256: return "a passlib PBKDF2-SHA256 hash";
    case Scheme::passlib_pbkdf2_sha512: return "a passlib PBKDF2-SHA512 hash";
    case Scheme::werkzeug_pbkdf2_sha256: return "a Werkzeug PBKDF2-SHA256 hash";
    case Scheme::werkzeug_pbkdf2_sha512: return "a Werkzeug PBKDF2-SHA512 hash";
    case Scheme::werkzeug_scrypt: return "a Werkzeug scrypt hash";
    case Scheme::django_pbkdf2_sha1: return "a Django PBKDF2-SHA1 hash";
    case Scheme::passlib_pbkdf2_sha1: return "a passlib PBKDF2-SHA1 hash";
    case Scheme::werkzeug_pbkdf2_sha1: return "a Werkzeug PBKDF2-SHA1 hash";
    case Scheme::md5_crypt: return "an md5-crypt ($1$) hash";
    case Scheme::ldap_ssha: return "an LDAP {SSHA} hash";
    case Scheme::ldap_ssha512: return "an LDAP {SSHA512} hash";
    case Scheme::django_sha1: return "a Django salted SHA-1 hash";
    case Scheme::django_md5: return "a Django salted MD5 hash";
    case Scheme::unknown: break;
  }
  return "a password hash";
}

namespace {

// Bounds on what a sign-in may be made to spend on one imported hash.
constexpr std::uint64_t kMaxPbkdf2Iterations = 10'000'000;
constexpr std::uint64_t kMaxScryptBytes = std::uint64_t{256} * 1024 * 1024;

bool starts_with(std::string_view s, std::string_view prefix) noexcept {
  return s.substr(0, prefix.size()) == prefix;
}

bool starts_with_nocase(std::string_view s, std::string_view prefix) noexcept {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c != prefix[i]) return false;
  }
  return true;
}

// Splits on '$' (the empty field before a leading '$' included).
std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  while (true) {
    const auto at = s.find(sep);
    parts.push_back(s.substr(0, at));
    if (at == std::string_view::npos) break;
    s.remove_prefix(at + 1);
  }
  return parts;
}

std::optional<std::uint64_t> number(std::string_view s) {
  if (s.empty() || s.size() > 12) return std::nullopt;
  std::uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return v;
}

bool all_of_set(std::string_view s, std::string_view set) {
  return s.find_first_not_of(set) == std::string_view::npos;
}

constexpr std::string_view kCryptAlphabet =
    "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
constexpr std::string_view kHexDigits = "0123456789abcdefABCDEF";

// Base64 (RFC 4648, '=' padding optional) or passlib's "ab64" ('.' for '+',
// unpadded), through libsodium's decoder.
std::optional<std::string> base64(std::string_view text, bool ab64) {
  std::string t(text);
  while (!t.empty() && t.back() == '=') t.pop_back();
  if (ab64) std::replace(t.begin(), t.end(), '.', '+');
  if (t.empty()) return std::string();
  std::string out(t.size() * 3 / 4 + 3, '\0');
  std::size_t len = 0;
  init_crypto();
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), t.data(), t.size(), nullptr,
                        &len, nullptr, sodium_base64_VARIANT_ORIGINAL_NO_PADDING) != 0)
    return std::nullopt;
  out.resize(len);
  return out;
}

std::optional<std::string> hex(std::string_view text) {
  if (text.size() % 2 != 0 || !all_of_set(text, kHexDigits)) return std::nullopt;
  std::string out(text.size() / 2, '\0');
  std::size_t len = 0;
  init_crypto();
  if (sodium_hex2bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(),
                     nullptr, &len, nullptr) != 0)
    return std::nullopt;
  out.resize(len);
  return out;
}

Identified bad(Scheme s, std::string problem) { return {s, false, std::move(problem)}; }
Identified good(Scheme s) { return {s, true, {}}; }

std::string count_text(std::size_t n, std::string_view what) {
  return std::to_string(n) + " " + std::string(what) + (n == 1 ? "" : "s");
}

// What libxcrypt says of the setting part of a crypt(3) hash.
std::optional<std::string> crypt_refusal(std::string_view hash) {
  const std::string setting(hash);
  switch (crypt_checksalt(setting.c_str())) {
    case CRYPT_SALT_OK:
    case CRYPT_SALT_METHOD_LEGACY:
    case CRYPT_SALT_TOO_CHEAP: return std::nullopt;
    case CRYPT_SALT_METHOD_DISABLED: return std::string("the crypt library on this server cannot verify it");
    default: return std::string("its parameters or salt are not valid");
  }
}

Identified identify_bcrypt(std::string_view h) {
  // $2b$CC$ + 22 characters of salt + 31 of hash.
  if (h.size() < 4 || h[3] != '$' || (h[2] != 'a' && h[2] != 'b' && h[2] != 'y'))
    return bad(Scheme::bcrypt, "its version is not $2a$, $2b$ or $2y$");
  const std::string_view rest = h.substr(4);
  const auto dollar = rest.find('$');
  if (dollar == std::string_view::npos || dollar == 0)
    return bad(Scheme::bcrypt, "its cost is missing (it should start like $2b$12$)");
  const auto cost = number(rest.substr(0, dollar));
  if (dollar != 2 || !cost || *cost < 4 || *cost > 31)
    return bad(Scheme::bcrypt, "its cost must be two digits from 04 to 31");
  const std::string_view body = rest.substr(dollar + 1);
  if (body.size() != 53)
    return bad(Scheme::bcrypt,
               "its salt and hash should be 53 characters long, not " + std::to_string(body.size()));
  if (!all_of_set(body, kCryptAlphabet))
    return bad(Scheme::bcrypt, "its salt or hash holds a character bcrypt never writes");
  if (auto refusal = crypt_refusal(h)) return bad(Scheme::bcrypt, *refusal);
  return good(Scheme::bcrypt);
}

// $5$ / $6$ [rounds=N$] salt $ hash, and $1$ salt $ hash.
Identified identify_sha_crypt(std::string_view h, Scheme s, std::size_t hash_chars, std::size_t max_salt) {
  auto parts = split(h.substr(3), '$');
  if (s != Scheme::md5_crypt && !parts.empty() && starts_with(parts.front(), "rounds=")) {
    const auto rounds = number(parts.front().substr(7));
    if (!rounds || *rounds < 1000 || *rounds > 999'999'999)
      return bad(s, "its rounds= value must be a number from 1000 to 999999999");
    parts.erase(parts.begin());
  }
  if (parts.size() < 2) return bad(s, "its hash part is missing (after the salt and a '$')");
  if (parts.size() > 2)
    return bad(s, "it has more '$' separators than " + std::string(scheme_name(s)) + " writes");
  if (parts[0].empty() || parts[0].size() > max_salt || !all_of_set(parts[0], kCryptAlphabet))
    return bad(s, "its salt must be 1 to " + std::to_string(max_salt) + " characters of ./0-9A-Za-z");
  if (parts[1].size() != hash_chars)
    return bad(s, "its hash part should be " + count_text(hash_chars, "character") + " long, not " +
                      std::to_string(parts[1].size()));
  if (!all_of_set(parts[1], kCryptAlphabet))
    return bad(s, "its hash part holds a character crypt never writes");
  if (auto refusal = crypt_refusal(h)) return bad(s, *refusal);
  return good(s);
}

// $y$ params $ salt $ hash, and $7$ params+salt $ hash: libxcrypt checks the
// setting, the hash part is 43 characters.
Identified identify_yescrypt_like(std::string_view h, Scheme s, std::size_t separators) {
  const auto parts = split(h, '$');
  if (parts.size() != separators + 1) return bad(s, "its parameters, salt or hash part is missing");
  if (parts.back().size() != 43)
    return bad(s, "its hash part should be 43 characters long, not " + std::to_string(parts.back().size()));
  if (!all_of_set(parts.back(), kCryptAlphabet))
    return bad(s, "its hash part holds a character crypt never writes");
  if (auto refusal = crypt_refusal(h)) return bad(s, *refusal);
  return good(s);
}

Identified identify_argon2(std::string_view h, Scheme s) {
  // $argon2id$v=19$m=65536,t=3,p=4$salt$hash
  const auto parts = split(h, '$');
  if (parts.size() < 5 || parts.size() > 6) return bad(s, "its parameters, salt or hash part is missing");
  const std::string_view params = parts[parts.size() - 3];
  if (params.find("m=") == std::string_view::npos || params.find("t=") == std::string_view::npos ||
      params.find("p=") == std::string_view::npos)
    return bad(s, "its parameters (m=, t=, p=) are missing");
  if (parts.size() == 6 && parts[2] != "v=19" && parts[2] != "v=16") return bad(s, "its version is not v=19");
  if (h.size() >= crypto_pwhash_STRBYTES) return bad(s, "it is longer than libsodium reads");
  return good(s);
}

// pbkdf2_sha256$ITER$SALT$B64 (Django).
Identified identify_django_pbkdf2(std::string_view h, Scheme s, std::size_t digest) {
  const auto parts = split(h, '$');
  if (parts.size() != 4)
    return bad(s, "it should have four parts separated by '$' (algorithm, iterations, salt, hash)");
  const auto iterations = number(parts[1]);
  if (!iterations) return bad(s, "its iteration count is missing");
  if (*iterations < 1 || *iterations > kMaxPbkdf2Iterations)
    return bad(s, "its iteration count must be from 1 to 10000000");
  if (parts[2].empty()) return bad(s, "its salt is missing");
  const auto hash = base64(parts[3], false);
  if (!hash) return bad(s, "its hash part is not base64");
  if (hash->size() != digest)
    return bad(
        s, "its hash should be " + count_text(digest, "byte") + " long, not " + std::to_string(hash->size()));
  return good(s);
}

// $pbkdf2-sha256$ITER$AB64SALT$AB64HASH (passlib).
Identified identify_passlib_pbkdf2(std::string_view h, Scheme s, std::size_t digest) {
  const auto parts = split(h, '$');
  if (parts.size() != 5) return bad(s, "it should have the form $pbkdf2-sha256$iterations$salt$hash");
  const auto iterations = number(parts[2]);
  if (!iterations) return bad(s, "its iteration count is missing");
  if (*iterations < 1 || *iterations > kMaxPbkdf2Iterations)
    return bad(s, "its iteration count must be from 1 to 10000000");
  const auto salt = base64(parts[3], true);
  if (!salt || salt->empty()) return bad(s, "its salt is missing or not in passlib's base64");
  const auto hash = base64(parts[4], true);
  if (!hash) return bad(s, "its hash part is not in passlib's base64");
  // passlib writes one digest's length; Keycloak's keys (put in this form,
  // docs/migration.md) are 64 bytes whatever the digest.
  if (hash->size() < digest || hash->size() > 128)
    return bad(s, "its hash should be " + count_text(digest, "byte") + " (up to 128) long, not " +
                      std::to_string(hash->size()));
  return good(s);
}

// pbkdf2:sha256:ITER$SALT$HEX and scrypt:N:r:p$SALT$HEX (Werkzeug).
Identified identify_werkzeug(std::string_view h) {
  const auto parts = split(h, '$');
  const auto method = split(parts[0], ':');
  const bool scrypt = method[0] == "scrypt";
  Scheme s = Scheme::werkzeug_scrypt;
  std::size_t digest = 64;
  if (!scrypt) {
    if (method.size() < 2)
      return bad(Scheme::werkzeug_pbkdf2_sha256, "its digest (pbkdf2:sha256) is missing");
    if (method[1] == "sha256") {
      s = Scheme::werkzeug_pbkdf2_sha256;
      digest = 32;
    } else if (method[1] == "sha512") {
      s = Scheme::werkzeug_pbkdf2_sha512;
    } else if (method[1] == "sha1") {
      s = Scheme::werkzeug_pbkdf2_sha1;
      digest = 20;
    } else {
      return bad(Scheme::werkzeug_pbkdf2_sha256, "its digest is not sha256, sha512 or sha1");
    }
    if (method.size() != 3)
      return bad(
          s, "its iteration count is missing (write it as pbkdf2:" + std::string(method[1]) + ":ITERATIONS)");
    const auto iterations = number(method[2]);
    if (!iterations || *iterations < 1 || *iterations > kMaxPbkdf2Iterations)
      return bad(s, "its iteration count must be from 1 to 10000000");
  } else {
    if (method.size() != 4) return bad(s, "its cost is not written as scrypt:N:r:p");
    const auto n = number(method[1]), r = number(method[2]), p = number(method[3]);
    if (!n || !r || !p || *n < 2 || (*n & (*n - 1)) != 0 || *r < 1 || *p < 1 || *r > 64 || *p > 64)
      return bad(s, "its cost N:r:p must be a power of two and two small numbers");
    if (*n * *r * 128 * (*p + 1) > kMaxScryptBytes)
      return bad(s, "its cost would take more than 256 MiB of memory to check");
  }
  if (parts.size() != 3) return bad(s, "it should have three parts separated by '$' (method, salt, hash)");
  if (parts[1].empty()) return bad(s, "its salt is missing");
  if (parts[2].size() != digest * 2)
    return bad(s, "its hash should be " + count_text(digest * 2, "hex digit") + " long, not " +
                      std::to_string(parts[2].size()));
  if (!hex(parts[2])) return bad(s, "its hash part is not hexadecimal");
  return good(s);
}

Identified identify_ssha(std::string_view h, Scheme s, std::size_t digest, std::size_t prefix) {
  const auto bytes = base64(h.substr(prefix), false);
  if (!bytes) return bad(s, "its text after the scheme is not base64");
  if (bytes->size() <= digest) return bad(s, "its salt is missing (it is too short)");
  return good(s);
}

// sha1$SALT$HEX, md5$SALT$HEX (Django's salted digests).
Identified identify_django_digest(std::string_view h, Scheme s, std::size_t digest) {
  const auto parts = split(h, '$');
  if (parts.size() != 3) return bad(s, "it should have three parts separated by '$' (algorithm, salt, hash)");
  if (parts[2].size() != digest * 2 || !hex(parts[2]))
    return bad(s, "its hash should be " + count_text(digest * 2, "hex digit") + " long");
  return good(s);
}

// ---- verification ----

bool same(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

// A string that is wiped when it goes.
struct Secret {
  std::string text;
  explicit Secret(std::string_view t) : text(t) {}
  explicit Secret(std::size_t n) : text(n, '\0') {}
  ~Secret() { OPENSSL_cleanse(text.data(), text.size()); }
  Secret(const Secret&) = delete;
  Secret& operator=(const Secret&) = delete;
};

bool verify_crypt(std::string_view stored, std::string_view password) {
  if (password.size() >= CRYPT_MAX_PASSPHRASE_SIZE || password.find('\0') != std::string_view::npos)
    return false;
  const Secret phrase(password);
  const std::string setting(stored);
  auto data = std::make_unique<crypt_data>();
  const char* out = crypt_rn(phrase.text.c_str(), setting.c_str(), data.get(), sizeof(crypt_data));
  const bool ok = out != nullptr && out[0] != '*' && same(out, stored);
  OPENSSL_cleanse(data.get(), sizeof(crypt_data));
  return ok;
}

bool verify_argon2(std::string_view stored, std::string_view password) {
  if (stored.size() >= crypto_pwhash_STRBYTES) return false;
  init_crypto();
  const std::string text(stored);
  return crypto_pwhash_str_verify(text.c_str(), password.data(), password.size()) == 0;
}

const EVP_MD* digest_of(Scheme s) {
  switch (s) {
    case Scheme::django_pbkdf2_sha256:
    case Scheme::passlib_pbkdf2_sha256:
    case Scheme::werkzeug_pbkdf2_sha256: return EVP_sha256();
    case Scheme::passlib_pbkdf2_sha512:
    case Scheme::werkzeug_pbkdf2_sha512:
    case Scheme::ldap_ssha512: return EVP_sha512();
    case Scheme::django_pbkdf2_sha1:
    case Scheme::passlib_pbkdf2_sha1:
    case Scheme::werkzeug_pbkdf2_sha1:
    case Scheme::ldap_ssha:
    case Scheme::django_sha1: return EVP_sha1();
    case Scheme::django_md5: return EVP_md5();
    default: return nullptr;
  }
}

bool pbkdf2_matches(Scheme s, std::string_view password, std::string_view salt, std::uint64_t iterations,
                    std::string_view expected) {
  Secret derived(expected.size());
  if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                        reinterpret_cast<const unsigned char*>(salt.data()), static_cast<int>(salt.size()),
                        static_cast<int>(iterations), digest_of(s), static_cast<int>(expected.size()),
                        reinterpret_cast<unsigned char*>(derived.text.data())) != 1)
    return false;
  return same(derived.text, expected);
}

// The digest of a ‖ b.
bool digest_matches(Scheme s, std::string_view a, std::string_view b, std::string_view expected) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (!ctx || EVP_DigestInit_ex(ctx.get(), digest_of(s), nullptr) != 1 ||
      EVP_DigestUpdate(ctx.get(), a.data(), a.size()) != 1 ||
      EVP_DigestUpdate(ctx.get(), b.data(), b.size()) != 1 || EVP_DigestFinal_ex(ctx.get(), out, &len) != 1)
    return false;
  const bool ok = same(std::string_view(reinterpret_cast<const char*>(out), len), expected);
  OPENSSL_cleanse(out, sizeof out);
  return ok;
}

bool verify_werkzeug(Scheme s, std::string_view stored, std::string_view password) {
  const auto parts = split(stored, '$');
  const auto method = split(parts[0], ':');
  const auto expected = hex(parts[2]);
  if (!expected) return false;
  if (s != Scheme::werkzeug_scrypt)
    return pbkdf2_matches(s, password, parts[1], *number(method[2]), *expected);
  const std::uint64_t n = *number(method[1]), r = *number(method[2]), p = *number(method[3]);
  Secret derived(expected->size());
  if (EVP_PBE_scrypt(password.data(), password.size(),
                     reinterpret_cast<const unsigned char*>(parts[1].data()), parts[1].size(), n, r, p,
                     kMaxScryptBytes + std::uint64_t{1024} * 1024,
                     reinterpret_cast<unsigned char*>(derived.text.data()), derived.text.size()) != 1)
    return false;
  return same(derived.text, *expected);
}

}  // namespace

std::string_view scheme_name(Scheme s) noexcept { return kNames[static_cast<std::size_t>(s)]; }

bool is_weak(Scheme s) noexcept { return s >= Scheme::django_pbkdf2_sha1; }

std::string_view weak_reason(Scheme s) noexcept {
  switch (s) {
    case Scheme::django_pbkdf2_sha1:
    case Scheme::passlib_pbkdf2_sha1:
    case Scheme::werkzeug_pbkdf2_sha1:
      return "PBKDF2 over SHA-1, which graphics cards test many times faster than "
             "bcrypt or Argon2";
    case Scheme::md5_crypt: return "1000 rounds of MD5, which graphics cards test by the billion";
    case Scheme::ldap_ssha:
    case Scheme::ldap_ssha512:
    case Scheme::django_sha1:
    case Scheme::django_md5: return "one fast salted digest, which graphics cards test by the billion";
    default: return {};
  }
}

namespace {

// Django writes its bcrypt and Argon2 hashes behind its hasher's name
// ("bcrypt$$2b$…", "argon2$argon2id$…"): the hash is what follows.
std::string_view without_django_prefix(std::string_view h) noexcept {
  if (starts_with(h, "bcrypt$$2")) return h.substr(7);
  if (starts_with(h, "argon2$argon2")) return h.substr(6);
  return h;
}

}  // namespace

Identified identify(std::string_view h) {
  h = without_django_prefix(h);
  if (h.size() > max_hash_bytes)
    return bad(Scheme::unknown, "The password hash is longer than " + std::to_string(max_hash_bytes) +
                                    " characters; no scheme onboard knows writes one that long.");
  Identified id;
  if (starts_with(h, "$2"))
    id = identify_bcrypt(h);
  else if (starts_with(h, "$6$"))
    id = identify_sha_crypt(h, Scheme::sha512_crypt, 86, 16);
  else if (starts_with(h, "$5$"))
    id = identify_sha_crypt(h, Scheme::sha256_crypt, 43, 16);
  else if (starts_with(h, "$1$"))
    id = identify_sha_crypt(h, Scheme::md5_crypt, 22, 8);
  else if (starts_with(h, "$y$"))
    id = identify_yescrypt_like(h, Scheme::yescrypt, 4);
  else if (starts_with(h, "$7$"))
    id = identify_yescrypt_like(h, Scheme::scrypt, 3);
  else if (starts_with(h, "$argon2id$"))
    id = identify_argon2(h, Scheme::argon2id);
  else if (starts_with(h, "$argon2i$"))
    id = identify_argon2(h, Scheme::argon2i);
  else if (starts_with(h, "$argon2"))
    return bad(Scheme::unknown,
               "This looks like an Argon2d hash, which onboard cannot verify; only Argon2id and Argon2i are "
               "supported.");
  else if (starts_with(h, "pbkdf2_sha256$"))
    id = identify_django_pbkdf2(h, Scheme::django_pbkdf2_sha256, 32);
  else if (starts_with(h, "pbkdf2_sha1$"))
    id = identify_django_pbkdf2(h, Scheme::django_pbkdf2_sha1, 20);
  else if (starts_with(h, "$pbkdf2-sha256$"))
    id = identify_passlib_pbkdf2(h, Scheme::passlib_pbkdf2_sha256, 32);
  else if (starts_with(h, "$pbkdf2-sha512$"))
    id = identify_passlib_pbkdf2(h, Scheme::passlib_pbkdf2_sha512, 64);
  else if (starts_with(h, "$pbkdf2$"))
    id = identify_passlib_pbkdf2(h, Scheme::passlib_pbkdf2_sha1, 20);
  else if (starts_with(h, "pbkdf2:") || starts_with(h, "scrypt:"))
    id = identify_werkzeug(h);
  else if (starts_with_nocase(h, "{SSHA512}"))
    id = identify_ssha(h, Scheme::ldap_ssha512, 64, 9);
  else if (starts_with_nocase(h, "{SSHA}"))
    id = identify_ssha(h, Scheme::ldap_ssha, 20, 6);
  else if (starts_with(h, "sha1$"))
    id = identify_django_digest(h, Scheme::django_sha1, 20);
  else if (starts_with(h, "md5$"))
    id = identify_django_digest(h, Scheme::django_md5, 16);
  else
    return bad(Scheme::unknown,
               "The password hash is not in a form onboard knows; the schemes it takes are bcrypt, "
               "sha512-crypt, sha256-crypt, yescrypt, scrypt, Argon2id, Argon2i and PBKDF2 (Django, passlib, "
               "Werkzeug) (see docs/migration.md).");
  // Spaces or control characters never belong to a hash (a pasted line break).
  if (id.well_formed)
    for (unsigned char c : h)
      if (c <= ' ' || c == 0x7F) return bad(id.scheme, "it contains a space or a control character");
  return id;
}

std::string describe_problem(const Identified& id) {
  if (id.scheme == Scheme::unknown)
    return id.problem.empty() ? "The password hash is not in a form onboard knows." : id.problem;
  return "This looks like " + std::string(scheme_label(id.scheme)) + ", but " +
         (id.problem.empty() ? std::string("it is not well formed") : id.problem) + ".";
}

bool verify(std::string_view stored, std::string_view password) {
  stored = without_django_prefix(stored);
  const Identified id = identify(stored);
  if (!id.well_formed || password.size() > 4096) return false;
  switch (id.scheme) {
    case Scheme::bcrypt:
    case Scheme::sha512_crypt:
    case Scheme::sha256_crypt:
    case Scheme::yescrypt:
    case Scheme::scrypt:
    case Scheme::md5_crypt: return verify_crypt(stored, password);
    case Scheme::argon2id:
    case Scheme::argon2i: return verify_argon2(stored, password);
    case Scheme::django_pbkdf2_sha256:
    case Scheme::django_pbkdf2_sha1: {
      const auto parts = split(stored, '$');
      const auto expected = base64(parts[3], false);
      return expected && pbkdf2_matches(id.scheme, password, parts[2], *number(parts[1]), *expected);
    }
    case Scheme::passlib_pbkdf2_sha256:
    case Scheme::passlib_pbkdf2_sha512:
    case Scheme::passlib_pbkdf2_sha1: {
      const auto parts = split(stored, '$');
      const auto salt = base64(parts[3], true);
      const auto expected = base64(parts[4], true);
      return salt && expected && pbkdf2_matches(id.scheme, password, *salt, *number(parts[2]), *expected);
    }
    case Scheme::werkzeug_pbkdf2_sha256:
    case Scheme::werkzeug_pbkdf2_sha512:
    case Scheme::werkzeug_pbkdf2_sha1:
    case Scheme::werkzeug_scrypt: return verify_werkzeug(id.scheme, stored, password);
    case Scheme::ldap_ssha:
    case Scheme::ldap_ssha512: {
      const std::size_t prefix = id.scheme == Scheme::ldap_ssha ? 6 : 9;
      const std::size_t digest = id.scheme == Scheme::ldap_ssha ? 20 : 64;
      const auto bytes = base64(stored.substr(prefix), false);
      if (!bytes) return false;
      const std::string_view all(*bytes);
      return digest_matches(id.scheme, password, all.substr(digest), all.substr(0, digest));
    }
    case Scheme::django_sha1:
    case Scheme::django_md5: {
      const auto parts = split(stored, '$');
      const auto expected = hex(parts[2]);
      return expected && digest_matches(id.scheme, parts[1], password, *expected);
    }
    case Scheme::unknown: break;
  }
  return false;
}

}  // namespace legacy_hash
}  // namespace v1
}  // namespace onboard
