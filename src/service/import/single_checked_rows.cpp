#include "service/import/single_checked_rows.hpp"

namespace onboard {
inline namespace v1 {
namespace import_detail {

SingleCheckedRows::SingleCheckedRows(readers::SeekableReader& reader, const RowValidator& validator,
                                     std::uint64_t max_rows, bool keep_places)
    : reader_(reader), validator_(validator), max_rows_(max_rows), keep_places_(keep_places) {
  values_.resize(kCheckRows);
}

Result<bool> SingleCheckedRows::next(CheckedBatch& batch, const Listing& /*listing*/) {
  batch.start();
  batch.values = &values_;
  full_batch_ = false;
  if (done_) return false;
  std::size_t n = 0;
  std::int64_t row = 0;
  while (n < kCheckRows) {
    Position at;
    if (keep_places_ || stop_at_ != kNowhere) {
      at = *reader_.position();
      if (at.offset >= stop_at_) {
        if (at.offset == stop_at_) {
          at_boundary_ = true;
          break;
        }
        stepped_over_ = true;  // the boundary was inside a row
        stop_at_ = kNowhere;
      }
    }
    auto more = reader_.next(cells_, row);
    if (!more) {
      stop_ = RowIssue{more.error().row.value_or(0), "", reader_code(more.error()), more.error().message};
      done_ = true;
      break;
    }
    if (!*more) {
      done_ = true;
      break;
    }
    if (static_cast<std::uint64_t>(rows_) >= max_rows_) {
      stop_ = RowIssue{0, "", "limit.rows", too_many_rows_message(max_rows_)};
      done_ = true;
      break;
    }
    ++rows_;
    // The row's rules: the one place pass 1 checks a row on this thread.
    CandidateRow& c = values_[n];
    batch.bad[n] = validator_.validate(cells_, row, c, batch.issues) ? 0 : 1;
    batch.hash_schemes[n] = static_cast<std::uint8_t>(c.hash_scheme);
    batch.rows[n] = row;
    if (keep_places_) {
      WriteOrder& w = batch.places[n];
      set_write_key(w, c.email_key.empty() ? c.username_key : c.email_key);
      w.offset = at.offset;
      if (at.record < 0 || at.record > std::int64_t{UINT32_MAX}) batch.places_fit = false;
      w.record = static_cast<std::uint32_t>(at.record);
      w.action = 0;
    }
    ++n;
  }
  batch.count = n;
  full_batch_ = n == kCheckRows;
  // The keys' fingerprints, a pass per key over the batch.
  auto& emails = batch.prints[kEmailKey];
  auto& usernames = batch.prints[kUsernameKey];
  auto& external_ids = batch.prints[kExternalIdKey];
  for (std::size_t i = 0; i < n; ++i) emails[i] = print_of(values_[i].email_key);
  for (std::size_t i = 0; i < n; ++i) usernames[i] = print_of(values_[i].username_key);
  for (std::size_t i = 0; i < n; ++i) external_ids[i] = print_of(values_[i].external_id);
  return n > 0 || !done_;
}

Result<const CandidateRow*> SingleCheckedRows::values(const CheckedBatch& /*batch*/, std::size_t i) {
  return &values_[i];
}

std::optional<ProgressPoint> SingleCheckedRows::progress_due() const {
  if (!full_batch_ || rows_ % static_cast<std::int64_t>(kChunkRows) != 0) return std::nullopt;
  return ProgressPoint{rows_, reader_.bytes_consumed(), reader_.bytes_total()};
}

std::optional<ProgressPoint> SingleCheckedRows::final_progress() const {
  return ProgressPoint{rows_, reader_.bytes_consumed(), reader_.bytes_total()};
}

}  // namespace import_detail
}  // namespace v1
}  // namespace onboard
