// CSV and "Unicode text" files as spreadsheet programs write them.
#pragma once

#include <memory>
#include <string_view>

#include "onboard/core/error.hpp"
#include "onboard/import/table_reader.hpp"

namespace onboard {
inline namespace v1 {

// Opens delimited text (RFC 4180 quoting, CRLF/LF/CR line ends). The encoding
// is UTF-8 (BOM optional), UTF-16 with a BOM, or Windows-1252 when the bytes
// are not UTF-8 (with a warning); the delimiter is the most frequent of
// , ; tab | in the header line, unless an Excel "sep=" first line names it.
// `bytes` must outlive the reader. Errors: unsupported_format when the bytes
// are no text in any of these encodings (or hold NUL bytes).
Result<std::unique_ptr<TableReader>> open_csv(std::string_view bytes, const ReaderLimits& limits = {});

}  // namespace v1
}  // namespace onboard
