// The background checkpoint of the SQLite backend: it copies committed WAL
// pages into the database file, cuts a long WAL back, loses nothing when a
// reader pins old pages, and finishes a requested copy when it is destroyed.
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "backends.hpp"
#include "storage/sqlite/sqlite_checkpointer.hpp"

using namespace onboard;
using namespace onboard::test;
using onboard::sqlite::BackgroundCheckpointer;

namespace {

// A raw connection in WAL mode that never checkpoints by itself.
struct Raw {
  sqlite3* db = nullptr;
  explicit Raw(const std::filesystem::path& path) {
    REQUIRE(sqlite3_open(path.string().c_str(), &db) == SQLITE_OK);
    exec("PRAGMA journal_mode=WAL");
    sqlite3_wal_autocheckpoint(db, 0);
  }
  ~Raw() { sqlite3_close(db); }
  void exec(const char* sql) {
    REQUIRE_MESSAGE(sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK, sql);
  }
  std::int64_t integer(const char* sql) {
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(st) == SQLITE_ROW);
    const std::int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
  }
  std::string text(const char* sql) {
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(st) == SQLITE_ROW);
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    std::string v = p != nullptr ? p : "";
    sqlite3_finalize(st);
    return v;
  }
};

std::filesystem::path wal_of(const std::filesystem::path& db) { return db.string() + "-wal"; }

std::uintmax_t size_or_zero(const std::filesystem::path& p) {
  std::error_code ec;
  const auto n = std::filesystem::file_size(p, ec);
  return ec ? 0 : n;
}

// ~6,000 pages of 4 KiB in the WAL.
void write_many_pages(Raw& raw) {
  raw.exec("CREATE TABLE IF NOT EXISTS t(x BLOB)");
  raw.exec(
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<6000) "
      "INSERT INTO t SELECT randomblob(3000) FROM n");
}

}  // namespace

TEST_CASE("a requested checkpoint copies the WAL into the database and cuts the WAL back") {
  const auto path = temp_dir() / "checkpoint.db";
  Raw raw(path);
  write_many_pages(raw);
  REQUIRE(size_or_zero(wal_of(path)) > 16u * 1024 * 1024);
  const auto db_before = size_or_zero(path);

  BackgroundCheckpointer checkpointer(path.string());
  checkpointer.request();
  checkpointer.wait_idle();
  CHECK(checkpointer.completed() == 1);
  CHECK(size_or_zero(path) > db_before + 16u * 1024 * 1024);  // the pages are in the database file
  CHECK(size_or_zero(wal_of(path)) == 0);                     // and the WAL was cut back
  CHECK(raw.integer("SELECT count(*) FROM t") == 6000);

  // The writer goes on after a checkpoint, and the next one copies its pages too.
  write_many_pages(raw);
  checkpointer.request();
  checkpointer.wait_idle();
  CHECK(checkpointer.completed() == 2);
  CHECK(raw.integer("SELECT count(*) FROM t") == 12000);
}

TEST_CASE("a reader on an older snapshot keeps its pages in the WAL, and nothing is lost") {
  const auto path = temp_dir() / "checkpoint_reader.db";
  Raw writer(path);
  writer.exec("CREATE TABLE t(x BLOB)");
  writer.exec("INSERT INTO t VALUES (randomblob(10))");
  Raw reader(path);
  reader.exec("BEGIN");
  CHECK(reader.integer("SELECT count(*) FROM t") == 1);  // its snapshot: one row

  write_many_pages(writer);
  BackgroundCheckpointer checkpointer(path.string());
  checkpointer.request();
  checkpointer.wait_idle();
  CHECK(checkpointer.completed() == 0);                  // the newer pages could not all be copied
  CHECK(reader.integer("SELECT count(*) FROM t") == 1);  // the reader still sees its snapshot
  CHECK(writer.integer("SELECT count(*) FROM t") == 6001);

  reader.exec("COMMIT");
  checkpointer.request();
  checkpointer.wait_idle();
  CHECK(checkpointer.completed() == 1);
  CHECK(reader.integer("SELECT count(*) FROM t") == 6001);
}

TEST_CASE("a checkpointer finishes a requested copy when it is destroyed") {
  const auto path = temp_dir() / "checkpoint_destroyed.db";
  Raw raw(path);
  write_many_pages(raw);
  {
    BackgroundCheckpointer checkpointer(path.string());
    checkpointer.request();
  }
  CHECK(size_or_zero(wal_of(path)) == 0);
  // One that was never asked starts no thread and copies nothing.
  write_many_pages(raw);
  { BackgroundCheckpointer idle(path.string()); }
  CHECK(size_or_zero(wal_of(path)) > 16u * 1024 * 1024);
}

TEST_CASE("writeback hints, before and between checkpoints, change nothing of the data") {
  const auto path = temp_dir() / "checkpoint_writeback.db";
  Raw raw(path);
  BackgroundCheckpointer checkpointer(path.string());
  checkpointer.start_writeback();  // before the WAL has anything
  write_many_pages(raw);
  checkpointer.start_writeback();
  checkpointer.request();
  checkpointer.start_writeback();
  checkpointer.wait_idle();
  write_many_pages(raw);
  checkpointer.start_writeback();
  checkpointer.request();
  checkpointer.wait_idle();
  CHECK(checkpointer.completed() >= 1);
  CHECK(raw.integer("SELECT count(*) FROM t") == 12000);
  CHECK(raw.text("PRAGMA integrity_check") == "ok");
}

TEST_CASE("a checkpointer of a missing file copies nothing and fails nothing") {
  BackgroundCheckpointer checkpointer((temp_dir() / "missing" / "none.db").string());
  checkpointer.start_writeback();
  checkpointer.request();
  checkpointer.wait_idle();
  CHECK(checkpointer.completed() == 0);
  CHECK_FALSE(std::filesystem::exists(temp_dir() / "missing" / "none.db"));
}

TEST_CASE("the SQLite storage checkpoints a large commit while it stays open") {
  const auto path = temp_dir() / "storage_checkpoint.db";
  auto opened = open_sqlite_storage(path.string());
  REQUIRE(opened.ok());
  std::shared_ptr<Storage> store(std::move(opened).value());
  World w(store);
  // ~20 MB: past the 1,000 pages of 16 KiB after which a commit asks for a checkpoint.
  std::vector<User> users;
  for (int i = 0; i < 8000; ++i) {
    users.push_back(w.user("bulk" + std::to_string(i) + "@x.com"));
    users.back().attributes["notes"] = std::string(2000, static_cast<char>('a' + i % 26));
  }
  const auto db_before = size_or_zero(path);
  REQUIRE(store->bulk_transaction([&]() -> Result<void> { return store->insert_users(users); }).ok());
  // The commit returned before the copy, which the storage's own thread makes.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (size_or_zero(wal_of(path)) != 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  CHECK(size_or_zero(wal_of(path)) == 0);
  CHECK(size_or_zero(path) > db_before + 16u * 1024 * 1024);
  CHECK(store->count_seated_users(w.org.id).value() == 8000);
  auto back = store->get_user(w.org.id, users[7999].id);
  REQUIRE(back.ok());
  CHECK(back->attributes.at("notes") == users[7999].attributes.at("notes"));
}

namespace {

// The threads of this process, as Linux lists them.
int thread_count() {
  int n = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator("/proc/self/task")) ++n;
  return n;
}

}  // namespace

TEST_CASE("a SQLite store without background threads starts none and still keeps its WAL bounded") {
  const auto path = temp_dir() / "storage_no_threads.db";
  StorageOptions options;
  options.background_threads = false;
  const int threads_before = thread_count();
  auto opened = open_sqlite_storage(path.string(), options);
  REQUIRE(opened.ok());
  std::shared_ptr<Storage> store(std::move(opened).value());
  World w(store);
  // Five commits of ~20 MB each, every one past the 1,000 pages after which
  // the storage checkpoints: with a thread of its own this starts one.
  std::uintmax_t largest_wal = 0;
  for (int round = 0; round < 5; ++round) {
    std::vector<User> users;
    for (int i = 0; i < 8000; ++i) {
      users.push_back(w.user("r" + std::to_string(round) + "u" + std::to_string(i) + "@x.com"));
      users.back().attributes["notes"] = std::string(2000, static_cast<char>('a' + i % 26));
    }
    REQUIRE(store->bulk_transaction([&]() -> Result<void> { return store->insert_users(users); }).ok());
    CHECK(thread_count() == threads_before);
    // The checkpoint ran on this thread before the commit returned: the WAL
    // is copied and cut back already, not left to grow with each commit.
    largest_wal = std::max(largest_wal, size_or_zero(wal_of(path)));
  }
  if (threads_before == 1) CHECK(thread_count() == 1);
  CHECK(largest_wal == 0);
  CHECK(store->count_seated_users(w.org.id).value() == 5 * 8000);
}

TEST_CASE("a checkpointer without a thread of its own copies on the caller's thread") {
  const auto path = temp_dir() / "checkpoint_here.db";
  Raw raw(path);
  write_many_pages(raw);
  const int threads_before = thread_count();
  BackgroundCheckpointer checkpointer(path.string(), false);
  checkpointer.start_writeback();
  checkpointer.request();  // returns once copied
  CHECK(checkpointer.completed() == 1);
  CHECK(size_or_zero(wal_of(path)) == 0);
  CHECK(thread_count() == threads_before);
  write_many_pages(raw);
  checkpointer.request();
  CHECK(checkpointer.completed() == 2);
  CHECK(raw.integer("SELECT count(*) FROM t") == 12000);
}
