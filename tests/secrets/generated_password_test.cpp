#include <doctest/doctest.h>

#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <sodium.h>

#include "onboard/secrets/password.hpp"

using namespace onboard;

namespace {

// The salt of a "blake2b-keyed$v2$<salt>$<mac>" hash.
std::string salt_of(const std::string& stored) {
  const std::string prefix = "blake2b-keyed$v2$";
  REQUIRE(stored.rfind(prefix, 0) == 0);
  const std::size_t end = stored.find('$', prefix.size());
  REQUIRE(end != std::string::npos);
  const std::string encoded = stored.substr(prefix.size(), end - prefix.size());
  std::string salt(generated_password_salt_size, '\0');
  std::size_t len = 0;
  REQUIRE(sodium_base642bin(reinterpret_cast<unsigned char*>(salt.data()), salt.size(), encoded.c_str(),
                            encoded.size(), nullptr, &len, nullptr, sodium_base64_VARIANT_ORIGINAL) == 0);
  REQUIRE(len == generated_password_salt_size);
  return salt;
}

const unsigned char* bytes(const std::string& s) { return reinterpret_cast<const unsigned char*>(s.data()); }

}  // namespace

TEST_CASE("generated passwords have the asked length and only unambiguous characters") {
  CHECK(generated_password_alphabet.size() == 56);
  CHECK(generated_password_alphabet.find_first_of("0O1lIo") == std::string_view::npos);
  CHECK(generate_password().size() == 20);
  CHECK(generate_password(32).size() == 32);
  std::vector<std::string> batch;
  generate_passwords(500, 24, batch);
  REQUIRE(batch.size() == 500);
  for (const auto& pw : batch) {
    CHECK(pw.size() == 24);
    CHECK(pw.find_first_not_of(generated_password_alphabet) == std::string::npos);
  }
}

TEST_CASE("generated passwords do not repeat and use the whole alphabet") {
  std::vector<std::string> batch;
  generate_passwords(10000, 20, batch);
  REQUIRE(batch.size() == 10000);
  std::set<std::string> unique(batch.begin(), batch.end());
  CHECK(unique.size() == batch.size());
  std::set<char> used;
  for (const auto& pw : batch) used.insert(pw.begin(), pw.end());
  CHECK(used.size() == 56);
  // The bulk call appends rather than replaces.
  generate_passwords(3, 20, batch);
  CHECK(batch.size() == 10003);
}

TEST_CASE("a generated password shorter than 112 bits is a programming error") {
  CHECK_THROWS_AS(generate_password(19), std::invalid_argument);
  std::vector<std::string> out;
  CHECK_THROWS_AS(generate_passwords(1, 8, out), std::invalid_argument);
}

TEST_CASE("a generated password is stored under a keyed hash that only its keyring verifies") {
  auto keyring = Keyring::generate();
  const std::string pw = generate_password();
  const std::string stored = hash_generated_password(keyring, pw);
  CHECK(stored.rfind("blake2b-keyed$v2$", 0) == 0);
  CHECK(stored.find(pw) == std::string::npos);
  // Salted: the same password hashed again is stored differently, yet both verify.
  const std::string again = hash_generated_password(keyring, pw);
  CHECK(stored != again);
  CHECK(verify_password(keyring, again, pw));
  CHECK(stored == hash_generated_password_with_salt(keyring, pw, bytes(salt_of(stored))));
  CHECK(verify_password(keyring, stored, pw));
  CHECK_FALSE(verify_password(keyring, stored, pw.substr(1)));
  CHECK_FALSE(verify_password(Keyring::generate(), stored, pw));
  CHECK_FALSE(password_needs_rehash(stored, PasswordPolicy{}));
  // A keyed hash is not a hash of the password under another purpose.
  CHECK(stored.find(keyring.hmac(KeyPurpose::user_key, pw)) == std::string::npos);
}

TEST_CASE("a generated password stored by an earlier version under HMAC-SHA-256 still verifies") {
  auto keyring = Keyring::generate();
  const std::string pw = generate_password();
  const std::string mac = keyring.hmac(KeyPurpose::generated_password, pw);
  char encoded[sodium_base64_ENCODED_LEN(Keyring::hmac_size, sodium_base64_VARIANT_ORIGINAL)];
  sodium_bin2base64(encoded, sizeof encoded, reinterpret_cast<const unsigned char*>(mac.data()), mac.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  const std::string stored = std::string("hmac-sha256$") + encoded;
  CHECK(verify_password(keyring, stored, pw));
  CHECK_FALSE(verify_password(keyring, stored, pw + "x"));
  CHECK_FALSE(verify_password(Keyring::generate(), stored, pw));
  CHECK_FALSE(password_needs_rehash(stored, PasswordPolicy{}));
  // New hashes use the keyed BLAKE2b form, never this one.
  CHECK(hash_generated_password(keyring, pw) != stored);
}

TEST_CASE("a generated password stored by an earlier version without a salt still verifies") {
  auto keyring = Keyring::generate();
  const std::string pw = generate_password();
  unsigned char mac[Keyring::KeyedHash::size];
  keyring.keyed_hash(KeyPurpose::generated_password).compute(pw, mac);
  char encoded[sodium_base64_ENCODED_LEN(sizeof mac, sodium_base64_VARIANT_ORIGINAL)];
  sodium_bin2base64(encoded, sizeof encoded, mac, sizeof mac, sodium_base64_VARIANT_ORIGINAL);
  const std::string stored = std::string("blake2b-keyed$") + encoded;
  CHECK(verify_password(keyring, stored, pw));
  CHECK_FALSE(verify_password(keyring, stored, pw + "x"));
  CHECK_FALSE(verify_password(Keyring::generate(), stored, pw));
  CHECK_FALSE(password_needs_rehash(stored, PasswordPolicy{}));
  CHECK(hash_generated_password(keyring, pw).rfind("blake2b-keyed$v2$", 0) == 0);  // never written again
}

TEST_CASE("a salted hash with a damaged salt or MAC verifies nothing") {
  auto keyring = Keyring::generate();
  const std::string pw = generate_password();
  const std::string stored = hash_generated_password(keyring, pw);
  const std::size_t salt_at = std::string("blake2b-keyed$v2$").size();
  std::string other_salt = stored;
  other_salt[salt_at] = other_salt[salt_at] == 'A' ? 'B' : 'A';
  CHECK_FALSE(verify_password(keyring, other_salt, pw));
  std::string other_mac = stored;
  other_mac[other_mac.size() - 3] = other_mac[other_mac.size() - 3] == 'A' ? 'B' : 'A';
  CHECK_FALSE(verify_password(keyring, other_mac, pw));
  CHECK_FALSE(verify_password(keyring, "blake2b-keyed$v2$", pw));
  CHECK_FALSE(verify_password(keyring, "blake2b-keyed$v2$!!!$", pw));
  CHECK_FALSE(verify_password(keyring, stored.substr(0, stored.find('$', salt_at)), pw));
}

TEST_CASE("two people given the same generated password get different stored hashes") {
  auto keyring = Keyring::generate();
  const std::vector<std::string> same(100, generate_password());
  std::vector<std::string> hashes;
  hash_generated_passwords(keyring, same, hashes);
  std::set<std::string> distinct(hashes.begin(), hashes.end()), salts;
  for (const auto& h : hashes) salts.insert(salt_of(h));
  CHECK(distinct.size() == same.size());
  CHECK(salts.size() == same.size());
  for (const auto& h : hashes) CHECK(verify_password(keyring, h, same[0]));
}

TEST_CASE("bulk hashing of generated passwords matches hashing them one by one") {
  auto keyring = Keyring::generate();
  std::vector<std::string> passwords;
  generate_passwords(5, min_generated_password_length, passwords);
  passwords.push_back(std::string(64, 'x'));
  std::vector<std::string> hashes{"stale"};
  hash_generated_passwords(keyring, passwords, hashes);
  REQUIRE(hashes.size() == passwords.size());
  for (std::size_t i = 0; i < passwords.size(); ++i) {
    CHECK(hashes[i] == hash_generated_password_with_salt(keyring, passwords[i], bytes(salt_of(hashes[i]))));
    CHECK(verify_password(keyring, hashes[i], passwords[i]));
  }
  CHECK(hashes[0] != hashes[1]);
}

TEST_CASE(
    "the stored form is the prefix, the salt and the keyed BLAKE2b of salt and password, in padded base64 as "
    "libsodium writes it") {
  auto keyring = Keyring::generate();
  const Keyring::KeyedHash hash = keyring.keyed_hash(KeyPurpose::generated_password);
  std::vector<std::string> passwords;
  generate_passwords(2000, min_generated_password_length, passwords);
  std::vector<std::string> hashes(3, std::string(200, '#'));  // longer strings are written over
  hash_generated_passwords(keyring, passwords, hashes);
  REQUIRE(hashes.size() == passwords.size());
  for (std::size_t i = 0; i < passwords.size(); ++i) {
    const std::string salt = salt_of(hashes[i]);
    unsigned char mac[Keyring::KeyedHash::size];
    hash.compute(salt + passwords[i], mac);
    char
        encoded_salt[sodium_base64_ENCODED_LEN(generated_password_salt_size, sodium_base64_VARIANT_ORIGINAL)];
    sodium_bin2base64(encoded_salt, sizeof encoded_salt, bytes(salt), salt.size(),
                      sodium_base64_VARIANT_ORIGINAL);
    char encoded[sodium_base64_ENCODED_LEN(sizeof mac, sodium_base64_VARIANT_ORIGINAL)];
    sodium_bin2base64(encoded, sizeof encoded, mac, sizeof mac, sodium_base64_VARIANT_ORIGINAL);
    const std::string expected = std::string("blake2b-keyed$v2$") + encoded_salt + "$" + encoded;
    CHECK(hashes[i] == expected);
    CHECK(hash_generated_password_with_salt(keyring, passwords[i], bytes(salt)) == expected);
  }
}

TEST_CASE("passwords written into existing strings are new, of the asked length, and spread evenly") {
  std::vector<std::string> out(10000, std::string(40, '='));  // longer than asked: cut to length
  generate_passwords_into(out, 20);
  std::set<std::string> distinct(out.begin(), out.end());
  CHECK(distinct.size() == out.size());
  std::vector<int> counts(256, 0);
  for (const auto& p : out) {
    REQUIRE(p.size() == 20);
    for (unsigned char c : p) ++counts[c];
  }
  // 200,000 characters over 56: ~3,571 each, a standard deviation of ~60.
  for (char c : generated_password_alphabet) {
    CAPTURE(c);
    CHECK(counts[static_cast<unsigned char>(c)] > 3000);
    CHECK(counts[static_cast<unsigned char>(c)] < 4150);
  }
  int outside = 0;
  for (int c = 0; c < 256; ++c)
    if (generated_password_alphabet.find(static_cast<char>(c)) == std::string_view::npos)
      outside += counts[c];
  CHECK(outside == 0);
}
