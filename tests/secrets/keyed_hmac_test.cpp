// Keyring::keyed_hmac (a subkey keyed once) and hash_generated_passwords, the
// batch form bulk imports use: they must give exactly what the one-off
// functions give, or imported people could not sign in.
#include <doctest/doctest.h>

#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <sodium.h>

#include "onboard/secrets/keyring.hpp"
#include "onboard/secrets/password.hpp"

using namespace onboard;

namespace {

Keyring fixed_keyring() {
  auto k = Keyring::from_bytes(std::string(Keyring::key_size, 'k'));
  REQUIRE(k.ok());
  return std::move(k).value();
}

std::string keyed(const Keyring::KeyedHmac& h, std::string_view data) {
  std::string out(Keyring::hmac_size, '\0');
  h.compute(data, reinterpret_cast<unsigned char*>(out.data()));
  return out;
}

std::vector<std::string> sample_data() {
  std::string thousand(1000, '\0');
  for (std::size_t i = 0; i < thousand.size(); ++i) thousand[i] = static_cast<char>(i * 7 + 3);
  return {"", "token", std::string(64, 'x'), thousand};  // 64 bytes: exactly one SHA-256 block
}

}  // namespace

TEST_CASE("a keyed HMAC equals Keyring::hmac for every data length and purpose") {
  const Keyring keyring = fixed_keyring();
  for (KeyPurpose purpose : {KeyPurpose::generated_password, KeyPurpose::invitation_token}) {
    const Keyring::KeyedHmac h = keyring.keyed_hmac(purpose);
    for (const std::string& data : sample_data()) {
      CAPTURE(data.size());
      CHECK(keyed(h, data) == keyring.hmac(purpose, data));
    }
  }
  // Each purpose keeps its own key.
  CHECK(keyed(keyring.keyed_hmac(KeyPurpose::generated_password), "x") !=
        keyed(keyring.keyed_hmac(KeyPurpose::invitation_token), "x"));
}

TEST_CASE("a keyed HMAC gives the same answer however often it is used") {
  const Keyring keyring = fixed_keyring();
  const Keyring::KeyedHmac h = keyring.keyed_hmac(KeyPurpose::generated_password);
  const std::string first = keyed(h, "same");
  (void)keyed(h, std::string(1000, 'z'));
  CHECK(keyed(h, "same") == first);
}

TEST_CASE("a keyed HMAC keeps working after its keyring is gone") {
  std::optional<Keyring> keyring(fixed_keyring());
  const std::string expected = keyring->hmac(KeyPurpose::generated_password, "data");
  Keyring::KeyedHmac h = keyring->keyed_hmac(KeyPurpose::generated_password);
  keyring.reset();
  CHECK(keyed(h, "data") == expected);
}

TEST_CASE("a moved-from keyed HMAC throws logic_error and the moved-to one works") {
  const Keyring keyring = fixed_keyring();
  const std::string expected = keyring.hmac(KeyPurpose::generated_password, "data");
  Keyring::KeyedHmac a = keyring.keyed_hmac(KeyPurpose::generated_password);
  Keyring::KeyedHmac b(std::move(a));
  CHECK_THROWS_AS((void)keyed(a, "data"), std::logic_error);  // NOLINT(bugprone-use-after-move)
  CHECK(keyed(b, "data") == expected);

  Keyring::KeyedHmac c = keyring.keyed_hmac(KeyPurpose::invitation_token);
  c = std::move(b);
  CHECK_THROWS_AS((void)keyed(b, "data"), std::logic_error);  // NOLINT(bugprone-use-after-move)
  CHECK(keyed(c, "data") == expected);
}

TEST_CASE("hashing generated passwords in a batch equals hashing them one by one, and each verifies") {
  const Keyring keyring = fixed_keyring();
  std::vector<std::string> passwords;
  generate_passwords(50, 20, passwords);
  passwords.push_back(std::string(64, 'p'));
  passwords.push_back(std::string(300, 'q'));
  std::vector<std::string> hashes = {"left over"};  // replaced, not appended to
  hash_generated_passwords(keyring, passwords, hashes);
  REQUIRE(hashes.size() == passwords.size());
  for (std::size_t i = 0; i < passwords.size(); ++i) {
    CAPTURE(i);
    // Each is salted: the one-by-one form with the batch's salt is the batch's hash.
    const std::size_t salt_at = std::string("blake2b-keyed$v2$").size();
    const std::string encoded = hashes[i].substr(salt_at, hashes[i].find('$', salt_at) - salt_at);
    unsigned char salt[generated_password_salt_size];
    std::size_t len = 0;
    REQUIRE(sodium_base642bin(salt, sizeof salt, encoded.c_str(), encoded.size(), nullptr, &len, nullptr,
                              sodium_base64_VARIANT_ORIGINAL) == 0);
    CHECK(hashes[i] == hash_generated_password_with_salt(keyring, passwords[i], salt));
    CHECK(verify_password(keyring, hashes[i], passwords[i]));
    CHECK_FALSE(verify_password(keyring, hashes[i], passwords[(i + 1) % passwords.size()]));
  }
  hash_generated_passwords(keyring, {}, hashes);
  CHECK(hashes.empty());
}

namespace {

std::string keyed_hash(const Keyring::KeyedHash& h, std::string_view data) {
  std::string out(Keyring::KeyedHash::size, '\0');
  h.compute(data, reinterpret_cast<unsigned char*>(out.data()));
  return out;
}

}  // namespace

TEST_CASE("a keyed BLAKE2b hash depends on the data, the purpose and the master key, and nothing else") {
  const Keyring keyring = fixed_keyring();
  const auto a = keyring.keyed_hash(KeyPurpose::generated_password);
  const auto b = keyring.keyed_hash(KeyPurpose::generated_password);
  const auto other_purpose = keyring.keyed_hash(KeyPurpose::user_key);
  const Keyring other_keyring = Keyring::generate();
  const auto other_key = other_keyring.keyed_hash(KeyPurpose::generated_password);
  for (const std::string& data :
       {std::string(), std::string("pw"), std::string(128, 'x'), std::string(1000, 'y')}) {
    CAPTURE(data.size());
    const std::string h = keyed_hash(a, data);
    CHECK(h == keyed_hash(a, data));  // the keyed state is copied, never consumed
    CHECK(h == keyed_hash(b, data));
    CHECK(h != keyed_hash(other_purpose, data));
    CHECK(h != keyed_hash(other_key, data));
    CHECK(h != keyring.hmac(KeyPurpose::generated_password, data));  // not interchangeable with the HMAC
  }
  CHECK(keyed_hash(a, "pw") != keyed_hash(a, "pw "));
}

TEST_CASE("a moved-from keyed hash refuses to compute") {
  const Keyring keyring = fixed_keyring();
  auto a = keyring.keyed_hash(KeyPurpose::generated_password);
  const std::string before = keyed_hash(a, "data");
  auto moved = std::move(a);
  CHECK(keyed_hash(moved, "data") == before);
  unsigned char out[Keyring::KeyedHash::size];
  CHECK_THROWS_AS(a.compute("data", out), std::logic_error);  // NOLINT(bugprone-use-after-move)
}
