// Header mapping: which column of an uploaded file holds which field of a
// user. Headers are matched against built-in English and German aliases,
// ignoring case, spaces, '*', '-', '_' and '.', so "E-Mail*", "email address"
// and "EMAIL" all name the email.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "onboard/import/import_options.hpp"
#include "onboard/import/import_report.hpp"

namespace onboard {
inline namespace v1 {

enum class Field {
  full_name,
  first_name,
  last_name,
  username,
  email,
  role,
  office,
  team,
  external_id,
  password,
  change_password,
  password_hash,  // a hash from another system (legacy_hash.hpp); verified at sign-in
  attribute,      // kept under the header's name (Phone, Start date…)
  ignore,
};
constexpr std::size_t field_count = static_cast<std::size_t>(Field::ignore) + 1;

// "full_name", "email"…: the names used by overrides and in reports.
std::string_view field_name(Field f) noexcept;
std::optional<Field> parse_field_name(std::string_view name) noexcept;
// "Full Name", "Email"…: the header a template writes for the field.
std::string_view field_header(Field f) noexcept;

// The comparison form of a header: lower case, without spaces, '*', '-',
// '_', '.' and a leading BOM, German umlauts folded ("Passwort ändern" ->
// "passwortandern").
std::string header_key(std::string_view header);

struct ColumnMapping {
  std::string header;  // as written in the file (trimmed); "Column D" when blank
  Field field = Field::ignore;
  std::string attribute;  // the attribute's name when field == attribute
};

struct HeaderMapping {
  std::vector<ColumnMapping> columns;  // one per header cell, in file order
  // Column index per field (fields other than attribute/ignore), or -1.
  int column_of[field_count] = {};
  bool has(Field f) const noexcept { return column_of[static_cast<std::size_t>(f)] >= 0; }
  int column(Field f) const noexcept { return column_of[static_cast<std::size_t>(f)]; }
};

struct MappingResult {
  HeaderMapping mapping;
  std::vector<RowIssue> errors;  // row 1 (the header) or 0 (the file)
  std::vector<std::string> warnings;
};

// Maps a header row. "User name" means the person's name when the file has
// no other name column (IT portals label the full name so), and a username
// otherwise; "Username"/"Login"/"Benutzername" are always usernames.
// Unknown headers become attributes or errors with a suggestion; two columns
// for one field, and a file without a name or email column, are errors.
// `email_required`: false when rows may come without email (activation by key).
MappingResult map_headers(std::span<const std::string_view> headers, const ImportOptions& options,
                          bool email_required);

}  // namespace v1
}  // namespace onboard
