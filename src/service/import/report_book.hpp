// The report an import run fills, with what it counts beyond the report's
// lists: every problem is counted, the first max_listed_errors listed.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "onboard/import/import_options.hpp"
#include "onboard/import/import_report.hpp"
#include "onboard/import/row_validation.hpp"
#include "onboard/model/user.hpp"

namespace onboard {
inline namespace v1 {
namespace import_detail {

class ReportBook {
 public:
  explicit ReportBook(const ImportOptions& options) : options_(options) {}

  ImportReport& report() noexcept { return report_; }
  const ImportReport& report() const noexcept { return report_; }

  // Counts `issues` and lists those that fit; empties `issues`.
  void record_issues(std::vector<RowIssue>& issues);
  // Counts problems that are not listed.
  void count_unlisted(std::size_t problems) noexcept { total_issues_ += problems; }
  // A problem with the file as a whole (it blocks a commit), listed even
  // past max_listed_errors.
  void file_problem(std::string code, std::string message, std::int64_t row = 0);
  // Lists `row` in the plan while it has room.
  void record_plan(const CandidateRow& row, RowAction action, const User* existing, std::string role,
                   std::string reason, std::vector<FieldChange> changes);

  bool listing_errors() const noexcept { return report_.errors.size() < options_.max_listed_errors; }
  bool listing_plan() const noexcept { return report_.plan.size() < options_.max_listed_plan_rows; }
  bool blocked() const noexcept { return blocked_; }
  void block() noexcept { blocked_ = true; }
  // The warning that not every problem is listed, when that is so.
  void warn_if_unlisted();
  // A row that creates a person with an imported hash of `scheme` (a
  // legacy_hash::Scheme); list_hash_schemes puts the counts in the report.
  void count_hash_scheme(std::uint8_t scheme) noexcept {
    if (scheme < hash_schemes_.size()) ++hash_schemes_[scheme];
  }
  void list_hash_schemes();

 private:
  const ImportOptions& options_;
  ImportReport report_;
  std::size_t total_issues_ = 0;
  std::array<std::int64_t, legacy_hash::scheme_count> hash_schemes_{};
  bool blocked_ = false;
};

}  // namespace import_detail
}  // namespace v1
}  // namespace onboard
