// The host's master key and the subkeys derived from it. Every stored secret
// (token and key hashes, sealed copies, generated-password hashes) depends on
// it, so it lives only in locked, guarded memory and is wiped on destruction.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "onboard/core/error.hpp"

namespace onboard {
inline namespace v1 {

// What a subkey is for. One purpose never verifies another's hashes, so a
// token hash cannot be replayed as a key hash. The numbers are the KDF subkey
// ids: changing one makes every stored hash of that kind unreadable.
enum class KeyPurpose : std::uint64_t {
  invitation_token = 1,
  link_token = 2,
  org_key = 3,
  user_key = 4,
  generated_password = 5,
  sealing = 6,
  throttle_source = 7,
  key_check = 8,
  password_link = 9,  // set-password links (MAC over the user and their current password hash)
  scim_token = 10,    // SCIM bearer tokens (src/scim)
};

class Keyring {
 public:
  static constexpr std::size_t key_size = 32;
  static constexpr std::size_t hmac_size = 32;

  // A keyring from exactly 32 raw bytes; the caller may wipe its copy after.
  // Errors: invalid_input when the size is not 32.
  static Result<Keyring> from_bytes(std::string_view raw_key);

  // A keyring with a fresh random master key (tests, or a host that seals
  // the key itself).
  static Keyring generate();

  // Reads the master key from `path` (64 hex characters and a newline), or
  // creates that file with mode 0600 when it is missing. Errors:
  // invalid_input when the file can be read by group or others, or is not a
  // key file; storage when it cannot be read or written.
  static Result<Keyring> load_or_create_file(const std::string& path);

  Keyring(Keyring&& other) noexcept;
  Keyring& operator=(Keyring&& other) noexcept;
  Keyring(const Keyring&) = delete;
  Keyring& operator=(const Keyring&) = delete;
  ~Keyring();

  // HMAC-SHA-256 of `data` under the subkey of `purpose`: 32 raw bytes. This
  // is how tokens, digit keys and throttle sources are stored and looked up.
  std::string hmac(KeyPurpose purpose, std::string_view data) const;

  // The key's check value: an HMAC of a fixed label under its own subkey.
  // A database stores it so that opening it with another key is noticed; it
  // reveals nothing of the key.
  std::string check_value() const;

  // Memory from sodium_malloc (guard pages, locked) with one owner; wiped
  // and freed with it. Holds the keyed states below.
  class GuardedState {
   public:
    explicit GuardedState(std::size_t size);  // throws std::bad_alloc
    GuardedState(GuardedState&& other) noexcept;
    GuardedState& operator=(GuardedState&& other) noexcept;
    GuardedState(const GuardedState&) = delete;
    GuardedState& operator=(const GuardedState&) = delete;
    ~GuardedState();
    // The memory; throws std::logic_error when moved from.
    void* get() const;

   private:
    void* p_ = nullptr;
  };

  // HMAC-SHA-256 under one purpose's subkey, keyed once. Hashing many values
  // (a bulk import's generated passwords) through it costs each half of what
  // hmac() does, which keys SHA-256 anew every time. Its state is derived
  // from the subkey, so it lives in guarded memory and is wiped when the
  // object is destroyed; it does not refer to the Keyring.
  class KeyedHmac {
   public:
    // Writes the same 32 bytes as Keyring::hmac(purpose, data) to `out`.
    // Throws std::logic_error when moved from.
    void compute(std::string_view data, unsigned char* out) const;

   private:
    friend class Keyring;
    explicit KeyedHmac(const unsigned char* key);
    GuardedState state_;  // crypto_auth_hmacsha256_state, keyed
  };
  KeyedHmac keyed_hmac(KeyPurpose purpose) const;

  // BLAKE2b-256 keyed with one purpose's subkey (a MAC like hmac(), but not
  // interchangeable with it), the key block absorbed once. libsodium has
  // vectorized BLAKE2b and portable-C SHA-256, so each value costs a fraction
  // of an HMAC: this is what hashes a bulk import's generated passwords.
  // Guarded, wiped state as for KeyedHmac.
  class KeyedHash {
   public:
    static constexpr std::size_t size = 32;
    // Writes the `size`-byte keyed hash of `data` to `out`. Throws
    // std::logic_error when moved from.
    void compute(std::string_view data, unsigned char* out) const;

   private:
    friend class Keyring;
    explicit KeyedHash(const unsigned char* key);
    GuardedState state_;  // crypto_generichash_state, keyed
  };
  KeyedHash keyed_hash(KeyPurpose purpose) const;

  // Encrypts and authenticates `plaintext` (XSalsa20-Poly1305, random nonce):
  // returns nonce || ciphertext, raw bytes.
  std::string seal(std::string_view plaintext) const;

  // Opens what seal() made. Errors: internal when the data was altered or was
  // sealed under another master key.
  Result<std::string> unseal(std::string_view sealed) const;

  // Constant-time equality for secrets and their hashes; false when the
  // lengths differ (the length itself is not secret).
  static bool equal(std::string_view a, std::string_view b);

 private:
  explicit Keyring(const unsigned char* master_key);
  const unsigned char* subkey(KeyPurpose purpose) const;

  unsigned char* subkeys_ = nullptr;  // sodium_malloc'd, one 32-byte subkey per purpose
};

}  // namespace v1
}  // namespace onboard
