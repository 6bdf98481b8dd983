#include "onboard/import/spreadsheet_safe.hpp"

#include <charconv>
#include <cstring>
#include <map>
#include <vector>

#include "core/large_memory.hpp"

namespace onboard {
inline namespace v1 {

namespace {

// Writes `cell` quoted and made safe at `p`, which has room for 2·size + 3
// bytes (every quote doubled, the two around it, the apostrophe); returns
// the end. Whole runs between quotes are copied at once.
char* write_safe_field(char* p, std::string_view cell) {
  *p++ = '"';
  if (needs_formula_guard(cell)) *p++ = '\'';
  while (!cell.empty()) {  // an empty view's data() may be null, which memchr must not see
    const auto* quote = static_cast<const char*>(std::memchr(cell.data(), '"', cell.size()));
    if (quote == nullptr) break;
    const auto run = static_cast<std::size_t>(quote - cell.data()) + 1;
    std::memcpy(p, cell.data(), run);
    p += run;
    *p++ = '"';
    cell.remove_prefix(run);
  }
  if (!cell.empty()) std::memcpy(p, cell.data(), cell.size());
  p += cell.size();
  *p++ = '"';
  return p;
}

// One row: the string grows once by a bound on the row's length and is cut
// back to what was written (a million-row credentials file is six million
// fields, and appending them piece by piece cost more than the rest).
void append_row(std::string& out, std::initializer_list<std::string_view> cells) {
  std::size_t bound = 2;                                       // CRLF
  for (std::string_view c : cells) bound += 2 * c.size() + 4;  // the field, its comma
  const std::size_t at = out.size();
  out.resize(at + bound);
  char* const begin = out.data();
  char* p = begin + at;
  bool first = true;
  for (std::string_view c : cells) {
    if (!first) *p++ = ',';
    first = false;
    p = write_safe_field(p, c);
  }
  *p++ = '\r';
  *p++ = '\n';
  out.resize(static_cast<std::size_t>(p - begin));
}

// Reading a few entries ahead: after sort_by_row the entries are in file
// order but their text is in the order the import wrote it, so without it
// every row waits for memory (measured: docs/performance.md, "Log").
constexpr std::size_t kPrefetchAhead = 8;
constexpr std::size_t kBytesPerRow = 96;  // a guess at one row, to reserve

}  // namespace

void append_safe_csv_field(std::string& out, std::string_view cell) {
  const std::size_t at = out.size();
  out.resize(at + 2 * cell.size() + 3);
  char* const begin = out.data();
  out.resize(static_cast<std::size_t>(write_safe_field(begin + at, cell) - begin));
}

std::string credentials_csv(const ImportReport& report) { return credentials_csv(report.credentials); }

std::string credentials_csv(const CredentialList& list) {
  std::string out = "\xEF\xBB\xBF";  // so spreadsheet programs read UTF-8
  out.reserve(out.size() + list.size() * kBytesPerRow);
  advise_huge_pages(out.data(), out.capacity());
  append_row(out, {"Row", "Email", "Username", "Name", "Password", "Activation key"});
  for (std::size_t i = 0; i < list.size(); ++i) {
    list.prefetch(i + kPrefetchAhead);
    const CredentialView c = list.view(i);
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
    if (row < report.header_row) {  // a title above the header: kept as it is
      for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i > 0) out.push_back(',');
        append_safe_csv_field(out, cells[i]);
      }
      out += "\r\n";
      continue;
    }
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
