#include "storage/sqlite/sqlite_db.hpp"

#include <chrono>
#include <thread>

#include "storage/storage_messages.hpp"

namespace onboard {
inline namespace v1 {
namespace sqlite {
namespace {

namespace msg = storage_messages;

// An empty view may have a null data pointer, which SQLite would bind as NULL.
const char* non_null(std::string_view v) noexcept { return v.data() != nullptr ? v.data() : ""; }

bool mentions(std::string_view message, std::string_view column) {
  return message.find(column) != std::string_view::npos;
}

// SQLite names the columns of a violated unique index ("UNIQUE constraint
// failed: users.org_id, users.email_key"); never the values.
std::string_view unique_sentence(std::string_view m) {
  if (mentions(m, "users.email_key")) return msg::duplicate_user(UserKeyField::email_key);
  if (mentions(m, "users.username_key")) return msg::duplicate_user(UserKeyField::username_key);
  if (mentions(m, "users.external_id")) return msg::duplicate_user(UserKeyField::external_id);
  if (mentions(m, "users.activation_key_hash")) return msg::duplicate_user(UserKeyField::activation_key_hash);
  if (mentions(m, "invitations.token_hash")) return msg::duplicate_invitation_token;
  if (mentions(m, "registration_keys.key_hash")) return msg::duplicate_registration_key;
  if (mentions(m, "signup_links.token_hash")) return msg::duplicate_signup_link;
  if (mentions(m, "email_confirmations.")) return msg::duplicate_email_confirmation;
  if (mentions(m, "scim_tokens.token_hash")) return msg::duplicate_scim_token;
  if (mentions(m, "organizations.org_id")) return msg::duplicate_organization;
  return msg::duplicate_id;
}

}  // namespace

Stmt& Stmt::text(int i, std::string_view v, bool keep) {
  sqlite3_bind_text(s_, i, non_null(v), static_cast<int>(v.size()), keep ? SQLITE_STATIC : SQLITE_TRANSIENT);
  return *this;
}

Stmt& Stmt::blob(int i, std::string_view v, bool keep) {
  sqlite3_bind_blob(s_, i, non_null(v), static_cast<int>(v.size()), keep ? SQLITE_STATIC : SQLITE_TRANSIENT);
  return *this;
}

Stmt& Stmt::integer(int i, std::int64_t v) {
  sqlite3_bind_int64(s_, i, v);
  return *this;
}

Stmt& Stmt::null(int i) {
  sqlite3_bind_null(s_, i);
  return *this;
}

std::string Stmt::col_text(int c) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, c));
  if (p == nullptr) return {};
  return std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(s_, c)));
}

std::string Stmt::col_blob(int c) const {
  const auto* p = static_cast<const char*>(sqlite3_column_blob(s_, c));
  if (p == nullptr) return {};
  return std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(s_, c)));
}

Db::~Db() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

Result<void> Db::open(const std::string& path) {
  // NOMUTEX: the Storage that owns this connection serializes every call.
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_NOFOLLOW;
  const int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string reason = db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    return Error{Errc::storage, "The database " + path + " cannot be opened: " + reason + "."};
  }
  sqlite3_extended_result_codes(db_, 1);
  return success();
}

Result<sqlite3_stmt*> Db::prepare(const char* sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) return it->second;
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return error(rc, "prepare a query");
  cache_.emplace(sql, stmt);
  return stmt;
}

Result<void> Db::exec(const char* sql, std::string_view doing) {
  const int rc = exec_code(sql);
  if (rc != SQLITE_OK) return error(rc, doing);
  return success();
}

Result<void> Db::begin_immediate() {
  int rc = SQLITE_OK;
  for (int attempt = 0; attempt < 3; ++attempt) {
    rc = exec_code("BEGIN IMMEDIATE");
    if ((rc & 0xFF) != SQLITE_BUSY) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(25 << attempt));
  }
  if (rc != SQLITE_OK) return error(rc, "start a transaction");
  return success();
}

Result<bool> Db::in_wal_mode() {
  sqlite3_stmt* raw = nullptr;
  int rc = sqlite3_prepare_v2(db_, "PRAGMA journal_mode", -1, &raw, nullptr);
  if (rc != SQLITE_OK) return error(rc, "read its journal mode");
  rc = sqlite3_step(raw);
  const auto* mode = rc == SQLITE_ROW ? reinterpret_cast<const char*>(sqlite3_column_text(raw, 0)) : nullptr;
  const bool wal = mode != nullptr && std::string_view(mode) == "wal";
  sqlite3_finalize(raw);
  if (rc != SQLITE_ROW) return error(rc, "read its journal mode");
  return wal;
}

int Db::exec_code(const char* sql) noexcept { return sqlite3_exec(db_, sql, nullptr, nullptr, nullptr); }

Error Db::error(int rc, std::string_view doing) const {
  const std::string_view message = sqlite3_errmsg(db_);
  switch (rc) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return Error{Errc::already_exists, std::string(unique_sentence(message))};
    case SQLITE_CONSTRAINT_FOREIGNKEY: return Error{Errc::not_found, std::string(msg::no_organization)};
    default: break;
  }
  if ((rc & 0xFF) == SQLITE_BUSY || (rc & 0xFF) == SQLITE_LOCKED)
    return Error{Errc::busy, "The database is busy; try again."};
  return Error{Errc::storage,
               "The database could not " + std::string(doing) + ": " + std::string(message) + "."};
}

}  // namespace sqlite
}  // namespace v1
}  // namespace onboard
