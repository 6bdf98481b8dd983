#include <doctest/doctest.h>
#include <sys/stat.h>

#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "onboard/secrets/keyring.hpp"
#include "test_support.hpp"

using namespace onboard;

namespace {

std::string fixed_key(char fill) { return std::string(Keyring::key_size, fill); }

unsigned permissions(const std::filesystem::path& p) {
  struct stat st {};
  REQUIRE(::stat(p.c_str(), &st) == 0);
  return st.st_mode & 0777;
}

void write_text(const std::filesystem::path& p, const std::string& text, unsigned mode) {
  std::ofstream(p, std::ios::binary) << text;
  REQUIRE(::chmod(p.c_str(), mode) == 0);
}

}  // namespace

TEST_CASE("an HMAC is 32 bytes and the same for the same key, purpose and data") {
  auto a = Keyring::from_bytes(fixed_key('k'));
  auto b = Keyring::from_bytes(fixed_key('k'));
  REQUIRE(a);
  REQUIRE(b);
  const std::string mac = a->hmac(KeyPurpose::invitation_token, "token");
  CHECK(mac.size() == 32);
  CHECK(mac == b->hmac(KeyPurpose::invitation_token, "token"));
  CHECK(mac != a->hmac(KeyPurpose::invitation_token, "token2"));
}

TEST_CASE("each purpose has its own subkey, and each master key its own hashes") {
  auto keyring = Keyring::from_bytes(fixed_key('k'));
  auto other = Keyring::from_bytes(fixed_key('j'));
  REQUIRE(keyring);
  REQUIRE(other);
  const KeyPurpose purposes[] = {
      KeyPurpose::invitation_token, KeyPurpose::link_token,         KeyPurpose::org_key,
      KeyPurpose::user_key,         KeyPurpose::generated_password, KeyPurpose::sealing,
      KeyPurpose::throttle_source};
  for (auto p : purposes) {
    for (auto q : purposes) {
      if (p != q) CHECK(keyring->hmac(p, "same data") != keyring->hmac(q, "same data"));
    }
    CHECK(keyring->hmac(p, "same data") != other->hmac(p, "same data"));
  }
}

TEST_CASE("a master key must be 32 bytes") {
  CHECK_FALSE(Keyring::from_bytes(std::string(31, 'k')));
  CHECK_FALSE(Keyring::from_bytes(std::string(33, 'k')));
  CHECK(Keyring::from_bytes(std::string(32, '\0')));
}

TEST_CASE("generated keyrings differ") {
  auto a = Keyring::generate();
  auto b = Keyring::generate();
  CHECK(a.hmac(KeyPurpose::org_key, "x") != b.hmac(KeyPurpose::org_key, "x"));
}

TEST_CASE("a moved keyring keeps working under its new name") {
  auto a = Keyring::generate();
  const std::string mac = a.hmac(KeyPurpose::user_key, "x");
  Keyring b = std::move(a);
  CHECK(b.hmac(KeyPurpose::user_key, "x") == mac);
  Keyring c = Keyring::generate();
  c = std::move(b);
  CHECK(c.hmac(KeyPurpose::user_key, "x") == mac);
}

TEST_CASE("a sealed secret opens to the same bytes, and differs each time it is sealed") {
  auto keyring = Keyring::generate();
  const std::string secret = "12345 67890";
  const std::string sealed = keyring.seal(secret);
  CHECK(sealed.find(secret) == std::string::npos);
  CHECK(sealed != keyring.seal(secret));
  auto opened = keyring.unseal(sealed);
  REQUIRE(opened);
  CHECK(*opened == secret);
  auto empty = keyring.unseal(keyring.seal(""));
  REQUIRE(empty);
  CHECK(empty->empty());
}

TEST_CASE("a tampered, truncated or foreign sealed secret does not open") {
  auto keyring = Keyring::generate();
  const std::string sealed = keyring.seal("secret digits");
  for (std::size_t i = 0; i < sealed.size(); ++i) {
    std::string tampered = sealed;
    tampered[i] = static_cast<char>(tampered[i] ^ 0x01);
    auto r = keyring.unseal(tampered);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::internal);
  }
  CHECK_FALSE(keyring.unseal(sealed.substr(0, sealed.size() - 1)));
  CHECK_FALSE(keyring.unseal(""));
  auto foreign = Keyring::generate().unseal(sealed);
  REQUIRE_FALSE(foreign);
  CHECK(foreign.error().message ==
        "A sealed secret could not be opened; the key file may not match this database.");
}

TEST_CASE("constant-time equality compares contents and lengths") {
  CHECK(Keyring::equal("abc", "abc"));
  CHECK(Keyring::equal("", ""));
  CHECK_FALSE(Keyring::equal("abc", "abd"));
  CHECK_FALSE(Keyring::equal("abc", "abcd"));
  CHECK_FALSE(Keyring::equal("", "a"));
}

TEST_CASE("a missing key file is created private and reloads as the same key") {
  const auto path = test::temp_dir() / "onboard.key";
  auto created = Keyring::load_or_create_file(path.string());
  REQUIRE(created);
  CHECK(permissions(path) == 0600);
  const std::string text = test::read_file(path);
  REQUIRE(text.size() == 65);
  CHECK(text.back() == '\n');
  CHECK(text.find_first_not_of("0123456789abcdef") == 64);
  auto reloaded = Keyring::load_or_create_file(path.string());
  REQUIRE(reloaded);
  CHECK(created->hmac(KeyPurpose::org_key, "x") == reloaded->hmac(KeyPurpose::org_key, "x"));
  CHECK(test::read_file(path) == text);
  // No temporary file is left beside it.
  CHECK(std::distance(std::filesystem::directory_iterator(path.parent_path()), {}) == 1);
}

TEST_CASE("processes racing to create the key file all end up with the same key") {
  const auto path = test::temp_dir() / "raced.key";
  constexpr int racers = 8;
  std::vector<std::string> macs(racers);
  std::vector<int> ok(racers);  // not vector<bool>: its bits share bytes across threads
  std::vector<std::thread> threads;
  for (int i = 0; i < racers; ++i) {
    threads.emplace_back([&, i] {
      auto keyring = Keyring::load_or_create_file(path.string());
      ok[static_cast<std::size_t>(i)] = keyring.ok();
      if (keyring) macs[static_cast<std::size_t>(i)] = keyring->hmac(KeyPurpose::org_key, "x");
    });
  }
  for (auto& t : threads) t.join();
  for (int i = 0; i < racers; ++i) {
    CHECK(ok[static_cast<std::size_t>(i)]);
    CHECK(macs[static_cast<std::size_t>(i)] == macs[0]);
  }
  CHECK(std::distance(std::filesystem::directory_iterator(path.parent_path()), {}) == 1);
}

TEST_CASE("a key file written by hand is read as those bytes") {
  const auto path = test::temp_dir() / "hand.key";
  write_text(path, std::string(64, 'a') + "\n", 0600);
  auto from_file = Keyring::load_or_create_file(path.string());
  auto direct = Keyring::from_bytes(std::string(32, '\xaa'));
  REQUIRE(from_file);
  REQUIRE(direct);
  CHECK(from_file->hmac(KeyPurpose::sealing, "x") == direct->hmac(KeyPurpose::sealing, "x"));
  write_text(path, std::string(64, 'A'), 0400);  // upper case, no newline, read-only
  CHECK(Keyring::load_or_create_file(path.string()));
}

TEST_CASE("a key file other users can read is refused, not fixed") {
  const auto path = test::temp_dir() / "open.key";
  write_text(path, std::string(64, 'a') + "\n", 0644);
  auto r = Keyring::load_or_create_file(path.string());
  REQUIRE_FALSE(r);
  CHECK(r.error().code == Errc::invalid_input);
  CHECK(r.error().message.find("chmod 600") != std::string::npos);
  CHECK(permissions(path) == 0644);
  REQUIRE(::chmod(path.c_str(), 0660) == 0);
  CHECK_FALSE(Keyring::load_or_create_file(path.string()));
}

TEST_CASE("a key file of the wrong size or content is refused") {
  const auto dir = test::temp_dir();
  const std::string bad[] = {std::string(63, 'a') + "\n",
                             std::string(66, 'a') + "\n",
                             std::string(64, 'g') + "\n",
                             std::string(64, 'a') + "\n\n",
                             "",
                             std::string(64, 'a') + " "};
  int n = 0;
  for (const auto& text : bad) {
    const auto path = dir / ("bad" + std::to_string(n++) + ".key");
    write_text(path, text, 0600);
    auto r = Keyring::load_or_create_file(path.string());
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::invalid_input);
    CHECK(r.error().message.find("64 hexadecimal characters") != std::string::npos);
    CHECK(test::read_file(path) == text);  // never overwritten
  }
}

TEST_CASE("a key file in a missing directory is a storage error") {
  auto r = Keyring::load_or_create_file((test::temp_dir() / "no" / "such" / "dir.key").string());
  REQUIRE_FALSE(r);
  CHECK(r.error().code == Errc::storage);
}
