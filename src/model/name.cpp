// Text people type becomes one canonical form here, so that "René" typed on a
// Mac (NFD) and on Windows (NFC) is one name, and a pasted line break or a
// 10 KB paste never reaches storage, mail headers or a spreadsheet.
#include "onboard/model/name.hpp"

#include "core/fast_paths.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>

namespace onboard {
inline namespace v1 {
namespace {

bool is_ascii(std::string_view text) noexcept {
  for (unsigned char c : text)
    if (c >= 0x80) return false;
  return true;
}

// The control-character rule (has_control_character) for one code point: Cc
// covers C0, DEL and C1; the line and paragraph separators are not Cc but
// break lines in mail headers and CSV viewers just the same.
bool is_forbidden_control(UChar32 c) noexcept {
  return u_charType(c) == U_CONTROL_CHAR || c == 0x2028 || c == 0x2029;
}

Error control_error(std::string_view label) {
  return Error(Errc::invalid_input,
               "The " + std::string(label) +
                   " contains a line break, tab or other control character, which is not allowed.",
               "text.control_character");
}

Error too_long_error(std::string_view label, std::size_t max_chars) {
  return Error(Errc::invalid_input,
               "The " + std::string(label) + " is longer than " + std::to_string(max_chars) + " characters.",
               "text.too_long");
}

// Inputs far beyond the limit are refused before any Unicode work, so memory
// and time stay bounded whatever is pasted. NFC and trimming can shrink text,
// hence the generous factor.
std::size_t byte_budget(std::size_t max_chars) noexcept {
  constexpr std::size_t kMax = std::numeric_limits<std::size_t>::max();
  if (max_chars > (kMax - 1024) / 16) return kMax;
  return max_chars * 16 + 1024;
}

}  // namespace

bool has_control_character(std::string_view text) noexcept {
  const auto* s = reinterpret_cast<const std::uint8_t*>(text.data());
  const auto n =
      static_cast<std::int32_t>(std::min<std::size_t>(text.size(), std::numeric_limits<std::int32_t>::max()));
  for (std::int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c >= 0 && is_forbidden_control(c)) return true;
  }
  return false;
}

bool is_valid_utf8(std::string_view text) noexcept {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    const unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len;
    unsigned char lo = 0x80, hi = 0xBF;  // range of the second byte (RFC 3629 table)
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;  // no overlongs
      if (c == 0xED) hi = 0x9F;  // no surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;  // no overlongs
      if (c == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
    } else {
      return false;
    }
    if (n - i < len) return false;
    if (s[i + 1] < lo || s[i + 1] > hi) return false;
    for (std::size_t k = 2; k < len; ++k)
      if (s[i + k] < 0x80 || s[i + k] > 0xBF) return false;
    i += len;
  }
  return true;
}

std::string excerpt_for_message(std::string_view text, std::size_t max_chars) {
  static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
  std::string out;
  out.reserve(std::min(text.size(), max_chars * 4) + 3);
  const auto* s = reinterpret_cast<const std::uint8_t*>(text.data());
  const auto n =
      static_cast<std::int32_t>(std::min<std::size_t>(text.size(), std::numeric_limits<std::int32_t>::max()));
  std::int32_t i = 0;
  std::size_t count = 0;
  while (i < n) {
    if (count == max_chars) {
      out += "\xE2\x80\xA6";  // …
      break;
    }
    const std::int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0 || is_forbidden_control(c))
      out += kReplacement;
    else
      out.append(text.data() + start, static_cast<std::size_t>(i - start));
    ++count;
  }
  return out;
}

Result<std::string> clean_text(std::string_view text, std::string_view field_label, std::size_t max_chars) {
  if (text.size() > byte_budget(max_chars)) return too_long_error(field_label, max_chars);

  // A fast path: most names are ASCII, and for ASCII the general path below
  // comes down to this (NFC changes nothing; the only white space that is not
  // a control is ' '; a code point is a byte). Its twin is that path.
  if (kFastPaths && is_ascii(text)) {
    // The ASCII controls are the C0 block and DEL.
    for (unsigned char c : text)
      if (c < 0x20 || c == 0x7F) return control_error(field_label);
    const auto first = text.find_first_not_of(' ');
    if (first == std::string_view::npos) return std::string();
    const auto last = text.find_last_not_of(' ');
    const auto trimmed = text.substr(first, last - first + 1);
    if (trimmed.size() > max_chars) return too_long_error(field_label, max_chars);
    return std::string(trimmed);
  }

  if (!is_valid_utf8(text))
    return Error(
        Errc::invalid_input,
        "The " + std::string(field_label) + " is not valid UTF-8 text; save the file as UTF-8 and try again.",
        "text.invalid_utf8");

  if (has_control_character(text)) return control_error(field_label);
  const icu::UnicodeString decoded =
      icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<std::int32_t>(text.size())));

  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status))
    return Error(Errc::internal, "Unicode normalization data is not available.", "text.icu_unavailable");
  icu::UnicodeString normalized = nfc->normalize(decoded, status);
  if (U_FAILURE(status)) return Error(Errc::internal, "Unicode normalization failed.", "text.icu_failed");

  std::int32_t begin = 0;
  std::int32_t end = normalized.length();
  while (begin < end && u_isUWhiteSpace(normalized.char32At(begin))) begin = normalized.moveIndex32(begin, 1);
  while (end > begin) {
    const std::int32_t prev = normalized.moveIndex32(end, -1);
    if (!u_isUWhiteSpace(normalized.char32At(prev))) break;
    end = prev;
  }
  if (static_cast<std::size_t>(normalized.countChar32(begin, end - begin)) > max_chars)
    return too_long_error(field_label, max_chars);

  std::string out;
  normalized.tempSubStringBetween(begin, end).toUTF8String(out);
  return out;
}

Result<std::string> clean_name(std::string_view text, std::string_view field_label) {
  return clean_text(text, field_label, max_name_chars);
}

// THE splitting rule; split_plain_ascii_name is its fast path.
Result<PersonName> split_full_name(std::string_view full) {
  ONB_ASSIGN(std::string display, clean_name(full, "full name"));

  // Find the white-space run before the last word; the text is clean, so
  // decoding cannot fail and no run touches either end.
  const auto* s = reinterpret_cast<const std::uint8_t*>(display.data());
  const auto n = static_cast<std::int32_t>(display.size());
  std::int32_t run_start = -1;
  std::int32_t last_word = -1;
  bool in_space = false;
  for (std::int32_t i = 0; i < n;) {
    const std::int32_t at = i;
    UChar32 c;
    U8_NEXT(s, i, n, c);
    const bool space = c >= 0 && (c < 0x80 ? c == ' ' : u_isUWhiteSpace(c) != 0);
    if (space && !in_space) run_start = at;
    if (!space && in_space) last_word = at;
    in_space = space;
  }

  PersonName name;
  if (last_word < 0) {
    name.first = display;
  } else {
    name.first = display.substr(0, static_cast<std::size_t>(run_start));
    name.last = display.substr(static_cast<std::size_t>(last_word));
  }
  name.display = std::move(display);
  return name;
}

bool split_plain_ascii_name(std::string_view full, std::string& first, std::string& last,
                            std::string& display) {
  // Its twin is split_full_name: with the fast paths compiled out, nothing
  // is decided here.
  if constexpr (!kFastPaths) return false;
  const char* p = full.data();
  const std::size_t n = full.size();
  // Every byte printable ASCII (0x20 to 0x7E), eight at a time: a word has a
  // byte below 0x20 when (w - 0x20..) & ~w has a high bit, and one above
  // 0x7E when (w + 0x01..) | w has.
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHigh = 0x8080808080808080ULL;
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    std::uint64_t w;
    std::memcpy(&w, p + i, 8);
    if ((((w - kOnes * 0x20) & ~w) | ((w + kOnes) | w)) & kHigh) return false;
  }
  for (; i < n; ++i)
    if (static_cast<unsigned char>(p[i]) < 0x20 || static_cast<unsigned char>(p[i]) >= 0x7F) return false;
  // Trimmed of spaces: [begin, end).
  std::size_t begin = 0;
  while (begin < n && p[begin] == ' ') ++begin;
  if (begin == n) return false;
  std::size_t end = n;
  while (p[end - 1] == ' ') --end;
  if (end - begin > max_name_chars) return false;
  // The last word starts after the last space; the first name ends where
  // the spaces before it start.
  std::size_t word = end;
  while (word > begin && p[word - 1] != ' ') --word;
  display.assign(p + begin, end - begin);
  if (word == begin) {  // one word
    first.assign(p + begin, end - begin);
    last.clear();
    return true;
  }
  std::size_t spaces = word - 1;
  while (p[spaces - 1] == ' ') --spaces;
  first.assign(p + begin, spaces - begin);
  last.assign(p + word, end - word);
  return true;
}

}  // namespace v1
}  // namespace onboard
