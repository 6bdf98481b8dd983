// A thin layer over one sqlite3 connection: cached prepared statements,
// typed binding and reading, and turning SQLite failures into sentences that
// never contain a bound value. Not thread-safe: the owner serializes calls.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "onboard/core/clock.hpp"
#include "onboard/core/error.hpp"

namespace onboard {
inline namespace v1 {
namespace sqlite {

// A cached statement in use: reset and cleared when it goes out of scope, so
// the next user of the same SQL starts clean.
class Stmt {
 public:
  explicit Stmt(sqlite3_stmt* s) noexcept : s_(s) {}
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  ~Stmt() {
    sqlite3_reset(s_);
    if (clear_) sqlite3_clear_bindings(s_);
  }
  // For a statement whose every use binds all of its parameters before it
  // steps (the bulk insert: thousands of them): clearing them after each use is
  // then wasted work.
  void rebinds_every_parameter() noexcept { clear_ = false; }

  // Binders copy the value (SQLITE_TRANSIENT) unless told the caller keeps it
  // alive until the statement is stepped (`keep`), which the bulk insert uses.
  Stmt& text(int i, std::string_view v, bool keep = false);
  Stmt& blob(int i, std::string_view v, bool keep = false);
  Stmt& integer(int i, std::int64_t v);
  Stmt& time(int i, Timestamp t) { return integer(i, t.time_since_epoch().count()); }
  Stmt& time(int i, const std::optional<Timestamp>& t) { return t ? time(i, *t) : null(i); }
  Stmt& integer(int i, const std::optional<std::int64_t>& v) { return v ? integer(i, *v) : null(i); }
  Stmt& null(int i);

  // SQLITE_ROW, SQLITE_DONE or an error code.
  int step() { return sqlite3_step(s_); }

  std::string col_text(int c) const;
  std::string col_blob(int c) const;
  std::int64_t col_int(int c) const { return sqlite3_column_int64(s_, c); }
  bool col_bool(int c) const { return col_int(c) != 0; }
  bool col_null(int c) const { return sqlite3_column_type(s_, c) == SQLITE_NULL; }
  Timestamp col_time(int c) const { return Timestamp{std::chrono::seconds{col_int(c)}}; }
  std::optional<Timestamp> col_opt_time(int c) const {
    return col_null(c) ? std::nullopt : std::optional<Timestamp>(col_time(c));
  }
  std::optional<std::int64_t> col_opt_int(int c) const {
    return col_null(c) ? std::nullopt : std::optional<std::int64_t>(col_int(c));
  }

 private:
  sqlite3_stmt* s_;
  bool clear_ = true;
};

class Db {
 public:
  Db() = default;
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;
  ~Db();

  // Opens (creating if missing) the file. Errors: storage.
  Result<void> open(const std::string& path);
  sqlite3* handle() const noexcept { return db_; }

  // The cached statement for `sql`, compiled once per connection.
  // Errors: storage (the SQL failed to compile).
  Result<sqlite3_stmt*> prepare(const char* sql);
  // Runs one or more statements with no parameters and no result rows.
  Result<void> exec(const char* sql, std::string_view doing);
  // BEGIN IMMEDIATE: takes the write lock now, so a transaction never fails
  // half-way for want of it. Waits busy_timeout, retries with backoff, then
  // gives up with Errc::busy.
  Result<void> begin_immediate();
  // Whether the connection journals to a WAL (a file database; an in-memory
  // one cannot). Errors: storage.
  Result<bool> in_wal_mode();
  // Raw exec returning the SQLite result code (for BEGIN's busy handling).
  int exec_code(const char* sql) noexcept;

  // The error for a failed step `rc` while `doing` (a phrase such as "save
  // the user"): busy; already_exists naming the taken unique field; not_found
  // for a missing organization; storage, with SQLite's message, otherwise.
  Error error(int rc, std::string_view doing) const;

 private:
  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

}  // namespace sqlite
}  // namespace v1
}  // namespace onboard
