#include <doctest/doctest.h>

#include <set>
#include <string>

#include "onboard/secrets/keyring.hpp"
#include "onboard/secrets/token.hpp"

using namespace onboard;

TEST_CASE("a token is 43 URL-safe characters and never repeats") {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string token = generate_token();
    CHECK(token.size() == 43);
    CHECK(token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
          std::string::npos);
    CHECK(normalize_token(token));
    seen.insert(token);
  }
  CHECK(seen.size() == 1000);
}

TEST_CASE("the same token normalizes to the same text and hash twice") {
  auto keyring = Keyring::generate();
  const std::string token = generate_token();
  auto a = normalize_token(token);
  auto b = normalize_token(token);
  REQUIRE(a);
  REQUIRE(b);
  CHECK(*a == *b);
  CHECK(keyring.hmac(KeyPurpose::invitation_token, *a) == keyring.hmac(KeyPurpose::invitation_token, *b));
}

TEST_CASE("a token pasted with surrounding white space or a trailing newline is accepted") {
  const std::string token = generate_token();
  for (const std::string& pasted : {token + "\n", token + "\r\n", "  " + token + "\t", "\n" + token}) {
    auto r = normalize_token(pasted);
    REQUIRE(r);
    CHECK(*r == token);
  }
}

TEST_CASE("a truncated, lengthened or damaged token is refused without being echoed") {
  const std::string token = generate_token();
  const std::string bad[] = {token.substr(0, 42),
                             token.substr(1),
                             token + "A",
                             token.substr(0, 20) + " " + token.substr(20, 22),
                             token.substr(0, 42) + "=",
                             token.substr(0, 42) + "+",
                             "",
                             std::string(43, '.'),
                             std::string(1 << 20, 'A')};
  for (const auto& typed : bad) {
    auto r = normalize_token(typed);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::invalid_input);
    CHECK(r.error().message == "This link is incomplete or damaged; ask for a new one.");
    CHECK(r.error().message.find(token.substr(0, 8)) == std::string::npos);
  }
}

TEST_CASE("a changed character is refused or hashes to something else") {
  auto keyring = Keyring::generate();
  const std::string token = generate_token();
  const std::string hash = keyring.hmac(KeyPurpose::link_token, token);
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  int refused = 0;
  for (std::size_t i = 0; i < token.size(); ++i) {
    for (char c : alphabet) {
      if (c == token[i]) continue;
      std::string changed = token;
      changed[i] = c;
      auto r = normalize_token(changed);
      if (!r) {
        ++refused;
        continue;
      }
      CHECK(keyring.hmac(KeyPurpose::link_token, *r) != hash);
    }
  }
  // The last character carries 4 bits (256 = 42 × 6 + 4), so only 16 of the
  // 64 characters may end a token: each token has exactly one spelling.
  CHECK(refused == 64 - 16);
}

TEST_CASE("a flipped bit in a token is refused or hashes to something else") {
  auto keyring = Keyring::generate();
  const std::string token = generate_token();
  const std::string hash = keyring.hmac(KeyPurpose::invitation_token, token);
  for (std::size_t i = 0; i < token.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string flipped = token;
      flipped[i] = static_cast<char>(flipped[i] ^ (1 << bit));
      auto r = normalize_token(flipped);
      if (r) CHECK(keyring.hmac(KeyPurpose::invitation_token, *r) != hash);
    }
  }
}
