// The import report as a person reads it: the plan as a table (row, action,
// name, email, role, and the reason or the changes), then the problems
// grouped by row, like `git status`. Colour only on a terminal, and never
// with NO_COLOR set (https://no-color.org).
#include "import_preview.hpp"
#include "cli.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace onboard::cli {
namespace {

// Code points, as a terminal shows most names (wide CJK aside).
std::size_t width_of(std::string_view s) {
  std::size_t n = 0;
  for (const char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

// At most `max` code points, "…" marking a cut; line breaks and tabs shown as spaces.
std::string fit(std::string_view s, std::size_t max) {
  std::string out;
  std::size_t shown = 0;
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c & 0xC0) != 0x80) {
      if (shown == max) {
        // Keep room for the ellipsis: drop the last code point shown.
        while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) out.pop_back();
        if (!out.empty()) out.pop_back();
        out += "\xE2\x80\xA6";
        return out;
      }
      ++shown;
    }
    out.push_back(c < 0x20 || c == 0x7F ? ' ' : ch);
  }
  return out;
}

std::string pad(const std::string& s, std::size_t width) {
  const std::size_t w = width_of(s);
  return w >= width ? s : s + std::string(width - w, ' ');
}

struct Palette {
  bool on = false;
  std::string paint(std::string_view text, const char* code) const {
    if (!on) return std::string(text);
    return std::string("\033[") + code + "m" + std::string(text) + "\033[0m";
  }
  const char* action(RowAction a) const {
    switch (a) {
      case RowAction::create: return "32";   // green
      case RowAction::update: return "33";   // yellow
      case RowAction::skip: return "2";      // dim
      case RowAction::error: return "31";    // red
      case RowAction::suspend: return "35";  // magenta
    }
    return "0";
  }
};

std::string change_text(const FieldChange& c) {
  std::string field = c.field;
  if (field.starts_with("attribute:")) field = field.substr(10);
  return field + ": \"" + fit(c.before, 40) + "\" \xE2\x86\x92 \"" + fit(c.after, 40) + "\"";
}

void print_plan(const ImportReport& r, const Palette& colour) {
  if (r.plan.empty()) return;
  constexpr std::size_t kName = 28, kEmail = 34, kRole = 16;
  struct Line {
    std::string row, action, name, email, role, what;
    RowAction kind;
  };
  std::vector<Line> lines;
  for (const auto& p : r.plan) {
    Line l{p.action == RowAction::suspend ? std::string("-") : std::to_string(p.row),
           std::string(to_string(p.action)),
           fit(p.name, kName),
           fit(p.email, kEmail),
           fit(p.role, kRole),
           "",
           p.action};
    if (!p.changes.empty()) {
      for (const auto& c : p.changes) l.what += (l.what.empty() ? "" : "; ") + change_text(c);
    } else {
      l.what = fit(p.reason, 80);
    }
    lines.push_back(std::move(l));
  }
  Line head{"Row", "Action", "Name", "Email", "Role", "Reason or changes", RowAction::create};
  std::size_t w[5] = {width_of(head.row), width_of(head.action), width_of(head.name), width_of(head.email),
                      width_of(head.role)};
  for (const auto& l : lines) {
    w[0] = std::max(w[0], width_of(l.row));
    w[1] = std::max(w[1], width_of(l.action));
    w[2] = std::max(w[2], width_of(l.name));
    w[3] = std::max(w[3], width_of(l.email));
    w[4] = std::max(w[4], width_of(l.role));
  }
  std::cout << "\n  "
            << colour.paint(pad(head.row, w[0]) + "  " + pad(head.action, w[1]) + "  " +
                                pad(head.name, w[2]) + "  " + pad(head.email, w[3]) + "  " +
                                pad(head.role, w[4]) + "  " + head.what,
                            "1")
            << "\n";
  for (const auto& l : lines) {
    std::string line = "  " + pad(l.row, w[0]) + "  " +
                       colour.paint(pad(l.action, w[1]), colour.action(l.kind)) + "  " + pad(l.name, w[2]) +
                       "  " + pad(l.email, w[3]) + "  " + pad(l.role, w[4]);
    if (!l.what.empty()) line += "  " + l.what;
    while (!line.empty() && line.back() == ' ') line.pop_back();
    std::cout << line << "\n";
  }
  if (r.plan.size() < static_cast<std::size_t>(r.rows + r.suspended))
    std::cout << "  (" << r.plan.size() << " of " << r.rows + r.suspended << " rows shown)\n";
}

// Problems of the file as a whole first, then row by row in file order.
void print_problems(const ImportReport& r, const Palette& colour) {
  if (r.errors.empty()) return;
  std::map<std::int64_t, std::vector<const RowIssue*>> by_row;
  for (const auto& e : r.errors) by_row[e.row].push_back(&e);
  std::cout << "\n" << colour.paint("Problems:", "1") << "\n";
  for (const auto& [row, issues] : by_row) {
    std::cout << "  " << (row > 0 ? "Row " + std::to_string(row) : std::string("The file")) << ":\n";
    for (const RowIssue* e : issues) {
      std::string where = e->column.empty() ? std::string() : e->column + ": ";
      std::cout << "    " << colour.paint(where + e->message, "31") << " (" << e->code << ")\n";
    }
  }
}

}  // namespace

bool colour_wanted(int fd) {
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && *no_color != '\0') return false;
  return ::isatty(fd) != 0;
}

void print_import_report(const ImportReport& r, bool dry_run, bool colour) {
  const Palette palette{colour};
  std::cout << "Read " << r.file_name << ": " << (r.format.empty() ? "?" : r.format);
  if (!r.encoding.empty()) std::cout << ", " << r.encoding;
  if (!r.delimiter.empty())
    std::cout << ", delimiter \"" << (r.delimiter == "\t" ? "\\t" : r.delimiter) << "\"";
  std::cout << "; " << plural(r.rows, "row", "rows") << ", " << r.valid << " valid.\n";
  for (const auto& w : r.warnings) std::cout << palette.paint("Warning: ", "33") << w << "\n";
  if (!r.hash_schemes.empty()) {
    // Imported password hashes per scheme (docs/migration.md); never the hashes.
    std::cout << "Password hashes:";
    for (std::size_t i = 0; i < r.hash_schemes.size(); ++i) {
      const HashSchemeCount& h = r.hash_schemes[i];
      std::cout << (i == 0 ? " " : ", ") << h.scheme << " " << h.rows;
      if (h.weak) std::cout << " " << palette.paint("(weak)", "33");
    }
    std::cout << ".\n";
  }
  if (dry_run) {
    print_plan(r, palette);
  } else {
    // A run shows what it changed on existing members, and whom it suspended.
    for (const auto& p : r.plan) {
      for (const auto& c : p.changes)
        std::cout << "Row " << p.row << ": " << p.email << " " << change_text(c) << "\n";
      if (p.action == RowAction::suspend && r.committed)
        std::cout << "Suspended " << p.name << " (" << p.email << "): not in the file.\n";
    }
  }
  print_problems(r, palette);
  if (!r.plan.empty() || !r.errors.empty()) std::cout << "\n";
}

}  // namespace onboard::cli
