#include "storage/records/sql.hpp"

namespace onboard {
inline namespace v1 {
namespace records {

std::string column_list(std::span<const std::string_view> names, std::string_view prefix) {
  std::string out;
  for (std::string_view name : names) {
    if (!out.empty()) out += ", ";
    out += prefix;
    out += name;
  }
  return out;
}

std::string column_list_with(std::span<const std::string_view> names, std::string_view column,
                             std::string_view expression) {
  std::string out;
  for (std::string_view name : names) {
    if (!out.empty()) out += ", ";
    out += name == column ? expression : name;
  }
  return out;
}

std::string placeholders(char mark, int first, int count) {
  std::string out;
  for (int i = 0; i < count; ++i) {
    if (i > 0) out += ',';
    out += mark;
    out += std::to_string(first + i);
  }
  return out;
}

std::string assignments(std::span<const std::string_view> names, std::size_t skip, char mark) {
  std::string out;
  for (std::size_t i = skip; i < names.size(); ++i) {
    if (!out.empty()) out += ", ";
    out += names[i];
    out += '=';
    out += mark;
    out += std::to_string(i + 1);
  }
  return out;
}

std::string concat(std::initializer_list<std::string_view> pieces) {
  std::size_t size = 0;
  for (std::string_view p : pieces) size += p.size();
  std::string out;
  out.reserve(size);
  for (std::string_view p : pieces) out += p;
  return out;
}

}  // namespace records
}  // namespace v1
}  // namespace onboard
