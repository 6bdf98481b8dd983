#include "service/import/report_book.hpp"

#include <utility>

namespace onboard {
inline namespace v1 {
namespace import_detail {

void ReportBook::record_issues(std::vector<RowIssue>& issues) {
  for (auto& issue : issues) {
    ++total_issues_;
    if (report_.errors.size() < options_.max_listed_errors) report_.errors.push_back(std::move(issue));
  }
  issues.clear();
}

void ReportBook::file_problem(std::string code, std::string message, std::int64_t row) {
  // Listed even past max_listed_errors: it says why the file cannot be used.
  ++total_issues_;
  report_.errors.push_back({row, "", std::move(code), std::move(message)});
  blocked_ = true;
}

void ReportBook::record_plan(const CandidateRow& row, RowAction action, const User* existing,
                             std::string role, std::string reason, std::vector<FieldChange> changes) {
  if (report_.plan.size() >= options_.max_listed_plan_rows) return;
  PlannedRow p;
  p.row = row.row;
  p.action = action;
  // A matched row without the name or email (update mode: Email plus
  // metadata, or only an external ID) is shown as the member it matched.
  const bool member = existing != nullptr;
  p.email = row.email.empty() && member ? existing->email : row.email;
  p.name = row.display_name.empty() && member ? existing->display_name : row.display_name;
  p.role = std::move(role);
  if (existing != nullptr) p.user_id = existing->id;
  p.reason = std::move(reason);
  p.changes = std::move(changes);
  report_.plan.push_back(std::move(p));
}

void ReportBook::list_hash_schemes() {
  report_.hash_schemes.clear();
  for (std::size_t s = 1; s < hash_schemes_.size(); ++s) {
    if (hash_schemes_[s] == 0) continue;
    const auto scheme = static_cast<legacy_hash::Scheme>(s);
    report_.hash_schemes.push_back(
        {std::string(legacy_hash::scheme_name(scheme)), hash_schemes_[s], legacy_hash::is_weak(scheme)});
  }
}

void ReportBook::warn_if_unlisted() {
  if (total_issues_ > report_.errors.size())
    report_.warnings.push_back("Only the first " + std::to_string(report_.errors.size()) + " of " +
                               std::to_string(total_issues_) + " problems are listed.");
}

}  // namespace import_detail
}  // namespace v1
}  // namespace onboard
