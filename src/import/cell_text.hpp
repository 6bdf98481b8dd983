// What counts as white space around a cell and as a blank cell, shared by the
// readers (a row of blank cells is no row) and the validator (a cell is read
// without the white space around it), so the two never disagree.
#pragma once

#include <string_view>

namespace onboard {
inline namespace v1 {

// The length of the space character at the start of `s` (a space, a tab, a
// no-break or other Unicode space separator), or 0.
inline std::size_t leading_space_length(std::string_view s) noexcept {
  if (s.empty()) return 0;
  const auto b0 = static_cast<unsigned char>(s[0]);
  if (b0 == ' ' || b0 == '\t') return 1;
  if (b0 < 0xC2) return 0;
  const auto b1 = s.size() > 1 ? static_cast<unsigned char>(s[1]) : 0;
  if (b0 == 0xC2) return b1 == 0xA0 ? 2 : 0;  // U+00A0 NO-BREAK SPACE
  if (s.size() < 3) return 0;
  const auto b2 = static_cast<unsigned char>(s[2]);
  if (b0 == 0xE1 && b1 == 0x9A && b2 == 0x80) return 3;  // U+1680
  if (b0 == 0xE2 && b1 == 0x80 && ((b2 >= 0x80 && b2 <= 0x8A) || b2 == 0xAF))
    return 3;                                            // U+2000-200A, U+202F
  if (b0 == 0xE2 && b1 == 0x81 && b2 == 0x9F) return 3;  // U+205F
  if (b0 == 0xE3 && b1 == 0x80 && b2 == 0x80) return 3;  // U+3000
  return 0;
}

// The same at the end of `s`.
inline std::size_t trailing_space_length(std::string_view s) noexcept {
  if (s.empty()) return 0;
  const auto last = static_cast<unsigned char>(s.back());
  if (last == ' ' || last == '\t') return 1;
  if (last < 0x80) return 0;
  if (s.size() >= 2 && leading_space_length(s.substr(s.size() - 2)) == 2) return 2;
  if (s.size() >= 3 && leading_space_length(s.substr(s.size() - 3)) == 3) return 3;
  return 0;
}

// `s` without the spaces, tabs and no-break spaces around it.
inline std::string_view trim_cell(std::string_view s) noexcept {
  for (std::size_t n; (n = leading_space_length(s)) != 0;) s.remove_prefix(n);
  for (std::size_t n; (n = trailing_space_length(s)) != 0;) s.remove_suffix(n);
  return s;
}

// True when `s` holds nothing but spaces, tabs and no-break spaces.
inline bool is_blank_cell(std::string_view s) noexcept {
  for (std::size_t n; !s.empty(); s.remove_prefix(n))
    if ((n = leading_space_length(s)) == 0) return false;
  return true;
}

}  // namespace v1
}  // namespace onboard
