#include "service/import/row_values.hpp"

namespace onboard {
inline namespace v1 {
namespace import_detail {

void row_values(const RowValidator& validator, std::span<const std::string_view> cells, std::int64_t row,
                CandidateRow& out, std::vector<RowIssue>* problems) {
  // See the header: the verdict is pass 1's; only the values and the
  // problems' text are wanted here.
  static thread_local std::vector<RowIssue> unused;
  std::vector<RowIssue>& sink = problems != nullptr ? *problems : unused;
  const std::size_t before = sink.size();
  (void)validator.validate(cells, row, out, sink);
  if (problems == nullptr) sink.resize(before);
}

}  // namespace import_detail
}  // namespace v1
}  // namespace onboard
