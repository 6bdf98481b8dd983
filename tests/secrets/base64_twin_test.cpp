// The stored form of a generated password is written with a table base64
// encoder (a fast path); its twin is libsodium's encoder. The two are held
// equal here for every length of remainder the salt and the MAC leave.
#include <doctest/doctest.h>

#include <sodium.h>

#include <string>

#include "onboard/secrets/keyring.hpp"
#include "onboard/secrets/password.hpp"

using namespace onboard;

namespace {

std::string sodium_base64(const unsigned char* bytes, std::size_t n) {
  std::string out(sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes, n, sodium_base64_VARIANT_ORIGINAL);
  out.pop_back();  // the terminating NUL
  return out;
}

}  // namespace

TEST_CASE("a salted generated-password hash is spelled in libsodium's base64") {
  REQUIRE(sodium_init() >= 0);
  auto keyring = Keyring::generate();
  const Keyring::KeyedHash hash = keyring.keyed_hash(KeyPurpose::generated_password);
  for (int round = 0; round < 200; ++round) {
    unsigned char salt[generated_password_salt_size];
    randombytes_buf(salt, sizeof salt);
    const std::string password = generate_password(min_generated_password_length + round % 7);
    std::string data(reinterpret_cast<const char*>(salt), sizeof salt);
    data += password;
    unsigned char mac[Keyring::KeyedHash::size];
    hash.compute(data, mac);
    const std::string expected =
        "blake2b-keyed$v2$" + sodium_base64(salt, sizeof salt) + "$" + sodium_base64(mac, sizeof mac);
    CHECK(hash_generated_password_with_salt(keyring, password, salt) == expected);
  }
}
