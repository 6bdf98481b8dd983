#include "service/import/split_worker.hpp"

#include <algorithm>

namespace onboard {
inline namespace v1 {
namespace import_detail {
namespace {

// How often the worker publishes its progress, in rows.
constexpr std::int64_t kProgressEvery = 4096;

constexpr std::uint32_t kMaxRow = std::numeric_limits<std::uint32_t>::max();

}  // namespace

// ---- the worker ----

SplitWorker::SplitWorker(std::unique_ptr<readers::SeekableReader> reader,
                         const std::vector<std::uint64_t>& boundaries, std::uint64_t text_size,
                         std::size_t first_worker_piece, const Settings& settings)
    : reader_(std::move(reader)), rereader_(reader_->clone()), settings_(settings) {
  pieces_.resize(boundaries.size());
  for (std::size_t k = 0; k < boundaries.size(); ++k) {
    pieces_[k].start = boundaries[k];
    pieces_[k].end = k + 1 < boundaries.size() ? boundaries[k + 1] : text_size;
  }
  done_.assign(pieces_.size(), 0);
  first_worker_piece_ = first_worker_piece;
  // Its first piece is the worker's from the start, however late the
  // thread gets going: the two threads always share the file. The pieces
  // before it are the calling thread's.
  owner_.assign(pieces_.size(), kNobody);
  for (std::size_t k = 0; k <= first_worker_piece; ++k)
    owner_[k] = k == first_worker_piece ? kWorker : kCaller;
  worker_ = std::thread([this] {
    try {
      run();
    } catch (...) {
      std::lock_guard<std::mutex> lock(mutex_);
      failure_ = std::current_exception();
    }
    std::lock_guard<std::mutex> lock(mutex_);
    worker_finished_ = true;
    changed_.notify_all();
  });
}

SplitWorker::~SplitWorker() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  if (worker_.joinable()) worker_.join();
}

SplitWorker::Turn SplitWorker::take(std::size_t k) {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    if (failure_) {
      std::exception_ptr failure = std::exchange(failure_, nullptr);
      unusable_from_ = 0;
      lock.unlock();
      std::rethrow_exception(failure);
    }
    if (k >= unusable_from_) return Turn::alone;
    if (owner_[k] == kNobody) {  // the calling thread checks it
      owner_[k] = kCaller;
      return Turn::check;
    }
    if (done_[k]) return Turn::merge;
    if (worker_finished_) return Turn::alone;  // claimed, never finished: cannot happen without failure_
    waiting_for_ = k;
    changed_.wait(lock);
    waiting_for_ = kNone;
  }
}

void SplitWorker::run() {
  std::int64_t count = 0;  // rows read in all pieces
  for (std::size_t k = first_worker_piece_;;) {
    const bool usable = read_piece(k, count);
    std::lock_guard<std::mutex> lock(mutex_);
    if (!usable) {
      unusable_from_ = k;
      changed_.notify_all();
      return;
    }
    done_[k] = 1;
    changed_.notify_all();
    // After a reader error nothing further is read: the merge stops there.
    if (pieces_[k].read_failure || stop_) return;
    // The next piece nobody has; when the calling thread is waiting for this
    // one, the one after, which the calling thread then checks itself while
    // this thread checks the next: both stay busy.
    std::size_t next = k + 1;
    if (waiting_for_ == k && next < pieces_.size() && owner_[next] == kNobody) ++next;
    while (next < pieces_.size() && owner_[next] != kNobody) ++next;
    if (next >= pieces_.size()) return;
    owner_[next] = kWorker;
    k = next;
  }
}

bool SplitWorker::read_piece(std::size_t k, std::int64_t& count) {
  Piece& piece = pieces_[k];
  if (!reader_->seek({piece.start, 0})) return false;
  const std::size_t estimate = (piece.end - piece.start) / 64 + 16;
  piece.rows.reserve(estimate);
  piece.problems.reserve(estimate);
  piece.hash_schemes.reserve(estimate);
  piece.emails.reserve(estimate);
  piece.places.reserve(estimate);
  const RowValidator& validator = *settings_.validator;
  std::vector<std::string_view> cells;
  std::vector<RowIssue> row_issues;
  CandidateRow c;
  std::int64_t row = 0;
  for (;;) {
    if (count % kProgressEvery == 0) rows_done_.store(count, std::memory_order_relaxed);
    const Position at = *reader_->position();
    if (at.offset >= piece.end) {
      // The last row must end where the next piece starts, or the boundary
      // was inside a row (a quoted cell with a line break).
      if (at.offset != piece.end) return false;
      break;
    }
    auto more = reader_->next(cells, row);
    if (!more) {
      piece.read_failure = at;
      break;
    }
    if (!*more) {
      if (piece.end != reader_->position()->offset) return false;
      break;
    }
    // Far past the row limit, the file is refused whatever the rows say;
    // the calling thread then reads as far as the limit itself.
    if (static_cast<std::uint64_t>(count) > settings_.max_rows) return false;
    if (row > std::int64_t{kMaxRow} || at.record > std::int64_t{kMaxRow}) return false;
    ++count;
    row_issues.clear();
    const bool ok = validator.validate(cells, row, c, row_issues);
    piece.rows.push_back(static_cast<std::uint32_t>(row));
    piece.hash_schemes.push_back(static_cast<std::uint8_t>(c.hash_scheme));
    piece.problems.push_back(ok ? 0
                                : static_cast<std::uint8_t>(std::min<std::size_t>(row_issues.size(), 255)));
    for (auto& issue : row_issues) {
      if (piece.issues.size() >= settings_.max_listed_errors) break;
      piece.issues.push_back(std::move(issue));
    }
    piece.emails.push_back(print_of(c.email_key));
    if (settings_.username) piece.usernames.push_back(print_of(c.username_key));
    if (settings_.external_id) piece.external_ids.push_back(print_of(c.external_id));
    WriteOrder w;
    if (settings_.write_keys) set_write_key(w, c.email_key.empty() ? c.username_key : c.email_key);
    w.offset = at.offset;
    w.record = static_cast<std::uint32_t>(at.record);
    piece.places.push_back(w);
  }
  piece.records = reader_->position()->record;
  rows_done_.store(count, std::memory_order_relaxed);
  bytes_done_.fetch_add(piece.end - piece.start, std::memory_order_relaxed);
  return true;
}

}  // namespace import_detail
}  // namespace v1
}  // namespace onboard
