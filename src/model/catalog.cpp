// Catalog matching: what people type ("  sales ", "SALES", "Ｓａｌｅｓ") finds
// the entry the organization spelled ("Sales"), and a near miss gets a
// "did you mean".
#include "onboard/model/catalog.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>
#include <limits>

namespace onboard {
inline namespace v1 {
namespace {

bool is_ascii_space(char c) noexcept { return c == ' ' || (c >= '\t' && c <= '\r'); }

std::u32string code_points(std::string_view utf8) {
  std::u32string out;
  out.reserve(utf8.size());
  const auto* s = reinterpret_cast<const std::uint8_t*>(utf8.data());
  const auto n =
      static_cast<std::int32_t>(std::min<std::size_t>(utf8.size(), std::numeric_limits<std::int32_t>::max()));
  for (std::int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(s, i, n, c);
    out.push_back(c < 0 ? U'\uFFFD' : static_cast<char32_t>(c));
  }
  return out;
}

std::size_t levenshtein(const std::u32string& a, const std::u32string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::string fold_key(std::string_view text) {
  bool ascii = true;
  for (unsigned char c : text)
    if (c >= 0x80) {
      ascii = false;
      break;
    }
  if (ascii) {
    while (!text.empty() && is_ascii_space(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_ascii_space(text.back())) text.remove_suffix(1);
    std::string out(text);
    for (char& c : out)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
  }

  // NFKC_Casefold: full case folding plus compatibility forms, so full-width
  // letters and ligatures compare equal to what they look like; on ASCII it is
  // exactly the lower-casing above.
  icu::UnicodeString u =
      icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<std::int32_t>(text.size())));
  std::int32_t begin = 0;
  std::int32_t end = u.length();
  while (begin < end && u_isUWhiteSpace(u.char32At(begin))) begin = u.moveIndex32(begin, 1);
  while (end > begin) {
    const std::int32_t prev = u.moveIndex32(end, -1);
    if (!u_isUWhiteSpace(u.char32At(prev))) break;
    end = prev;
  }
  u.retainBetween(begin, end);

  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* fold = icu::Normalizer2::getNFKCCasefoldInstance(status);
  icu::UnicodeString folded;
  if (U_SUCCESS(status)) folded = fold->normalize(u, status);
  if (U_FAILURE(status)) folded = u.foldCase();  // no normalization data: plain full case folding
  std::string out;
  folded.toUTF8String(out);
  return out;
}

std::optional<std::string> match_catalog(const std::vector<std::string>& catalog, std::string_view text) {
  const std::string key = fold_key(text);
  if (key.empty()) return std::nullopt;
  for (const std::string& entry : catalog)
    if (fold_key(entry) == key) return entry;
  return std::nullopt;
}

std::vector<std::string> suggest(const std::vector<std::string>& catalog, std::string_view text,
                                 std::size_t limit) {
  const std::u32string wanted = code_points(fold_key(text));
  if (wanted.empty() || limit == 0) return {};
  const std::size_t max_distance = std::max<std::size_t>(2, wanted.size() / 3);

  struct Candidate {
    std::size_t distance;
    std::size_t index;
  };
  std::vector<Candidate> candidates;
  for (std::size_t i = 0; i < catalog.size(); ++i) {
    const std::u32string entry = code_points(fold_key(catalog[i]));
    if (entry.empty()) continue;
    // The length difference is a lower bound of the distance: skipping early
    // keeps a 10 KB cell from costing a full table per entry.
    const std::size_t gap =
        entry.size() > wanted.size() ? entry.size() - wanted.size() : wanted.size() - entry.size();
    if (gap > max_distance) continue;
    const std::size_t d = levenshtein(wanted, entry);
    if (d <= max_distance) candidates.push_back({d, i});
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) { return a.distance < b.distance; });
  std::vector<std::string> out;
  for (const Candidate& c : candidates) {
    if (out.size() == limit) break;
    out.push_back(catalog[c.index]);
  }
  return out;
}

}  // namespace v1
}  // namespace onboard
