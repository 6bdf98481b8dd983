#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include "core/fast_paths.hpp"
#include "onboard/model/email.hpp"

using namespace onboard;

namespace {

std::vector<std::string> samples() {
  std::vector<std::string> s = {"bob@example.com",
                                "Bob.Smith+tag@Example.COM",
                                "a@b.co",
                                "x_y-z!#$%&'*/=?^`{|}~@sub.example.org",
                                "  bob@example.com",
                                "bob@example.com ",
                                "bob@example",
                                "bob@@example.com",
                                "bob@exa@mple.com",
                                "@example.com",
                                "bob@",
                                "bob",
                                "",
                                ".bob@example.com",
                                "bob.@example.com",
                                "bo..b@example.com",
                                "bob@.example.com",
                                "bob@example..com",
                                "bob@example.com.",
                                "bob@-example.com",
                                "bob@example-.com",
                                "bob@exa_mple.com",
                                "bob@[127.0.0.1]",
                                "\"bob\"@example.com",
                                "bob,ann@example.com",
                                "bob;ann@example.com",
                                "bob smith@example.com",
                                "bob\t@example.com",
                                "bob\n@example.com",
                                "bob\x7f@example.com",
                                "b\xC3\xB6"
                                "b@example.com",
                                "bob@b\xC3\xBC"
                                "cher.example",
                                "bob@xn--bcher-kva.example",
                                "bob\xC2\xA0@example.com",
                                "bob@example.com\xC2\xA0",
                                "1@2.3",
                                "bob@a-b.c-d.example"};
  s.push_back(std::string(64, 'a') + "@example.com");
  s.push_back(std::string(65, 'a') + "@example.com");
  s.push_back("bob@" + std::string(63, 'a') + ".com");
  s.push_back("bob@" + std::string(64, 'a') + ".com");
  std::string long_domain = "bob@";
  for (int i = 0; i < 5; ++i) long_domain += std::string(50, 'a' + static_cast<char>(i)) + ".";
  s.push_back(long_domain + "com");  // > 254
  s.push_back("b@" + std::string(60, 'a') + "." + std::string(60, 'b') + "." + std::string(60, 'c') + "." +
              std::string(60, 'd') + ".com");  // close to 254
  return s;
}

}  // namespace

TEST_CASE("the allocation-free email check never disagrees with parse") {
  std::size_t fast = 0;
  for (const std::string& text : samples()) {
    CAPTURE(text);
    std::string address = "stale", key = "stale";
    const auto parsed = Email::parse(text);
    if (Email::parse_plain_ascii(text, address, key)) {
      ++fast;
      REQUIRE(parsed.ok());
      CHECK(address == parsed->address());
      CHECK(key == parsed->key());
    }
  }
  if (kFastPaths)
    CHECK(fast >= 8);  // the plain samples above take the fast path
  else
    MESSAGE(
        "ONBOARD_SIMPLE_PATHS: parse_plain_ascii is compiled out (it decides nothing), so this check of the "
        "fast path itself is skipped");
}

TEST_CASE("the allocation-free email check leaves unusual addresses to parse") {
  std::string address, key;
  if (kFastPaths) {
    CHECK(Email::parse_plain_ascii("Bob@Example.COM", address, key));
    CHECK(address == "Bob@Example.COM");
    CHECK(key == "bob@example.com");
  } else {
    MESSAGE(
        "ONBOARD_SIMPLE_PATHS: parse_plain_ascii is compiled out (it decides nothing), so this check of the "
        "fast path itself is skipped");
  }
  CHECK_FALSE(Email::parse_plain_ascii(" bob@example.com", address, key));  // parse trims it
  CHECK_FALSE(
      Email::parse_plain_ascii("bob@b\xC3\xBC"
                               "cher.example",
                               address, key));  // parse converts it
  CHECK_FALSE(Email::parse_plain_ascii("bob@example", address, key));
  CHECK_FALSE(Email::parse_plain_ascii("bob..x@example.com", address, key));
}

// Random addresses from the characters each rule is about, up to and past
// the 64 bytes the vector path takes: whatever the fast checks accept,
// parse() accepts with the same address and key.
TEST_CASE("the fast email checks agree with parse on random addresses") {
  // Mostly good characters, now and then one a rule is about.
  const std::string good_local = "abcXYZ019_+-.";
  const std::string good_label = "abcXYZ019-";
  const std::string odd = ".-@ !#~\"[]";
  std::mt19937 random(4242);
  auto pick = [&](const std::string& chars) {
    return random() % 40 == 0 ? odd[random() % odd.size()] : chars[random() % chars.size()];
  };
  std::size_t fast = 0;
  for (int n = 0; n < 20000; ++n) {
    std::string text;
    const std::size_t local = 1 + random() % (n % 5 == 0 ? 60 : 12);
    for (std::size_t i = 0; i < local; ++i) text += pick(good_local);
    text += '@';
    const std::size_t labels = 1 + random() % 3;
    for (std::size_t l = 0; l < labels; ++l) {
      if (l > 0) text += '.';
      const std::size_t length = random() % (n % 7 == 0 ? 30 : 8);
      for (std::size_t i = 0; i < length; ++i) text += pick(good_label);
    }
    CAPTURE(text);
    std::string address, key;
    if (!Email::parse_plain_ascii(text, address, key)) continue;
    ++fast;
    const auto parsed = Email::parse(text);
    REQUIRE(parsed.ok());
    CHECK(address == parsed->address());
    CHECK(key == parsed->key());
  }
  if (kFastPaths)
    CHECK(fast > 1000);
  else
    MESSAGE(
        "ONBOARD_SIMPLE_PATHS: parse_plain_ascii is compiled out (it decides nothing), so this check of the "
        "fast path itself is skipped");
}
