// The sentences readers refuse files with, shared so the CSV and XLSX readers
// word the same problem the same way.
#pragma once

#include <cstdint>
#include <string>

#include "onboard/core/error.hpp"

namespace onboard {
inline namespace v1 {
namespace readers {

// "1 MiB", "64 KiB", "11.0 MiB", "1000 bytes": sizes and limits as a person
// reads them, a whole unit when exact, else one decimal.
std::string describe_size(std::uint64_t bytes);

// "Row 7: a quoted field is never closed." (invalid_input, row set)
Error unclosed_quote(std::int64_t row);
// "Row 3: a cell holds more than 1 MiB of text." (limit_exceeded, row set when known)
Error cell_too_large(std::int64_t row, std::uint64_t limit);

}  // namespace readers
}  // namespace v1
}  // namespace onboard
