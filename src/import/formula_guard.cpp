// The formula guard's rule (include/onboard/import/spreadsheet_safe.hpp), on
// its own: the CSV reader strips the guard, and the fuzzers build the readers
// without the rest of the import layer.
#include <string_view>

#include "onboard/import/spreadsheet_safe.hpp"

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

bool needs_formula_guard(std::string_view cell) noexcept {
  const auto text = cell.find_first_not_of('\'');
  return text != std::string_view::npos && looks_like_formula(cell.substr(text));
}

std::string_view strip_formula_guard(std::string_view cell) noexcept {
  if (!cell.empty() && cell.front() == '\'' && needs_formula_guard(cell)) cell.remove_prefix(1);
  return cell;
}

}  // namespace v1
}  // namespace onboard
