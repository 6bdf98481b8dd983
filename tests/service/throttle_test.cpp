#include <doctest/doctest.h>

#include <atomic>
#include <filesystem>
#include <thread>
#include <vector>

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
  CHECK(locked.error().message == "Too many attempts from here; try again at 10:00:00 UTC on 2026-11-21.");
  // Another source is not locked out.
  CHECK(redeem(*w.dir, w, real.digits, "198.51.100.9").ok());
}

TEST_CASE("a source lock lapses after the lockout, and each failure after it doubles the lock") {
  auto w = make_world();
  auto real = make_key(w);
  fail_times(*w.dir, w, real, "s", 100);
  w.clock->advance(seconds{3599});
  CHECK(redeem(*w.dir, w, real.digits, "s").error().code == Errc::throttled);
  w.clock->advance(seconds{1});  // 10:00:00: the hour is over; one more wrong key locks for two hours
  fail_times(*w.dir, w, real, "s", 1);
  auto again = redeem(*w.dir, w, real.digits, "s");
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().detail_code == "throttle.source");
  CHECK(again.error().message == "Too many attempts from here; try again at 12:00:00 UTC on 2026-11-21.");
  w.clock->set(*parse_iso8601("2026-11-21T12:00:00Z"));
  fail_times(*w.dir, w, real, "s", 1);  // then four
  CHECK(redeem(*w.dir, w, real.digits, "s").error().message ==
        "Too many attempts from here; try again at 16:00:00 UTC on 2026-11-21.");
  w.clock->set(*parse_iso8601("2026-11-21T16:00:00Z"));
  CHECK(redeem(*w.dir, w, real.digits, "s").ok());  // the right key still works when the lock ends
}

TEST_CASE("a success resets the source's consecutive failures") {
  auto w = make_world();
  auto real = make_key(w);
  fail_times(*w.dir, w, real, "s", 99);
  REQUIRE(redeem(*w.dir, w, real.digits, "s", "first@navy.example").ok());
  // The next hour: the source's hourly count has started again too.
  w.clock->advance(std::chrono::hours{1});
  fail_times(*w.dir, w, real, "s", 99);
  CHECK(redeem(*w.dir, w, real.digits, "s", "second@navy.example").ok());
}

TEST_CASE(
    "a guesser who puts a right key between every 99 wrong ones still gets only 100 wrong ones an hour") {
  // The red team's variant of attack 4: the consecutive count starts again
  // at every success, so a guesser holding one good key (a poster's) used to
  // guess without end from one source. Its wrong keys are counted per hour
  // too, and a success does not wipe them.
  auto w = make_world();
  auto real = make_key(w);
  fail_times(*w.dir, w, real, "203.0.113.9", 99);
  REQUIRE(redeem(*w.dir, w, real.digits, "203.0.113.9", "first@navy.example").ok());
  fail_times(*w.dir, w, real, "203.0.113.9", 1);  // the hour's 100th wrong key
  auto refused = redeem(*w.dir, w, real.digits, "203.0.113.9", "second@navy.example");
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().detail_code == "throttle.source");
  CHECK(refused.error().message == "Too many attempts from here; try again at 10:00:00 UTC on 2026-11-21.");
  CHECK(redeem(*w.dir, w, wrong_key(real), "203.0.113.9").error().code == Errc::throttled);
  // Another source is not held back by it…
  CHECK(redeem(*w.dir, w, real.digits, "203.0.113.10", "third@navy.example").ok());
  // …and the hour over, the guesser's right key works again.
  w.clock->set(*parse_iso8601("2026-11-21T10:00:00Z"));
  CHECK(redeem(*w.dir, w, real.digits, "203.0.113.9", "second@navy.example").ok());
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

TEST_CASE("a thousand wrong keys spread over ten sources do not lock a right key from a new source out") {
  // Attack 4 of issue #13, with the default figures: 100 per source, 1,000 an hour.
  auto w = make_world();
  auto real = make_key(w);
  for (int s = 0; s < 10; ++s) fail_times(*w.dir, w, real, "10.0.0." + std::to_string(s), 100);
  // Every guessing source is locked by its own count…
  for (int s = 0; s < 10; ++s)
    CHECK(redeem(*w.dir, w, wrong_key(real), "10.0.0." + std::to_string(s)).error().detail_code ==
          "throttle.source");
  // …and the organization's budget is spent, yet a newcomer gets in at once.
  auto newcomer = redeem(*w.dir, w, real.digits, "198.51.100.1", "newcomer@navy.example");
  CHECK_MESSAGE(newcomer.ok(), (newcomer.ok() ? "" : newcomer.error().message));
  // A newcomer that mistypes… a well-formed wrong key is a guess: it waits a second.
  fail_times(*w.dir, w, real, "198.51.100.2", 1);
  auto slowed = redeem(*w.dir, w, real.digits, "198.51.100.2", "slow@navy.example");
  REQUIRE_FALSE(slowed.ok());
  CHECK(slowed.error().code == Errc::throttled);
  CHECK(slowed.error().detail_code == "throttle.organization");
  CHECK(
      slowed.error().message ==
      "Many attempts are failing across this organization, so attempts from here are slowed down; try again "
      "at 09:00:01 UTC on 2026-11-21.");
  w.clock->advance(seconds{1});
  CHECK(redeem(*w.dir, w, real.digits, "198.51.100.2", "slow@navy.example").ok());
}

TEST_CASE(
    "while the organization's budget is spent, a failing source waits twice as long after each failure") {
  auto w = make_world("sqlite");
  set_throttle(w, 10, 30);
  auto real = make_key(w);
  for (const char* s : {"a", "b", "c"}) fail_times(*w.dir, w, real, s, 10);  // 30 failures: the budget
  fail_times(*w.dir, w, real, "e", 1);  // e had none: never refused because of the others
  for (int wait : {1, 2, 4, 8, 16}) {
    auto r = redeem(*w.dir, w, wrong_key(real), "e");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().detail_code == "throttle.organization");
    w.clock->advance(seconds{wait - 1});
    CHECK(redeem(*w.dir, w, wrong_key(real), "e").error().code == Errc::throttled);
    w.clock->advance(seconds{1});
    fail_times(*w.dir, w, real, "e", 1);  // its wait is over: the guess is checked (and wrong)
  }
  // The hour that opened with the first failure ends at 10:00: no more waiting.
  w.clock->set(*parse_iso8601("2026-11-21T10:00:00Z"));
  fail_times(*w.dir, w, real, "e", 2);
  CHECK(redeem(*w.dir, w, real.digits, "e").ok());
}

TEST_CASE("a source with no failures is never refused, however many sources have failed") {
  auto w = make_world();
  set_throttle(w, 1, 1);  // the smallest budgets there are
  auto real = make_key(w);
  for (int s = 0; s < 50; ++s) fail_times(*w.dir, w, real, "guesser-" + std::to_string(s), 1);
  for (int s = 0; s < 10; ++s) {
    auto r = redeem(*w.dir, w, real.digits, "colleague-" + std::to_string(s),
                    "colleague" + std::to_string(s) + "@navy.example");
    CHECK_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
  }
}

TEST_CASE("a right key refused for another reason costs no attempt") {
  auto w = make_world();
  set_throttle(w, 3, 100);
  auto real = make_key(w);
  fail_times(*w.dir, w, real, "s", 2);
  for (int i = 0; i < 10; ++i) {
    auto weak = Registrations(*w.dir).redeem_key(
        w.org.id, {real.digits, "weak@navy.example", "Weak", "password1", "s"});
    CHECK(weak.error().code == Errc::weak_password);
  }
  CHECK(redeem(*w.dir, w, real.digits, "s").ok());
}

TEST_CASE("concurrent wrong keys from one source never pass its budget") {
  auto w = make_world("sqlite");
  auto real = make_key(w);
  constexpr int kThreads = 6, kTries = 30;
  std::atomic<int> wrong{0}, throttled{0}, other{0};
  std::vector<std::string> guesses;
  for (int i = 0; i < kThreads * kTries; ++i) guesses.push_back(wrong_key(real));
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      // Each its own connection to the file, as separate processes have.
      auto storage = open_storage("sqlite:" + w.db_path);
      if (!storage.ok()) {
        other += kTries;
        return;
      }
      Directory dir(std::shared_ptr<Storage>(std::move(storage).value()),
                    std::move(Keyring::from_bytes(kMasterKey)).value(), w.clock);
      for (int i = 0; i < kTries; ++i) {
        auto r =
            Registrations(dir).redeem_key(w.org.id, {guesses[static_cast<std::size_t>(t * kTries + i)],
                                                     "g@navy.example", "G", kGoodPassword, "203.0.113.99"});
        if (r.ok()) {
          ++other;
        } else if (r.error().code == Errc::not_found) {
          ++wrong;
        } else if (r.error().code == Errc::throttled) {
          ++throttled;
        } else {
          ++other;
        }
      }
    });
  for (auto& th : threads) th.join();
  CHECK(other.load() == 0);
  CHECK(wrong.load() == 100);  // exactly the budget: no guess slipped in between a check and its count
  CHECK(throttled.load() == kThreads * kTries - 100);
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
