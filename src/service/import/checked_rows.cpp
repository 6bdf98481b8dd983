#include "service/import/checked_rows.hpp"

namespace onboard {
inline namespace v1 {
namespace import_detail {

std::string reader_code(const Error& e) {
  if (!e.detail_code.empty()) return e.detail_code;
  switch (e.code) {
    case Errc::limit_exceeded: return "limit.cell";
    case Errc::unsupported_format: return "file.unsupported";
    default: return "file.unreadable";
  }
}

std::string too_many_rows_message(std::uint64_t max_rows) {
  return "The file has more than " + std::to_string(max_rows) + " rows of people; the limit is " +
         std::to_string(max_rows) + ".";
}

}  // namespace import_detail
}  // namespace v1
}  // namespace onboard
