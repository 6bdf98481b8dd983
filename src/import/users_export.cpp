#include "onboard/import/users_export.hpp"

#include <set>
#include <vector>

#include "import/xlsx_book.hpp"
#include "onboard/import/field_mapping.hpp"
#include "onboard/import/spreadsheet_safe.hpp"

namespace onboard {
inline namespace v1 {
namespace {

constexpr std::string_view kPhone = "Phone";
constexpr std::string_view kChangePassword = "Change password next time";
constexpr std::string_view kStatus = "Status";

// The attribute names of `users`, Phone first (a template column), the
// others sorted; a name that folds like one kept already is left out, as
// the import would refuse two columns that fold alike.
std::vector<std::string> attribute_names(std::span<const User> users) {
  std::set<std::string> names;
  for (const auto& u : users)
    for (const auto& [name, value] : u.attributes) names.insert(name);
  std::vector<std::string> out{std::string(kPhone)};
  std::set<std::string> keys{header_key(kPhone)};
  for (const auto& name : names)
    if (keys.insert(header_key(name)).second) out.push_back(name);
  return out;
}

std::string join_teams(const std::vector<std::string>& teams) {
  std::string out;
  for (const auto& t : teams) out += (out.empty() ? "" : "; ") + t;
  return out;
}

// One user's cells in the order of export_headers.
void row_of(const User& u, const std::vector<std::string>& attributes, std::vector<std::string>& cells) {
  cells.clear();
  cells.push_back(u.display_name);
  cells.push_back(u.first_name);
  cells.push_back(u.last_name);
  cells.push_back(u.email);
  cells.push_back(u.username);
  cells.push_back(u.role);
  cells.push_back(u.office);
  cells.push_back(join_teams(u.teams));
  cells.push_back(u.external_id);
  for (const auto& name : attributes) {
    const auto it = u.attributes.find(name);
    cells.push_back(it == u.attributes.end() ? std::string() : it->second);
  }
  cells.emplace_back(u.must_change_password ? "1" : "0");
  cells.emplace_back(to_string(u.status));
}

std::string as_csv(std::span<const User> users) {
  const auto attributes = attribute_names(users);
  std::string out = "\xEF\xBB\xBF";
  auto append = [&](const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (i > 0) out.push_back(',');
      append_safe_csv_field(out, cells[i]);
    }
    out += "\r\n";
  };
  append(export_headers(users));
  std::vector<std::string> cells;
  for (const auto& u : users) {
    row_of(u, attributes, cells);
    append(cells);
  }
  return out;
}

Result<std::string> as_xlsx(std::span<const User> users) {
  return xlsx_bytes("export", "export", [&](lxw_workbook* wb) {
    lxw_worksheet* sheet = workbook_add_worksheet(wb, "Users");
    lxw_format* bold = workbook_add_format(wb);
    format_set_bold(bold);
    lxw_format* text = workbook_add_format(wb);
    format_set_num_format(text, "@");

    const auto headers = export_headers(users);
    for (std::size_t c = 0; c < headers.size(); ++c) {
      const auto col = static_cast<lxw_col_t>(c);
      worksheet_write_string(sheet, 0, col, headers[c].c_str(), bold);
      worksheet_set_column(sheet, col, col, 22, text);
    }
    worksheet_freeze_panes(sheet, 1, 0);
    const auto attributes = attribute_names(users);
    std::vector<std::string> cells;
    lxw_row_t row = 1;
    for (const auto& u : users) {
      row_of(u, attributes, cells);
      for (std::size_t c = 0; c < cells.size(); ++c) {
        if (cells[c].empty()) continue;
        // A string cell with the text format: never a formula, not even
        // after someone edits it, so its text needs no guard.
        worksheet_write_string(sheet, row, static_cast<lxw_col_t>(c), cells[c].c_str(), text);
      }
      ++row;
    }
  });
}

}  // namespace

Result<ExportFormat> parse_export_format(std::string_view text) {
  if (text == "csv") return ExportFormat::csv;
  if (text == "xlsx") return ExportFormat::xlsx;
  return Error{Errc::invalid_input,
               "\"" + std::string(text.substr(0, 40)) + "\" is not an export format; use csv or xlsx.",
               "export.format"};
}

std::vector<std::string> export_headers(std::span<const User> users) {
  std::vector<std::string> out;
  for (Field f : {Field::full_name, Field::first_name, Field::last_name, Field::email, Field::username,
                  Field::role, Field::office, Field::team, Field::external_id})
    out.emplace_back(field_header(f));
  for (auto& name : attribute_names(users)) out.push_back(std::move(name));
  out.emplace_back(kChangePassword);
  out.emplace_back(kStatus);
  return out;
}

Result<std::string> export_users_file(std::span<const User> users, ExportFormat format) {
  if (format == ExportFormat::xlsx) return as_xlsx(users);
  return as_csv(users);
}

}  // namespace v1
}  // namespace onboard
