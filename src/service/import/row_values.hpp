// A row's values, derived again from its cells after pass 1 checked it.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "onboard/import/row_validation.hpp"

namespace onboard {
inline namespace v1 {
namespace import_detail {

// Fills `out` with the normalized values of a row pass 1 has already
// checked, and appends the row's problems to `problems` when it is not null.
//
// Why the validator runs here again: normalizing is the validator's (a row's
// rules live in RowValidator::validate alone), and memory is bounded, so the
// values of a million rows are not kept between reading and using them.
// Two callers read a row again: pass 2 (ImportCommitter), only for rows
// pass 1 accepted, and the two-thread source (SplitCheckedRows), whose
// worker keeps each row's verdict and fingerprints but not its text, for
// the text and the problems of a row the report lists. Neither turns the
// answer into a verdict: that is pass 1's, made once per row, kept as a
// byte per row.
void row_values(const RowValidator& validator, std::span<const std::string_view> cells, std::int64_t row,
                CandidateRow& out, std::vector<RowIssue>* problems);

}  // namespace import_detail
}  // namespace v1
}  // namespace onboard
