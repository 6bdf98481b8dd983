#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include "onboard/core/clock.hpp"
#include "onboard/core/id.hpp"

using namespace onboard;

TEST_CASE("ids made in bulk are UUIDv7, unique and in creation order") {
  ManualClock c(*parse_iso8601("2026-01-01T00:00:00Z"));
  const std::string before = new_id(c);
  std::vector<std::string> ids{"kept"};
  new_ids(c, 1000, ids);  // more than one random draw
  const std::string after = new_id(c);
  REQUIRE(ids.size() == 1001);
  CHECK(ids.front() == "kept");
  std::set<std::string> seen;
  std::string previous = before;
  for (std::size_t i = 1; i < ids.size(); ++i) {
    const std::string& id = ids[i];
    CHECK(is_valid_id(id));
    CHECK(id[14] == '7');
    CHECK((id[19] == '8' || id[19] == '9' || id[19] == 'a' || id[19] == 'b'));
    CHECK(previous < id);
    previous = id;
    seen.insert(id);
  }
  CHECK(seen.size() == 1000);
  CHECK(previous < after);
}

TEST_CASE("ids made in bulk differ in their random part") {
  ManualClock c(*parse_iso8601("2026-01-01T00:00:00Z"));
  std::vector<std::string> ids;
  new_ids(c, 300, ids);
  std::set<std::string> tails;
  for (const auto& id : ids) tails.insert(id.substr(24));  // the last 48 random bits
  CHECK(tails.size() == 300);
}

TEST_CASE("asking for no ids adds none") {
  ManualClock c(*parse_iso8601("2026-01-01T00:00:00Z"));
  std::vector<std::string> ids;
  new_ids(c, 0, ids);
  CHECK(ids.empty());
}
