#include "storage/sqlite/sqlite_checkpointer.hpp"

#include "core/fast_paths.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

namespace onboard {
inline namespace v1 {
namespace sqlite {

BackgroundCheckpointer::~BackgroundCheckpointer() {
  if (!own_thread_) {
    sqlite3_close_v2(here_);  // every checkpoint ran in its request
    return;
  }
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void BackgroundCheckpointer::request() noexcept {
  if (!own_thread_) {
    run_here();
    return;
  }
  {
    std::lock_guard lock(mutex_);
    if (!start_thread()) return;
    pending_ = true;
  }
  wake_.notify_one();
}

bool BackgroundCheckpointer::start_thread() noexcept {
  if (thread_.joinable()) return true;
  // Called from SQLite's commit hook, where no exception may pass: without a
  // thread the pages simply stay in the WAL until the database is closed.
  try {
    thread_ = std::thread([this] { run(); });
    return true;
  } catch (...) {
    return false;
  }
}

void BackgroundCheckpointer::wait_idle() {
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [&] { return !pending_ && !running_; });
}

int BackgroundCheckpointer::completed() const {
  std::lock_guard lock(mutex_);
  return completed_;
}

namespace {

// Copies every committed page into the database; true when none was left.
bool checkpoint(sqlite3* db) {
  // PASSIVE: copies what no reader still needs, never waits for a lock and
  // never blocks the writer, which may start its next transaction meanwhile.
  int log = 0, copied = 0;
  if (sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, &log, &copied) != SQLITE_OK)
    return false;
  if (log < 0 || copied < log) return false;
  // Then the WAL is cut back to nothing: after a bulk import it is hundreds
  // of megabytes that would otherwise stay on disk (and in the page cache)
  // until the database is closed. With nothing left to copy, TRUNCATE holds
  // the write lock only for the cut; having no busy handler, it gives up at
  // once if a writer or a reader is active, and the WAL is reused instead.
  (void)sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
  return true;
}

// Asks the kernel to start writing the WAL's dirty pages to disk, without
// waiting for it. A bulk transaction's WAL is then mostly on disk by the
// time the checkpoint syncs it, instead of all of it written at that moment
// (docs/architecture.md has the sizes).
// A fast path; its twin, without the fast paths, leaves the writing to the
// checkpoint's own fsync.
void start_wal_writeback(const std::string& path, int& fd) {
#if defined(__linux__) && ONBOARD_FAST_PATHS
  if (fd < 0) fd = ::open((path + "-wal").c_str(), O_RDONLY | O_CLOEXEC);
  if (fd >= 0) (void)::sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
#else
  (void)path;
  (void)fd;
#endif
}

// The checkpointer's own connection: OK or an SQLite error code.
int open_connection(const std::string& path, sqlite3*& db) {
  // No CREATE: the storage made the file; if it is gone there is nothing to copy.
  const int opened = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
  // A connection finds the WAL when it first reads; until then it would
  // report "not in WAL mode" and copy nothing.
  if (opened == SQLITE_OK)
    (void)sqlite3_exec(db, "SELECT 1 FROM sqlite_schema LIMIT 1", nullptr, nullptr, nullptr);
  return opened;
}

}  // namespace

void BackgroundCheckpointer::run_here() noexcept {
  // Called after a commit, on the committing thread (the storage's lock held,
  // so one at a time), with the same connection of the checkpointer's own as
  // the thread would use: PASSIVE, then TRUNCATE without a busy handler, so a
  // reader elsewhere never makes the commit wait.
  if (here_ == nullptr && open_connection(path_, here_) != SQLITE_OK) {
    sqlite3_close_v2(here_);  // the file went away: try again at the next request
    here_ = nullptr;
    return;
  }
  const bool copied = checkpoint(here_);
  std::lock_guard lock(mutex_);
  if (copied) ++completed_;
}

void BackgroundCheckpointer::run() {
  sqlite3* db = nullptr;
  const int opened = open_connection(path_, db);
  int wal = -1;  // the WAL, opened to start its writeback
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [&] { return pending_ || writeback_ || stop_; });
    if (writeback_ && !stop_) {
      writeback_ = false;
      lock.unlock();
      start_wal_writeback(path_, wal);
      lock.lock();
      continue;
    }
    if (!pending_) break;  // stopping with nothing left to copy
    pending_ = false;
    running_ = true;
    lock.unlock();
    const bool copied = opened == SQLITE_OK && checkpoint(db);
    lock.lock();
    running_ = false;
    if (copied) ++completed_;
    if (!pending_) idle_.notify_all();
  }
  lock.unlock();
  if (wal >= 0) ::close(wal);
  sqlite3_close_v2(db);
  idle_.notify_all();
}

void BackgroundCheckpointer::start_writeback() noexcept {
  if (!own_thread_) return;  // a hint: the checkpoint's own fsync writes the pages
  {
    std::lock_guard lock(mutex_);
    if (!start_thread()) return;
    writeback_ = true;
  }
  wake_.notify_one();
}

}  // namespace sqlite
}  // namespace v1
}  // namespace onboard
