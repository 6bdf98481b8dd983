// One-use means one use across processes: 50 processes, each with its own
// connection, released at the same instant against one PostgreSQL database.
// Also: many processes opening (and so migrating) a fresh schema at once, and
// senders claiming outbox messages in parallel.
#if ONBOARD_HAVE_POSTGRES

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <set>
#include <thread>

#include "backends.hpp"

using namespace onboard;
using namespace onboard::test;

namespace {

constexpr int kProcesses = 50;

// What a child process reports through its exit status.
enum Outcome { won = 0, lost = 1, failed = 2 };

struct Tally {
  int won = 0, lost = 0, failed = 0;
};

// Forks `n` children. Each runs `prepare` (say, connect), reports ready, waits
// until every child is ready, then runs `act` and exits with its Outcome.
// Children never return into doctest.
Tally race(
    int n, const std::function<Outcome()>& act, const std::function<bool()>& prepare = [] { return true; }) {
  int ready[2], go[2];
  REQUIRE(::pipe(ready) == 0);
  REQUIRE(::pipe(go) == 0);
  std::vector<pid_t> children;
  for (int i = 0; i < n; ++i) {
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      ::close(ready[0]);
      ::close(go[1]);
      const bool prepared = prepare();
      const char byte = prepared ? 'r' : 'x';
      (void)!::write(ready[1], &byte, 1);
      char none;
      (void)!::read(go[0], &none, 1);  // returns 0 when the parent closes its end: go
      ::_exit(prepared ? act() : failed);
    }
    children.push_back(pid);
  }
  ::close(ready[1]);
  ::close(go[0]);
  for (int i = 0; i < n; ++i) {
    char byte;
    if (::read(ready[0], &byte, 1) != 1) break;
  }
  ::close(go[1]);  // every child wakes at once
  ::close(ready[0]);
  Tally tally;
  for (pid_t pid : children) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : failed;
    (code == won ? tally.won : code == lost ? tally.lost : tally.failed)++;
  }
  return tally;
}

}  // namespace

TEST_SUITE("postgres") {
  TEST_CASE("50 PostgreSQL processes accepting one invitation at once create exactly one account") {
    PostgresSchema schema;
    World w(open_postgres_in(schema));
    const Invitation inv = w.add_invitation("race@x.com", 'r');
    std::unique_ptr<Storage> mine;  // each child's own connection
    const Tally t = race(
        kProcesses,
        [&] {
          // Accept = consume + create the account, in one transaction.
          bool won_it = false;
          auto r = mine->transaction([&]() -> Result<void> {
            ONB_ASSIGN(bool consumed,
                       mine->consume_invitation(w.org.id, inv.id, inv.token_hash, w.clock.now(),
                                                "pid-" + std::to_string(::getpid())));
            if (!consumed) return success();
            User u = w.user(inv.email_key);
            u.id = new_id(w.clock) + "-" + std::to_string(::getpid());
            ONB_TRY(mine->insert_users(one(u)));
            won_it = true;
            return success();
          });
          if (!r.ok()) return failed;
          return won_it ? won : lost;
        },
        [&] {
          auto opened = open_postgres_storage(schema.conninfo());
          if (!opened.ok()) return false;
          mine = std::move(opened).value();
          return true;
        });
    CHECK(t.won == 1);
    CHECK(t.lost == kProcesses - 1);
    CHECK(t.failed == 0);
    CHECK(w.seated() == 1);
    auto got = w.store->get_invitation(w.org.id, inv.id);
    REQUIRE(got.ok());
    CHECK(got->state == InvitationState::accepted);
  }

  TEST_CASE("50 PostgreSQL processes using a one-use registration key at once: one succeeds") {
    PostgresSchema schema;
    World w(open_postgres_in(schema));
    RegistrationKey key = w.key('k');
    key.max_uses = 1;
    REQUIRE(w.store->insert_registration_key(key).ok());
    std::unique_ptr<Storage> mine;
    const Tally t = race(
        kProcesses,
        [&] {
          auto used = mine->use_registration_key(w.org.id, key.id, w.clock.now());
          if (!used.ok()) return failed;
          return *used ? won : lost;
        },
        [&] {
          auto opened = open_postgres_storage(schema.conninfo());
          if (!opened.ok()) return false;
          mine = std::move(opened).value();
          return true;
        });
    CHECK(t.won == 1);
    CHECK(t.lost == kProcesses - 1);
    CHECK(t.failed == 0);
    CHECK(w.store->get_registration_key(w.org.id, key.id)->use_count == 1);
  }

  TEST_CASE("PostgreSQL processes opening one fresh schema at once migrate it exactly once") {
    PostgresSchema schema;
    const Tally t = race(20, [&] { return open_postgres_storage(schema.conninfo()).ok() ? won : failed; });
    CHECK(t.won == 20);
    CHECK(t.failed == 0);
    World w(open_postgres_in(schema));  // and the result is a working store
    CHECK(w.store->list_organizations()->size() == 1);
  }

  TEST_CASE("PostgreSQL senders claiming in parallel never claim one message twice") {
    PostgresSchema schema;
    World w(open_postgres_in(schema));
    std::vector<OutboxMessage> batch;
    for (int i = 0; i < 120; ++i) batch.push_back(w.message("m" + std::to_string(i) + "@x.com"));
    REQUIRE(w.store->enqueue_messages(batch).ok());
    const Timestamp now = w.clock.now();

    std::mutex seen_mutex;
    std::multiset<std::string> seen;
    std::vector<std::thread> senders;
    for (int s = 0; s < 6; ++s)
      senders.emplace_back([&] {
        auto store = open_postgres_storage(schema.conninfo());
        if (!store.ok()) return;
        for (;;) {
          auto claimed = (*store)->claim_messages(w.org.id, 7, now, now + std::chrono::seconds{600});
          if (!claimed.ok() || claimed->empty()) return;
          std::lock_guard lock(seen_mutex);
          for (const auto& m : *claimed) seen.insert(m.id);
        }
      });
    for (auto& th : senders) th.join();
    CHECK(seen.size() == batch.size());
    CHECK(std::set<std::string>(seen.begin(), seen.end()).size() == batch.size());
  }

  TEST_CASE("PostgreSQL writers appending audit events at once never make a feed reader skip one") {
    PostgresSchema schema;
    World w(open_postgres_in(schema));
    constexpr int kWriters = 4, kPerWriter = 40;
    std::atomic<int> done{0};
    std::vector<std::thread> writers;
    for (int t = 0; t < kWriters; ++t)
      writers.emplace_back([&, t] {
        auto store = open_postgres_storage(schema.conninfo());
        if (store.ok())
          for (int i = 0; i < kPerWriter; ++i) {
            AuditEvent e = w.event("w");
            e.id = std::to_string(t) + "-" + std::to_string(i);
            // A transaction that stays open a moment after taking its number:
            // a later one must not become visible before it.
            (void)(*store)->transaction([&]() -> Result<void> {
              ONB_TRY((*store)->append_audit(std::vector<AuditEvent>{e}));
              if (i % 5 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
              return success();
            });
          }
        ++done;
      });
    auto reader = open_postgres_storage(schema.conninfo());
    REQUIRE(reader.ok());
    std::vector<std::int64_t> seen;
    std::int64_t after = 0;
    for (;;) {
      const bool finished = done.load() == kWriters;
      auto page = (*reader)->list_audit_after(w.org.id, after, 25);
      REQUIRE(page.ok());
      for (const auto& e : *page) seen.push_back(e.seq);
      if (!page->empty()) after = page->back().seq;
      if (finished && page->empty()) break;
    }
    for (auto& th : writers) th.join();
    REQUIRE(seen.size() == static_cast<std::size_t>(kWriters * kPerWriter));
    for (std::size_t i = 0; i < seen.size(); ++i) CHECK(seen[i] == static_cast<std::int64_t>(i + 1));
  }

  TEST_CASE("a PostgreSQL transaction that loses a deadlock is run again and both commit") {
    PostgresSchema schema;
    World w(open_postgres_in(schema));
    RegistrationKey first = w.key('1'), second = w.key('2');
    REQUIRE(w.store->insert_registration_key(first).ok());
    REQUIRE(w.store->insert_registration_key(second).ok());
    auto a = open_postgres_in(schema);
    auto b = open_postgres_in(schema);
    std::atomic<int> runs{0};
    // Each takes one row lock, waits for the other to take its own, then
    // wants the other's: the server aborts one with 40P01.
    auto cross = [&](Storage& s, const RegistrationKey& mine, const RegistrationKey& theirs) {
      return s.transaction([&]() -> Result<void> {
        ++runs;
        ONB_ASSIGN(bool used, s.use_registration_key(w.org.id, mine.id, w.clock.now()));
        if (!used) return Error{Errc::internal, "The key was not used."};
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        ONB_ASSIGN(used, s.use_registration_key(w.org.id, theirs.id, w.clock.now()));
        if (!used) return Error{Errc::internal, "The key was not used."};
        return success();
      });
    };
    Result<void> ra = success(), rb = success();
    std::thread ta([&] { ra = cross(*a, first, second); });
    std::thread tb([&] { rb = cross(*b, second, first); });
    ta.join();
    tb.join();
    CHECK_MESSAGE(ra.ok(), (ra.ok() ? "" : ra.error().message));
    CHECK_MESSAGE(rb.ok(), (rb.ok() ? "" : rb.error().message));
    CHECK(runs.load() == 3);  // the loser ran twice
    CHECK(w.store->get_registration_key(w.org.id, first.id)->use_count == 2);
    CHECK(w.store->get_registration_key(w.org.id, second.id)->use_count == 2);
  }
}

#endif
