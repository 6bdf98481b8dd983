#include <doctest/doctest.h>

#include <filesystem>

#include "onboard/registrations.hpp"
#include "onboard/secrets/digit_key.hpp"
#include "service/redemption_throttle.hpp"
#include "service_fixture.hpp"

using namespace onboard;
using namespace onboard::test;
using std::chrono::seconds;

namespace {

IssuedRegistrationKey make_key(World& w) {
  auto issued = Registrations(*w.dir).create_key(w.admin_actor(), {"Desk", "", "", "", "", std::nullopt});
  REQUIRE(issued.ok());
  return *issued;
}

// A well-formed key (right check digit) that is not the organization's.
std::string wrong_key(const IssuedRegistrationKey& real) {
  for (;;) {
    auto guess = generate_digit_key(org_key_digits);
    if (guess != real.digits) return guess;
  }
}

Result<KeyRegistration> redeem(Directory& dir, const World& w, const std::string& key,
                               const std::string& source, const std::string& email = "grace@navy.example") {
  return Registrations(dir).redeem_key(w.org.id, {key, email, "Grace Hopper", kGoodPassword, source});
}

void fail_times(Directory& dir, const World& w, const IssuedRegistrationKey& real, const std::string& source,
                int times) {
  for (int i = 0; i < times; ++i) {
    auto r = redeem(dir, w, wrong_key(real), source);
    REQUIRE(!r.ok());
    REQUIRE(r.error().code == Errc::not_found);
  }
}

void set_throttle(World& w, int per_source, int per_org) {
  Organization changed = w.org;
  changed.settings.throttle.per_source_max_failures = per_source;
  changed.settings.throttle.org_max_failures_per_hour = per_org;
  auto updated = w.dir->update_organization(w.admin_actor(), changed);
  REQUIRE(updated.ok());
  w.org = *updated;
}

}  // namespace

TEST_CASE("the 101st consecutive failure from one source is refused even with the right key") {
  auto w = make_world();
  auto real = make_key(w);
  fail_times(*w.dir, w, real, "203.0.113.7", 100);
  auto locked = redeem(*w.dir, w, real.digits, "203.0.113.7");
  REQUIRE_FALSE(locked.ok());
  CHECK(locked.error().code == Errc::throttled);
  CHECK(locked.error().detail_code == "throttle.source");
  CHECK(locked.error().message == "Too many attempts; try again at 2026-11-21T10:00:00Z.");
  // Another source is not locked out.
  CHECK(redeem(*w.dir, w, real.digits, "198.51.100.9").ok());
}

TEST_CASE("a source lock lapses after the lockout and the count starts again") {
  auto w = make_world();
  auto real = make_key(w);
  fail_times(*w.dir, w, real, "s", 100);
  w.clock->advance(seconds{3599});
  CHECK(redeem(*w.dir, w, real.digits, "s").error().code == Errc::throttled);
  w.clock->advance(seconds{1});
  CHECK(redeem(*w.dir, w, real.digits, "s").ok());
}

TEST_CASE("a success resets the source's consecutive failures") {
  auto w = make_world();
  auto real = make_key(w);
  fail_times(*w.dir, w, real, "s", 99);
  REQUIRE(redeem(*w.dir, w, real.digits, "s", "first@navy.example").ok());
  fail_times(*w.dir, w, real, "s", 99);
  CHECK(redeem(*w.dir, w, real.digits, "s", "second@navy.example").ok());
}

TEST_CASE("the failure count survives a restart") {
  auto w = make_world("sqlite");
  auto real = make_key(w);
  fail_times(*w.dir, w, real, "203.0.113.7", 60);
  // A new process: the database file opened again, nothing kept in memory.
  w.dir.reset();
  w.storage.reset();
  auto reopened = open_storage("sqlite:" + w.db_path);
  REQUIRE(reopened.ok());
  Directory dir(std::shared_ptr<Storage>(std::move(reopened).value()),
                std::move(Keyring::from_bytes(kMasterKey)).value(), w.clock);
  fail_times(dir, w, real, "203.0.113.7", 40);
  CHECK(redeem(dir, w, real.digits, "203.0.113.7").error().code == Errc::throttled);
}

TEST_CASE("the organization's hourly budget caps failures spread over many sources") {
  auto w = make_world("sqlite");
  set_throttle(w, 10, 30);
  auto real = make_key(w);
  fail_times(*w.dir, w, real, "a", 10);
  fail_times(*w.dir, w, real, "b", 10);
  w.clock->advance(seconds{1800});
  fail_times(*w.dir, w, real, "c", 9);
  CHECK(redeem(*w.dir, w, real.digits, "d", "d@navy.example").ok());  // 29 failures: still within the budget
  fail_times(*w.dir, w, real, "c", 1);
  auto spent = redeem(*w.dir, w, real.digits, "fresh-source");
  REQUIRE_FALSE(spent.ok());
  CHECK(spent.error().code == Errc::throttled);
  CHECK(spent.error().detail_code == "throttle.organization");
  // The window opened with the first failure and closes an hour later.
  CHECK(spent.error().message == "Too many attempts; try again at 2026-11-21T10:00:00Z.");
  w.clock->set(*parse_iso8601("2026-11-21T10:00:00Z"));
  CHECK(redeem(*w.dir, w, real.digits, "fresh-source").ok());
}

TEST_CASE("one source alone cannot spend the organization's budget") {
  auto w = make_world();
  set_throttle(w, 100, 1000);
  auto real = make_key(w);
  fail_times(*w.dir, w, real, "attacker", 100);
  CHECK(redeem(*w.dir, w, wrong_key(real), "attacker").error().code == Errc::throttled);
  CHECK(redeem(*w.dir, w, real.digits, "colleague").ok());
}

TEST_CASE("typos and malformed keys never count as attempts") {
  auto w = make_world();
  set_throttle(w, 2, 2);
  auto real = make_key(w);
  std::string typo = real.digits;
  typo[3] = typo[3] == '0' ? '1' : '0';
  for (int i = 0; i < 20; ++i) {
    CHECK(redeem(*w.dir, w, typo, "s").error().detail_code == "key.typo");
    CHECK(redeem(*w.dir, w, "12345", "s").error().code == Errc::invalid_input);
    CHECK(redeem(*w.dir, w, "1.23457E+9", "s").error().code == Errc::invalid_input);
  }
  CHECK(redeem(*w.dir, w, real.digits, "s").ok());
}

TEST_CASE("a throttle source is stored only as a keyed hash") {
  auto w = make_world("sqlite");
  auto real = make_key(w);
  fail_times(*w.dir, w, real, "203.0.113.77", 3);
  std::string bytes;
  for (const char* suffix : {"", "-wal"})
    if (std::filesystem::exists(w.db_path + suffix)) bytes += read_file(w.db_path + suffix);
  RedemptionThrottle throttle(*w.storage, w.dir->keyring(), *w.clock);
  CHECK(bytes.find(throttle.source_scope("203.0.113.77")) != std::string::npos);  // the scan sees the counter
  CHECK(bytes.find("203.0.113.77") == std::string::npos);
}
