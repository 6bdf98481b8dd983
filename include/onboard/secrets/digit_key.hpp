// Registration keys made only of digits, for people who type them from paper
// or a phone: random digits and a final Damm check digit, so any single wrong
// digit or swap of two neighbours is caught before it costs an attempt.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "onboard/core/error.hpp"

namespace onboard {
inline namespace v1 {

constexpr std::size_t org_key_digits = 10;   // multi-use organization key
constexpr std::size_t user_key_digits = 29;  // one-use key of a pre-created user

// A fresh key of `digits` ASCII digits (at least 2): digits-1 uniformly random
// digits and the Damm check digit. Shown once; stored as Keyring::hmac().
std::string generate_digit_key(std::size_t digits);

// The Damm check digit ('0'..'9') of a string of ASCII digits.
char damm_check_digit(std::string_view digits);

// True when `digits` is non-empty, all ASCII digits, and ends in its check digit.
bool damm_valid(std::string_view digits);

// The canonical ASCII digits of a key a person typed: spaces, dashes and
// their Unicode cousins are dropped, full-width and other Unicode digits read
// as digits. Errors (invalid_input): other characters ("key.characters"), a
// key a spreadsheet turned into a number ("key.spreadsheet"), the wrong number
// of digits ("key.length"), a wrong check digit ("key.typo" — a typo, which
// throttling should not count as a guess).
Result<std::string> normalize_digit_key(std::string_view typed, std::size_t digits);

// The key as shown to people: groups of five from the left, separated by a
// space ("12345 67890"; the last group may be shorter).
std::string group_digit_key(std::string_view digits);

}  // namespace v1
}  // namespace onboard
