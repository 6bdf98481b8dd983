#include "storage/text_match.hpp"

#include <unicode/unistr.h>

namespace onboard {
inline namespace v1 {

std::string fold_case(std::string_view text) {
  bool ascii = true;
  for (char c : text) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
  std::string out;
  if (ascii) {
    // The common case, without a round trip through UTF-16.
    out.reserve(text.size());
    for (char c : text) out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
    return out;
  }
  icu::UnicodeString u =
      icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  u.foldCase();
  u.toUTF8String(out);
  return out;
}

bool contains_folded(std::string_view haystack, std::string_view folded_needle) {
  if (folded_needle.empty()) return true;
  return fold_case(haystack).find(folded_needle) != std::string::npos;
}

}  // namespace v1
}  // namespace onboard
