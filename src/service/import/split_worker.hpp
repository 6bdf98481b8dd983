// The worker of SplitCheckedRows: it checks pieces of the file on a second
// thread. Internal to the split source.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "core/large_memory.hpp"
#include "service/import/checked_rows.hpp"

namespace onboard {
inline namespace v1 {
namespace import_detail {

// Pass 1 of a large UTF-8 CSV file runs on two cores (SplitCheckedRows).
// Row boundaries cut the file into pieces. The calling thread checks the
// first pieces as usual while a worker (SplitWorker) checks pieces from a
// point further on, one after another, keeping per row only what the
// cross-row checks need: whether it passed, its keys' fingerprints and
// where it is. Once the calling thread reaches that point it takes each of
// the worker's pieces through the duplicate and existing-member checks in
// file order as soon as it is done (SplitCheckedRows), reading a row
// again only when its text is needed; when it catches up with the worker it
// checks the next piece itself, so both stay busy to the end. A boundary is
// a guess (a line break inside a quoted cell looks like any other): when a
// reader does not land on one, the calling thread reads on alone from the
// last boundary that held, as it always does for small files.
class SplitWorker {
 public:
  struct Settings {
    const RowValidator* validator = nullptr;  // shared: validate() is const and keeps no state
    bool username = false;                    // the file has these key columns
    bool external_id = false;
    bool write_keys = false;            // committing: keep each row's write-order key
    std::uint64_t max_rows = 0;         // the worker gives up one row past this
    std::size_t max_listed_errors = 0;  // validation problems kept per piece (all are counted)
  };

  // The rows of one piece. Rows are numbered from the piece's start (its
  // first row is 1 or more); the merge adds the number of the row before it.
  struct Piece {
    std::uint64_t start = 0;  // offset of its first row
    std::uint64_t end = 0;    // offset of the next piece (the text's size for the last)
    LargeVector<std::uint32_t> rows;
    // Validation problems of the row (saturated at 255); 0: it passed.
    LargeVector<std::uint8_t> problems;
    // The row's imported hash: its legacy_hash::Scheme, 0 for none.
    LargeVector<std::uint8_t> hash_schemes;
    // {0, 0} when the row has no such key.
    LargeVector<KeyIndex::Fingerprint> emails, usernames, external_ids;
    // Where each row starts (offset, record before it, from the piece's
    // start), and its write-order key when Settings::write_keys.
    LargeVector<WriteOrder> places;
    // The first Settings::max_listed_errors validation problems, in row order.
    std::vector<RowIssue> issues;
    // The reader failed after the last row: where the failing read started.
    std::optional<Position> read_failure;
    std::int64_t records = 0;  // records in the piece, blank ones too
  };

  // Starts the worker on `reader` (a clone of the caller's) at piece
  // `first_worker_piece`; `boundaries` ascend, each the start of a row as
  // far as split_point() can tell; piece k runs from boundaries[k] to the
  // next boundary (the last to `text_size`).
  SplitWorker(std::unique_ptr<readers::SeekableReader> reader, const std::vector<std::uint64_t>& boundaries,
              std::uint64_t text_size, std::size_t first_worker_piece, const Settings& settings);
  // Stops the worker (after the piece it is on) and waits for it.
  ~SplitWorker();
  SplitWorker(const SplitWorker&) = delete;
  SplitWorker& operator=(const SplitWorker&) = delete;

  // Where the calling thread stops checking its first pieces.
  std::uint64_t first_worker_start() const noexcept { return pieces_[first_worker_piece_].start; }
  std::size_t first_worker_piece() const noexcept { return first_worker_piece_; }
  std::size_t size() const noexcept { return pieces_.size(); }
  Piece& piece(std::size_t k) noexcept { return pieces_[k]; }

  // What the calling thread does with piece k, the next in file order:
  enum class Turn {
    merge,  // the worker checked it: merge it
    check,  // nobody has: the calling thread checks it itself
    alone,  // the worker's rows from here on cannot be used: read on alone
  };
  // Waits while the worker is on piece k. Rethrows what the worker threw.
  Turn take(std::size_t k);
  // Progress while running (any thread).
  std::int64_t rows_done() const noexcept { return rows_done_.load(std::memory_order_relaxed); }
  std::uint64_t bytes_done() const noexcept { return bytes_done_.load(std::memory_order_relaxed); }

  // A reader for the calling thread, to read rows of merged pieces again.
  readers::SeekableReader& reader() noexcept { return *rereader_; }

 private:
  void run();
  // Reads piece k; false when its rows cannot be used.
  bool read_piece(std::size_t k, std::int64_t& count);

  std::unique_ptr<readers::SeekableReader> reader_;    // the worker's
  std::unique_ptr<readers::SeekableReader> rereader_;  // the calling thread's
  Settings settings_;
  std::vector<Piece> pieces_;
  std::size_t first_worker_piece_ = 0;
  std::mutex mutex_;
  std::condition_variable changed_;
  static constexpr std::uint8_t kNobody = 0, kWorker = 1, kCaller = 2;
  static constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
  std::vector<std::uint8_t> owner_;  // per piece: who checks it
  std::vector<std::uint8_t> done_;   // per piece: the worker finished it
  std::size_t waiting_for_ = kNone;  // the piece the calling thread waits for
  // The worker's rows from this piece on cannot be used.
  std::size_t unusable_from_ = std::numeric_limits<std::size_t>::max();
  bool stop_ = false;
  bool worker_finished_ = false;
  std::atomic<std::int64_t> rows_done_{0};
  std::atomic<std::uint64_t> bytes_done_{0};
  std::exception_ptr failure_;
  std::thread worker_;
};

}  // namespace import_detail
}  // namespace v1
}  // namespace onboard
