// Excel workbooks (Office Open XML, .xlsx/.xlsm): the first worksheet.
#pragma once

#include <memory>
#include <string_view>

#include "onboard/core/error.hpp"
#include "onboard/import/table_reader.hpp"

namespace onboard {
inline namespace v1 {

// Opens the first worksheet of an XLSX workbook held in memory. Cells come
// out as a person sees them: numbers as typed (442071234567, not 4.42E+11),
// dates as YYYY-MM-DD (date-times as YYYY-MM-DD HH:MM:SS), booleans as
// TRUE/FALSE, formulas as their cached value. Unzipping and XML parsing are
// bounded by `limits`; DTDs and entities are refused. `bytes` must outlive the
// reader. Errors: unsupported_format (not a workbook, damaged, encrypted,
// unsafe entry names, a DTD or entity), limit_exceeded (a zip bomb: too many
// entries, too many inflated bytes, too high a ratio; a cell over
// max_cell_bytes), invalid_input (a cell that refers to missing data).
Result<std::unique_ptr<TableReader>> open_xlsx(std::string_view bytes, const ReaderLimits& limits = {});

}  // namespace v1
}  // namespace onboard
