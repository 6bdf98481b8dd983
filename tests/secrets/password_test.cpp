#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include "onboard/secrets/password.hpp"

using namespace onboard;

namespace {

const PasswordContext jane{"jane.doe@example.com", {"Jane", "Doe", "Jane Doe"}};

// Strong by zxcvbn's measure, so only the rule under test can refuse it.
std::string strong_of_length(std::size_t n) {
  const std::string base = "tHq8-zWv3#pLm9!rKx2$bNc7@yFg4%jDs6^";
  std::string out;
  while (out.size() < n) out += base;
  return out.substr(0, n);
}

Error refusal(std::string_view password, const PasswordPolicy& policy = {},
              const PasswordContext& context = jane) {
  auto normalized = normalize_password(password);
  REQUIRE(normalized);
  auto r = check_password(*normalized, policy, context);
  REQUIRE_FALSE(r);
  return r.error();
}

bool accepted(std::string_view password, const PasswordPolicy& policy = {},
              const PasswordContext& context = jane) {
  auto normalized = normalize_password(password);
  return normalized && check_password(*normalized, policy, context).ok();
}

// The floor costs, so each Argon2id call stays around 50 ms.
PasswordPolicy floor_policy() {
  PasswordPolicy p;
  p.argon2_opslimit = 2;
  p.argon2_memlimit = 19u * 1024u * 1024u;
  return p;
}

}  // namespace

TEST_CASE("a password needs at least 15 characters") {
  CHECK(refusal(strong_of_length(14)).message == "A password needs at least 15 characters.");
  CHECK(refusal(strong_of_length(14)).code == Errc::weak_password);
  CHECK(accepted(strong_of_length(15)));
  CHECK(accepted(strong_of_length(64)));
  CHECK(accepted(strong_of_length(65)));
}

TEST_CASE("a password can have at most 256 characters") {
  CHECK(accepted(strong_of_length(256)));
  CHECK(refusal(strong_of_length(257)).message == "A password can have at most 256 characters.");
}

TEST_CASE("length counts characters, not bytes") {
  // 15 × "é" is 30 bytes but 15 characters; 14 are too few.
  std::string fifteen;
  for (int i = 0; i < 15; ++i) fifteen += "\u00e9";
  PasswordPolicy lenient;
  lenient.min_strength = 0;
  CHECK(accepted(fifteen, lenient));
  CHECK(refusal(fifteen.substr(2), lenient).detail_code == "password.too_short");
}

TEST_CASE("a megabyte password is refused before any work") {
  const std::string huge(1 << 20, 'a');
  const auto start = std::chrono::steady_clock::now();
  auto r = normalize_password(huge);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  REQUIRE_FALSE(r);
  CHECK(r.error().code == Errc::invalid_input);
  CHECK(elapsed < std::chrono::milliseconds(50));
  CHECK(normalize_password(std::string(max_password_bytes, 'a')));
  CHECK_FALSE(normalize_password(std::string(max_password_bytes + 1, 'a')));
  CHECK_FALSE(hash_password(huge, floor_policy()));
  CHECK_FALSE(verify_password(Keyring::generate(), "$argon2id$v=19$m=19456,t=2,p=1$x$y", huge));
}

TEST_CASE("a password with an embedded NUL or invalid UTF-8 is refused") {
  auto nul = normalize_password(std::string("correct horse\0battery staple", 28));
  REQUIRE_FALSE(nul);
  CHECK(nul.error().detail_code == "password.nul");
  auto bad = normalize_password("correct horse \xc3\x28 battery staple");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().detail_code == "password.encoding");
}

TEST_CASE("a password cannot be the email, its local part or a name") {
  PasswordPolicy short_ok;
  short_ok.min_length = 3;
  short_ok.min_strength = 0;
  CHECK(refusal("jane.doe@example.com", short_ok).detail_code == "password.personal");
  CHECK(refusal("JANE.DOE@EXAMPLE.COM", short_ok).detail_code == "password.personal");
  CHECK(refusal("Jane.Doe", short_ok).detail_code == "password.personal");
  CHECK(refusal("jane doe", short_ok).message == "A password cannot be your name.");
  CHECK(accepted("jane.doe@example.org", short_ok));
  // With the default policy the email is refused too (it is 20 characters).
  CHECK(refusal("jane.doe@example.com").code == Errc::weak_password);
}

TEST_CASE("common and personal passwords are too easy to guess") {
  CHECK(refusal("password1").code == Errc::weak_password);
  PasswordPolicy short_ok;
  short_ok.min_length = 8;
  CHECK(refusal("password1", short_ok).message ==
        "This password is too easy to guess; add more unrelated words.");
  CHECK(refusal("password1password1").detail_code == "password.weak");
  CHECK(refusal("aaaaaaaaaaaaaaaaaaaa").detail_code == "password.weak");
  CHECK(refusal("123456789012345678").detail_code == "password.weak");
  // The person's own details count as known words.
  const std::string personal = "JaneDoeJaneDoe2024";
  CHECK(password_strength(personal, jane) < password_strength(personal, PasswordContext{}));
  CHECK(accepted("correct horse battery staple"));
}

TEST_CASE("emoji and other scripts are allowed in passwords") {
  CHECK(accepted("\U0001F511\U0001F40E battery staple \U0001F3B2 tr\u00e9s"));
  CHECK(
      accepted("\u043a\u043e\u0448\u043a\u0430 \u0441\u043f\u0438\u0442 \u043d\u0430 "
               "\u043a\u0440\u044b\u0448\u0435 7"));
}

TEST_CASE("NFC and NFD spellings are one password") {
  const std::string nfc = "caf\u00e9 au lait pour Zo\u00eb 42";
  const std::string nfd = "cafe\u0301 au lait pour Zoe\u0308 42";
  REQUIRE(nfc != nfd);
  auto a = normalize_password(nfc);
  auto b = normalize_password(nfd);
  REQUIRE(a);
  REQUIRE(b);
  CHECK(*a == *b);
  auto hash = hash_password(*a, floor_policy());
  REQUIRE(hash);
  auto keyring = Keyring::generate();
  CHECK(verify_password(keyring, *hash, *b));
  CHECK_FALSE(verify_password(keyring, *hash, "cafe au lait pour Zoe 42"));
}

TEST_CASE("NFKC folds compatibility characters") {
  auto full_width = normalize_password("\uff30\uff41\uff53\uff53");  // full-width "Pass"
  REQUIRE(full_width);
  CHECK(*full_width == "Pass");
}

TEST_CASE("an Argon2id hash verifies, and needs a rehash only when the cost changes") {
  const PasswordPolicy policy = floor_policy();
  auto hash = hash_password("correct horse battery staple", policy);
  REQUIRE(hash);
  CHECK(hash->rfind("$argon2id$", 0) == 0);
  CHECK(hash->find("m=19456,t=2") != std::string::npos);
  auto keyring = Keyring::generate();
  CHECK(verify_password(keyring, *hash, "correct horse battery staple"));
  CHECK_FALSE(verify_password(keyring, *hash, "correct horse battery stapl"));
  CHECK_FALSE(password_needs_rehash(*hash, policy));
  PasswordPolicy stronger = policy;
  stronger.argon2_opslimit = 3;
  CHECK(password_needs_rehash(*hash, stronger));
  CHECK(password_needs_rehash("not a hash", policy));
}

TEST_CASE("a policy below the OWASP floor is raised to it") {
  PasswordPolicy weak = floor_policy();
  weak.argon2_opslimit = 1;
  weak.argon2_memlimit = 8192;
  auto hash = hash_password("correct horse battery staple", weak);
  REQUIRE(hash);
  CHECK(hash->find("m=19456,t=2") != std::string::npos);
  CHECK_FALSE(password_needs_rehash(*hash, weak));
}

TEST_CASE("unknown hash formats never verify") {
  auto keyring = Keyring::generate();
  CHECK_FALSE(verify_password(keyring, "", ""));
  CHECK_FALSE(verify_password(keyring, "plain text password", "plain text password"));
  CHECK_FALSE(verify_password(keyring, "$argon2i$v=19$m=4096,t=3,p=1$c2FsdHNhbHQ$aGFzaA", "x"));
  CHECK_FALSE(verify_password(keyring, "$argon2id$garbage", "x"));
  CHECK_FALSE(verify_password(keyring, "hmac-sha256$", ""));
  CHECK_FALSE(verify_password(keyring, "blake2b-keyed$", ""));
}
