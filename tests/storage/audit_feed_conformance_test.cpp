// The audit log as an event feed: each organization's events numbered 1, 2,
// 3… in commit order, listed after a number, so a reader resumes exactly.
#include <atomic>
#include <set>
#include <thread>

#include <sqlite3.h>

#include "backends.hpp"

using namespace onboard;
using namespace onboard::test;

namespace {

std::vector<std::int64_t> seqs(const std::vector<AuditEvent>& events) {
  std::vector<std::int64_t> out;
  for (const auto& e : events) out.push_back(e.seq);
  return out;
}

}  // namespace

TEST_CASE_TEMPLATE("audit events are numbered 1, 2, 3 per organization and listed after a number", B,
                   ONB_BACKENDS) {
  World w(B::make());
  const Organization other = w.add_org("Other");
  std::vector<AuditEvent> batch;
  for (int i = 0; i < 3; ++i) batch.push_back(w.event("a." + std::to_string(i)));
  AuditEvent elsewhere = w.event("b.0");
  elsewhere.org_id = other.id;
  batch.push_back(elsewhere);
  REQUIRE(w.store->append_audit(batch).ok());
  REQUIRE(w.store->append_audit(std::vector<AuditEvent>{w.event("a.3")}).ok());

  auto all = w.store->list_audit_after(w.org.id, 0, 0);
  REQUIRE(all.ok());
  CHECK(seqs(*all) == std::vector<std::int64_t>{1, 2, 3, 4});
  CHECK(all->at(0).action == "a.0");
  CHECK(all->at(3).action == "a.3");
  auto theirs = w.store->list_audit_after(other.id, 0, 0);
  REQUIRE(theirs.ok());
  CHECK(seqs(*theirs) == std::vector<std::int64_t>{1});
  // Resuming after a number gives exactly the rest, a page at a time.
  auto page = w.store->list_audit_after(w.org.id, 1, 2);
  REQUIRE(page.ok());
  CHECK(seqs(*page) == std::vector<std::int64_t>{2, 3});
  auto rest = w.store->list_audit_after(w.org.id, 3, 10);
  REQUIRE(rest.ok());
  CHECK(seqs(*rest) == std::vector<std::int64_t>{4});
  CHECK(w.store->list_audit_after(w.org.id, 4, 10)->empty());
  // list_audit shows the numbers too.
  CHECK(w.store->list_audit(w.org.id, 1)->front().seq == 4);
}

TEST_CASE_TEMPLATE("a rolled-back append takes no number from the next one", B, ONB_BACKENDS) {
  World w(B::make());
  REQUIRE(w.store->append_audit(std::vector<AuditEvent>{w.event("first")}).ok());
  auto undone = w.store->transaction([&]() -> Result<void> {
    ONB_TRY(w.store->append_audit(std::vector<AuditEvent>{w.event("undone")}));
    return Error{Errc::invalid_input, "Stop here."};
  });
  REQUIRE_FALSE(undone.ok());
  REQUIRE(w.store->append_audit(std::vector<AuditEvent>{w.event("second")}).ok());
  auto all = w.store->list_audit_after(w.org.id, 0, 0);
  REQUIRE(all.ok());
  CHECK(seqs(*all) == std::vector<std::int64_t>{1, 2});
  CHECK(all->at(1).action == "second");
}

TEST_CASE_TEMPLATE("an audit event for an organization that does not exist is refused", B, ONB_BACKENDS) {
  World w(B::make());
  AuditEvent e = w.event("x");
  e.org_id = "no-such-org";
  auto r = w.store->append_audit(std::vector<AuditEvent>{e});
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == Errc::not_found);
}

// Two writers append while a reader polls after the last number it saw: the
// reader ends with every event exactly once, in order, without gaps.
TEST_CASE("SQLite: two writers interleaving never make a reader skip an event") {
  const std::string path = (temp_dir() / "feed.db").string();
  auto opened = open_sqlite_storage(path);
  REQUIRE(opened.ok());
  World w(std::shared_ptr<Storage>(std::move(opened).value()));
  constexpr int kPerWriter = 150;
  std::atomic<int> done{0};
  auto writer = [&](char tag) {
    auto store = open_sqlite_storage(path);
    if (!store.ok()) return;
    for (int i = 0; i < kPerWriter; ++i) {
      AuditEvent e = w.event(std::string(1, tag) + std::to_string(i));
      e.id = std::string(1, tag) + "-" + std::to_string(i);
      (void)(*store)->transaction([&]() -> Result<void> {
        ONB_TRY((*store)->append_audit(std::vector<AuditEvent>{e}));
        if (i % 7 == 0) std::this_thread::yield();  // stay in the transaction a moment
        return success();
      });
    }
    ++done;
  };
  std::thread a(writer, 'a'), b(writer, 'b');
  auto reader = open_sqlite_storage(path);
  REQUIRE(reader.ok());
  std::vector<std::int64_t> seen;
  std::int64_t after = 0;
  for (;;) {
    const bool finished = done.load() == 2;
    auto page = (*reader)->list_audit_after(w.org.id, after, 20);
    REQUIRE(page.ok());
    for (const auto& e : *page) seen.push_back(e.seq);
    if (!page->empty()) after = page->back().seq;
    if (finished && page->empty()) break;
  }
  a.join();
  b.join();
  REQUIRE(seen.size() == 2 * kPerWriter);
  for (std::size_t i = 0; i < seen.size(); ++i) CHECK(seen[i] == static_cast<std::int64_t>(i + 1));
}

TEST_CASE("a SQLite file from before the event feed numbers its audit events in time order") {
  const auto path = temp_dir() / "before-7.db";
  std::string org_id;
  {
    auto opened = open_sqlite_storage(path.string());
    REQUIRE(opened.ok());
    World w(std::shared_ptr<Storage>(std::move(opened).value()));
    org_id = w.org.id;
    AuditEvent late = w.event("late");
    late.at = t0() + std::chrono::seconds{20};
    AuditEvent early = w.event("early");
    early.at = t0() + std::chrono::seconds{10};
    REQUIRE(w.store->append_audit(std::vector<AuditEvent>{late, early}).ok());
  }
  // Back to schema 6: no seq column.
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.string().c_str(), &db) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db,
                       "DROP TABLE scim_tokens; ALTER TABLE invitations DROP COLUMN expired_noted_at;"
                       "DROP INDEX audit_events_by_seq; ALTER TABLE audit_events DROP COLUMN seq;"
                       "PRAGMA user_version=6;",
                       nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
  auto reopened = open_sqlite_storage(path.string());
  REQUIRE_MESSAGE(reopened.ok(), (reopened.ok() ? "" : reopened.error().message));
  auto all = (*reopened)->list_audit_after(org_id, 0, 0);
  REQUIRE(all.ok());
  REQUIRE(all->size() == 2);
  CHECK(all->at(0).action == "early");
  CHECK(all->at(0).seq == 1);
  CHECK(all->at(1).action == "late");
  CHECK(all->at(1).seq == 2);
}
