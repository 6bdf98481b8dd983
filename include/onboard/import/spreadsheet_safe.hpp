// Exports people open in a spreadsheet program: every field quoted, and
// every cell that a spreadsheet would run as a formula (= + - @, or a
// leading tab, CR or LF) prefixed with a single quote (OWASP "CSV injection").
#pragma once

#include <string>
#include <string_view>

#include "onboard/core/error.hpp"
#include "onboard/import/import_report.hpp"
#include "onboard/import/table_reader.hpp"

namespace onboard {
inline namespace v1 {

// True when a spreadsheet could take `cell` for a formula.
bool looks_like_formula(std::string_view cell) noexcept;

// The round-trip rule of the guard, in one place for the writers and the CSV
// reader: a cell that looks like a formula after any leading apostrophes
// ('=1, ''+49…, or =1 itself) is written with one more apostrophe in front,
// and the CSV reader takes exactly one off such a cell. Every other cell is
// written and read as it is. So any text written comes back unchanged, and
// no written cell starts with a formula character.
bool needs_formula_guard(std::string_view cell) noexcept;
// `cell` as the CSV reader hands it on: without the one guard apostrophe
// when it has one (see needs_formula_guard), else unchanged.
std::string_view strip_formula_guard(std::string_view cell) noexcept;

// Appends `cell` as one quoted CSV field, defused with a leading ' when
// needs_formula_guard, and inner quotes doubled.
void append_safe_csv_field(std::string& out, std::string_view cell);

// The credentials of a committed import as CSV (UTF-8 with BOM, CRLF):
// Row, Email, Username, Name, Password, Activation key. Holds secrets: the
// caller shows or stores it once, for the admin who ran the import.
std::string credentials_csv(const ImportReport& report);
// The same for a list of credentials (Importer::take_credentials).
std::string credentials_csv(const CredentialList& credentials);

// The uploaded file again, as safe CSV, with an "Errors" column holding each
// row's problems, so a person can fix the rows and upload the file again.
// Rows without problems keep an empty cell. Errors: those of open_table.
Result<std::string> annotated_csv(std::string_view bytes, std::string_view file_name,
                                  const ImportReport& report, const ReaderLimits& limits = {});

}  // namespace v1
}  // namespace onboard
