// Matching what people type against an organization's catalogs (roles,
// offices, teams): trimmed, case-insensitive, returning the catalog's spelling.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace onboard {
inline namespace v1 {

// Trims Unicode white space and applies NFKC_Casefold (full case folding plus
// compatibility forms: "Ｓａｌｅｓ" and "SALES" fold to "sales"); the key under
// which catalog entries, usernames and such are compared. Never fails.
std::string fold_key(std::string_view text);
// The catalog entry equal to `text` under fold_key, or nullopt.
std::optional<std::string> match_catalog(const std::vector<std::string>& catalog, std::string_view text);
// Up to `limit` catalog entries close to `text` (edit distance), for "did you mean".
std::vector<std::string> suggest(const std::vector<std::string>& catalog, std::string_view text,
                                 std::size_t limit = 1);

}  // namespace v1
}  // namespace onboard
