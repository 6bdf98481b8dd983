// Case-insensitive substring search shared by every backend, so the users
// list filter matches "müller" against "MÜLLER" the same way everywhere.
#pragma once

#include <string>
#include <string_view>

namespace onboard {
inline namespace v1 {

// Full Unicode case folding of UTF-8 text (invalid bytes become U+FFFD).
std::string fold_case(std::string_view text);
// True when fold_case(haystack) contains `folded_needle` (already folded).
bool contains_folded(std::string_view haystack, std::string_view folded_needle);

}  // namespace v1
}  // namespace onboard
