// Bulk import of users from CSV and XLSX files: preview (no writes) and run
// (one transaction). The pipeline is bytes -> reader -> header mapping -> row
// validation -> plan (duplicates, existing users, pending invitations, seats)
// -> commit -> report. See docs/import.md.
#pragma once

#include <string_view>

#include "onboard/core/error.hpp"
#include "onboard/directory.hpp"
#include "onboard/import/import_options.hpp"
#include "onboard/import/import_report.hpp"

namespace onboard {
inline namespace v1 {

class Importer {
 public:
  // Works on `directory`, which must outlive the Importer.
  explicit Importer(Directory& directory) : dir_(directory) {}

  // Reads and checks the whole file and plans every row without writing.
  // Problems in the file (bad rows, missing columns, limits, an unreadable
  // file) are in the report, all at once; the Result is an Error only for
  // permission_denied, invalid_input (options: an unknown --role),
  // cancelled and storage failures. `bytes` is only read during the call.
  Result<ImportReport> preview(const Actor& actor, std::string_view bytes, std::string_view file_name,
                               const ImportOptions& options, const ImportProgressCallback& progress = {});

  // preview, then, unless problems block it (any in all-or-nothing mode),
  // writes the users, their messages, an import job record and an audit
  // event in one transaction. The report's credentials (generated passwords,
  // activation keys) exist only in the returned value. Errors as preview;
  // after any Error nothing was written.
  Result<ImportReport> run(const Actor& actor, std::string_view bytes, std::string_view file_name,
                           const ImportOptions& options, const ImportProgressCallback& progress = {});

 private:
  Result<ImportReport> execute(const Actor& actor, std::string_view bytes, std::string_view file_name,
                               const ImportOptions& options, const ImportProgressCallback& progress,
                               bool commit);

  Directory& dir_;
};

}  // namespace v1
}  // namespace onboard
