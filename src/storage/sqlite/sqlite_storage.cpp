// The SQLite backend's connection: opening the file (private, never through
// a link), its functions and checkpointer, and transactions.
#include <sqlite3.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "onboard/core/secret_file.hpp"
#include "storage/sqlite/sqlite_schema.hpp"
#include "storage/sqlite/sqlite_storage.hpp"
#include "storage/text_match.hpp"

namespace onboard {
inline namespace v1 {
namespace sqlite {
namespace {

// onb_text_match(folded_needle, haystack...): the users list's text filter,
// with the same Unicode case folding as the memory backend.
void text_match_function(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  const auto* needle = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
  const std::string_view folded(needle != nullptr ? needle : "",
                                static_cast<std::size_t>(sqlite3_value_bytes(argv[0])));
  bool found = false;
  for (int i = 1; i < argc && !found; ++i) {
    const auto* hay = reinterpret_cast<const char*>(sqlite3_value_text(argv[i]));
    if (hay == nullptr) continue;
    found = contains_folded(std::string_view(hay, static_cast<std::size_t>(sqlite3_value_bytes(argv[i]))),
                            folded);
  }
  sqlite3_result_int(ctx, found ? 1 : 0);
}

// The file a SQLite "file:" URI names (file:PATH, file:///PATH,
// file://localhost/PATH, percent-escapes decoded, ?query and #fragment
// dropped); nothing for an in-memory database, a read-only open, or an
// authority SQLite itself refuses.
std::optional<std::string> file_of_uri(std::string_view uri) {
  uri.remove_prefix(5);  // "file:"
  const auto end = uri.find_first_of("?#");
  const std::string_view query = end == std::string_view::npos ? std::string_view() : uri.substr(end);
  uri = uri.substr(0, end);
  if (uri.rfind("//", 0) == 0) {
    uri.remove_prefix(2);
    const auto slash = uri.find('/');
    const std::string_view authority = uri.substr(0, slash);
    if (!authority.empty() && authority != "localhost") return std::nullopt;
    uri = slash == std::string_view::npos ? std::string_view() : uri.substr(slash);
  }
  for (std::string_view p : {"mode=memory", "mode=ro"}) {
    for (auto at = query.find(p); at != std::string_view::npos; at = query.find(p, at + 1)) {
      const char before = query[at - 1];  // query starts with '?' or '#', so at >= 1
      const std::size_t after = at + p.size();
      if ((before == '?' || before == '&') &&
          (after == query.size() || query[after] == '&' || query[after] == '#'))
        return std::nullopt;
    }
  }
  std::string path;
  for (std::size_t i = 0; i < uri.size(); ++i) {
    auto hex = [](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      if (c >= 'A' && c <= 'F') return c - 'A' + 10;
      return -1;
    };
    if (uri[i] == '%' && i + 2 < uri.size() && hex(uri[i + 1]) >= 0 && hex(uri[i + 2]) >= 0) {
      path += static_cast<char>(hex(uri[i + 1]) * 16 + hex(uri[i + 2]));
      i += 2;
    } else {
      path += uri[i];
    }
  }
  if (path.empty() || path == ":memory:") return std::nullopt;
  return path;
}

}  // namespace

Result<void> SqliteStorage::open(const std::string& path, const StorageOptions& options) {
  // The database holds sealed secrets and people's data: it is created
  // private (SQLite gives its WAL and shared-memory files the database
  // file's mode), and a link at its path is refused, not followed. A
  // "file:" URI names a file too: it is made private the same way.
  if (path.rfind("file:", 0) == 0) {
    if (auto file = file_of_uri(path)) ONB_TRY(create_private_file(*file));
  } else if (path != ":memory:") {
    ONB_TRY(create_private_file(path));
  }
  ONB_TRY(db_.open(path));
  ONB_TRY(sqlite::prepare_database(db_, path));
  const int rc = sqlite3_create_function_v2(db_.handle(), "onb_text_match", -1,
                                            SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY, nullptr,
                                            text_match_function, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return db_.error(rc, "register its functions");
  ONB_ASSIGN(const bool wal, db_.in_wal_mode());
  if (wal) {
    // Replaces SQLite's automatic checkpoint (the same 1,000-page
    // threshold, run by the committing connection) with one on another
    // thread: a commit returns once its pages are in the WAL (without
    // background threads, on the committing thread after the commit).
    // The file's full name, as SQLite resolved it: the host may change
    // directory before the first checkpoint.
    checkpointer_ = std::make_unique<BackgroundCheckpointer>(sqlite3_db_filename(db_.handle(), "main"),
                                                             options.background_threads);
    sqlite3_wal_hook(db_.handle(), &SqliteStorage::after_wal_commit, checkpointer_.get());
  }
  return success();
}

Result<void> SqliteStorage::transaction(const std::function<Result<void>()>& fn) {
  std::lock_guard lock(mutex_);
  if (depth_ > 0) return nested(fn);
  return outermost(fn, false);
}

Result<void> SqliteStorage::bulk_transaction(const std::function<Result<void>()>& fn) {
  std::lock_guard lock(mutex_);
  if (depth_ > 0) return nested(fn);
  return outermost(fn, true);
}

Result<void> SqliteStorage::outermost(const std::function<Result<void>()>& fn, bool bulk) {
  ONB_TRY(db_.begin_immediate());
  depth_ = 1;
  bulk_ = bulk;
  doomed_ = false;
  Result<void> result;
  try {
    result = fn();
  } catch (...) {
    depth_ = 0;
    bulk_ = false;
    (void)db_.exec_code("ROLLBACK");
    throw;
  }
  depth_ = 0;
  bulk_ = false;
  if (result && doomed_)
    result = Error{Errc::internal, "A write of this bulk change failed, so none of it was saved."};
  if (!result) {
    (void)db_.exec_code("ROLLBACK");
    return result;
  }
  if (const int rc = db_.exec_code("COMMIT"); rc != SQLITE_OK) {
    Error e = db_.error(rc, "commit the transaction");
    (void)db_.exec_code("ROLLBACK");
    return e;
  }
  return success();
}

Result<void> SqliteStorage::nested(const std::function<Result<void>()>& fn) {
  ONB_TRY(db_.exec("SAVEPOINT onb_nested", "start a nested transaction"));
  ++depth_;
  Result<void> result;
  try {
    result = fn();
  } catch (...) {
    --depth_;
    (void)db_.exec_code("ROLLBACK TO onb_nested; RELEASE onb_nested");
    throw;
  }
  --depth_;
  if (!result) {
    (void)db_.exec_code("ROLLBACK TO onb_nested; RELEASE onb_nested");
    return result;
  }
  return db_.exec("RELEASE onb_nested", "finish a nested transaction");
}

int SqliteStorage::after_wal_commit(void* checkpointer, sqlite3*, const char*, int pages) {
  if (pages >= kCheckpointPages) static_cast<BackgroundCheckpointer*>(checkpointer)->request();
  return SQLITE_OK;
}

}  // namespace sqlite

Result<std::unique_ptr<Storage>> open_sqlite_storage(const std::string& path, const StorageOptions& options) {
  auto storage = std::make_unique<sqlite::SqliteStorage>();
  ONB_TRY(storage->open(path, options));
  return std::unique_ptr<Storage>(std::move(storage));
}

}  // namespace v1
}  // namespace onboard
