// Copies a WAL database's committed pages into the database file on a thread
// of its own, so a large commit returns as soon as its pages are in the WAL.
//
// SQLite checkpoints on the committing connection once the WAL passes 1,000
// pages: after a bulk import that is the whole import copied again and two
// fsyncs (docs/performance.md), while the caller's other core is idle. SQLite's own advice
// (wal.html, "Application-Initiated Checkpoints") is to run checkpoints from
// another thread; this one has its own connection, so the storage's
// connection and its mutex are never shared with it.
//
// When the host allows onboard no thread of its own (DirectoryOptions::threads
// = 1, StorageOptions::background_threads = false), the same checkpoint runs
// on the committing thread instead, inside request(): the WAL is still copied
// and cut back after each large commit, and no thread is ever started.
#pragma once
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

struct sqlite3;

namespace onboard {
inline namespace v1 {
namespace sqlite {

class BackgroundCheckpointer {
 public:
  // `own_thread`: checkpoints run on a thread of the checkpointer's own;
  // false: on the thread that calls request(), which then returns once the
  // checkpoint has run (start_writeback() then does nothing).
  explicit BackgroundCheckpointer(std::string path, bool own_thread = true)
      : path_(std::move(path)), own_thread_(own_thread) {}
  BackgroundCheckpointer(const BackgroundCheckpointer&) = delete;
  BackgroundCheckpointer& operator=(const BackgroundCheckpointer&) = delete;
  // Finishes a requested checkpoint, then closes its connection, so the
  // storage's own connection is the last one and removes the WAL on close.
  ~BackgroundCheckpointer();

  // Asks for a passive checkpoint of everything committed so far and returns
  // at once (without a thread of its own: once it has run). Requests made
  // while one runs are folded into one more. A checkpoint that fails (the
  // file went away, a reader pins old pages) loses nothing: the pages stay in
  // the WAL and the next checkpoint, or closing the database, copies them.
  void request() noexcept;

  // Asks for the WAL's pages to start going to disk now (a hint to the
  // kernel, made on the checkpointer's thread so the caller never blocks on
  // it): a long transaction calls it as it goes, so that the checkpoint
  // after its commit finds little left to sync.
  void start_writeback() noexcept;

  // Waits until every checkpoint requested so far has run (tests use it).
  void wait_idle();

  // Checkpoints that ran to completion, for tests.
  int completed() const;

 private:
  void run();
  // One checkpoint on the calling thread, for a checkpointer without a thread.
  void run_here() noexcept;
  // Starts the thread if it is not running; false when it cannot be started.
  bool start_thread() noexcept;

  std::string path_;
  const bool own_thread_;
  mutable std::mutex mutex_;
  std::condition_variable wake_, idle_;
  bool pending_ = false, running_ = false, stop_ = false, writeback_ = false;
  int completed_ = 0;
  std::thread thread_;       // started by the first request or writeback hint
  sqlite3* here_ = nullptr;  // without a thread: its connection, opened by the first request
};

}  // namespace sqlite
}  // namespace v1
}  // namespace onboard
