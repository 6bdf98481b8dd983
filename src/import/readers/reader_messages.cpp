#include "import/readers/reader_messages.hpp"

#include <cmath>

namespace onboard {
inline namespace v1 {
namespace readers {

std::string describe_size(std::uint64_t bytes) {
  constexpr std::uint64_t kKiB = 1024;
  constexpr std::uint64_t kMiB = kKiB * 1024;
  constexpr std::uint64_t kGiB = kMiB * 1024;
  // The largest unit the size reaches; a whole number when exact, else one
  // decimal ("11.0 MiB; the limit is 10 MiB", never bytes beside MiB).
  const auto in_unit = [](std::uint64_t n, std::uint64_t unit, const char* name) {
    if (n % unit == 0) return std::to_string(n / unit) + name;
    const auto tenths =
        static_cast<std::uint64_t>(std::llround(static_cast<double>(n) / static_cast<double>(unit) * 10.0));
    return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + name;
  };
  if (bytes >= kGiB) return in_unit(bytes, kGiB, " GiB");
  if (bytes >= kMiB) return in_unit(bytes, kMiB, " MiB");
  if (bytes >= kKiB) return in_unit(bytes, kKiB, " KiB");
  return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
}

Error unclosed_quote(std::int64_t row) {
  Error error(Errc::invalid_input, "Row " + std::to_string(row) + ": a quoted field is never closed.",
              "file.unclosed_quote");
  error.row = row;
  return error;
}

Error cell_too_large(std::int64_t row, std::uint64_t limit) {
  std::string where = row > 0 ? "Row " + std::to_string(row) + ": a cell" : "A cell";
  Error error(Errc::limit_exceeded, where + " holds more than " + describe_size(limit) + " of text.",
              "file.cell_too_large");
  if (row > 0) error.row = row;
  return error;
}

}  // namespace readers
}  // namespace v1
}  // namespace onboard
