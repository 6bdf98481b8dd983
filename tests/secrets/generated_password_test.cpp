#include <doctest/doctest.h>

#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <sodium.h>

#include "onboard/secrets/password.hpp"

using namespace onboard;

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
  CHECK(stored.rfind("blake2b-keyed$", 0) == 0);
  CHECK(stored.find(pw) == std::string::npos);
  CHECK(stored == hash_generated_password(keyring, pw));
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

TEST_CASE("bulk hashing of generated passwords matches hashing them one by one") {
  auto keyring = Keyring::generate();
  std::vector<std::string> passwords;
  generate_passwords(5, min_generated_password_length, passwords);
  passwords.push_back(std::string(64, 'x'));
  std::vector<std::string> hashes{"stale"};
  hash_generated_passwords(keyring, passwords, hashes);
  REQUIRE(hashes.size() == passwords.size());
  for (std::size_t i = 0; i < passwords.size(); ++i) {
    CHECK(hashes[i] == hash_generated_password(keyring, passwords[i]));
    CHECK(verify_password(keyring, hashes[i], passwords[i]));
  }
  CHECK(hashes[0] != hashes[1]);
}

TEST_CASE(
    "the stored form is the prefix and the padded base64 of the keyed BLAKE2b, as libsodium writes it") {
  auto keyring = Keyring::generate();
  const Keyring::KeyedHash hash = keyring.keyed_hash(KeyPurpose::generated_password);
  std::vector<std::string> passwords;
  generate_passwords(2000, min_generated_password_length, passwords);
  std::vector<std::string> hashes(3, std::string(200, '#'));  // longer strings are written over
  hash_generated_passwords(keyring, passwords, hashes);
  REQUIRE(hashes.size() == passwords.size());
  for (std::size_t i = 0; i < passwords.size(); ++i) {
    unsigned char mac[Keyring::KeyedHash::size];
    hash.compute(passwords[i], mac);
    char encoded[sodium_base64_ENCODED_LEN(sizeof mac, sodium_base64_VARIANT_ORIGINAL)];
    sodium_bin2base64(encoded, sizeof encoded, mac, sizeof mac, sodium_base64_VARIANT_ORIGINAL);
    const std::string expected = std::string("blake2b-keyed$") + encoded;
    CHECK(hashes[i] == expected);
    CHECK(hash_generated_password(keyring, passwords[i]) == expected);
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
