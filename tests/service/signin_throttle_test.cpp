// Sign-in throttling (issue #13, attack 5): per account at most 100
// consecutive failures (NIST SP 800-63B 5.2.2), then a lock that doubles;
// per source too; checked before the password.
#include <doctest/doctest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "onboard/registrations.hpp"
#include "onboard/secrets/digit_key.hpp"
#include "service_fixture.hpp"

using namespace onboard;
using namespace onboard::test;
using std::chrono::seconds;

namespace {

// An organization whose administrator has a generated password: checking
// it is a keyed hash, not Argon2id, so a hundred wrong tries stay fast. The
// right password answers must_change_password (it must be replaced first).
struct Generated {
  std::string org_id;
  std::string email = "grace@navy.example";
  std::string password;
};

Generated generated_org(World& w) {
  NewOrganization req;
  req.name = "Navy";
  req.admin_email = "grace@navy.example";
  req.admin_name = "Grace Hopper";
  auto created = w.dir->create_organization(req);
  REQUIRE(created.ok());
  REQUIRE_FALSE(created->generated_password.empty());
  return {created->organization.id, req.admin_email, created->generated_password};
}

void set_throttle(World& w, int per_source, int per_org) {
  Organization changed = w.org;
  changed.settings.throttle.per_source_max_failures = per_source;
  changed.settings.throttle.org_max_failures_per_hour = per_org;
  auto updated = w.dir->update_organization(w.admin_actor(), changed);
  REQUIRE(updated.ok());
  w.org = *updated;
}

std::string nth(const char* prefix, int i) { return prefix + std::to_string(i); }

// `times` wrong passwords, each from a source of its own (so only the account's count grows).
void wrong_passwords(World& w, const Generated& g, int times, const char* source_prefix = "10.1.0.") {
  for (int i = 0; i < times; ++i) {
    auto r =
        w.dir->authenticate(g.org_id, g.email, "wrong password " + std::to_string(i), nth(source_prefix, i));
    REQUIRE(!r.ok());
    REQUIRE(r.error().code == Errc::authentication_failed);
  }
}

}  // namespace

TEST_CASE("the 101st consecutive wrong password is refused even when right, saying when to try again") {
  auto w = make_world();
  auto g = generated_org(w);
  wrong_passwords(w, g, 100);
  auto locked = w.dir->authenticate(g.org_id, g.email, g.password, "203.0.113.200");
  REQUIRE_FALSE(locked.ok());
  CHECK(locked.error().code == Errc::throttled);
  CHECK(locked.error().detail_code == "throttle.account");
  CHECK(locked.error().message ==
        "Too many failed sign-ins for this account; try again at 10:00:00 UTC on 2026-11-21.");
  w.clock->advance(seconds{3599});
  CHECK(w.dir->authenticate(g.org_id, g.email, g.password, "203.0.113.200").error().code == Errc::throttled);
  w.clock->advance(seconds{1});
  CHECK(w.dir->authenticate(g.org_id, g.email, g.password, "203.0.113.200").error().code ==
        Errc::must_change_password);  // the right password, heard again
}

TEST_CASE("a throttled sign-in gives the same answer for the right and a wrong password") {
  auto w = make_world();
  auto g = generated_org(w);
  wrong_passwords(w, g, 100);
  auto right = w.dir->authenticate(g.org_id, g.email, g.password, "s");
  auto wrong = w.dir->authenticate(g.org_id, g.email, "still wrong", "s");
  REQUIRE_FALSE(right.ok());
  REQUIRE_FALSE(wrong.ok());
  CHECK(right.error().code == wrong.error().code);
  CHECK(right.error().message == wrong.error().message);
  CHECK(right.error().detail_code == wrong.error().detail_code);
}

TEST_CASE("an account's lock doubles with each failure after it lapses") {
  auto w = make_world();
  auto g = generated_org(w);
  wrong_passwords(w, g, 100);
  w.clock->advance(seconds{3600});
  wrong_passwords(w, g, 1, "10.2.0.");
  CHECK(w.dir->authenticate(g.org_id, g.email, g.password, "s").error().message ==
        "Too many failed sign-ins for this account; try again at 12:00:00 UTC on 2026-11-21.");
  w.clock->set(*parse_iso8601("2026-11-21T12:00:00Z"));
  wrong_passwords(w, g, 1, "10.3.0.");
  CHECK(w.dir->authenticate(g.org_id, g.email, g.password, "s").error().message ==
        "Too many failed sign-ins for this account; try again at 16:00:00 UTC on 2026-11-21.");
  w.clock->set(*parse_iso8601("2026-11-21T16:00:00Z"));
  CHECK(w.dir->authenticate(g.org_id, g.email, g.password, "s").error().code == Errc::must_change_password);
}

TEST_CASE("a right password resets the account's consecutive failures") {
  auto w = make_world();
  auto g = generated_org(w);
  wrong_passwords(w, g, 99);
  CHECK(w.dir->authenticate(g.org_id, g.email, g.password, "s").error().code == Errc::must_change_password);
  wrong_passwords(w, g, 99, "10.4.0.");
  CHECK(w.dir->authenticate(g.org_id, g.email, g.password, "s").error().code == Errc::must_change_password);
}

TEST_CASE("one source guessing passwords, even of unknown emails, is stopped; another source is not") {
  auto w = make_world();
  set_throttle(w, 10, 1000);
  for (int i = 0; i < 10; ++i) {
    auto r = w.dir->authenticate(w.org.id, nth("nobody", i) + "@acme.example", "guess", "198.51.100.66");
    CHECK(r.error().code == Errc::authentication_failed);  // unknown: the same answer as a wrong password
  }
  auto locked = w.dir->authenticate(w.org.id, "ada@acme.example", kAdminPassword, "198.51.100.66");
  REQUIRE_FALSE(locked.ok());
  CHECK(locked.error().detail_code == "throttle.source");
  CHECK(locked.error().message == "Too many attempts from here; try again at 10:00:00 UTC on 2026-11-21.");
  CHECK(w.dir->authenticate(w.org.id, "ada@acme.example", kAdminPassword, "198.51.100.67").ok());
}

TEST_CASE("an unknown email is locked like a known one, so a lock does not tell whether it has an account") {
  auto w = make_world();
  set_throttle(w, 5, 1000);
  for (const char* email : {"ada@acme.example", "nobody@acme.example"})
    for (int i = 0; i < 5; ++i)
      CHECK(w.dir->authenticate(w.org.id, email, "wrong guess", nth(email, i)).error().code ==
            Errc::authentication_failed);
  auto known = w.dir->authenticate(w.org.id, "ada@acme.example", "wrong guess", "fresh-1");
  auto unknown = w.dir->authenticate(w.org.id, "nobody@acme.example", "wrong guess", "fresh-2");
  REQUIRE_FALSE(known.ok());
  REQUIRE_FALSE(unknown.ok());
  CHECK(known.error().code == Errc::throttled);
  CHECK(known.error().message == unknown.error().message);
  CHECK(known.error().detail_code == unknown.error().detail_code);
}

TEST_CASE("changing a password is throttled like sign-in and shares the account's count") {
  auto w = make_world();
  auto g = generated_org(w);
  wrong_passwords(w, g, 60);
  for (int i = 0; i < 40; ++i)
    CHECK(w.dir->change_password(g.org_id, g.email, "wrong current", kGoodPassword, nth("10.5.0.", i))
              .error()
              .code == Errc::authentication_failed);
  auto locked = w.dir->change_password(g.org_id, g.email, g.password, kGoodPassword, "s");
  REQUIRE_FALSE(locked.ok());
  CHECK(locked.error().detail_code == "throttle.account");
  CHECK(w.dir->authenticate(g.org_id, g.email, g.password, "s").error().code == Errc::throttled);
  w.clock->advance(seconds{3600});
  CHECK(w.dir->change_password(g.org_id, g.email, g.password, kGoodPassword, "s").ok());
  CHECK(w.dir->authenticate(g.org_id, g.email, kGoodPassword, "s").ok());
}

TEST_CASE("sign-in without a source counts the account only, so one guesser does not lock everyone") {
  auto w = make_world();
  set_throttle(w, 5, 1000);
  add_member(w, "katherine@acme.example", "User");
  for (int i = 0; i < 5; ++i)
    CHECK(w.dir->authenticate(w.org.id, "ada@acme.example", "wrong").error().code ==
          Errc::authentication_failed);
  CHECK(w.dir->authenticate(w.org.id, "ada@acme.example", kAdminPassword).error().code == Errc::throttled);
  CHECK(w.dir->authenticate(w.org.id, "katherine@acme.example", kGoodPassword).ok());
}

TEST_CASE(
    "while the organization's sign-in budget is spent, a source with failures slows down; others do not") {
  auto w = make_world();
  auto g = generated_org(w);
  // Defaults: 1,000 failures an hour. Ten sources spend them on things that
  // are not even emails (counted per source, and quick: no hash to check).
  for (int s = 0; s < 10; ++s)
    for (int i = 0; i < 100; ++i)
      CHECK(w.dir->authenticate(g.org_id, nth("not an email ", i), "guess", nth("10.9.0.", s)).error().code ==
            Errc::authentication_failed);
  CHECK(w.dir->authenticate(g.org_id, g.email, g.password, "fresh").error().code ==
        Errc::must_change_password);
  CHECK(w.dir->authenticate(g.org_id, g.email, "typo", "typist").error().code == Errc::authentication_failed);
  auto slowed = w.dir->authenticate(g.org_id, g.email, g.password, "typist");
  REQUIRE_FALSE(slowed.ok());
  CHECK(slowed.error().detail_code == "throttle.organization");
  CHECK(
      slowed.error().message ==
      "Many attempts are failing across this organization, so attempts from here are slowed down; try again "
      "at 09:00:01 UTC on 2026-11-21.");
  w.clock->advance(seconds{1});
  CHECK(w.dir->authenticate(g.org_id, g.email, g.password, "typist").error().code ==
        Errc::must_change_password);
}

TEST_CASE("concurrent wrong passwords for one account never pass its budget") {
  auto w = make_world("sqlite");
  auto g = generated_org(w);
  constexpr int kThreads = 6, kTries = 30;
  std::atomic<int> wrong{0}, throttled{0}, other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      auto storage = open_storage("sqlite:" + w.db_path);  // a connection of its own
      if (!storage.ok()) {
        other += kTries;
        return;
      }
      Directory dir(std::shared_ptr<Storage>(std::move(storage).value()),
                    std::move(Keyring::from_bytes(kMasterKey)).value(), w.clock);
      for (int i = 0; i < kTries; ++i) {
        auto r = dir.authenticate(g.org_id, g.email, "wrong",
                                  "10.7." + std::to_string(t) + "." + std::to_string(i));
        if (r.ok()) {
          ++other;
        } else if (r.error().code == Errc::authentication_failed) {
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
  CHECK(wrong.load() == 100);
  CHECK(throttled.load() == kThreads * kTries - 100);
}

TEST_CASE("key guesses and sign-in failures are counted apart") {
  auto w = make_world();
  set_throttle(w, 3, 1000);
  auto issued = Registrations(*w.dir).create_key(w.admin_actor(), {"Desk", "", "", "", "", std::nullopt});
  REQUIRE(issued.ok());
  auto redeem = [&](const std::string& key) {
    return Registrations(*w.dir).redeem_key(w.org.id, {key, "g@acme.example", "Guess", kGoodPassword, "s"});
  };
  for (int i = 0; i < 3;) {
    const std::string guess = generate_digit_key(org_key_digits);
    if (guess == issued->digits) continue;
    CHECK(redeem(guess).error().code == Errc::not_found);
    ++i;
  }
  CHECK(redeem(issued->digits).error().code == Errc::throttled);  // the source is locked for keys…
  CHECK(w.dir->authenticate(w.org.id, "ada@acme.example", kAdminPassword, "s").ok());  // …not for sign-in
  for (int i = 0; i < 3; ++i)
    CHECK(w.dir->authenticate(w.org.id, "ada@acme.example", "wrong", "t").error().code ==
          Errc::authentication_failed);
  CHECK(w.dir->authenticate(w.org.id, "ada@acme.example", kAdminPassword, "t").error().code ==
        Errc::throttled);
  CHECK(redeem(issued->digits).error().code == Errc::throttled);  // still the key lock, unchanged
  CHECK(Registrations(*w.dir)
            .redeem_key(w.org.id, {issued->digits, "g@acme.example", "Guess", kGoodPassword, "t"})
            .ok());  // "t" failed at sign-in only
}
