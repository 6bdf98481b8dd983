#include <doctest/doctest.h>

#include "onboard/model/catalog.hpp"

using namespace onboard;

TEST_CASE("fold_key trims and folds case") {
  CHECK(fold_key("  Sales \t") == "sales");
  CHECK(fold_key("STRASSE") == fold_key("Stra\xC3\x9F"
                                        "e"));                     // full folding: ß = ss
  CHECK(fold_key("\xC3\x89QUIPE") == fold_key("e\xCC\x81quipe"));  // ÉQUIPE = NFD équipe
  CHECK(fold_key("\xEF\xBC\xB3\xEF\xBD\x81\xEF\xBD\x8C\xEF\xBD\x85\xEF\xBD\x93") == "sales");  // full-width
  CHECK(fold_key("\xC2\xA0M\xC3\xBCnchen\xE3\x80\x80") == "m\xC3\xBCnchen");
  CHECK(fold_key("   ").empty());
}

TEST_CASE("a catalog match returns the catalog's spelling") {
  const std::vector<std::string> offices{"HQ", "London", "M\xC3\xBCnchen"};
  CHECK(match_catalog(offices, " london ") == "London");
  CHECK(match_catalog(offices, "hq") == "HQ");
  CHECK(match_catalog(offices, "M\xC3\x9CNCHEN") == "M\xC3\xBCnchen");
  CHECK_FALSE(match_catalog(offices, "Paris"));
  CHECK_FALSE(match_catalog(offices, ""));
}

TEST_CASE("a near miss gets a suggestion") {
  const std::vector<std::string> teams{"Engineering", "Marketing", "Sales", "Support"};
  CHECK(suggest(teams, "Enginering") == std::vector<std::string>{"Engineering"});
  CHECK(suggest(teams, "sals") == std::vector<std::string>{"Sales"});
  CHECK(suggest(teams, "Finance").empty());
  CHECK(suggest(teams, "").empty());
  CHECK(suggest(teams, std::string(10000, 'x')).empty());
}

TEST_CASE("suggestions are ordered by distance and limited") {
  const std::vector<std::string> teams{"Team B", "Team A", "Team AB"};
  const auto two = suggest(teams, "team a", 2);
  REQUIRE(two.size() == 2);
  CHECK(two[0] == "Team A");
  CHECK(two[1] == "Team B");
  CHECK(suggest(teams, "team a", 0).empty());
}

TEST_CASE("the suggestion threshold grows with the length") {
  const std::vector<std::string> catalog{"Customer Success Management"};
  // 27 characters: up to 9 edits are still a suggestion.
  CHECK(suggest(catalog, "Custmer Sucess Managment").size() == 1);
  CHECK(suggest(catalog, "Research and Development").empty());
}
