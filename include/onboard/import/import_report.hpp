// What an import found and did: counts, every problem with its row and
// column, the plan per row, and the secrets it created (shown once).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

namespace onboard {
inline namespace v1 {

// One problem. row: spreadsheet row (header = 1), 0 for the file as a whole.
// column: the header as written in the file, empty when no column is meant.
// code: stable ("email.invalid", "duplicate.email", "limit.rows"…).
struct RowIssue {
  std::int64_t row = 0;
  std::string column;
  std::string code;
  std::string message;
};

// suspend: a member no row matches, suspended by ImportOptions::missing
// (a plan row with row 0).
enum class RowAction { create, update, skip, error, suspend };
std::string_view to_string(RowAction a) noexcept;

struct FieldChange {
  std::string field;  // "role", "office", "attribute:Phone"…
  std::string before;
  std::string after;
};

struct PlannedRow {
  std::int64_t row = 0;
  RowAction action = RowAction::create;
  std::string email;
  std::string name;
  std::string role;                  // the role the person has or gets (blank in the file: the default's)
  std::string user_id;               // the existing user (update, skip)
  std::string reason;                // why skipped or refused
  std::vector<FieldChange> changes;  // update: what changes
};

// A secret made by this import, for the person in `row`.
struct Credential {
  std::int64_t row = 0;
  std::string email;
  std::string username;
  std::string display_name;
  std::string password;        // generated password; empty when none
  std::string activation_key;  // 29 digits, grouped; empty when none
};

// One entry of a CredentialList, viewed in place: valid while the list is
// alive and unchanged.
struct CredentialView {
  std::int64_t row = 0;
  std::string_view email;
  std::string_view username;
  std::string_view display_name;
  std::string_view password;
  std::string_view activation_key;
};

// Credentials of a large import, kept compactly (one text buffer): a
// million people cost tens of megabytes, not hundreds.
class CredentialList {
 public:
  void add(std::int64_t row, std::string_view email, std::string_view username, std::string_view display_name,
           std::string_view password, std::string_view activation_key);
  std::size_t size() const noexcept { return entries_.size(); }
  bool empty() const noexcept { return entries_.empty(); }
  Credential operator[](std::size_t i) const;
  // The same entry without copies (for writing a million of them out).
  CredentialView view(std::size_t i) const;
  // A hint that view(i) comes soon: after sort_by_row the entries' text is
  // no longer in order, so a writer going through them asks a few ahead.
  void prefetch(std::size_t i) const noexcept;
  // Room for n entries and their text (a guess at it), asked for in huge
  // pages when that is large.
  void reserve(std::size_t n);
  // Puts the entries in file order (stable for entries of one row).
  void sort_by_row();
  // Forgets every entry and wipes the secrets' text (also on destruction).
  void clear();

  CredentialList() = default;
  CredentialList(CredentialList&&) noexcept = default;
  CredentialList& operator=(CredentialList&& other) noexcept {
    clear();
    entries_ = std::move(other.entries_);
    text_ = std::move(other.text_);
    return *this;
  }
  CredentialList(const CredentialList&) = default;
  CredentialList& operator=(const CredentialList&) = default;
  ~CredentialList();

 private:
  struct Entry {
    std::int64_t row;
    std::uint64_t offset;
    std::uint32_t lengths[5];
  };
  // Moves the text to a buffer of `capacity` bytes, wiping the old one.
  void grow_text(std::size_t capacity);

  std::vector<Entry> entries_;
  std::string text_;
};

// Rows that create a person with an imported Password Hash, for one scheme.
struct HashSchemeCount {
  std::string scheme;  // legacy_hash::scheme_name: "bcrypt", "sha512-crypt"…
  std::int64_t rows = 0;
  bool weak = false;  // a scheme accepted only with allow_weak_hashes
};

struct ImportReport {
  std::string file_name;
  std::string format;      // "csv", "xlsx", "ods"
  std::string encoding;    // "UTF-8"…
  std::string delimiter;   // ",", ";"…; empty for xlsx
  std::int64_t rows = 0;   // data rows read
  std::int64_t valid = 0;  // rows without errors
  bool committed = false;
  bool dry_run = false;
  std::int64_t created = 0;
  std::int64_t updated = 0;
  std::int64_t skipped = 0;
  std::int64_t suspended = 0;   // members absent from the file (ImportOptions::missing)
  std::int64_t error_rows = 0;  // rows with at least one error
  std::int64_t conflicts = 0;   // rows that match existing users or pending invitations
  // Rows to be created with an imported password hash, per scheme (in
  // legacy_hash::Scheme order); empty when the file gives none.
  std::vector<HashSchemeCount> hash_schemes;
  // At most options.max_listed_errors problems of rows (then a warning says
  // so), in row order, plus any problem with the file as a whole (too big,
  // too many rows, unreadable from some row on, not enough seats).
  std::vector<RowIssue> errors;
  std::vector<std::string> warnings;
  std::vector<PlannedRow> plan;      // updates, skips and errors first-come, at most max_listed_plan_rows
  std::vector<std::string> headers;  // as written in the file
  std::int64_t header_row = 1;       // the row holding them (rows above it: a title, skipped)
  std::string job_id;                // the import job record, when committed
  std::string file_digest;           // SHA-256 hex of the bytes
  CredentialList credentials;        // only from run(), only when committed; shown once
};

// The report as JSON: the counts, errors, warnings, conflicts and plan; never
// credentials ("credentials": their count).
boost::json::object to_json(const ImportReport& report);

}  // namespace v1
}  // namespace onboard
