#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "import/key_index.hpp"
#include "onboard/import/row_validation.hpp"

namespace onboard {
namespace {

TEST_CASE("a catalog finds an entry by its exact spelling and under folding") {
  const CatalogIndex teams({"Sales", "Team 1", "Research"});
  CHECK(teams.find("Team 1") == 1);
  CHECK(teams.find("team 1") == 1);
  CHECK(teams.find("RESEARCH") == 2);
  CHECK(teams.find("Marketing") == -1);
}

TEST_CASE("a catalog entry spelled like an earlier one under folding finds the earlier one") {
  const CatalogIndex offices({"HQ", "hq"});
  CHECK(offices.find("hq") == 0);
  CHECK(offices.find("HQ") == 0);
}

TEST_CASE("keys inserted by fingerprint after a prefetch behave like keys inserted by text") {
  KeyIndex by_text, by_print;
  std::vector<std::string> keys;
  for (int i = 0; i < 5000; ++i) keys.push_back("person" + std::to_string(i % 4000) + "@example.com");
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const auto print = KeyIndex::fingerprint(keys[i]);
    by_print.prefetch(print);
    const auto value = static_cast<std::uint32_t>(i + 1);
    CHECK(by_print.insert(print, value) == by_text.insert(keys[i], value));
  }
  CHECK(by_print.size() == 4000);
  CHECK(by_print.insert(KeyIndex::fingerprint("person7@example.com"), 1) == 8);
  CHECK(by_print.find("person3999@example.com") == 4000);
  CHECK(by_print.find("person4000@example.com") == 0);
}

TEST_CASE("a catalog index tells apart spellings of every length that differ in one byte") {
  const std::vector<std::string> entries = {
      "A",       "HQ",       "Ops",        "Team",       "Sales",          "London",
      "Support", "Engineer", "Team 12345", "Super User", "Marketing EMEA", "Customer Success Team"};
  const CatalogIndex index(entries);
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const std::string& e = entries[i];
    CAPTURE(e);
    CHECK(index.find(e) == static_cast<int>(i));
    // The same length, one byte changed at the start, the middle or the end.
    for (std::size_t at : {std::size_t{0}, e.size() / 2, e.size() - 1}) {
      std::string miss = e;
      miss[at] = miss[at] == '#' ? '%' : '#';
      CAPTURE(miss);
      CHECK(index.find(miss) == -1);
    }
  }
  CHECK(index.find("sales") == 4);  // folded: case does not matter
  CHECK(index.find("") == -1);
}

}  // namespace
}  // namespace onboard
