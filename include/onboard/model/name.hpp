// Cleaning text people type (names, labels, free-text fields): valid UTF-8,
// one Unicode form (NFC), trimmed, no control characters, bounded length.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "onboard/core/error.hpp"

namespace onboard {
inline namespace v1 {

// Longest accepted name, in code points.
inline constexpr std::size_t max_name_chars = 200;

// Returns `text` as NFC, trimmed of Unicode white space, or an
// Errc::invalid_input error whose sentence names `field_label` ("first name"):
// invalid UTF-8 ("text.invalid_utf8"), a control character such as tab, CR,
// LF, NUL or U+2028 ("text.control_character"), more than `max_chars` code
// points ("text.too_long"). Blank text gives an empty string.
Result<std::string> clean_text(std::string_view text, std::string_view field_label, std::size_t max_chars);

// clean_text with the name limit (max_name_chars).
Result<std::string> clean_name(std::string_view text, std::string_view field_label);

struct PersonName {
  std::string first;
  std::string last;
  std::string display;
};

// Splits a full name: the last white-space-separated word is the last name,
// the rest the first name; a single word is a first name only. `display` is
// the cleaned full name. Errors as clean_name (field "full name").
Result<PersonName> split_full_name(std::string_view full);

// split_full_name for the common case, plain ASCII text without control
// characters and within max_name_chars, into the three strings (reusing
// their buffers, as an import does for every row): true when done; false,
// changing nothing, when split_full_name must handle the text.
bool split_plain_ascii_name(std::string_view full, std::string& first, std::string& last,
                            std::string& display);

// True when `text` holds a control character: C0, DEL, C1 (Unicode's Cc) or
// a line or paragraph separator (U+2028, U+2029), anything that could end a
// mail header line or hide in a spreadsheet cell. The one such rule, for
// names, text fields and email addresses alike; `text` need not be valid
// UTF-8 (an invalid byte is skipped, never taken for a control).
bool has_control_character(std::string_view text) noexcept;

// True when `text` is well-formed UTF-8 (no overlongs, surrogates or code
// points above U+10FFFF).
bool is_valid_utf8(std::string_view text) noexcept;

// A short, printable excerpt of untrusted text to quote in an error message:
// at most `max_chars` code points (then "…"), control characters and invalid
// bytes replaced by U+FFFD, so a message never carries a line break or 10 KB.
std::string excerpt_for_message(std::string_view text, std::size_t max_chars = 60);

}  // namespace v1
}  // namespace onboard
