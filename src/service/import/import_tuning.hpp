// The engine's internal settings, which are not the host's business (the
// host chooses ImportOptions::threads), and what a run tells tests about how
// it went. Importer uses the defaults; tests reach the engine here to force
// a path and to see which one ran.
#pragma once

#include <cstdint>
#include <string_view>

#include "onboard/directory.hpp"
#include "onboard/import/import_options.hpp"
#include "onboard/import/import_report.hpp"

namespace onboard {
inline namespace v1 {
namespace import_detail {

struct ImportTuning {
  // Checking (pass 1) a UTF-8 CSV file at least this big runs on two threads
  // when the run may use two (SplitCheckedRows): the second checks the rows
  // from a fifth of the way in. The report is the same either way. 0: always
  // one thread (as in a build with ONBOARD_SIMPLE_PATHS).
  std::uint64_t two_threads_from_bytes = std::uint64_t{4} << 20;
};

// How a run went, for tests.
struct ImportTrace {
  int check_threads = 1;  // threads that checked the rows of pass 1
};

// Importer::preview (commit false) and Importer::run (commit true), with the
// engine's settings; `trace` (may be null) says how it went.
Result<ImportReport> execute_import(Directory& dir, const Actor& actor, std::string_view bytes,
                                    std::string_view file_name, const ImportOptions& options,
                                    const ImportProgressCallback& progress, bool commit,
                                    const ImportTuning& tuning = {}, ImportTrace* trace = nullptr);

}  // namespace import_detail
}  // namespace v1
}  // namespace onboard
