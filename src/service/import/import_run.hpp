// One import, start to end: the orchestrator of the stages. Pass 1 opens
// the reader, maps the header, builds the validator, and feeds the checked
// rows of a CheckedRows source to the planner; pass 2, only when
// committing, hands the plan to the committer, which reads the file again.
// Nothing but a byte per row, compact key sets and the places and ids of
// the rows to write is kept between the passes, so memory follows what is
// kept, not the file.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "onboard/directory.hpp"
#include "onboard/import/field_mapping.hpp"
#include "onboard/import/import_options.hpp"
#include "onboard/import/row_validation.hpp"
#include "service/import/checked_rows.hpp"
#include "service/import/file_digest.hpp"
#include "service/import/import_planner.hpp"
#include "service/import/import_scope.hpp"
#include "service/import/import_tuning.hpp"
#include "service/import/report_book.hpp"

namespace onboard {
inline namespace v1 {
namespace import_detail {

// How many rows from the top may hold the header (title rows above it).
inline constexpr int kHeaderSearchRows = 10;

class ImportRun {
 public:
  // `committing`: commit() follows a successful plan(), which then keeps what
  // pass 2 needs to write in index order.
  ImportRun(Directory& dir, ActorContext actor, std::string_view bytes, std::string_view file_name,
            const ImportOptions& options, const ImportProgressCallback& progress, bool committing,
            const ImportTuning& tuning, ImportTrace& trace);

  // Pass 1: fills the report with the plan and every problem. No writes.
  Result<void> plan();
  // True when plan() found nothing that stops a commit.
  bool may_commit() const;
  // Pass 2 (inside the caller's transaction): writes the planned rows, the
  // job record and the audit event.
  Result<void> commit();

  ImportReport& report() { return book_.report(); }
  FileDigest& digest() { return digest_; }
  // The threads this run may keep busy at once, the caller's included.
  unsigned threads() const noexcept { return threads_; }

 private:
  Result<std::unique_ptr<readers::SeekableReader>> open_reader();
  // Maps the header row: the first row, or the first of the first
  // kHeaderSearchRows that names the required fields (a title row above
  // the header). `again` (pass 2): the row pass 1 chose, nothing reported.
  Result<bool> read_header(readers::SeekableReader& reader, bool again);
  // The source of checked rows: the split one when it is worth it and
  // allowed, else the single-threaded one.
  std::unique_ptr<CheckedRows> checked_rows(readers::SeekableReader& reader, bool keep_places);
  Result<void> report_progress(std::string_view stage, const ProgressPoint& at);

  Directory& dir_;
  ActorContext actor_;
  std::string_view bytes_;
  std::string file_name_;
  // The caller's, with `passwords` resolved once the header is known
  // (resolve_password_source); every later stage reads these.
  ImportOptions options_;
  const ImportProgressCallback& progress_;
  bool committing_ = false;
  ImportTuning tuning_;
  ImportTrace& trace_;
  unsigned threads_ = 1;
  ReaderLimits reader_limits_;
  std::uint64_t max_rows_ = 0;
  std::int64_t header_row_ = 1;
  std::optional<int> forced_role_;
  // Why a row without a role may not be created with the catalog's default
  // role (authorize_grant); nullopt when it may. Decided once in plan().
  std::optional<Error> default_role_refusal_;

  ReportBook book_;
  HeaderMapping mapping_;
  std::unique_ptr<RowValidator> validator_;
  std::unique_ptr<ImportScope> scope_;
  std::unique_ptr<ImportPlanner> planner_;
  Timestamp started_{};
  FileDigest digest_;
};

}  // namespace import_detail
}  // namespace v1
}  // namespace onboard
