// The planner: takes checked rows in file order and decides what happens to
// each (create, update, skip, error), across rows: duplicates within the
// file, existing members, pending invitations, the rank of the roles it
// grants. It lists the plan in the report and keeps, for pass 2, a byte per
// row and the places of the rows to write.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/large_memory.hpp"
#include "import/key_index.hpp"
#include "service/import/checked_rows.hpp"
#include "service/import/existing_index.hpp"
#include "service/import/import_scope.hpp"
#include "service/import/report_book.hpp"
#include "service/import/write_order.hpp"

namespace onboard {
inline namespace v1 {
namespace import_detail {

// What pass 2 needs from pass 1.
struct ImportPlan {
  // Rows to write, sorted before pass 2; unused (write_in_order false) when
  // the reader cannot seek, and then pass 2 reads the file front to back.
  bool write_in_order = false;
  LargeVector<WriteOrder> write_order;
  LargeVector<std::uint8_t> actions;                             // RowAction, one per data row, in file order
  std::unordered_map<std::int64_t, std::string> update_targets;  // row -> user id
  // ImportOptions::missing: the members no row matched, as they will be
  // stored (status suspended), in id order.
  std::vector<User> suspends;
};

class ImportPlanner {
 public:
  // `write_in_order`: keep the places of the rows to write (the source keeps
  // places). `default_role_refusal`: why a row without a role may not be
  // created with the catalog's default role; nullopt when it may.
  ImportPlanner(const ImportScope& scope, ReportBook& book, bool write_in_order,
                std::optional<Error> default_role_refusal);

  // Before the first batch: decides how existing members are matched
  // (preloaded() is known after it), then loads them and the pending
  // invitations. `file_bytes`: the file's size.
  Result<void> choose_existing(std::uint64_t file_bytes);
  Result<void> load_existing(std::size_t expected_rows);
  bool preloaded() const noexcept { return existing_.preloaded(); }

  // What the report can still list, for the source.
  Listing listing() const noexcept { return {book_.listing_errors(), book_.listing_plan()}; }
  // Plans the batch's rows, records their problems and counts them.
  Result<void> plan_batch(CheckedBatch& batch, CheckedRows& source);

  // After the last batch, with ImportOptions::missing == suspend: plans the
  // members no row matched (never the actor, a higher rank, or anyone
  // deleted, unconfirmed or suspended already), counts them in the report
  // and lists them in its plan.
  Result<void> plan_missing();

  ImportPlan& plan() noexcept { return plan_; }

 private:
  // Marks the batch's rows whose keys an earlier row of the file already has.
  Result<void> find_duplicates(CheckedBatch& batch, CheckedRows& source);
  // Decides what happens to one checked row (`bad`: it has problems, in
  // batch.issues; `may_conflict`: its keys' fingerprints match an existing
  // member or a pending invitation): counts it, lists it in the plan and
  // returns the action.
  RowAction resolve_row(const CandidateRow& c, bool bad, bool may_conflict, std::vector<RowIssue>& issues);
  // "Duplicate of row N" for the row `c`.
  RowIssue duplicate_issue(const CandidateRow& c, Field field, std::uint32_t first) const;

  const ImportScope& scope_;
  ReportBook& book_;
  std::optional<Error> default_role_refusal_;
  ImportPlan plan_;
  KeyIndex seen_email_, seen_username_, seen_external_id_;
  KeyIndex pending_invitations_;
  ExistingIndex existing_;
  std::unordered_set<std::string> matched_;  // ids of the members rows matched (for plan_missing)
};

}  // namespace import_detail
}  // namespace v1
}  // namespace onboard
