// The members of an organization as a file that imports back: the import
// template's columns (same headers, so the file maps to the same fields),
// First name and Last name beside Full Name (a name splits one way only),
// every attribute, and Status. Never a secret: no password, hash or key.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "onboard/core/error.hpp"
#include "onboard/model/organization.hpp"
#include "onboard/model/user.hpp"

namespace onboard {
inline namespace v1 {

enum class ExportFormat { csv, xlsx };

// "csv" or "xlsx". Errors: invalid_input naming both.
Result<ExportFormat> parse_export_format(std::string_view text);

// The header row of an export of `users`: Full Name, First name, Last name,
// Email, Username, Role, Office, Team, External ID, Phone, the other
// attributes (sorted), Change password next time, Status.
std::vector<std::string> export_headers(std::span<const User> users);

// `users` as CSV (UTF-8 with BOM, CRLF, every field quoted, formula-looking
// cells guarded by the rule of needs_formula_guard, which the CSV reader
// undoes) or XLSX (string cells in the text format "@": never formulas,
// their text unchanged). Teams are joined with "; ".
// Errors: internal when the workbook cannot be written.
Result<std::string> export_users_file(std::span<const User> users, ExportFormat format);

}  // namespace v1
}  // namespace onboard
