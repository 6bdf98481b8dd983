// How a worksheet cell's stored value becomes the text a person saw in the
// spreadsheet: numbers as typed, dates from their number format.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace onboard {
inline namespace v1 {
namespace readers {

enum class DateKind { none, date, time, date_time };

// What a number format shows: built-in ids 14-22, 27-36, 45-47, 50-58 are
// dates or times; a custom format is one when it has d, m, y (date) or h, s
// (time) outside quotes, escapes and [brackets] ([h] elapsed hours count).
DateKind classify_number_format(int format_id, std::string_view format_code);
DateKind classify_builtin_number_format(int format_id);

// A plain number format ("00000", "0.00", "#,##0", "000-0000", "\"ID \"0"):
// digit placeholders (0 # ?), one decimal point, thousands grouping and
// literal text. Dates, times, percentages, fractions, scientific notation,
// colours and several sections' own rules are not plain.
struct PlainNumberFormat {
  struct Item {
    enum Kind : unsigned char { zero, hash, question, literal } kind;
    std::string text;  // for literal
  };
  std::vector<Item> integer;   // before the decimal point, in order
  std::vector<Item> fraction;  // after it
  bool point = false;
  bool grouping = false;
};

// The plain format `code` describes (its first section), or nothing when it is
// not one. Built-in ids 1-4 are "0", "0.00", "#,##0" and "#,##0.00".
std::optional<PlainNumberFormat> parse_plain_number_format(std::string_view code);
std::optional<PlainNumberFormat> builtin_plain_number_format(int format_id);

// Appends stored number `stored` as `format` shows it (00123 for 123 with
// "00000"). Falls back to append_number for text that is no number or a
// value too large to show digit for digit.
void append_formatted_number(std::string& out, std::string_view stored, const PlainNumberFormat& format);

// Appends a stored number (`<v>` text) as a person would have typed it:
// integers in full (442071234567), others in the shortest form that reads
// back the same. Text that is no number is appended unchanged.
void append_number(std::string& out, std::string_view stored);

// Appends serial `stored` as "YYYY-MM-DD", "HH:MM:SS" or "YYYY-MM-DD
// HH:MM:SS" (1900 date system with Lotus's 29 February 1900, or 1904).
// Falls back to append_number for serials no date can have.
void append_date(std::string& out, std::string_view stored, DateKind kind, bool date1904);

// Decodes the _xHHHH_ escapes Excel writes for characters XML cannot hold
// (e.g. _x000D_ for CR); _x005F_ escapes a literal underscore.
void decode_ooxml_escapes(std::string& text, std::size_t from);

}  // namespace readers
}  // namespace v1
}  // namespace onboard
