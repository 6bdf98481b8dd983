#include "import/readers/reader_messages.hpp"

#include <cmath>

namespace onboard {
inline namespace v1 {
namespace readers {

std::string describe_size(std::uint64_t bytes) {
  constexpr std::uint64_t kKiB = 1024;
  constexpr std::uint64_t kMiB = kKiB * 1024;
  constexpr std::uint64_t kGiB = kMiB * 1024;
  if (bytes >= kGiB && bytes % kGiB == 0) return std::to_string(bytes / kGiB) + " GiB";
  if (bytes >= kMiB && bytes % kMiB == 0) return std::to_string(bytes / kMiB) + " MiB";
  if (bytes >= kKiB && bytes % kKiB == 0) return std::to_string(bytes / kKiB) + " KiB";
  // Not a whole number of units: one decimal, in the unit a limit would use
  // ("11.0 MiB; the limit is 10 MiB", never bytes beside MiB).
  const auto tenths = [](std::uint64_t n, std::uint64_t unit) {
    const auto t =
        static_cast<std::uint64_t>(std::llround(static_cast<double>(n) / static_cast<double>(unit) * 10.0));
    return std::to_string(t / 10) + "." + std::to_string(t % 10);
  };
  if (bytes >= kGiB) return tenths(bytes, kGiB) + " GiB";
  if (bytes >= kMiB) return tenths(bytes, kMiB) + " MiB";
  if (bytes >= kKiB) return tenths(bytes, kKiB) + " KiB";
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
