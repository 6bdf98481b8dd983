#include <doctest/doctest.h>

#include "onboard/core/clock.hpp"
#include "onboard/core/error.hpp"
#include "onboard/core/id.hpp"

#include <set>

using namespace onboard;

TEST_CASE("ISO 8601 round trip") {
  auto t = parse_iso8601("2026-11-21T10:00:00Z");
  REQUIRE(t);
  CHECK(format_iso8601(*t) == "2026-11-21T10:00:00Z");
  CHECK(parse_iso8601("2026-11-21T11:00:00+01:00") == t);
  CHECK_FALSE(parse_iso8601("yesterday"));
  CHECK_FALSE(parse_iso8601("2026-11-21T10:00:00Zjunk"));
}

TEST_CASE("a date typed by a person ends at midnight in the organization's zone") {
  auto end = end_of_local_date("2026-12-31", "Europe/Berlin");
  REQUIRE(end);
  CHECK(format_iso8601(*end) == "2026-12-31T23:00:00Z");
  CHECK(format_iso8601(*end_of_local_date("2026-07-01", "UTC")) == "2026-07-02T00:00:00Z");
  CHECK_FALSE(end_of_local_date("2026-02-30", "UTC"));
  CHECK_FALSE(end_of_local_date("2026-12-31", "Mars/Olympus"));
}

TEST_CASE("manual clock moves only when told") {
  ManualClock c(*parse_iso8601("2026-01-01T00:00:00Z"));
  auto t0 = c.now();
  c.advance(std::chrono::seconds{5});
  CHECK((c.now() - t0).count() == 5);
}

TEST_CASE("ids are UUIDv7, unique and time-ordered") {
  ManualClock c(*parse_iso8601("2026-01-01T00:00:00Z"));
  auto a = new_id(c);
  c.advance(std::chrono::seconds{1});
  auto b = new_id(c);
  CHECK(is_valid_id(a));
  CHECK(a[14] == '7');
  CHECK(a < b);
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) seen.insert(new_id(c));
  CHECK(seen.size() == 1000);
  CHECK_FALSE(is_valid_id("not-an-id"));
}

TEST_CASE("Result carries a value or an error") {
  Result<int> good = 3;
  Result<int> bad = Error{Errc::not_found, "No such user."};
  CHECK(good.ok());
  CHECK(*good == 3);
  CHECK_FALSE(bad.ok());
  CHECK(bad.error().code == Errc::not_found);
  CHECK(to_string(Errc::weak_password) == "weak_password");
}
