// What open_table needs from the two readers beyond their public functions.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "import/readers/seekable_reader.hpp"

namespace onboard {
inline namespace v1 {
namespace readers {

// True when the bytes start like a zip or an OLE2 container.
bool looks_like_workbook(std::string_view bytes);

// open_csv, with sentences to add to the reader's warnings; `threads` as
// open_seekable's.
Result<std::unique_ptr<SeekableReader>> open_csv_with_warnings(std::string_view bytes,
                                                               const ReaderLimits& limits,
                                                               std::vector<std::string> extra_warnings,
                                                               unsigned threads);
// open_xlsx; an ODS spreadsheet (its "mimetype" entry says so) is read by
// the ODS reader instead.
Result<std::unique_ptr<SeekableReader>> open_xlsx_seekable(std::string_view bytes,
                                                           const ReaderLimits& limits);

class ZipArchive;
// True when the archive's "mimetype" entry names an ODS spreadsheet.
bool is_ods_archive(ZipArchive& archive);
// Reads the first table of an ODS spreadsheet's content.xml.
Result<std::unique_ptr<SeekableReader>> open_ods_seekable(std::unique_ptr<ZipArchive> archive,
                                                          std::uint64_t input_size,
                                                          const ReaderLimits& limits);

}  // namespace readers
}  // namespace v1
}  // namespace onboard
