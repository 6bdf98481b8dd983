// Row validation: one row of cells becomes a candidate user or a list of
// problems, each with its row, column, code and sentence. Runs once per row
// of files with a million rows, so ASCII text takes fast paths and the
// candidate's buffers are reused from row to row.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "onboard/import/field_mapping.hpp"
#include "onboard/import/import_options.hpp"
#include "onboard/import/import_report.hpp"
#include "onboard/model/organization.hpp"
#include "onboard/secrets/legacy_hash.hpp"

namespace onboard {
inline namespace v1 {

// A row that passed the per-row checks, in canonical form. Catalog values
// are indexes into the organization's catalogs (-1: blank in the file).
struct CandidateRow {
  std::int64_t row = 0;
  std::string email;      // as given (trimmed); empty when none
  std::string email_key;  // Email::key(); empty when none
  std::string username;
  std::string username_key;
  std::string first_name;
  std::string last_name;
  std::string display_name;
  std::string external_id;
  std::string password;  // normalized, from the file; empty when none
  // A Password Hash cell that passed legacy_hash::identify (as written,
  // trimmed); empty when none. Never put into a message.
  std::string password_hash;
  legacy_hash::Scheme hash_scheme = legacy_hash::Scheme::unknown;
  int role = -1;           // index into org.roles.roles
  int office = -1;         // index into org.offices
  std::vector<int> teams;  // indexes into org.teams
  bool teams_given = false;
  std::optional<bool> change_password;
  std::vector<std::pair<int, std::string>> attributes;  // (column, value), non-blank only
  // Which name cells the row gave (non-blank): an update changes only those.
  bool full_name_given = false;
  bool first_name_given = false;
  bool last_name_given = false;
  // Update mode: what a row that adds a person needs and this one lacks
  // (its name, an email or username). Not the row's problems: the planner
  // refuses the row with them only when it matches no member.
  std::vector<RowIssue> create_only;

  void clear();
};

// Matches cells against a catalog under fold_key, once per distinct spelling.
class CatalogIndex {
 public:
  explicit CatalogIndex(const std::vector<std::string>& entries);
  // Index of the entry, or -1.
  int find(std::string_view text) const;
  const std::vector<std::string>& entries() const noexcept { return entries_; }

 private:
  // FNV-1a: catalog names are short, and a catalog is small and never grows
  // from file contents, so a cheap hash cannot be flooded.
  struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
      std::uint64_t h = 0xCBF29CE484222325ULL;
      for (unsigned char c : s) h = (h ^ c) * 0x100000001B3ULL;
      return static_cast<std::size_t>(h ^ (h >> 32));
    }
  };
  using TextMap = std::unordered_map<std::string, int, TextHash, std::equal_to<>>;
  // Each entry's own spelling, to what it folds to: most cells repeat the
  // catalog exactly and need no folding (which allocates). Open addressing
  // over a hash of the length and the first and last bytes: three lookups
  // run for every row of a million-row file.
  struct Spelling {
    std::string text;
    int index = -1;  // -1: an empty slot
  };
  static std::uint64_t spelling_hash(std::string_view s) noexcept;

  std::vector<std::string> entries_;
  TextMap by_key_;
  std::vector<Spelling> by_spelling_;  // a power of two, at most half full
};

class RowValidator {
 public:
  // `max_rank`: the actor's rank; a role above it is refused. `forced_role`:
  // index of options.role when set. The validator keeps references to
  // `mapping` and `org`, which must outlive it.
  RowValidator(const HeaderMapping& mapping, const Organization& org, const ImportOptions& options,
               int max_rank, std::optional<int> forced_role);

  // Checks one row. Fills `out` (reusing its buffers) and appends problems to
  // `issues`; true when the row has none. Cross-row checks (duplicates,
  // existing users) are the caller's.
  bool validate(std::span<const std::string_view> cells, std::int64_t row, CandidateRow& out,
                std::vector<RowIssue>& issues) const;

  const CatalogIndex& roles() const noexcept { return roles_; }
  const CatalogIndex& offices() const noexcept { return offices_; }
  const CatalogIndex& teams() const noexcept { return teams_; }
  // Whether a row may come without an email address.
  bool email_optional() const noexcept { return email_optional_; }

 private:
  std::string_view cell(std::span<const std::string_view> cells, Field f) const noexcept {
    // Unsigned: a missing column (-1) is out of range like a short row.
    const auto c = static_cast<std::size_t>(mapping_.column(f));
    return c < cells.size() ? cells[c] : std::string_view{};
  }
  const std::string& header(Field f) const;

  const HeaderMapping& mapping_;
  const Organization& org_;
  const ImportOptions& options_;
  int max_rank_;
  std::optional<int> forced_role_;
  CatalogIndex roles_;
  CatalogIndex offices_;
  CatalogIndex teams_;
  std::vector<int> role_ranks_;
  bool email_optional_ = false;
};

}  // namespace v1
}  // namespace onboard
