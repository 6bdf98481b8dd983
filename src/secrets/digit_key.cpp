#include "onboard/secrets/digit_key.hpp"

#include <sodium.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <cstdint>
#include <stdexcept>

#include "onboard/secrets/crypto_init.hpp"

namespace onboard {
inline namespace v1 {

namespace {

// The Damm algorithm's totally anti-symmetric quasigroup of order 10 (Damm
// 2004): detects every single-digit error and every adjacent transposition.
constexpr std::uint8_t damm_table[10][10] = {
    {0, 3, 1, 7, 5, 9, 8, 6, 4, 2}, {7, 0, 9, 2, 1, 5, 4, 8, 6, 3}, {4, 2, 0, 6, 8, 7, 1, 3, 5, 9},
    {1, 7, 5, 0, 9, 8, 3, 4, 2, 6}, {6, 1, 2, 3, 0, 4, 5, 9, 7, 8}, {3, 6, 7, 4, 2, 0, 9, 5, 8, 1},
    {5, 8, 6, 9, 7, 2, 0, 1, 3, 4}, {8, 9, 4, 5, 3, 6, 2, 0, 1, 7}, {9, 4, 3, 8, 6, 1, 7, 2, 0, 5},
    {2, 5, 8, 1, 4, 3, 6, 7, 9, 0},
};

int damm_interim(std::string_view digits) {
  int interim = 0;
  for (char c : digits) interim = damm_table[interim][c - '0'];
  return interim;
}

bool all_ascii_digits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

constexpr std::size_t spreadsheet_precision = 15;

bool is_ascii_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }

// "1.23457E+28", "1,23457E+28" (a comma-decimal locale), "1E+28": what Excel
// shows for a long number typed into a General cell.
bool looks_like_scientific_notation(std::string_view s) {
  std::size_t i = 0;
  auto digit_run = [&] {
    std::size_t start = i;
    while (i < s.size() && is_ascii_digit(s[i])) ++i;
    return i > start;
  };
  if (!digit_run()) return false;
  if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
    ++i;
    if (!digit_run()) return false;
  }
  if (i >= s.size() || (s[i] != 'E' && s[i] != 'e')) return false;
  ++i;
  if (i < s.size() && s[i] == '+') ++i;
  return digit_run() && i == s.size();
}

// Characters people and word processors put between groups of digits.
bool is_separator(UChar32 c) {
  if (c == '-' || c == ' ' || c == '\t' || c == '\r' || c == '\n') return true;
  if (c == 0x2212) return true;  // MINUS SIGN
  auto type = u_charType(c);
  return type == U_SPACE_SEPARATOR || type == U_DASH_PUNCTUATION;
}

}  // namespace

std::string generate_digit_key(std::size_t digits) {
  if (digits < 2) throw std::invalid_argument("a digit key needs at least 2 digits");
  init_crypto();
  std::string key;
  key.reserve(digits);
  // randombytes_uniform avoids modulo bias: every digit is exactly 1 in 10.
  for (std::size_t i = 0; i + 1 < digits; ++i)
    key.push_back(static_cast<char>('0' + randombytes_uniform(10)));
  key.push_back(damm_check_digit(key));
  return key;
}

char damm_check_digit(std::string_view digits) {
  if (!all_ascii_digits(digits)) throw std::invalid_argument("damm_check_digit needs ASCII digits");
  return static_cast<char>('0' + damm_interim(digits));
}

bool damm_valid(std::string_view digits) {
  return !digits.empty() && all_ascii_digits(digits) && damm_interim(digits) == 0;
}

Result<std::string> normalize_digit_key(std::string_view typed, std::size_t digits) {
  std::string_view trimmed = typed;
  while (!trimmed.empty() && is_ascii_space(trimmed.front())) trimmed.remove_prefix(1);
  while (!trimmed.empty() && is_ascii_space(trimmed.back())) trimmed.remove_suffix(1);
  // Only the spreadsheet's own rendering (at most ~20 characters) is echoed;
  // it keeps 6 of the key's digits, too few to guess the rest from.
  if (trimmed.size() <= 24 && looks_like_scientific_notation(trimmed)) {
    return Error(Errc::invalid_input,
                 "This key went through a spreadsheet that turned it into a number (" + std::string(trimmed) +
                     "); copy the key from the original document.",
                 "key.spreadsheet");
  }

  std::string key;
  key.reserve(digits);
  std::size_t count = 0;
  const auto* s = reinterpret_cast<const std::uint8_t*>(trimmed.data());
  const auto length = static_cast<std::int64_t>(trimmed.size());
  for (std::int64_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c >= 0 && u_charType(c) == U_DECIMAL_DIGIT_NUMBER) {
      // Full-width, Arabic-Indic, Devanagari… digits mean the same digit.
      if (key.size() < digits) key.push_back(static_cast<char>('0' + u_charDigitValue(c)));
      ++count;
    } else if (c < 0 || !is_separator(c)) {
      return Error(Errc::invalid_input, "A registration key has only digits, spaces and dashes.",
                   "key.characters");
    }
  }
  if (count != digits) {
    std::string expected = "A registration key has " + std::to_string(digits) + " digits; ";
    return Error(
        Errc::invalid_input,
        expected + (count == 0 ? "this one is empty." : "this one has " + std::to_string(count) + "."),
        "key.length");
  }
  // Spreadsheets keep 15 significant digits and fill the rest with zeros; a
  // random key ends in 14 zeros once in 10^14.
  if (digits > spreadsheet_precision &&
      key.find_first_not_of('0', spreadsheet_precision) == std::string::npos) {
    return Error(
        Errc::invalid_input,
        "This key went through a spreadsheet that replaced its last digits with zeros; copy the key from "
        "the original document.",
        "key.spreadsheet");
  }
  if (!damm_valid(key)) {
    return Error(Errc::invalid_input, "This key has a typo: please check the digits again.", "key.typo");
  }
  return key;
}

std::string group_digit_key(std::string_view digits) {
  std::string grouped;
  grouped.reserve(digits.size() + digits.size() / 5);
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && i % 5 == 0) grouped.push_back(' ');
    grouped.push_back(digits[i]);
  }
  return grouped;
}

}  // namespace v1
}  // namespace onboard
