// CheckedRows on two threads, for a large UTF-8 CSV file: a drop-in beside
// SingleCheckedRows and a fast path (compiled out under
// ONBOARD_SIMPLE_PATHS). The calling thread checks the first pieces of the
// file with a SingleCheckedRows of its own while a SplitWorker checks pieces
// from a fifth of the way in; then the calling thread yields the worker's
// pieces, in file order, as soon as each is done, and checks a piece itself
// whenever it catches up with the worker. Rows of the worker's pieces carry
// no values (the worker keeps each row's verdict, fingerprints and place,
// not its text): values() reads such a row again.
#pragma once

#include "core/fast_paths.hpp"

#if ONBOARD_FAST_PATHS

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "service/import/checked_rows.hpp"
#include "service/import/single_checked_rows.hpp"
#include "service/import/split_worker.hpp"

namespace onboard {
inline namespace v1 {
namespace import_detail {

// Listing more than this from the worker's rows would mean reading most of
// them again: the split source is not used past it.
constexpr std::size_t kSplitMaxListed = 100'000;

class SplitCheckedRows final : public CheckedRows {
 public:
  struct Settings {
    std::uint64_t max_rows = 0;
    std::size_t max_listed_errors = 0;
    bool username = false;  // the file has these key columns
    bool external_id = false;
    bool keep_places = false;  // as SingleCheckedRows'
  };
  // A split source over `reader` (positioned after the header), or null
  // when the file has no row boundaries to split at or cannot be cloned.
  static std::unique_ptr<SplitCheckedRows> start(readers::SeekableReader& reader,
                                                 const RowValidator& validator, const Settings& settings);

  Result<bool> next(CheckedBatch& batch, const Listing& listing) override;
  Result<const CandidateRow*> values(const CheckedBatch& batch, std::size_t i) override;
  std::optional<ProgressPoint> progress_due() const override;
  std::optional<ProgressPoint> final_progress() const override;
  int threads_used() const override { return merged_any_ ? 2 : 1; }

  SplitCheckedRows(readers::SeekableReader& reader, const RowValidator& validator, const Settings& settings,
                   std::unique_ptr<SplitWorker> worker);

 private:
  // Fills `batch` from the taken piece.
  Result<void> fill_from_piece(CheckedBatch& batch, const Listing& listing);
  // Reads row k of the taken piece again.
  Result<void> read_again(std::size_t k, std::vector<RowIssue>* problems);
  // The taken piece is done: a read failure at its end stops the reading.
  Result<bool> finish_piece();
  void end_of_merge() {
    worker_.reset();
    ended_in_merge_ = true;
  }

  readers::SeekableReader& reader_;
  const RowValidator& validator_;
  Settings settings_;
  SingleCheckedRows caller_;  // the calling thread's own checking
  std::unique_ptr<SplitWorker> worker_;
  // The merge's bookkeeping: the caller reads up to the worker's next piece
  // (next_piece_), then yields the worker's pieces from there (merging_),
  // each numbered after `base_`, the record before it.
  bool merging_ = false;
  std::size_t next_piece_ = 0;
  std::size_t piece_ = 0;  // the piece being yielded
  bool taken_ = false;     // piece_ is the worker's and being yielded
  std::size_t at_ = 0;     // its next row
  std::size_t next_listed_ = 0;
  bool kept_all_ = false;
  std::uint32_t last_kept_ = 0;
  std::int64_t base_ = 0;
  bool too_many_ = false;
  bool last_from_piece_ = false;  // the last batch was a worker's
  bool ended_in_merge_ = false;
  bool merged_any_ = false;
  std::size_t batch_first_ = 0;  // the piece's row the last batch started at
  CandidateRow text_;
  std::vector<std::string_view> cells_;
};

}  // namespace import_detail
}  // namespace v1
}  // namespace onboard

#endif  // ONBOARD_FAST_PATHS
