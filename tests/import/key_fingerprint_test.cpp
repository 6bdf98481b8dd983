// Key fingerprints: 96 bits that tell a million similar keys apart (emails
// that differ in one digit or one letter's case, keys of every length).
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

#include "import/key_index.hpp"

using namespace onboard;

TEST_CASE("fingerprints of many near-identical keys never collide, even in 64 bits") {
  std::vector<std::string> keys;
  for (int i = 0; i < 200'000; ++i) keys.push_back("person" + std::to_string(i) + "@example.com");
  for (int i = 0; i < 50'000; ++i) keys.push_back(std::to_string(i));  // short
  for (int i = 0; i < 50'000; ++i)
    keys.push_back(std::string(40, 'x') + std::to_string(i));                          // long, same head
  for (int i = 0; i < 256; ++i) keys.push_back(std::string(1, static_cast<char>(i)));  // one byte
  for (std::size_t n = 0; n < 70; ++n) keys.push_back(std::string(n, 'a'));            // lengths only
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());  // "7" and "a" come twice above
  std::vector<std::uint64_t> h1;
  std::vector<std::tuple<std::uint64_t, std::uint32_t>> both;
  for (const auto& k : keys) {
    const auto f = KeyIndex::fingerprint(k);
    h1.push_back(f.h1);
    both.emplace_back(f.h1, f.h2);
  }
  std::sort(h1.begin(), h1.end());
  std::sort(both.begin(), both.end());
  CHECK(std::adjacent_find(h1.begin(), h1.end()) == h1.end());
  CHECK(std::adjacent_find(both.begin(), both.end()) == both.end());
  // The same key always gives the same fingerprint within a process.
  const auto a = KeyIndex::fingerprint("ann@example.com");
  const auto b = KeyIndex::fingerprint(std::string("ann@example.com"));
  CHECK(a.h1 == b.h1);
  CHECK(a.h2 == b.h2);
}

TEST_CASE("the two parts of a fingerprint are independent") {
  // Keys that agree in the low 16 bits of h1 (so land in neighbouring
  // slots) still spread over h2.
  std::vector<std::uint32_t> h2;
  for (int i = 0; h2.size() < 200 && i < 50'000'000; ++i) {
    const auto f = KeyIndex::fingerprint("k" + std::to_string(i));
    if ((f.h1 & 0xFFFF) == 0x1234) h2.push_back(f.h2);
  }
  REQUIRE(h2.size() == 200);
  std::sort(h2.begin(), h2.end());
  CHECK(std::adjacent_find(h2.begin(), h2.end()) == h2.end());
}
