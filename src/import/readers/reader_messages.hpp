// The sentences readers refuse files with, shared so the CSV and XLSX readers
// word the same problem the same way.
#pragma once

#include <cstdint>
#include <string>

#include "onboard/core/error.hpp"

namespace onboard {
inline namespace v1 {
namespace readers {

// "1 MiB", "64 KiB", "1000 bytes": limits as a person reads them.
std::string describe_size(std::uint64_t bytes);

// "Row 7: a quoted field is never closed." (invalid_input, row set)
Error unclosed_quote(std::int64_t row);
// "Row 3: a cell holds more than 1 MiB of text." (limit_exceeded, row set when known)
Error cell_too_large(std::int64_t row, std::uint64_t limit);

}  // namespace readers
}  // namespace v1
}  // namespace onboard
