// Fast paths of the import's indexes held equal to their simple twins (the
// table "Fast paths and their twins" in docs/architecture.md): whatever the
// build (ONBOARD_SIMPLE_PATHS or not), the answers are the twin's.
#include <doctest/doctest.h>

#include <map>
#include <random>
#include <string>
#include <vector>

#include "import/key_index.hpp"
#include "onboard/import/row_validation.hpp"
#include "onboard/model/catalog.hpp"

namespace onboard {
namespace {

// The twin of CatalogIndex::find, as plainly as it can be written: the
// first entry equal to the text under fold_key.
int fold_key_search(const std::vector<std::string>& entries, std::string_view text) {
  const std::string key = fold_key(text);
  for (std::size_t i = 0; i < entries.size(); ++i)
    if (fold_key(entries[i]) == key) return static_cast<int>(i);
  return -1;
}

TEST_CASE("a catalog index finds what a search of its entries under fold_key finds") {
  const std::vector<std::string> entries = {"HQ",
                                            "hq",
                                            "London",
                                            "Team 1",
                                            "team 1 ",
                                            "Müller GmbH",
                                            "MÜLLER GMBH",
                                            "Straße",
                                            "Ops",
                                            "",
                                            "Customer Success Team",
                                            "Team 12",
                                            "Team 2"};
  const CatalogIndex index(entries);
  std::vector<std::string> texts = entries;
  for (const std::string& e : entries) {
    std::string upper = e, lower = e;
    for (char& c : upper) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
    for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    texts.insert(texts.end(), {upper, lower, " " + e, e + " ", e + "x", "x" + e});
    if (!e.empty()) texts.push_back(e.substr(1));
  }
  texts.insert(texts.end(), {"Strasse", "STRASSE", "müller gmbh", "Team  1", "Team 3", "team\t1"});
  std::mt19937 rng(14);
  const std::string alphabet = "Tteam 12HQhqO";
  for (int i = 0; i < 2000; ++i) {
    std::string s;
    for (std::size_t n = rng() % 8; n > 0; --n) s.push_back(alphabet[rng() % alphabet.size()]);
    texts.push_back(s);
  }
  for (const std::string& text : texts) {
    CAPTURE(text);
    CHECK(index.find(text) == fold_key_search(entries, text));
  }
}

// The twin of KeyIndex: a map of the keys themselves.
TEST_CASE("a key index answers as a map of the keys does, through growth and repeats") {
  KeyIndex index;
  std::map<std::string, std::uint32_t> map;
  std::mt19937_64 rng(14);
  for (std::uint32_t value = 1; value <= 30000; ++value) {
    const std::string key = "p" + std::to_string(rng() % 20000) + "@example.com";
    const auto it = map.find(key);
    const std::uint32_t before = it == map.end() ? 0 : it->second;
    if (it == map.end()) map.emplace(key, value);
    REQUIRE(index.insert(key, value) == before);
  }
  CHECK(index.size() == map.size());
  for (int i = 0; i < 25000; ++i) {
    const std::string key = "p" + std::to_string(i) + "@example.com";
    const auto it = map.find(key);
    CHECK(index.find(key) == (it == map.end() ? 0 : it->second));
  }
  index.clear();
  CHECK(index.size() == 0);
  CHECK(index.find("p1@example.com") == 0);
  index.reserve(100);
  CHECK(index.insert("p1@example.com", 5) == 0);
  CHECK(index.find("p1@example.com") == 5);
}

}  // namespace
}  // namespace onboard
