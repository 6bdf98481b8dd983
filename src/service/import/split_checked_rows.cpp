#include "service/import/split_checked_rows.hpp"

#if ONBOARD_FAST_PATHS

#include <algorithm>
#include <limits>

#include "service/import/row_values.hpp"

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

Error reread_failed() {
  return Error{Errc::internal, "A row of the file could not be read a second time.", "import.reread"};
}

}  // namespace

std::unique_ptr<SplitCheckedRows> SplitCheckedRows::start(readers::SeekableReader& reader,
                                                          const RowValidator& validator,
                                                          const Settings& settings) {
  const std::uint64_t size = reader.bytes_total();
  std::vector<std::uint64_t> boundaries;
  for (int k = 1; k < kPieces; ++k) {
    const auto at = reader.split_point(static_cast<double>(k) / kPieces);
    if (at && (boundaries.empty() || at->offset > boundaries.back())) boundaries.push_back(at->offset);
  }
  // The worker starts at kWorkerStart; the calling thread, once there,
  // merges its pieces and checks the rest with it.
  std::size_t first = 0;
  while (first < boundaries.size() &&
         static_cast<double>(boundaries[first]) < kWorkerStart * static_cast<double>(size))
    ++first;
  if (first >= boundaries.size()) return nullptr;
  auto clone = reader.clone();
  if (!clone) return nullptr;
  SplitWorker::Settings worker;
  worker.validator = &validator;
  worker.username = settings.username;
  worker.external_id = settings.external_id;
  worker.write_keys = settings.keep_places;
  worker.max_rows = settings.max_rows;
  worker.max_listed_errors = settings.max_listed_errors;
  return std::make_unique<SplitCheckedRows>(
      reader, validator, settings,
      std::make_unique<SplitWorker>(std::move(clone), boundaries, size, first, worker));
}

SplitCheckedRows::SplitCheckedRows(readers::SeekableReader& reader, const RowValidator& validator,
                                   const Settings& settings, std::unique_ptr<SplitWorker> worker)
    : reader_(reader),
      validator_(validator),
      settings_(settings),
      caller_(reader, validator, settings.max_rows, settings.keep_places),
      worker_(std::move(worker)) {
  // The calling thread stops checking its first pieces where the worker's
  // first starts.
  caller_.stop_before(worker_->first_worker_start());
  next_piece_ = worker_->first_worker_piece();
}

Result<bool> SplitCheckedRows::next(CheckedBatch& batch, const Listing& listing) {
  last_from_piece_ = false;
  for (;;) {
    if (!merging_) {
      ONB_ASSIGN(const bool more, caller_.next(batch, listing));
      if (worker_ && caller_.stepped_over()) {
        worker_.reset();  // the boundary was inside a row: read on alone
        caller_.read_on();
      }
      if (worker_ && caller_.at_boundary()) {
        // The rows before the worker's next piece are all read: yield them,
        // then the worker's pieces until one is left to check here.
        merging_ = true;
        base_ = reader_.position()->record;
        piece_ = next_piece_;
        taken_ = false;
        if (batch.count > 0) return true;
        continue;
      }
      if (!more) {
        stop_ = caller_.stopped_by();
        worker_.reset();  // a file problem before the split: the rest is not read
        return false;
      }
      if (batch.count > 0) return true;
      continue;
    }
    if (!taken_) {
      if (piece_ >= worker_->size()) {  // every piece is merged: nothing is left to read
        end_of_merge();
        return false;
      }
      const SplitWorker::Turn turn = worker_->take(piece_);
      if (turn != SplitWorker::Turn::merge) {
        // This thread checks the piece itself (and, when the worker's rows
        // from here on cannot be used, everything after it).
        const SplitWorker::Piece& piece = worker_->piece(piece_);
        if (!reader_.seek({piece.start, base_}))
          return Error{Errc::internal, "The file could not be read on from a piece.", "import.reread"};
        merging_ = false;
        if (turn == SplitWorker::Turn::alone) {
          worker_.reset();
          caller_.read_on();
        } else {
          caller_.stop_before(piece.end);
          next_piece_ = piece_ + 1;
        }
        continue;
      }
      const SplitWorker::Piece& piece = worker_->piece(piece_);
      taken_ = true;
      merged_any_ = true;
      at_ = 0;
      next_listed_ = 0;
      // Past the worker's list (it keeps as many problems as the report
      // lists), a bad row's problems are found again when the plan needs
      // its reason.
      kept_all_ = piece.issues.size() < settings_.max_listed_errors;
      last_kept_ = piece.issues.empty() ? 0 : static_cast<std::uint32_t>(piece.issues.back().row);
    }
    const SplitWorker::Piece& piece = worker_->piece(piece_);
    if (too_many_) {
      stop_ = RowIssue{0, "", "limit.rows", too_many_rows_message(settings_.max_rows)};
      end_of_merge();
      return false;
    }
    if (at_ < piece.rows.size()) {
      ONB_TRY(fill_from_piece(batch, listing));
      if (batch.count > 0) {
        last_from_piece_ = true;
        return true;
      }
      continue;  // the row limit, reached at the start of a batch
    }
    ONB_ASSIGN(const bool go_on, finish_piece());
    if (!go_on) {
      end_of_merge();
      return false;
    }
  }
}

Result<void> SplitCheckedRows::fill_from_piece(CheckedBatch& batch, const Listing& listing) {
  batch.start();
  SplitWorker::Piece& piece = worker_->piece(piece_);
  std::int64_t& rows = caller_.rows();
  std::size_t count = std::min(kCheckRows, piece.rows.size() - at_);
  const std::uint64_t room = settings_.max_rows - std::min<std::uint64_t>(settings_.max_rows, rows);
  if (room == 0) {
    too_many_ = true;
    return success();
  }
  if (count > room) {
    count = static_cast<std::size_t>(room);
    too_many_ = true;
  }
  batch_first_ = at_;
  const std::int64_t last_row = base_ + piece.rows[at_ + count - 1];
  // The worker's problems for these rows, numbered in the file; those it
  // counted but did not keep are only counted.
  std::size_t problems = 0;
  for (std::size_t i = at_; i < at_ + count; ++i) problems += piece.problems[i];
  std::size_t listed = 0;
  while (next_listed_ < piece.issues.size() && base_ + piece.issues[next_listed_].row <= last_row) {
    RowIssue& issue = piece.issues[next_listed_++];
    issue.row += base_;
    batch.issues.push_back(std::move(issue));
    ++listed;
  }
  static const KeyIndex::Fingerprint kNone{0, 0};
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t k = at_ + i;
    batch.rows[i] = base_ + piece.rows[k];
    batch.bad[i] = piece.problems[k] != 0 ? 1 : 0;
    batch.hash_schemes[i] = piece.hash_schemes[k];
    batch.prints[kEmailKey][i] = piece.emails[k];
    batch.prints[kUsernameKey][i] = piece.usernames.empty() ? kNone : piece.usernames[k];
    batch.prints[kExternalIdKey][i] = piece.external_ids.empty() ? kNone : piece.external_ids[k];
    WriteOrder w = piece.places[k];
    if (base_ + w.record > std::int64_t{UINT32_MAX}) batch.places_fit = false;
    w.record += static_cast<std::uint32_t>(base_);
    batch.places[i] = w;
    if (batch.bad[i] != 0 && !kept_all_ && piece.rows[k] > last_kept_ && listing.plan) {
      const std::size_t before = batch.issues.size();
      ONB_TRY(read_again(k, &batch.issues));
      listed += batch.issues.size() - before;
    }
  }
  batch.unlisted_problems = problems - std::min(problems, listed);
  batch.count = count;
  at_ += count;
  rows += static_cast<std::int64_t>(count);
  return success();
}

Result<void> SplitCheckedRows::read_again(std::size_t k, std::vector<RowIssue>* problems) {
  const WriteOrder& place = worker_->piece(piece_).places[k];
  readers::SeekableReader& reader = worker_->reader();
  if (!reader.seek({place.offset, base_ + place.record})) return reread_failed();
  std::int64_t row = 0;
  auto more = reader.next(cells_, row);
  if (!more || !*more) return reread_failed();
  row_values(validator_, cells_, row, text_, problems);
  return success();
}

Result<const CandidateRow*> SplitCheckedRows::values(const CheckedBatch& batch, std::size_t i) {
  if (batch.values != nullptr) return &(*batch.values)[i];  // a batch the calling thread checked
  ONB_TRY(read_again(batch_first_ + i, nullptr));
  return &text_;
}

Result<bool> SplitCheckedRows::finish_piece() {
  SplitWorker::Piece& piece = worker_->piece(piece_);
  if (const auto& failure = piece.read_failure) {
    // Read the failing row again, numbered in the file, for the message.
    readers::SeekableReader& reader = worker_->reader();
    if (!reader.seek({failure->offset, base_ + failure->record})) return reread_failed();
    std::int64_t row = 0;
    auto more = reader.next(cells_, row);
    if (more)
      return Error{Errc::internal, "A row of the file read differently the second time.", "import.reread"};
    stop_ = RowIssue{more.error().row.value_or(0), "", reader_code(more.error()), more.error().message};
    return false;
  }
  base_ += piece.records;
  piece = SplitWorker::Piece{};  // merged: its memory goes back
  ++piece_;
  taken_ = false;
  return true;
}

std::optional<ProgressPoint> SplitCheckedRows::progress_due() const {
  const std::uint64_t total = reader_.bytes_total();
  if (last_from_piece_) return ProgressPoint{caller_.rows_done(), total, total};
  auto due = caller_.progress_due();
  if (due && worker_) {
    due->rows += worker_->rows_done();
    due->bytes_done += worker_->bytes_done();
  }
  return due;
}

std::optional<ProgressPoint> SplitCheckedRows::final_progress() const {
  if (ended_in_merge_) return std::nullopt;
  return caller_.final_progress();
}

}  // namespace import_detail
}  // namespace v1
}  // namespace onboard

#endif  // ONBOARD_FAST_PATHS
