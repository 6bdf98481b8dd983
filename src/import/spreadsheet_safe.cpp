#include "onboard/import/spreadsheet_safe.hpp"

#include <charconv>
#include <map>
#include <vector>

namespace onboard {
inline namespace v1 {

bool looks_like_formula(std::string_view cell) noexcept {
  if (cell.empty()) return false;
  switch (cell.front()) {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r':
    case '\n': return true;
    default: return false;
  }
}

void append_safe_csv_field(std::string& out, std::string_view cell) {
  out.push_back('"');
  if (looks_like_formula(cell)) out.push_back('\'');
  // Whole runs between quotes at a time: a million-row credentials file is
  // five million fields.
  for (;;) {
    const std::size_t quote = cell.find('"');
    if (quote == std::string_view::npos) break;
    out.append(cell.substr(0, quote + 1)).push_back('"');
    cell.remove_prefix(quote + 1);
  }
  out.append(cell).push_back('"');
}

namespace {

void append_row(std::string& out, std::initializer_list<std::string_view> cells) {
  bool first = true;
  for (std::string_view c : cells) {
    if (!first) out.push_back(',');
    first = false;
    append_safe_csv_field(out, c);
  }
  out += "\r\n";
}

}  // namespace

std::string credentials_csv(const ImportReport& report) {
  std::string out = "\xEF\xBB\xBF";  // so spreadsheet programs read UTF-8
  out.reserve(out.size() + report.credentials.size() * 96);
  append_row(out, {"Row", "Email", "Username", "Name", "Password", "Activation key"});
  for (std::size_t i = 0; i < report.credentials.size(); ++i) {
    const CredentialView c = report.credentials.view(i);
    char row[24];
    const auto printed = std::to_chars(row, row + sizeof row, c.row);
    append_row(out, {std::string_view(row, static_cast<std::size_t>(printed.ptr - row)), c.email, c.username,
                     c.display_name, c.password, c.activation_key});
  }
  return out;
}

Result<std::string> annotated_csv(std::string_view bytes, std::string_view file_name,
                                  const ImportReport& report, const ReaderLimits& limits) {
  std::map<std::int64_t, std::string> notes;
  for (const auto& e : report.errors) {
    std::string& note = notes[e.row];
    if (!note.empty()) note += " ";
    if (!e.column.empty()) note += e.column + ": ";
    note += e.message;
  }
  ONB_ASSIGN(auto reader, open_table(bytes, file_name, limits));
  std::string out = "\xEF\xBB\xBF";
  std::vector<std::string_view> cells;
  std::int64_t row = 0;
  bool header = true;
  std::size_t width = 0;
  for (;;) {
    ONB_ASSIGN(bool more, reader->next(cells, row));
    if (!more) break;
    if (header) width = cells.size();
    for (std::size_t i = 0; i < std::max(width, cells.size()); ++i) {
      if (i > 0) out.push_back(',');
      append_safe_csv_field(out, i < cells.size() ? cells[i] : std::string_view{});
    }
    out.push_back(',');
    if (header) {
      append_safe_csv_field(out, "Errors");
      header = false;
    } else {
      const auto it = notes.find(row);
      append_safe_csv_field(out, it == notes.end() ? std::string_view{} : std::string_view(it->second));
    }
    out += "\r\n";
  }
  return out;
}

}  // namespace v1
}  // namespace onboard
