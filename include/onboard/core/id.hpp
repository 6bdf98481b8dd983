// Record identifiers: UUIDv7 (RFC 9562), time-ordered so new rows land at the
// end of an index, random enough that they cannot be guessed.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "onboard/core/clock.hpp"

namespace onboard {
inline namespace v1 {

// A new UUIDv7 in canonical lower-case text form, its time taken from `clock`
// (millisecond precision from the system clock within the clock's second).
std::string new_id(const Clock& clock);
// Appends `count` new ids to `out`, in creation order, the same as calling
// new_id() `count` times but with one random draw per 256 ids.
void new_ids(const Clock& clock, std::size_t count, std::vector<std::string>& out);
// True for a canonical UUID text (36 characters, hex and dashes).
bool is_valid_id(std::string_view text) noexcept;

}  // namespace v1
}  // namespace onboard
