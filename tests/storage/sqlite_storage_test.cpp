// What only the SQLite backend promises: persistence, migrations, refusing
// foreign files, and one-use under concurrency across threads and connections.
#include <sqlite3.h>

#include <atomic>
#include <fstream>
#include <thread>
#include <vector>

#include "backends.hpp"
#include "storage/sqlite/sqlite_schema.hpp"

using namespace onboard;
using namespace onboard::test;

namespace {

std::shared_ptr<Storage> open_file(const std::filesystem::path& path) {
  auto opened = open_sqlite_storage(path.string());
  REQUIRE_MESSAGE(opened.ok(), (opened.ok() ? "" : opened.error().message));
  return std::shared_ptr<Storage>(std::move(opened).value());
}

std::int64_t pragma(const std::filesystem::path& path, const char* sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.string().c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  const std::int64_t v = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return v;
}

}  // namespace

TEST_CASE("SQLite data persists across reopen, and reopening does not migrate again") {
  const auto path = temp_dir() / "persist.db";
  std::string org_id, user_id;
  {
    World w(open_file(path));
    org_id = w.org.id;
    user_id = w.add_user("kept@x.com").id;
  }
  CHECK(pragma(path, "PRAGMA user_version") == sqlite::current_schema_version());
  for (int i = 0; i < 2; ++i) {
    auto store = open_file(path);
    auto org = store->get_organization(org_id);
    REQUIRE(org.ok());
    CHECK(org->teams == std::vector<std::string>{"Red", "Blue"});
    auto user = store->get_user(org_id, user_id);
    REQUIRE(user.ok());
    CHECK(user->email == "kept@x.com");
  }
  CHECK(pragma(path, "PRAGMA user_version") == sqlite::current_schema_version());
  CHECK(pragma(path, "SELECT count(*) FROM users") == 1);
}

TEST_CASE("a new SQLite database is in WAL mode") {
  const auto path = temp_dir() / "wal.db";
  { open_file(path); }
  CHECK(pragma(path, "SELECT journal_mode = 'wal' FROM pragma_journal_mode") == 1);
}

TEST_CASE("a file that is not an onboard database is refused and left alone") {
  const auto dir = temp_dir();
  SUBCASE("not SQLite at all") {
    const auto path = dir / "notes.db";
    { std::ofstream(path) << "name,email\nAnn,ann@x.com\n" << std::string(4096, 'x'); }
    auto opened = open_sqlite_storage(path.string());
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().code == Errc::storage);
    CHECK(opened.error().message.find("is not an onboard database") != std::string::npos);
    CHECK(read_file(path).substr(0, 10) == "name,email");
  }
  SUBCASE("another application's SQLite database") {
    const auto path = dir / "other.db";
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.string().c_str(), &db) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db, "CREATE TABLE t(x)", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
    auto opened = open_sqlite_storage(path.string());
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().message.find("is not an onboard database") != std::string::npos);
  }
  SUBCASE("a directory that does not exist") {
    auto opened = open_sqlite_storage((dir / "missing" / "x.db").string());
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().code == Errc::storage);
  }
}

TEST_CASE("a database from a newer onboard is refused") {
  const auto path = temp_dir() / "newer.db";
  { open_file(path); }
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.string().c_str(), &db) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db, "PRAGMA user_version=999", nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
  auto opened = open_sqlite_storage(path.string());
  REQUIRE_FALSE(opened.ok());
  CHECK(opened.error().message.find("newer version") != std::string::npos);
}

TEST_CASE_TEMPLATE("threads sharing one Storage consume an invitation exactly once", B, ONB_BACKENDS) {
  World w(B::make());
  constexpr int kInvitations = 5;
  constexpr int kThreads = 6;
  for (int n = 0; n < kInvitations; ++n) {
    Invitation inv = w.add_invitation("race" + std::to_string(n) + "@x.com", static_cast<char>('a' + n));
    std::atomic<int> wins{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
      threads.emplace_back([&, t] {
        auto r = w.store->transaction([&]() -> Result<void> {
          ONB_ASSIGN(bool won, w.store->consume_invitation(w.org.id, inv.id, inv.token_hash, w.clock.now(),
                                                           "thread-" + std::to_string(t)));
          if (won) ++wins;
          return success();
        });
        CHECK(r.ok());
      });
    for (auto& th : threads) th.join();
    CHECK(wins.load() == 1);
  }
}

TEST_CASE("two connections to one file consume an invitation exactly once") {
  const auto path = temp_dir() / "race.db";
  World w(open_file(path));
  auto second = open_file(path);
  constexpr int kInvitations = 5;
  for (int n = 0; n < kInvitations; ++n) {
    Invitation inv = w.add_invitation("race" + std::to_string(n) + "@x.com", static_cast<char>('a' + n));
    std::atomic<int> wins{0};
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
      threads.emplace_back([&, t] {
        Storage& s = t % 2 == 0 ? *w.store : *second;
        // Accept = consume + create the account, in one transaction.
        auto r = s.transaction([&]() -> Result<void> {
          ONB_ASSIGN(bool won, s.consume_invitation(w.org.id, inv.id, inv.token_hash, w.clock.now(), "u"));
          if (!won) return success();
          User u = w.user(inv.email_key);
          ONB_TRY(s.insert_users(one(u)));
          ++wins;
          return success();
        });
        if (!r.ok()) ++failures;
      });
    for (auto& th : threads) th.join();
    CHECK(wins.load() == 1);
    CHECK(failures.load() == 0);
  }
  CHECK(w.seated() == kInvitations);
}

TEST_CASE("a bulk insert of many users in one transaction is fast and complete") {
  World w(SqliteBackend::make());
  constexpr int kUsers = 20000;
  std::vector<User> users;
  users.reserve(kUsers);
  for (int i = 0; i < kUsers; ++i) {
    User u = w.user("bulk" + std::to_string(i) + "@example.com");
    u.username_key = "bulk" + std::to_string(i);
    u.teams = {"Red"};
    u.attributes = {{"Phone", "+1 555 0100"}};
    users.push_back(std::move(u));
  }
  const auto start = std::chrono::steady_clock::now();
  REQUIRE(w.store->insert_users(users).ok());
  const auto elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  MESSAGE("inserted " << kUsers << " users at " << static_cast<long>(kUsers / elapsed) << " rows/s");
  CHECK(w.seated() == kUsers);
  // Generous even for a Debug build on a busy machine; the Release target is 200k rows/s.
  CHECK(elapsed < 5.0);
}

TEST_CASE("open_storage picks the backend from the URI") {
  auto memory = open_storage("memory:");
  REQUIRE(memory.ok());
  const auto dir = temp_dir();
  auto by_scheme = open_storage("sqlite:" + (dir / "a.db").string());
  REQUIRE(by_scheme.ok());
  CHECK(std::filesystem::exists(dir / "a.db"));
  auto by_path = open_storage((dir / "b.db").string());
  REQUIRE(by_path.ok());
  CHECK(std::filesystem::exists(dir / "b.db"));

  // Both PostgreSQL schemes reach the PostgreSQL backend (here: nobody listens on port 1).
  for (const char* uri : {"postgresql://127.0.0.1:1/onboard?connect_timeout=2",
                          "postgres://127.0.0.1:1/onboard?connect_timeout=2"}) {
    auto pg = open_storage(uri);
    REQUIRE_FALSE(pg.ok());
#if ONBOARD_HAVE_POSTGRES
    CHECK(pg.error().code == Errc::storage);
#else
    CHECK(pg.error().message == "This build has no PostgreSQL support.");
#endif
  }
  auto unknown = open_storage("mysql://db.example/onboard");
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().code == Errc::invalid_input);
  CHECK(unknown.error().message.find("memory:") != std::string::npos);
  CHECK(open_storage("sqlite:").error().code == Errc::invalid_input);
}
