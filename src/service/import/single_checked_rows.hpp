// CheckedRows on the calling thread: reads each row, checks it with the
// validator and keeps its values for the planner. The default source and
// the reference the split one is held to.
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

#include "service/import/checked_rows.hpp"

namespace onboard {
inline namespace v1 {
namespace import_detail {

class SingleCheckedRows final : public CheckedRows {
 public:
  // `keep_places`: record each row's place and write-order key (the reader
  // must have positions). At most `max_rows` rows are read; one more stops
  // the reading with "limit.rows".
  SingleCheckedRows(readers::SeekableReader& reader, const RowValidator& validator, std::uint64_t max_rows,
                    bool keep_places);

  Result<bool> next(CheckedBatch& batch, const Listing& listing) override;
  Result<const CandidateRow*> values(const CheckedBatch& batch, std::size_t i) override;
  std::optional<ProgressPoint> progress_due() const override;
  std::optional<ProgressPoint> final_progress() const override;

  // For SplitCheckedRows, which reads pieces of the file with this source:
  // next() ends its batch before the row at `offset` (at_boundary() then
  // says so), or, when a row steps over it, reads on and says
  // stepped_over() (the boundary was a guess, inside a quoted cell).
  void stop_before(std::uint64_t offset) noexcept {
    stop_at_ = offset;
    at_boundary_ = false;
  }
  void read_on() noexcept {
    stop_at_ = kNowhere;
    at_boundary_ = false;
  }
  bool at_boundary() const noexcept { return at_boundary_; }
  bool stepped_over() const noexcept { return stepped_over_; }
  // Rows read by this source and counted in by the split one.
  std::int64_t& rows() noexcept { return rows_; }
  std::int64_t rows_done() const noexcept { return rows_; }
  const readers::SeekableReader& reader() const noexcept { return reader_; }

 private:
  static constexpr std::uint64_t kNowhere = std::numeric_limits<std::uint64_t>::max();

  readers::SeekableReader& reader_;
  const RowValidator& validator_;
  std::uint64_t max_rows_;
  bool keep_places_;
  std::vector<CandidateRow> values_;
  std::vector<std::string_view> cells_;
  std::int64_t rows_ = 0;
  bool full_batch_ = false;  // the last batch had kCheckRows rows
  bool done_ = false;
  std::uint64_t stop_at_ = kNowhere;
  bool at_boundary_ = false;
  bool stepped_over_ = false;
};

}  // namespace import_detail
}  // namespace v1
}  // namespace onboard
