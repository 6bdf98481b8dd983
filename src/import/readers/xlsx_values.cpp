#include "import/readers/xlsx_values.hpp"

#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <system_error>

namespace onboard {
inline namespace v1 {
namespace readers {
namespace {

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool parse_double(std::string_view text, double& value) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size() && std::isfinite(value);
}

void append_two_digits(std::string& out, int value) {
  out.push_back(static_cast<char>('0' + value / 10));
  out.push_back(static_cast<char>('0' + value % 10));
}

void append_time_of_day(std::string& out, std::int64_t seconds) {
  append_two_digits(out, static_cast<int>(seconds / 3600));
  out.push_back(':');
  append_two_digits(out, static_cast<int>(seconds / 60 % 60));
  out.push_back(':');
  append_two_digits(out, static_cast<int>(seconds % 60));
}

void append_utf8(std::string& out, std::uint32_t code) {
  if (code < 0x80) {
    out.push_back(static_cast<char>(code));
  } else if (code < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (code >> 6)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xE0 | (code >> 12)));
    out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  }
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = lower(c);
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

DateKind classify_builtin_number_format(int id) {
  if ((id >= 14 && id <= 17) || (id >= 27 && id <= 36) || (id >= 50 && id <= 58)) return DateKind::date;
  if ((id >= 18 && id <= 21) || (id >= 45 && id <= 47)) return DateKind::time;
  if (id == 22) return DateKind::date_time;
  return DateKind::none;
}

DateKind classify_number_format(int format_id, std::string_view code) {
  if (code.empty()) return classify_builtin_number_format(format_id);
  bool day_or_year = false, month_or_minute = false, hour_or_second = false;
  for (std::size_t i = 0; i < code.size(); ++i) {
    char c = lower(code[i]);
    if (c == ';') break;  // the first section is the one positive numbers use
    if (c == '"') {
      auto close = code.find('"', i + 1);
      if (close == std::string_view::npos) break;
      i = close;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;  // an escaped, padding or fill character
    } else if (c == '[') {
      auto close = code.find(']', i + 1);
      if (close == std::string_view::npos) break;
      std::string_view inside = code.substr(i + 1, close - i - 1);
      // [h], [mm], [ss] are elapsed times; anything else ([Red], [$-409]) is not.
      if (!inside.empty() && inside.find_first_not_of("hHmMsS") == std::string_view::npos)
        hour_or_second = true;
      i = close;
    } else if (c == 'd' || c == 'y') {
      day_or_year = true;
    } else if (c == 'm') {
      month_or_minute = true;
    } else if (c == 'h' || c == 's') {
      hour_or_second = true;
    }
  }
  bool has_date = day_or_year || (month_or_minute && !hour_or_second);
  if (has_date && hour_or_second) return DateKind::date_time;
  if (has_date) return DateKind::date;
  if (hour_or_second) return DateKind::time;
  return DateKind::none;
}

void append_number(std::string& out, std::string_view stored) {
  double value = 0;
  if (!parse_double(stored, value)) {
    out.append(stored);
    return;
  }
  char buffer[64];
  std::to_chars_result written{};
  if (value == std::floor(value) && std::fabs(value) < 1e17) {
    // Phone numbers and IDs typed as numbers must come back digit for digit.
    written = std::to_chars(buffer, buffer + sizeof buffer, static_cast<std::int64_t>(value));
  } else {
    written = std::to_chars(buffer, buffer + sizeof buffer, value);
    // Excel shows 15 significant digits, so a computed 0.30000000000000004
    // is 0.3 to the person who saw it.
    std::size_t digits = 0;
    for (const char* p = buffer; p < written.ptr && *p != 'e'; ++p) digits += (*p >= '0' && *p <= '9');
    if (digits > 15) {
      written = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::general, 15);
    }
  }
  out.append(buffer, written.ptr);
}

std::optional<PlainNumberFormat> parse_plain_number_format(std::string_view code) {
  PlainNumberFormat format;
  bool any_digit = false;
  bool grouping_comma = false;
  const auto add = [&](PlainNumberFormat::Item item) {
    (format.point ? format.fraction : format.integer).push_back(std::move(item));
  };
  for (std::size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (c == ';') break;  // the first section is the one positive numbers use
    switch (c) {
      case '0':
      case '#':
      case '?':
        if (grouping_comma) {
          if (format.point) return std::nullopt;
          format.grouping = true;
          grouping_comma = false;
        }
        any_digit = true;
        add({c == '0'   ? PlainNumberFormat::Item::zero
             : c == '#' ? PlainNumberFormat::Item::hash
                        : PlainNumberFormat::Item::question,
             {}});
        break;
      case '.':
        if (format.point) return std::nullopt;
        format.point = true;
        break;
      case ',':
        if (!any_digit || format.point) return std::nullopt;
        grouping_comma = true;
        break;
      case '"': {
        const auto close = code.find('"', i + 1);
        if (close == std::string_view::npos) return std::nullopt;
        add({PlainNumberFormat::Item::literal, std::string(code.substr(i + 1, close - i - 1))});
        i = close;
        break;
      }
      case '\\':
        if (i + 1 >= code.size() || static_cast<unsigned char>(code[i + 1]) >= 0x80) return std::nullopt;
        add({PlainNumberFormat::Item::literal, std::string(1, code[++i])});
        break;
      case ' ':
      case '-':
      case '(':
      case ')':
      case '$':
      case '+':
      case '/':
        if (c == '/' && any_digit) return std::nullopt;  // a fraction
        add({PlainNumberFormat::Item::literal, std::string(1, c)});
        break;
      default: return std::nullopt;  // dates, %, E+, @, [colours], _ and * padding, General
    }
  }
  // A trailing comma divides by 1000: not plain.
  if (!any_digit || grouping_comma) return std::nullopt;
  // Grouping with literal text among the digits is not plain either.
  if (format.grouping) {
    bool seen_digit = false;
    for (const auto& item : format.integer) {
      if (item.kind != PlainNumberFormat::Item::literal)
        seen_digit = true;
      else if (seen_digit)
        return std::nullopt;
    }
  }
  return format;
}

std::optional<PlainNumberFormat> builtin_plain_number_format(int format_id) {
  switch (format_id) {
    case 1: return parse_plain_number_format("0");
    case 2: return parse_plain_number_format("0.00");
    case 3: return parse_plain_number_format("#,##0");
    case 4: return parse_plain_number_format("#,##0.00");
    default: return std::nullopt;
  }
}

void append_formatted_number(std::string& out, std::string_view stored, const PlainNumberFormat& format) {
  double value = 0;
  if (!parse_double(stored, value) || std::fabs(value) >= 1e15) {
    append_number(out, stored);
    return;
  }
  using Item = PlainNumberFormat::Item;
  int decimals = 0;
  for (const Item& item : format.fraction) decimals += item.kind != Item::literal;
  // |value| rounded half away from zero to `decimals` places, as a
  // spreadsheet rounds what it shows (2.5 under "0" shows 3), on the 15
  // significant digits it keeps (so 1.005 is 1.005, not 1.00499…): the
  // rounding is done on those decimal digits.
  char buffer[64];
  const auto written =
      std::to_chars(buffer, buffer + sizeof buffer, std::fabs(value), std::chars_format::scientific, 14);
  const std::string_view sci(buffer, static_cast<std::size_t>(written.ptr - buffer));
  const auto e_at = sci.find('e');
  int exponent = 0;
  if (written.ec != std::errc() || e_at == std::string_view::npos || decimals > 15 ||
      std::from_chars(sci.data() + e_at + (sci[e_at + 1] == '+' ? 2 : 1), sci.data() + sci.size(), exponent)
              .ec != std::errc()) {
    append_number(out, stored);
    return;
  }
  std::string mantissa;  // 15 digits: value = 0.mantissa * 10^(exponent + 1)
  for (char c : sci.substr(0, e_at))
    if (c >= '0' && c <= '9') mantissa.push_back(c);
  const int keep = exponent + 1 + decimals;  // digits of the mantissa that stay
  std::string units;
  if (keep >= 0) {
    units = mantissa.substr(0, static_cast<std::size_t>(std::min<int>(keep, 15)));
    if (keep < 15 && mantissa[static_cast<std::size_t>(keep)] >= '5') {
      std::size_t i = units.size();
      while (i > 0 && units[i - 1] == '9') units[--i] = '0';
      if (i == 0)
        units.insert(0, 1, '1');
      else
        ++units[i - 1];
    }
    if (keep > 15) units.append(static_cast<std::size_t>(keep - 15), '0');
  }
  units.erase(0, std::min(units.find_first_not_of('0'), units.size()));
  if (units.size() <= static_cast<std::size_t>(decimals))
    units.insert(0, static_cast<std::size_t>(decimals) + 1 - units.size(), '0');
  if (decimals > 0) units.insert(units.size() - static_cast<std::size_t>(decimals), 1, '.');
  const std::string_view digits(units);
  std::string_view whole = digits.substr(0, digits.find('.'));
  std::string_view fraction =
      digits.find('.') == std::string_view::npos ? std::string_view{} : digits.substr(digits.find('.') + 1);
  if (whole == "0") whole = {};  // "#.00" shows .50; a 0 placeholder brings the zero back
  bool negative = value < 0;
  if (negative) {
    bool all_zero = true;
    for (char c : digits) all_zero = all_zero && (c == '0' || c == '.');
    negative = !all_zero;
  }
  std::string text;
  if (negative) text.push_back('-');

  // The integer part: digits fill the placeholders from the right; the
  // leftmost placeholder takes whatever digits are left.
  std::size_t placeholders = 0;
  for (const Item& item : format.integer) placeholders += item.kind != Item::literal;
  std::string integer;
  if (format.grouping) {
    std::size_t zeros = 0;
    for (const Item& item : format.integer) zeros += item.kind == Item::zero;
    std::string plain(whole);
    if (plain.size() < zeros) plain.insert(0, zeros - plain.size(), '0');
    for (std::size_t i = 0; i < plain.size(); ++i) {
      if (i > 0 && (plain.size() - i) % 3 == 0) integer.push_back(',');
      integer.push_back(plain[i]);
    }
    for (const Item& item : format.integer)
      if (item.kind != Item::literal)
        break;
      else
        text += item.text;
    text += integer;
    bool after = false;
    for (const Item& item : format.integer) {
      if (item.kind != Item::literal)
        after = true;
      else if (after)
        text += item.text;
    }
  } else {
    std::vector<std::string> pieces(format.integer.size());
    std::size_t next = whole.size();  // digits of `whole` not yet placed: [0, next)
    std::size_t seen = 0;
    for (std::size_t k = format.integer.size(); k-- > 0;) {
      const Item& item = format.integer[k];
      if (item.kind == Item::literal) {
        pieces[k] = item.text;
        continue;
      }
      ++seen;
      if (seen == placeholders) {
        pieces[k] = std::string(whole.substr(0, next));
        next = 0;
      } else if (next > 0) {
        pieces[k] = std::string(1, whole[--next]);
      }
      if (pieces[k].empty())
        pieces[k] = item.kind == Item::zero ? "0" : item.kind == Item::question ? " " : "";
    }
    for (const auto& piece : pieces) text += piece;
  }
  if (format.point) {
    // Trailing zeros go where the placeholders are # or ?.
    std::size_t keep = fraction.size();
    std::size_t placeholder = 0;
    std::vector<Item::Kind> kinds;
    for (const Item& item : format.fraction)
      if (item.kind != Item::literal) kinds.push_back(item.kind);
    while (keep > 0 && fraction[keep - 1] == '0' && kinds[keep - 1] != Item::zero) --keep;
    text.push_back('.');
    for (const Item& item : format.fraction) {
      if (item.kind == Item::literal) {
        text += item.text;
      } else {
        if (placeholder < keep)
          text.push_back(fraction[placeholder]);
        else if (item.kind == Item::question)
          text.push_back(' ');
        ++placeholder;
      }
    }
  }
  out += text;
}

void append_date(std::string& out, std::string_view stored, DateKind kind, bool date1904) {
  using namespace std::chrono;
  double serial = 0;
  constexpr double kLastSerial = 2958465;  // 9999-12-31
  if (kind == DateKind::none || !parse_double(stored, serial) || serial < 0 || serial >= kLastSerial + 1) {
    append_number(out, stored);
    return;
  }
  auto whole_days = static_cast<std::int64_t>(std::floor(serial));
  auto seconds = static_cast<std::int64_t>(std::llround((serial - std::floor(serial)) * 86400.0));
  if (seconds >= 86400 && kind != DateKind::date) {
    ++whole_days;
    seconds -= 86400;
  }
  if (kind == DateKind::time && whole_days == 0) {
    append_time_of_day(out, seconds);
    return;
  }
  if (whole_days == 0 && !date1904) {  // Excel shows serial 0 as "1900-01-00"
    append_number(out, stored);
    return;
  }
  if (!date1904 && whole_days == 60) {
    out.append("1900-02-29");  // the day Lotus 1-2-3 invented and Excel kept
  } else {
    sys_days epoch = date1904 ? sys_days(year{1904} / January / 1)
                              : (whole_days < 60 ? sys_days(year{1899} / December / 31)
                                                 : sys_days(year{1899} / December / 30));
    year_month_day ymd{epoch + days{whole_days}};
    char buffer[16];
    auto written = std::to_chars(buffer, buffer + sizeof buffer, static_cast<int>(ymd.year()));
    out.append(buffer, written.ptr);
    out.push_back('-');
    append_two_digits(out, static_cast<int>(static_cast<unsigned>(ymd.month())));
    out.push_back('-');
    append_two_digits(out, static_cast<int>(static_cast<unsigned>(ymd.day())));
  }
  if (kind != DateKind::date) {
    out.push_back(' ');
    append_time_of_day(out, seconds % 86400);
  }
}

void decode_ooxml_escapes(std::string& text, std::size_t from) {
  if (text.find("_x", from) == std::string::npos) return;
  std::string decoded;
  std::size_t i = from;
  while (i < text.size()) {
    if (text[i] == '_' && i + 6 < text.size() && text[i + 1] == 'x' && text[i + 6] == '_') {
      std::uint32_t code = 0;
      bool hex = true;
      for (std::size_t k = i + 2; k < i + 6; ++k) {
        int digit = hex_value(text[k]);
        hex = hex && digit >= 0;
        code = code * 16 + static_cast<std::uint32_t>(digit < 0 ? 0 : digit);
      }
      if (hex && code != 0 && (code < 0xD800 || code > 0xDFFF)) {
        append_utf8(decoded, code);
        i += 7;
        continue;
      }
    }
    decoded.push_back(text[i++]);
  }
  text.replace(from, std::string::npos, decoded);
}

}  // namespace readers
}  // namespace v1
}  // namespace onboard
