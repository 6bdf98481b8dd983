// Storing and verifying passwords: Argon2id for chosen ones, a keyed hash for
// generated ones.
#include <sodium.h>

#include <algorithm>
#include <cstdint>

#include "onboard/secrets/crypto_init.hpp"
#include "onboard/secrets/password.hpp"

namespace onboard {
inline namespace v1 {

namespace {

constexpr std::string_view argon2id_prefix = "$argon2id$";
// Generated passwords: BLAKE2b-256 keyed with the generated_password subkey.
// The earlier HMAC-SHA-256 form still verifies; it is never written.
constexpr std::string_view keyed_prefix = "blake2b-keyed$";
constexpr std::string_view hmac_prefix = "hmac-sha256$";

// OWASP Password Storage Cheat Sheet, Argon2id minimum: t=2, m=19 MiB, p=1.
constexpr unsigned long long owasp_min_opslimit = 2;
constexpr std::size_t owasp_min_memlimit = 19u * 1024u * 1024u;

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

std::string encode_keyed_hash(std::string_view prefix, const unsigned char* mac) {
  constexpr int variant = sodium_base64_VARIANT_ORIGINAL;
  static_assert(Keyring::KeyedHash::size == Keyring::hmac_size);
  char encoded[sodium_base64_ENCODED_LEN(Keyring::hmac_size, variant)];
  sodium_bin2base64(encoded, sizeof encoded, mac, Keyring::hmac_size, variant);
  std::string out;
  out.reserve(prefix.size() + sizeof encoded - 1);
  out.append(prefix).append(encoded);
  return out;
}

std::string generated_password_hash(const Keyring::KeyedHash& hash, std::string_view password) {
  unsigned char mac[Keyring::KeyedHash::size];
  hash.compute(password, mac);
  std::string out = encode_keyed_hash(keyed_prefix, mac);
  sodium_memzero(mac, sizeof mac);
  return out;
}

}  // namespace

std::string hash_generated_password(const Keyring& keyring, std::string_view password) {
  init_crypto();
  return generated_password_hash(keyring.keyed_hash(KeyPurpose::generated_password), password);
}

void hash_generated_passwords(const Keyring& keyring, std::span<const std::string> passwords,
                              std::vector<std::string>& out) {
  init_crypto();
  out.clear();
  out.reserve(passwords.size());
  const Keyring::KeyedHash hash = keyring.keyed_hash(KeyPurpose::generated_password);
  for (const std::string& password : passwords) out.push_back(generated_password_hash(hash, password));
}

bool verify_password(const Keyring& keyring, std::string_view stored_hash,
                     std::string_view normalized_password) {
  if (normalized_password.size() > max_password_bytes) return false;
  if (starts_with(stored_hash, argon2id_prefix)) {
    if (stored_hash.size() >= crypto_pwhash_STRBYTES) return false;
    init_crypto();
    const std::string stored(stored_hash);
    return crypto_pwhash_str_verify(stored.c_str(), normalized_password.data(), normalized_password.size()) ==
           0;
  }
  if (starts_with(stored_hash, keyed_prefix)) {
    return Keyring::equal(stored_hash, hash_generated_password(keyring, normalized_password));
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
