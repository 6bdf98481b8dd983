// What a caller chooses for one import: how strict the commit is, what
// happens to people who already exist, where passwords come from, and bounds.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "onboard/core/error.hpp"

namespace onboard {
inline namespace v1 {

// all_or_nothing: one bad row and nothing is written. valid_rows: the good
// rows are written, the bad ones are reported.
enum class CommitMode { all_or_nothing, valid_rows };
// A row whose email, username or external id belongs to an existing user.
enum class ExistingUsers { error, skip, update };
// automatic (the default, "auto"): a password given in the file's Password
// column is used (checked against the policy), a blank one or a file without
// the column gets a generated one, handed out once. generate: a random
// password per person (keyed hash), the column ignored. file: the Password
// column (Argon2id; blank cells get a generated one), warning when the file
// has none. none: not activated until the person uses a 29-digit key.
// hash: the Password Hash column (a hash made by another system, see
// onboard/secrets/legacy_hash.hpp; blank cells get a generated password),
// the Password column ignored. Under automatic and file a Password Hash
// column is used too: a row gives a password or a hash (both is an error).
// (`auto` is a C++ keyword, hence `automatic`.)
enum class PasswordSource { generate, file, none, automatic, hash };

// The one rule of where a row's password comes from once the header is
// known: automatic is `file` for a file with a Password or a Password Hash
// column, else `generate`; the other sources stay as chosen.
PasswordSource resolve_password_source(PasswordSource chosen, bool has_password_column,
                                       bool has_hash_column = false) noexcept;
// With PasswordSource::none: the key goes out in an activation message
// (email), or is returned in the report for printing (key).
enum class Activation { email, key };
enum class UnknownColumns { attribute, error };
// Members of the organization that no row of the file matches (by email,
// username or external ID, as update mode matches): keep them, or suspend
// them (an HR file's sync: offboarding without SCIM). suspend needs
// ExistingUsers::update and CommitMode::all_or_nothing, and never suspends
// the actor, a member whose role ranks above the actor's, or anyone deleted
// or already suspended. Previewed as plan rows with RowAction::suspend.
enum class MissingMembers { keep, suspend };

struct ImportOptions {
  CommitMode mode = CommitMode::all_or_nothing;
  ExistingUsers existing = ExistingUsers::error;
  std::string role;  // non-empty: every row gets this role and the Role column is ignored
  PasswordSource passwords = PasswordSource::automatic;
  Activation activation = Activation::email;
  bool notify = false;  // queue login-details / registration-key messages
  // With notify and generated passwords: false (the default) mails each
  // person a one-use set-password link (PasswordLinks) and never the
  // password; true mails the generated password itself in a "login details"
  // message, a weaker choice (docs/security.md, "Set-password links").
  bool mail_passwords = false;
  // Password Hash cells of a weak scheme (salted SHA-1/MD5, md5-crypt,
  // PBKDF2-SHA1: legacy_hash::is_weak) are accepted only with this set;
  // without it such a row is an error naming --allow-weak-hashes.
  bool allow_weak_hashes = false;
  // Header (as written, matched like an alias) -> field name ("email",
  // "full_name"…, "attribute", or "ignore"). See parse_column_overrides.
  std::vector<std::pair<std::string, std::string>> column_overrides;
  UnknownColumns unknown_columns = UnknownColumns::attribute;
  MissingMembers missing = MissingMembers::keep;
  // Override the organization's ImportLimits for this call (raise freely).
  std::optional<std::uint64_t> max_rows;
  std::optional<std::uint64_t> max_bytes;
  // Bounds on what the report lists (counts are always complete).
  std::size_t max_listed_errors = 1000;
  std::size_t max_listed_plan_rows = 1000;
  std::size_t generated_password_length = 20;
  // Threads this import may keep busy at once, the caller's included; 0: the
  // Directory's (DirectoryOptions::threads), and never more than it. 1: no
  // thread is started, in either pass. The report, plan and stored users
  // are the same whatever the number (docs/architecture.md, "The import
  // engine", says which thread runs what).
  unsigned threads = 0;
};

// Where an import is; the callback returns false to cancel (Errc::cancelled,
// nothing written).
struct ImportProgress {
  std::string_view stage;  // "checking" (validation and plan) or "writing"
  std::int64_t rows_done = 0;
  std::uint64_t bytes_done = 0;
  std::uint64_t bytes_total = 0;
};
using ImportProgressCallback = std::function<bool(const ImportProgress&)>;

// Parse the CLI spellings ("all-or-nothing", "valid-rows"; "error", "skip",
// "update"; "auto", "generate", "file", "hash", "none"; "email", "key"; "attribute",
// "error"). Errors: invalid_input naming the accepted values.
Result<CommitMode> parse_commit_mode(std::string_view text);
Result<ExistingUsers> parse_existing_users(std::string_view text);
Result<PasswordSource> parse_password_source(std::string_view text);
Result<Activation> parse_activation(std::string_view text);
Result<UnknownColumns> parse_unknown_columns(std::string_view text);
// "keep" or "suspend".
Result<MissingMembers> parse_missing_members(std::string_view text);

// "Header=field,Other Header=ignore" -> pairs, trimmed. A header holding a
// comma or '=' cannot be named this way (rename it in the file). Errors:
// invalid_input for an entry without '=' or an unknown field name.
Result<std::vector<std::pair<std::string, std::string>>> parse_column_overrides(std::string_view text);

}  // namespace v1
}  // namespace onboard
