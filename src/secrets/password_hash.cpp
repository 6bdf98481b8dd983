// Storing and verifying passwords: Argon2id for chosen ones, a keyed hash for
// generated ones.
#include <sodium.h>

#include <algorithm>
#include <cstdint>

#include "core/fast_paths.hpp"
#include "onboard/secrets/crypto_init.hpp"
#include "onboard/secrets/legacy_hash.hpp"
#include "onboard/secrets/password.hpp"

namespace onboard {
inline namespace v1 {

namespace {

constexpr std::string_view argon2id_prefix = "$argon2id$";
// Generated passwords: BLAKE2b-256 keyed with the generated_password subkey,
// over a per-user random salt and the password: "blake2b-keyed$v2$" +
// base64(salt) + "$" + base64(MAC). The earlier unsalted form
// ("blake2b-keyed$" + base64(MAC of the password)) and the HMAC-SHA-256
// form still verify; they are never written. See docs/security.md.
constexpr std::string_view keyed_prefix = "blake2b-keyed$";
constexpr std::string_view salted_prefix = "blake2b-keyed$v2$";
constexpr std::string_view hmac_prefix = "hmac-sha256$";

// OWASP Password Storage Cheat Sheet, Argon2id minimum: t=2, m=19 MiB, p=1.
constexpr unsigned long long owasp_min_opslimit = 2;
constexpr std::size_t owasp_min_memlimit = std::size_t{19} * 1024 * 1024;

struct Argon2Cost {
  unsigned long long opslimit;
  std::size_t memlimit;
};

Argon2Cost effective_cost(const PasswordPolicy& policy) {
  return {std::max<unsigned long long>(policy.argon2_opslimit, owasp_min_opslimit),
          std::max(policy.argon2_memlimit, owasp_min_memlimit)};
}

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

}  // namespace

Result<std::string> hash_chosen_password(std::string_view typed, const PasswordPolicy& policy,
                                         const PasswordContext& context) {
  ONB_ASSIGN(auto normalized, normalize_password(typed));
  ONB_TRY(check_password(normalized, policy, context));
  return hash_password(normalized, policy);
}

Result<std::string> hash_password(std::string_view normalized, const PasswordPolicy& policy) {
  if (normalized.size() > max_password_bytes) {
    return Error(Errc::invalid_input, "This password is far too long.", "password.too_long");
  }
  init_crypto();
  const Argon2Cost cost = effective_cost(policy);
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, normalized.data(), normalized.size(), cost.opslimit, cost.memlimit,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Error(Errc::internal, "The password could not be hashed; the server may be short of memory.",
                 "password.hash_failed");
  }
  return std::string(out);
}

bool password_needs_rehash(std::string_view stored_hash, const PasswordPolicy& policy) {
  if (starts_with(stored_hash, keyed_prefix) || starts_with(stored_hash, hmac_prefix)) return false;
  if (stored_hash.size() >= crypto_pwhash_STRBYTES) return true;
  init_crypto();
  const Argon2Cost cost = effective_cost(policy);
  const std::string stored(stored_hash);  // libsodium wants a C string
  // 1: other costs or algorithm; -1: not an Argon2 hash at all. Both mean
  // the stored form should be replaced at the next successful login.
  return crypto_pwhash_str_needs_rehash(stored.c_str(), cost.opslimit, cost.memlimit) != 0;
}

namespace {

// Appends the base64 (RFC 4648, padded) of `n` bytes to `out`. Fast path:
// table lookups, not libsodium's constant-time encoder (its cost is in
// docs/performance.md): what gets encoded is a random salt, stored as it
// is, and a MAC, the stored value itself or the MAC of the password being
// tried, so no secret indexes the table. Its twin, without the fast paths,
// is libsodium's encoder.
void append_base64(const unsigned char* bytes, std::size_t n, std::string& out) {
  if constexpr (!kFastPaths) {
    const std::size_t at = out.size();
    out.resize(at + sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL));
    sodium_bin2base64(out.data() + at, out.size() - at, bytes, n, sodium_base64_VARIANT_ORIGINAL);
    out.resize(out.size() - 1);  // the terminating NUL
    return;
  }
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const std::size_t at = out.size();
  out.resize(at + (n + 2) / 3 * 4);
  char* p = out.data() + at;
  std::size_t i = 0;
  for (; i + 3 <= n; i += 3) {
    const std::uint32_t v = std::uint32_t{bytes[i]} << 16 | std::uint32_t{bytes[i + 1]} << 8 | bytes[i + 2];
    *p++ = kAlphabet[v >> 18];
    *p++ = kAlphabet[(v >> 12) & 63];
    *p++ = kAlphabet[(v >> 6) & 63];
    *p++ = kAlphabet[v & 63];
  }
  if (i < n) {  // one or two bytes left
    const bool two = i + 1 < n;
    const std::uint32_t v = std::uint32_t{bytes[i]} << 16 | (two ? std::uint32_t{bytes[i + 1]} << 8 : 0);
    *p++ = kAlphabet[v >> 18];
    *p++ = kAlphabet[(v >> 12) & 63];
    *p++ = two ? kAlphabet[(v >> 6) & 63] : '=';
    *p++ = '=';
  }
}

// `prefix` + base64 of a 32-byte MAC, into `out`, reusing its capacity.
void encode_keyed_hash(std::string_view prefix, const unsigned char* mac, std::string& out) {
  static_assert(Keyring::KeyedHash::size == Keyring::hmac_size);
  out.assign(prefix);
  append_base64(mac, Keyring::hmac_size, out);
}

std::string encode_keyed_hash(std::string_view prefix, const unsigned char* mac) {
  std::string out;
  encode_keyed_hash(prefix, mac, out);
  return out;
}

// The salted form, into `out` (its capacity reused); `scratch` holds salt
// and password while they are hashed and is wiped after.
void salted_hash(const Keyring::KeyedHash& hash, const unsigned char* salt, std::string_view password,
                 std::string& scratch, std::string& out) {
  scratch.assign(reinterpret_cast<const char*>(salt), generated_password_salt_size);
  scratch.append(password);
  unsigned char mac[Keyring::KeyedHash::size];
  hash.compute(scratch, mac);
  sodium_memzero(scratch.data(), scratch.size());
  out.assign(salted_prefix);
  append_base64(salt, generated_password_salt_size, out);
  out.push_back('$');
  append_base64(mac, sizeof mac, out);
  sodium_memzero(mac, sizeof mac);
}

// The unsalted form earlier versions wrote; only verified now.
std::string unsalted_hash(const Keyring::KeyedHash& hash, std::string_view password) {
  unsigned char mac[Keyring::KeyedHash::size];
  hash.compute(password, mac);
  std::string out;
  encode_keyed_hash(keyed_prefix, mac, out);
  sodium_memzero(mac, sizeof mac);
  return out;
}

// The salt of a stored salted hash, or false when it has none.
bool stored_salt(std::string_view stored, unsigned char* salt) {
  const std::string_view rest = stored.substr(salted_prefix.size());
  const std::size_t dollar = rest.find('$');
  if (dollar == std::string_view::npos) return false;
  const std::string encoded(rest.substr(0, dollar));
  std::size_t len = 0;
  return sodium_base642bin(salt, generated_password_salt_size, encoded.c_str(), encoded.size(), nullptr, &len,
                           nullptr, sodium_base64_VARIANT_ORIGINAL) == 0 &&
         len == generated_password_salt_size;
}

}  // namespace

std::string hash_generated_password_with_salt(const Keyring& keyring, std::string_view password,
                                              const unsigned char* salt) {
  init_crypto();
  std::string scratch, out;
  salted_hash(keyring.keyed_hash(KeyPurpose::generated_password), salt, password, scratch, out);
  return out;
}

std::string hash_generated_password(const Keyring& keyring, std::string_view password) {
  init_crypto();
  unsigned char salt[generated_password_salt_size];
  randombytes_buf(salt, sizeof salt);
  return hash_generated_password_with_salt(keyring, password, salt);
}

void hash_generated_passwords(const Keyring& keyring, std::span<const std::string> passwords,
                              std::vector<std::string>& out) {
  init_crypto();
  out.resize(passwords.size());  // the strings already there are written over, keeping their capacity
  if (passwords.empty()) return;
  const Keyring::KeyedHash hash = keyring.keyed_hash(KeyPurpose::generated_password);
  // Fast path: every salt from one ChaCha20 stream under a fresh random
  // seed, one system call for the batch, not one per person. Its twin,
  // without the fast paths: the salts straight from the system's generator.
  std::vector<unsigned char> salts(passwords.size() * generated_password_salt_size);
  if constexpr (kFastPaths) {
    unsigned char seed[randombytes_SEEDBYTES];
    randombytes_buf(seed, sizeof seed);
    randombytes_buf_deterministic(salts.data(), salts.size(), seed);
    sodium_memzero(seed, sizeof seed);
  } else {
    randombytes_buf(salts.data(), salts.size());
  }
  std::string scratch;
  for (std::size_t i = 0; i < passwords.size(); ++i)
    salted_hash(hash, salts.data() + i * generated_password_salt_size, passwords[i], scratch, out[i]);
}

// The sealed bytes go in base64: password_hash is a text column.
std::string seal_legacy_hash(const Keyring& keyring, std::string_view hash) {
  init_crypto();
  const std::string sealed = keyring.seal(hash);
  std::string out(legacy_hash_prefix);
  const std::size_t at = out.size();
  out.resize(at + sodium_base64_ENCODED_LEN(sealed.size(), sodium_base64_VARIANT_ORIGINAL));
  sodium_bin2base64(out.data() + at, out.size() - at, reinterpret_cast<const unsigned char*>(sealed.data()),
                    sealed.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

bool is_legacy_hash(std::string_view stored_hash) noexcept {
  return starts_with(stored_hash, legacy_hash_prefix);
}

Result<std::string> open_legacy_hash(const Keyring& keyring, std::string_view stored_hash) {
  if (!is_legacy_hash(stored_hash))
    return Error(Errc::internal, "The stored password is not an imported hash.", "password.not_legacy");
  const std::string_view encoded = stored_hash.substr(legacy_hash_prefix.size());
  std::string sealed(encoded.size() / 4 * 3 + 3, '\0');
  std::size_t len = 0;
  init_crypto();
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(sealed.data()), sealed.size(), encoded.data(),
                        encoded.size(), nullptr, &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
    return Error(Errc::internal, "The stored imported password hash is damaged.", "password.legacy_damaged");
  sealed.resize(len);
  return keyring.unseal(sealed);
}

bool verify_password(const Keyring& keyring, std::string_view stored_hash,
                     std::string_view normalized_password) {
  if (normalized_password.size() > max_password_bytes) return false;
  if (is_legacy_hash(stored_hash)) {
    auto opened = open_legacy_hash(keyring, stored_hash);
    if (!opened) return false;
    const bool ok = legacy_hash::verify(*opened, normalized_password);
    sodium_memzero(opened->data(), opened->size());
    return ok;
  }
  if (starts_with(stored_hash, argon2id_prefix)) {
    if (stored_hash.size() >= crypto_pwhash_STRBYTES) return false;
    init_crypto();
    const std::string stored(stored_hash);
    return crypto_pwhash_str_verify(stored.c_str(), normalized_password.data(), normalized_password.size()) ==
           0;
  }
  if (starts_with(stored_hash, salted_prefix)) {
    unsigned char salt[generated_password_salt_size];
    if (!stored_salt(stored_hash, salt)) return false;
    init_crypto();
    return Keyring::equal(stored_hash, hash_generated_password_with_salt(keyring, normalized_password, salt));
  }
  if (starts_with(stored_hash, keyed_prefix)) {
    init_crypto();
    return Keyring::equal(
        stored_hash, unsalted_hash(keyring.keyed_hash(KeyPurpose::generated_password), normalized_password));
  }
  if (starts_with(stored_hash, hmac_prefix)) {
    const std::string mac = keyring.hmac(KeyPurpose::generated_password, normalized_password);
    return Keyring::equal(stored_hash,
                          encode_keyed_hash(hmac_prefix, reinterpret_cast<const unsigned char*>(mac.data())));
  }
  return false;
}

}  // namespace v1
}  // namespace onboard
