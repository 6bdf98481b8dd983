// Pass 1 on two cores: the worker that checks pieces of the file from a
// fifth of the way in (SecondSegment), and how the calling thread takes its
// summaries through the cross-row checks in file order
// (ImportRun::merge_pieces, merge_piece). A fast path: its twin is the
// single-threaded check in ImportRun::plan(), the only one without the fast
// paths. See import_engine.hpp for the shape and docs/performance.md for the
// numbers.
#include <algorithm>
#include <limits>

#include "onboard/model/name.hpp"
#include "service/import_engine.hpp"

namespace onboard {
inline namespace v1 {
namespace import_detail {
namespace {

// Pieces per file: at the end one thread waits at most a piece for the
// other, and each piece costs a claim and a boundary.
constexpr int kPieces = 64;
// Where the worker starts, as a share of the file: early enough that the
// calling thread, which checks the rows before it and then merges and
// checks the rest, is never left waiting for it.
constexpr double kWorkerStart = 0.2;
// Listing more than this from the worker's rows would mean reading most of
// them twice.
constexpr std::size_t kSplitMaxListed = 100'000;
// How often the worker publishes its progress, in rows.
constexpr std::int64_t kProgressEvery = 4096;

constexpr std::uint32_t kMaxRow = std::numeric_limits<std::uint32_t>::max();

KeyIndex::Fingerprint print_of(const std::string& key) noexcept {
  return key.empty() ? KeyIndex::Fingerprint{0, 0} : KeyIndex::fingerprint(key);
}

bool has_key(const KeyIndex::Fingerprint& f) noexcept { return f.h1 != 0 || f.h2 != 0; }

}  // namespace

// ---- the worker ----

SecondSegment::SecondSegment(std::unique_ptr<readers::SeekableReader> reader,
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

SecondSegment::~SecondSegment() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  if (worker_.joinable()) worker_.join();
}

SecondSegment::Turn SecondSegment::take(std::size_t k) {
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

void SecondSegment::run() {
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

bool SecondSegment::read_piece(std::size_t k, std::int64_t& count) {
  Piece& piece = pieces_[k];
  if (!reader_->seek({piece.start, 0})) return false;
  const std::size_t estimate = (piece.end - piece.start) / 64 + 16;
  piece.rows.reserve(estimate);
  piece.problems.reserve(estimate);
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

// ---- the calling thread ----

std::unique_ptr<SecondSegment> ImportRun::start_second_segment(const readers::SeekableReader& reader) {
  // The worker checks rows only: anything that needs storage per chunk
  // (large organizations, updates) or a library of unknown thread safety
  // (zxcvbn, for passwords from the file) stays on one thread.
  // Below a few tens of thousands of rows (ImportOptions' default), starting
  // a worker and merging costs more than it saves.
  if (!kFastPaths || tuning_.two_threads_from_bytes == 0 || bytes_.size() < tuning_.two_threads_from_bytes ||
      std::thread::hardware_concurrency() < 2)
    return nullptr;
  if (!existing_.preloaded() || options_.existing == ExistingUsers::update) return nullptr;
  if (options_.passwords == PasswordSource::file) return nullptr;
  if (options_.max_listed_errors > kSplitMaxListed || options_.max_listed_plan_rows > kSplitMaxListed)
    return nullptr;
  std::vector<std::uint64_t> boundaries;
  for (int k = 1; k < kPieces; ++k) {
    const auto at = reader.split_point(static_cast<double>(k) / kPieces);
    if (at && (boundaries.empty() || at->offset > boundaries.back())) boundaries.push_back(at->offset);
  }
  // The worker starts at kWorkerStart; the calling thread, once there,
  // merges its pieces and checks the rest with it.
  std::size_t first = 0;
  while (first < boundaries.size() &&
         static_cast<double>(boundaries[first]) < kWorkerStart * static_cast<double>(bytes_.size()))
    ++first;
  if (first >= boundaries.size()) return nullptr;
  auto clone = reader.clone();
  if (!clone) return nullptr;
  SecondSegment::Settings settings;
  settings.validator = validator_.get();
  settings.username = mapping_.has(Field::username);
  settings.external_id = mapping_.has(Field::external_id);
  settings.write_keys = write_in_order_;
  settings.max_rows = max_rows_;
  settings.max_listed_errors = options_.max_listed_errors;
  return std::make_unique<SecondSegment>(std::move(clone), boundaries, bytes_.size(), first, settings);
}

bool ImportRun::reread(SecondSegment& segment, const SecondSegment::Piece& piece, std::size_t i,
                       std::int64_t base, CandidateRow& out, std::vector<RowIssue>& issues) {
  const WriteOrder& place = piece.places[i];
  readers::SeekableReader& reader = segment.reader();
  if (!reader.seek({place.offset, base + place.record})) return false;
  std::vector<std::string_view> cells;
  std::int64_t row = 0;
  auto more = reader.next(cells, row);
  if (!more || !*more) return false;
  validator_->validate(cells, row, out, issues);
  return true;
}

Result<ImportRun::NextPiece> ImportRun::merge_pieces(SecondSegment& segment, std::size_t k,
                                                     std::int64_t& base) {
  for (; k < segment.size(); ++k) {
    switch (segment.take(k)) {
      case SecondSegment::Turn::check: return NextPiece{k, false, false};
      case SecondSegment::Turn::alone: return NextPiece{k, true, false};
      case SecondSegment::Turn::merge: break;
    }
    SecondSegment::Piece& piece = segment.piece(k);
    trace_.check_threads = 2;
    ONB_ASSIGN(const bool go_on, merge_piece(segment, piece, base));
    if (!go_on) return NextPiece{k, false, true};
    base += piece.records;
    piece = SecondSegment::Piece{};  // merged: its memory goes back
  }
  return NextPiece{segment.size(), false, false};
}

Result<bool> ImportRun::merge_piece(SecondSegment& segment, SecondSegment::Piece& piece, std::int64_t base) {
  const std::size_t total = piece.rows.size();
  const auto& emails = piece.emails;
  const auto& usernames = piece.usernames;
  const auto& external_ids = piece.external_ids;
  std::vector<RowIssue>& listed = piece.issues;
  std::size_t next_listed = 0;
  // Past the worker's list (it keeps as many problems as the report lists),
  // a bad row's problems are found again when the plan needs its reason.
  const bool kept_all = listed.size() < options_.max_listed_errors;
  const std::uint32_t last_kept = listed.empty() ? 0 : static_cast<std::uint32_t>(listed.back().row);
  CandidateRow text;  // a row read again, when its text is needed
  std::vector<RowIssue> found_again;
  auto read_again = [&](std::size_t i) -> Result<void> {
    found_again.clear();
    if (!reread(segment, piece, i, base, text, found_again))
      return Error{Errc::internal, "A row of the file could not be read a second time.", "import.reread"};
    return success();
  };
  constexpr std::size_t kAhead = 8;
  std::vector<RowIssue> chunk_issues;
  bool too_many_rows = false;

  for (std::size_t start = 0; start < total && !too_many_rows; start += kCheckRows) {
    std::size_t count = std::min(kCheckRows, total - start);
    const std::uint64_t room = max_rows_ - std::min<std::uint64_t>(max_rows_, report_.rows);
    if (room == 0) {
      too_many_rows = true;
      break;
    }
    if (count > room) {
      count = static_cast<std::size_t>(room);
      too_many_rows = true;
    }
    const std::int64_t last_row = base + piece.rows[start + count - 1];
    // The worker's problems for these rows, numbered in the file; those it
    // counted but did not keep are only counted.
    std::size_t problems = 0;
    for (std::size_t i = start; i < start + count; ++i) problems += piece.problems[i];
    std::size_t kept = 0;
    while (next_listed < listed.size() && base + listed[next_listed].row <= last_row) {
      RowIssue& issue = listed[next_listed++];
      issue.row += base;
      chunk_issues.push_back(std::move(issue));
      ++kept;
    }
    total_issues_ += problems - std::min(problems, kept);
    for (std::size_t i = 0; i < count; ++i) {
      chunk_bad_[i] = piece.problems[start + i] != 0;
      if (chunk_bad_[i] && !kept_all && piece.rows[start + i] > last_kept &&
          report_.plan.size() < options_.max_listed_plan_rows) {
        ONB_TRY(read_again(start + i));
        total_issues_ -= std::min(total_issues_, found_again.size());  // counted again when recorded
        for (auto& issue : found_again) chunk_issues.push_back(std::move(issue));
      }
    }
    report_.rows += static_cast<std::int64_t>(count);

    // Duplicates, in file order, as find_duplicates does.
    auto pass = [&](KeyIndex& index, const LargeVector<KeyIndex::Fingerprint>& prints,
                    Field field) -> Result<void> {
      if (prints.empty()) return success();
      for (std::size_t i = 0; i < count; ++i) {
        if (i + kAhead < count) index.prefetch(prints[start + i + kAhead]);
        const KeyIndex::Fingerprint& key = prints[start + i];
        if (!has_key(key)) continue;
        const auto row = static_cast<std::uint32_t>(base + piece.rows[start + i]);
        const std::uint32_t first = index.insert(key, row);
        if (first == 0) continue;
        chunk_bad_[i] = 1;
        if (report_.errors.size() < options_.max_listed_errors ||
            report_.plan.size() < options_.max_listed_plan_rows) {
          ONB_TRY(read_again(start + i));
          chunk_issues.push_back(duplicate_issue(text, field, first));
        } else {
          chunk_issues.push_back({row, "", "duplicate", ""});  // counted, never listed or planned
        }
      }
      return success();
    };
    if (mapping_.has(Field::email)) ONB_TRY(pass(seen_email_, emails, Field::email));
    ONB_TRY(pass(seen_username_, usernames, Field::username));
    ONB_TRY(pass(seen_external_id_, external_ids, Field::external_id));

    // Existing members and pending invitations; most rows need no text.
    static const KeyIndex::Fingerprint kNone{0, 0};
    for (std::size_t i = 0; i < count; ++i) {
      const std::size_t k = start + i;
      const bool bad = chunk_bad_[i] != 0;
      const KeyIndex::Fingerprint& email = emails[k];
      const bool may_conflict =
          !bad && (existing_.may_match(email, usernames.empty() ? kNone : usernames[k],
                                       external_ids.empty() ? kNone : external_ids[k]) ||
                   (has_key(email) && pending_invitations_.find(email) != 0));
      Action action = bad ? Action::error : Action::create;
      // A refused default role (a custom catalog's, ranked above the actor)
      // needs each row's text: a row without a role is refused.
      if (may_conflict || default_role_refusal_ || report_.plan.size() < options_.max_listed_plan_rows) {
        ONB_TRY(read_again(k));
        action = resolve_row(text, bad, may_conflict, chunk_issues);
      } else if (bad) {
        ++report_.error_rows;
      } else {
        ++report_.created;
      }
      actions_.push_back(static_cast<std::uint8_t>(action));
      if (action == Action::create) {
        WriteOrder w = piece.places[k];
        w.record += static_cast<std::uint32_t>(base);
        w.action = static_cast<std::uint8_t>(action);
        push_write_order(w);
      }
    }
    std::stable_sort(chunk_issues.begin(), chunk_issues.end(),
                     [](const RowIssue& a, const RowIssue& b) { return a.row < b.row; });
    record_issues(chunk_issues);
    ONB_TRY(report_progress("checking", report_.rows, bytes_.size(), bytes_.size()));
  }

  if (too_many_rows) {
    file_problem("limit.rows", too_many_rows_message());
    return false;
  }
  if (const auto& failure = piece.read_failure) {
    // Read the failing row again, numbered in the file, for the message.
    readers::SeekableReader& reader = segment.reader();
    std::vector<std::string_view> cells;
    std::int64_t row = 0;
    if (!reader.seek({failure->offset, base + failure->record}))
      return Error{Errc::internal, "A row of the file could not be read a second time.", "import.reread"};
    auto more = reader.next(cells, row);
    if (more)
      return Error{Errc::internal, "A row of the file read differently the second time.", "import.reread"};
    file_problem(reader_code(more.error()), more.error().message, more.error().row.value_or(0));
    return false;
  }
  return true;
}

}  // namespace import_detail
}  // namespace v1
}  // namespace onboard
