// The parts of an XLSX workbook needed before its first worksheet can be
// streamed: where that sheet is, the date system, the shared strings and
// which cell styles are dates.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "import/readers/xlsx_values.hpp"
#include "import/readers/zip_archive.hpp"
#include "onboard/core/error.hpp"
#include "onboard/import/table_reader.hpp"

namespace onboard {
inline namespace v1 {
namespace readers {

// All shared strings in one buffer: string i is text[start(i), ends[i]).
struct SharedStrings {
  std::string text;
  std::vector<std::uint32_t> ends;

  std::size_t size() const { return ends.size(); }
  std::size_t start(std::size_t i) const { return i == 0 ? 0 : ends[i - 1]; }
  std::size_t length(std::size_t i) const { return ends[i] - start(i); }
};

struct WorkbookParts {
  std::string first_sheet;  // zip entry name, e.g. "xl/worksheets/sheet1.xml"
  bool date1904 = false;
  SharedStrings shared_strings;
  std::vector<DateKind> style_date_kinds;  // by cell style index (the s="…" attribute)
  // By cell style index: -1, or the index in plain_formats of the plain
  // number format ("00000", "0.00") the style shows numbers with.
  std::vector<int> style_plain_formats;
  std::vector<PlainNumberFormat> plain_formats;
};

// Reads the package relationships, workbook.xml, its relationships, the
// shared strings and the styles. Errors: unsupported_format (not a workbook,
// no worksheet, malformed XML, DTDs), limit_exceeded (a shared string over
// max_cell_bytes, or the archive's limits).
Result<WorkbookParts> load_workbook(ZipArchive& archive, const ReaderLimits& limits);

// Resolves a relationship target against the folder of the part that holds
// it ("xl/"); a leading "/" means the package root. Returns "" when ".."
// climbs above the root.
std::string resolve_part_name(std::string_view base_folder, std::string_view target);

}  // namespace readers
}  // namespace v1
}  // namespace onboard
