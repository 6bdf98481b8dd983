#include "onboard/secrets/keyring.hpp"

#include <sodium.h>

#include <cstring>
#include <new>
#include <stdexcept>
#include <utility>

#include "onboard/secrets/crypto_init.hpp"

namespace onboard {
inline namespace v1 {

namespace {

// crypto_kdf needs exactly 8 context bytes; it separates our subkeys from any
// other use the host makes of the same master key.
constexpr char kdf_context[crypto_kdf_CONTEXTBYTES + 1] = "onboard_";
constexpr std::uint64_t purpose_count = 10;

static_assert(Keyring::key_size == crypto_kdf_KEYBYTES);
static_assert(Keyring::key_size == crypto_auth_hmacsha256_KEYBYTES);
static_assert(Keyring::key_size == crypto_secretbox_KEYBYTES);
static_assert(Keyring::hmac_size == crypto_auth_hmacsha256_BYTES);

const unsigned char* bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

}  // namespace

Keyring::Keyring(const unsigned char* master_key) {
  init_crypto();
  subkeys_ = static_cast<unsigned char*>(sodium_malloc(key_size * purpose_count));
  if (subkeys_ == nullptr) throw std::bad_alloc();
  for (std::uint64_t id = 1; id <= purpose_count; ++id) {
    crypto_kdf_derive_from_key(subkeys_ + (id - 1) * key_size, key_size, id, kdf_context, master_key);
  }
  // Read-only from here on: a stray write through a bad pointer faults
  // instead of silently changing a key.
  sodium_mprotect_readonly(subkeys_);
}

Result<Keyring> Keyring::from_bytes(std::string_view raw_key) {
  if (raw_key.size() != key_size) {
    return Error(Errc::invalid_input, "A master key must be exactly 32 bytes long.");
  }
  return Keyring(bytes(raw_key));
}

Keyring Keyring::generate() {
  init_crypto();
  auto* master = static_cast<unsigned char*>(sodium_malloc(key_size));
  if (master == nullptr) throw std::bad_alloc();
  randombytes_buf(master, key_size);
  Keyring keyring(master);
  sodium_free(master);  // wipes it
  return keyring;
}

Keyring::Keyring(Keyring&& other) noexcept : subkeys_(other.subkeys_) { other.subkeys_ = nullptr; }

Keyring& Keyring::operator=(Keyring&& other) noexcept {
  if (this != &other) {
    if (subkeys_ != nullptr) sodium_free(subkeys_);
    subkeys_ = other.subkeys_;
    other.subkeys_ = nullptr;
  }
  return *this;
}

Keyring::~Keyring() {
  // sodium_free makes the region writable again, zeroes it and unlocks it.
  if (subkeys_ != nullptr) sodium_free(subkeys_);
}

const unsigned char* Keyring::subkey(KeyPurpose purpose) const {
  if (subkeys_ == nullptr) throw std::logic_error("Keyring used after it was moved from");
  auto id = static_cast<std::uint64_t>(purpose);
  if (id < 1 || id > purpose_count) throw std::logic_error("unknown KeyPurpose");
  return subkeys_ + (id - 1) * key_size;
}

std::string Keyring::hmac(KeyPurpose purpose, std::string_view data) const {
  std::string out(hmac_size, '\0');
  crypto_auth_hmacsha256(reinterpret_cast<unsigned char*>(out.data()), bytes(data), data.size(),
                         subkey(purpose));
  return out;
}

std::string Keyring::check_value() const {
  return hmac(KeyPurpose::key_check, "onboard master key check v1");
}

Keyring::GuardedState::GuardedState(std::size_t size) : p_(sodium_malloc(size)) {
  if (p_ == nullptr) throw std::bad_alloc();
}

Keyring::GuardedState::GuardedState(GuardedState&& other) noexcept : p_(std::exchange(other.p_, nullptr)) {}

Keyring::GuardedState& Keyring::GuardedState::operator=(GuardedState&& other) noexcept {
  if (this != &other) {
    if (p_ != nullptr) sodium_free(p_);
    p_ = std::exchange(other.p_, nullptr);
  }
  return *this;
}

Keyring::GuardedState::~GuardedState() {
  if (p_ != nullptr) sodium_free(p_);  // wipes it
}

void* Keyring::GuardedState::get() const {
  if (p_ == nullptr) throw std::logic_error("a keyed hash used after it was moved from");
  return p_;
}

Keyring::KeyedHmac::KeyedHmac(const unsigned char* key) : state_(sizeof(crypto_auth_hmacsha256_state)) {
  crypto_auth_hmacsha256_init(static_cast<crypto_auth_hmacsha256_state*>(state_.get()), key, key_size);
}

void Keyring::KeyedHmac::compute(std::string_view data, unsigned char* out) const {
  // A copy of the keyed state: the inner and outer pads are already hashed.
  crypto_auth_hmacsha256_state state;
  std::memcpy(&state, state_.get(), sizeof state);
  crypto_auth_hmacsha256_update(&state, bytes(data), data.size());
  crypto_auth_hmacsha256_final(&state, out);
  sodium_memzero(&state, sizeof state);
}

Keyring::KeyedHmac Keyring::keyed_hmac(KeyPurpose purpose) const { return KeyedHmac(subkey(purpose)); }

Keyring::KeyedHash::KeyedHash(const unsigned char* key) : state_(sizeof(crypto_generichash_state)) {
  static_assert(size >= crypto_generichash_BYTES_MIN && size <= crypto_generichash_BYTES_MAX);
  crypto_generichash_init(static_cast<crypto_generichash_state*>(state_.get()), key, key_size, size);
}

void Keyring::KeyedHash::compute(std::string_view data, unsigned char* out) const {
  crypto_generichash_state state;  // a copy of the keyed state: the key block is in already
  std::memcpy(&state, state_.get(), sizeof state);
  crypto_generichash_update(&state, bytes(data), data.size());
  crypto_generichash_final(&state, out, size);
  sodium_memzero(&state, sizeof state);
}

Keyring::KeyedHash Keyring::keyed_hash(KeyPurpose purpose) const { return KeyedHash(subkey(purpose)); }

std::string Keyring::seal(std::string_view plaintext) const {
  std::string out(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plaintext.size(), '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(out.data());
  // 24-byte random nonces: collisions are negligible, no counter to persist.
  randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(nonce + crypto_secretbox_NONCEBYTES, bytes(plaintext), plaintext.size(), nonce,
                        subkey(KeyPurpose::sealing));
  return out;
}

Result<std::string> Keyring::unseal(std::string_view sealed) const {
  const Error failure(Errc::internal,
                      "A sealed secret could not be opened; the key file may not match this database.");
  constexpr std::size_t overhead = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES;
  if (sealed.size() < overhead) return failure;
  std::string plaintext(sealed.size() - overhead, '\0');
  const unsigned char* nonce = bytes(sealed);
  if (crypto_secretbox_open_easy(
          reinterpret_cast<unsigned char*>(plaintext.data()), nonce + crypto_secretbox_NONCEBYTES,
          sealed.size() - crypto_secretbox_NONCEBYTES, nonce, subkey(KeyPurpose::sealing)) != 0) {
    return failure;
  }
  return plaintext;
}

bool Keyring::equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  init_crypto();
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace v1
}  // namespace onboard
