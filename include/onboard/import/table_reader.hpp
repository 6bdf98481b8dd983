// Readers turn the bytes of an uploaded file into rows of text cells, one row
// at a time. They know nothing about columns or users: the header mapper and
// the validator work on what they return.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "onboard/core/error.hpp"

namespace onboard {
inline namespace v1 {

// What a reader found out about a file, for the import report.
struct TableInfo {
  std::string format;     // "csv", "xlsx" or "ods"
  std::string encoding;   // "UTF-8", "UTF-8 with BOM", "UTF-16LE", "UTF-16BE", "Windows-1252"
  std::string delimiter;  // ",", ";", "\t", "|"; empty for xlsx
  // Sentences worth showing to the person who uploaded the file, e.g. "The file
  // is not UTF-8; it was read as Windows-1252."
  std::vector<std::string> warnings;
};

// Bounds on what a file may make a reader do. The defaults fit any honest
// spreadsheet of users; tests lower them to exercise the refusals cheaply.
struct ReaderLimits {
  std::uint64_t max_cell_bytes = std::uint64_t{1} << 20;  // one cell's UTF-8 text
  std::uint64_t max_zip_entries = 10'000;                 // files inside an XLSX
  // Bytes actually inflated from all XLSX entries together (counted as they
  // come out of zlib, whatever the headers claim).
  std::uint64_t max_uncompressed_bytes = std::uint64_t{512} << 20;
  // Inflated:compressed ratio an entry may reach once it is past
  // ratio_grace_bytes; honest XML rarely exceeds 100:1.
  std::uint64_t max_compression_ratio = 200;
  std::uint64_t ratio_grace_bytes = std::uint64_t{1} << 20;
};

// A streaming reader over one table. Rows are produced in file order and
// never kept, so memory does not grow with the file.
class TableReader {
 public:
  virtual ~TableReader() = default;

  virtual const TableInfo& info() const = 0;

  // Fills `cells` with the next row that has at least one non-empty cell and
  // returns true, or returns false at the end. The views are UTF-8 and stay
  // valid until the next call. `row_number` is the row as a spreadsheet shows
  // it (header = 1; blank rows and a "sep=" line count). Errors:
  // invalid_input (e.g. a quoted field never closed), limit_exceeded (a cell
  // over max_cell_bytes), unsupported_format (a damaged workbook), each with
  // Error::row set when a row is known.
  virtual Result<bool> next(std::vector<std::string_view>& cells, std::int64_t& row_number) = 0;

  // Progress: how far into the file the reader is, in bytes of the input.
  virtual std::uint64_t bytes_consumed() const = 0;
  virtual std::uint64_t bytes_total() const = 0;
};

// Opens `bytes` as an XLSX workbook when it looks like one (a zip, or an
// OLE2 container, which is how Excel stores a password-protected workbook)
// or as an ODS spreadsheet when the zip's "mimetype" entry says so,
// otherwise as CSV text. `file_name_hint` only adds a warning when the name
// and the content disagree. `bytes` must outlive the reader. Errors are those
// of open_csv and open_xlsx.
Result<std::unique_ptr<TableReader>> open_table(std::string_view bytes, std::string_view file_name_hint,
                                                const ReaderLimits& limits = {});

}  // namespace v1
}  // namespace onboard
