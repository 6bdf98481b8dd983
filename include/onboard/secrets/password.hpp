// Passwords: those people choose (normalized, checked against the policy,
// hashed with Argon2id) and those onboard generates (long random look-up
// secrets, stored under a keyed hash so bulk imports stay fast).
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "onboard/core/error.hpp"
#include "onboard/model/organization.hpp"
#include "onboard/secrets/keyring.hpp"

namespace onboard {
inline namespace v1 {

// Longer input is refused before any normalization or hashing, so a
// megabyte "password" costs nothing.
constexpr std::size_t max_password_bytes = 4096;
constexpr std::size_t min_generated_password_length = 20;  // 20 × log2(56) ≈ 116 bits
constexpr std::string_view generated_password_alphabet =
    "23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz";  // no 0 O o 1 l I

// What a password must not be, nor lean on: the person's own details.
struct PasswordContext {
  std::string email;
  std::vector<std::string> names;  // first, last, display name, username…
};

// The form a password is checked and hashed in: NFKC, so "é" typed on any
// keyboard is one password. Errors (invalid_input): more than 4096 bytes, a
// NUL character, invalid UTF-8.
Result<std::string> normalize_password(std::string_view password);

// zxcvbn's estimate, 0 (guessed at once) to 4 (very hard), treating the
// person's email, its local part and names as words an attacker would try.
int password_strength(std::string_view normalized, const PasswordContext& context);

// Applies the policy to a normalized password. Errors (weak_password):
// too few or too many characters, equal to the email, its local part or a
// name, or weaker than policy.min_strength. Each message says what to do.
Result<void> check_password(std::string_view normalized, const PasswordPolicy& policy,
                            const PasswordContext& context);

// Argon2id hash in the standard "$argon2id$…" form, with the policy's cost
// raised to the OWASP floor (t=2, m=19 MiB) when set lower. Slow on purpose
// (its time: docs/performance.md, "Log").
// Errors: invalid_input for an over-long password, internal when the memory
// for hashing cannot be had.
Result<std::string> hash_password(std::string_view normalized, const PasswordPolicy& policy);

// True when an Argon2id hash was made with other costs than the policy's
// (or is not one libsodium can read): hash again at the next successful
// login. False for keyed hashes of generated passwords.
// The one rule for a password a person chooses (joining, accepting an
// invitation, activating with a key, creating an organization, changing it):
// normalized, checked against the policy with the person's details as
// context, and hashed. Errors: those of normalize_password, check_password
// and hash_password.
Result<std::string> hash_chosen_password(std::string_view typed, const PasswordPolicy& policy,
                                         const PasswordContext& context);

bool password_needs_rehash(std::string_view stored_hash, const PasswordPolicy& policy);

// A random password of `length` (≥ 20) characters from
// generated_password_alphabet. Throws std::invalid_argument below 20.
std::string generate_password(std::size_t length = min_generated_password_length);

// Appends `count` generated passwords to `out`; one random buffer serves them
// all, for imports of many thousands of people.
void generate_passwords(std::size_t count, std::size_t length, std::vector<std::string>& out);

// Writes a new generated password into each string of `out`, reusing the
// strings' memory (an import fills the same strings chunk after chunk).
void generate_passwords_into(std::span<std::string> out, std::size_t length);

// Bytes of random salt in each stored generated-password hash.
constexpr std::size_t generated_password_salt_size = 16;

// "blake2b-keyed$v2$" + base64(a random 16-byte salt) + "$" +
// base64(BLAKE2b-256 keyed with the KeyPurpose::generated_password subkey
// (see Keyring::KeyedHash) over salt ‖ password): two people given the same
// password get different hashes. verify_password also accepts the unsalted
// "blake2b-keyed$" + base64(MAC) form and the "hmac-sha256$" form earlier
// versions wrote. Only for generated passwords: their ≥ 112 bits make a
// slow hash needless (NIST SP 800-63B 5.1.2.2; docs/security.md).
std::string hash_generated_password(const Keyring& keyring, std::string_view password);

// The same with a given salt (generated_password_salt_size bytes): what
// verify_password recomputes, and what tests compare. Never reuse a salt.
std::string hash_generated_password_with_salt(const Keyring& keyring, std::string_view password,
                                              const unsigned char* salt);

// hash_generated_password for each of `passwords`, in order, into `out`
// (replacing its contents; strings already in it are written over, keeping
// their capacity): the key is set up once for all of them, and the salts
// come from one random seed.
void hash_generated_passwords(const Keyring& keyring, std::span<const std::string> passwords,
                              std::vector<std::string>& out);

// A hash imported from another system (onboard/secrets/legacy_hash.hpp) as
// User::password_hash keeps it: "legacy$" + keyring.seal(hash), so the
// stored text is useless without the master key. Replaced by Argon2id at
// the first successful sign-in (Directory::authenticate).
constexpr std::string_view legacy_hash_prefix = "legacy$";
std::string seal_legacy_hash(const Keyring& keyring, std::string_view hash);
bool is_legacy_hash(std::string_view stored_hash) noexcept;
// The imported hash inside a stored "legacy$…". Errors: internal when it was
// altered or sealed under another master key.
Result<std::string> open_legacy_hash(const Keyring& keyring, std::string_view stored_hash);

// Checks a normalized password against any stored form (Argon2id, the keyed
// forms, an imported hash), in constant time for the keyed forms. False for
// a wrong password or an unknown hash format.
bool verify_password(const Keyring& keyring, std::string_view stored_hash,
                     std::string_view normalized_password);

}  // namespace v1
}  // namespace onboard
