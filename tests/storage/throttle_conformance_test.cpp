// Conformance: Storage::update_throttle, the check-and-count step of the
// throttles, against every backend; and its atomicity across connections
// (SQLite threads with a connection each, PostgreSQL processes).
#include <thread>
#include <vector>

#include "backends.hpp"

#if ONBOARD_HAVE_POSTGRES
#include <sys/wait.h>
#include <unistd.h>
#endif

using namespace onboard;
using namespace onboard::test;

namespace {

// One attempt against a budget of `budget`: counted when there is room.
Result<bool> take(Storage& s, const std::string& org_id, int budget) {
  bool counted = false;
  auto after = s.update_throttle(org_id, "source:race", [&](ThrottleCounter& c) {
    if (c.failures >= budget) return false;
    ++c.failures;
    counted = true;
    return true;
  });
  if (!after) return std::move(after).error();
  return counted;
}

}  // namespace

TEST_CASE_TEMPLATE(
    "update_throttle starts from a fresh counter, stores only what it is asked to, and joins "
    "a transaction",
    B, ONB_BACKENDS) {
  World w(B::make());
  // Absent: a fresh counter, not stored when the change declines.
  auto seen = w.store->update_throttle(w.org.id, "source:a", [&](ThrottleCounter& c) {
    CHECK(c.org_id == w.org.id);
    CHECK(c.scope == "source:a");
    CHECK(c.failures == 0);
    CHECK(c.window_start == Timestamp{});
    CHECK_FALSE(c.locked_until.has_value());
    return false;
  });
  REQUIRE(seen.ok());
  CHECK(seen->failures == 0);
  CHECK(w.store->get_throttle(w.org.id, "source:a").error().code == Errc::not_found);

  auto stored = w.store->update_throttle(w.org.id, "source:a", [&](ThrottleCounter& c) {
    c.failures = 7;
    c.window_start = w.clock.now();
    c.locked_until = w.clock.now() + std::chrono::hours{1};
    return true;
  });
  REQUIRE(stored.ok());
  CHECK(stored->failures == 7);
  auto got = w.store->get_throttle(w.org.id, "source:a");
  REQUIRE(got.ok());
  CHECK(got->failures == 7);
  CHECK(got->window_start == w.clock.now());
  CHECK(got->locked_until == w.clock.now() + std::chrono::hours{1});

  // The next change sees what the last one stored.
  REQUIRE(w.store
              ->update_throttle(w.org.id, "source:a",
                                [](ThrottleCounter& c) {
                                  c.failures += 1;
                                  c.locked_until.reset();
                                  return true;
                                })
              .ok());
  CHECK(w.store->get_throttle(w.org.id, "source:a")->failures == 8);
  CHECK_FALSE(w.store->get_throttle(w.org.id, "source:a")->locked_until.has_value());

  // Inside a transaction that fails, the change is undone with it.
  auto undone = w.store->transaction([&]() -> Result<void> {
    ONB_TRY(w.store->update_throttle(w.org.id, "source:a", [](ThrottleCounter& c) {
      c.failures = 100;
      return true;
    }));
    return Error{Errc::internal, "changed my mind"};
  });
  CHECK_FALSE(undone.ok());
  CHECK(w.store->get_throttle(w.org.id, "source:a")->failures == 8);

  // Another organization's counter of the same scope is another counter.
  Organization other = w.add_org("Other");
  CHECK(w.store->update_throttle(other.id, "source:a", [](ThrottleCounter& c) { return c.failures == 0; })
            ->failures == 0);
  CHECK(w.store->get_throttle(w.org.id, "source:a")->failures == 8);
  // No organization, no counter.
  CHECK(w.store
            ->update_throttle("no-such-org", "source:a",
                              [](ThrottleCounter& c) {
                                c.failures = 1;
                                return true;
                              })
            .error()
            .code == Errc::not_found);
}

TEST_CASE_TEMPLATE("threads counting on one throttle counter never pass its budget", B, ONB_BACKENDS) {
  World w(B::make());
  constexpr int kThreads = 6, kTries = 40, kBudget = 100;
  std::atomic<int> counted{0}, failed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < kTries; ++i) {
        auto r = take(*w.store, w.org.id, kBudget);
        if (!r.ok()) {
          ++failed;
        } else if (*r) {
          ++counted;
        }
      }
    });
  for (auto& th : threads) th.join();
  CHECK(failed.load() == 0);
  CHECK(counted.load() == kBudget);
  CHECK(w.store->get_throttle(w.org.id, "source:race")->failures == kBudget);
}

TEST_CASE("SQLite connections counting on one throttle counter at once never pass its budget") {
  const std::string path = (temp_dir() / "race.db").string();
  auto first = open_sqlite_storage(path);
  REQUIRE(first.ok());
  World w(std::shared_ptr<Storage>(std::move(first).value()));
  constexpr int kThreads = 6, kTries = 40, kBudget = 100;
  std::atomic<int> counted{0}, failed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&] {
      auto mine = open_sqlite_storage(path);  // a connection of its own, as another process has
      if (!mine.ok()) {
        ++failed;
        return;
      }
      for (int i = 0; i < kTries; ++i) {
        auto r = take(**mine, w.org.id, kBudget);
        if (!r.ok()) {
          ++failed;
        } else if (*r) {
          ++counted;
        }
      }
    });
  for (auto& th : threads) th.join();
  CHECK(failed.load() == 0);
  CHECK(counted.load() == kBudget);
  CHECK(w.store->get_throttle(w.org.id, "source:race")->failures == kBudget);
}

#if ONBOARD_HAVE_POSTGRES
TEST_SUITE("postgres") {
  TEST_CASE("40 PostgreSQL processes counting on one throttle counter at once never pass its budget") {
    PostgresSchema schema;
    World w(open_postgres_in(schema));
    constexpr int kProcesses = 40, kTries = 5, kBudget = 100;
    int ready[2], go[2], results[2];
    REQUIRE(::pipe(ready) == 0);
    REQUIRE(::pipe(go) == 0);
    REQUIRE(::pipe(results) == 0);
    std::vector<pid_t> children;
    for (int i = 0; i < kProcesses; ++i) {
      const pid_t pid = ::fork();
      REQUIRE(pid >= 0);
      if (pid == 0) {
        ::close(ready[0]);
        ::close(go[1]);
        ::close(results[0]);
        auto mine = open_postgres_storage(schema.conninfo());
        const char byte = mine.ok() ? 'r' : 'x';
        (void)!::write(ready[1], &byte, 1);
        char none;
        (void)!::read(go[0], &none, 1);  // 0 when the parent closes its end: go
        char tally[2] = {0, 0};          // counted, failed
        for (int t = 0; mine.ok() && t < kTries; ++t) {
          auto r = take(**mine, w.org.id, kBudget);
          if (!r.ok()) {
            ++tally[1];
          } else if (*r) {
            ++tally[0];
          }
        }
        if (!mine.ok()) tally[1] = kTries;
        (void)!::write(results[1], tally, 2);
        ::_exit(0);
      }
      children.push_back(pid);
    }
    ::close(ready[1]);
    ::close(go[0]);
    ::close(results[1]);
    for (int i = 0; i < kProcesses; ++i) {
      char byte;
      if (::read(ready[0], &byte, 1) != 1) break;
    }
    ::close(go[1]);  // every child starts at once
    int counted = 0, failed = 0;
    for (int i = 0; i < kProcesses; ++i) {
      char tally[2];
      if (::read(results[0], tally, 2) != 2) {
        failed += kTries;
        continue;
      }
      counted += tally[0];
      failed += tally[1];
    }
    for (pid_t pid : children) ::waitpid(pid, nullptr, 0);
    ::close(ready[0]);
    ::close(results[0]);
    CHECK(failed == 0);
    CHECK(counted == kBudget);
    CHECK(w.store->get_throttle(w.org.id, "source:race")->failures == kBudget);
  }
}
#endif
