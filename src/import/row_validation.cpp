#include "onboard/import/row_validation.hpp"

#include "core/fast_paths.hpp"
#include "import/cell_text.hpp"

#include <cstring>

#include "onboard/model/catalog.hpp"
#include "onboard/model/email.hpp"
#include "onboard/model/name.hpp"
#include "onboard/secrets/password.hpp"

namespace onboard {
inline namespace v1 {
namespace {

constexpr std::size_t kMaxUsernameChars = 100;
constexpr std::size_t kMaxExternalIdChars = 200;
constexpr std::size_t kMaxAttributeChars = 1000;

bool is_blank(std::string_view s) noexcept { return is_blank_cell(s); }

std::string code_of(const Error& e, std::string_view fallback) {
  return e.detail_code.empty() ? std::string(fallback) : e.detail_code;
}

std::string quoted(std::string_view text) { return "\"" + excerpt_for_message(text) + "\""; }

// An attribute (Address, Notes…) may hold line breaks (Alt+Enter in a
// spreadsheet): each line is cleaned as any text, CR LF and CR become LF,
// blank lines at either end go. Other control characters are refused.
Result<std::string> clean_attribute(std::string_view text, const std::string& label) {
  if (text.find_first_of("\r\n") == std::string_view::npos)
    return clean_text(text, label, kMaxAttributeChars);
  const auto too_long = [&] {
    return Error(Errc::invalid_input,
                 "The " + label + " is longer than " + std::to_string(kMaxAttributeChars) + " characters.",
                 "text.too_long");
  };
  // Bounded before any work, as clean_text bounds its input.
  if (text.size() > kMaxAttributeChars * 16 + 1024) return too_long();
  std::vector<std::string> lines;
  std::size_t chars = 0;
  while (true) {
    const auto end = text.find_first_of("\r\n");
    ONB_ASSIGN(std::string line, clean_text(text.substr(0, end), label, kMaxAttributeChars));
    for (unsigned char c : line) chars += (c & 0xC0) != 0x80;
    lines.push_back(std::move(line));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + (text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n' ? 2 : 1));
  }
  std::size_t first = 0, last = lines.size();
  while (first < last && lines[first].empty()) ++first;
  while (last > first && lines[last - 1].empty()) --last;
  std::string out;
  for (std::size_t i = first; i < last; ++i) {
    if (i > first) out += '\n';
    out += lines[i];
  }
  if (chars + (last - first) > kMaxAttributeChars + 1) return too_long();
  return out;
}

std::optional<bool> parse_flag(std::string_view text) {
  const std::string key = fold_key(text);
  if (key == "1" || key == "yes" || key == "y" || key == "true" || key == "ja" || key == "j" || key == "x" ||
      key == "wahr")
    return true;
  if (key == "0" || key == "no" || key == "n" || key == "false" || key == "nein" || key == "falsch")
    return false;
  return std::nullopt;
}

}  // namespace

void CandidateRow::clear() {
  row = 0;
  email.clear();
  email_key.clear();
  username.clear();
  username_key.clear();
  first_name.clear();
  last_name.clear();
  display_name.clear();
  external_id.clear();
  password.clear();
  password_hash.clear();
  hash_scheme = legacy_hash::Scheme::unknown;
  role = -1;
  office = -1;
  teams.clear();
  teams_given = false;
  change_password.reset();
  attributes.clear();
  full_name_given = false;
  first_name_given = false;
  last_name_given = false;
  create_only.clear();
}

CatalogIndex::CatalogIndex(const std::vector<std::string>& entries) : entries_(entries) {
  for (std::size_t i = 0; i < entries_.size(); ++i)
    by_key_.emplace(fold_key(entries_[i]), static_cast<int>(i));
  std::size_t slots = 8;
  while (slots < entries_.size() * 2) slots *= 2;
  by_spelling_.resize(slots);
  // Through by_key_, so an entry that folds like an earlier one finds that one.
  for (const std::string& entry : entries_) {
    std::size_t at = spelling_hash(entry) & (slots - 1);
    while (by_spelling_[at].index >= 0 && by_spelling_[at].text != entry) at = (at + 1) & (slots - 1);
    by_spelling_[at] = {entry, by_key_.at(fold_key(entry))};
  }
}

inline std::uint64_t CatalogIndex::spelling_hash(std::string_view s) noexcept {
  const std::size_t n = s.size();
  std::uint64_t a = n, b = 0;
  if (n >= 8) {
    std::memcpy(&a, s.data(), 8);
    std::memcpy(&b, s.data() + n - 8, 8);
  } else if (n >= 4) {
    std::uint32_t x, y;
    std::memcpy(&x, s.data(), 4);
    std::memcpy(&y, s.data() + n - 4, 4);
    a = x;
    b = y;
  } else if (n > 0) {
    a = static_cast<unsigned char>(s[0]) |
        static_cast<std::uint64_t>(static_cast<unsigned char>(s[n / 2])) << 8 |
        static_cast<std::uint64_t>(static_cast<unsigned char>(s[n - 1])) << 16;
  }
  std::uint64_t h = (a ^ (b * 0x9E3779B97F4A7C15ULL) ^ (n << 56)) * 0xff51afd7ed558ccdULL;
  return h ^ (h >> 29);
}

namespace {

// The first and last sizeof(Word) bytes of a and b (n of them, at least
// sizeof(Word), at most twice that) are the same: all n are.
template <class Word>
bool same_ends(const char* a, const char* b, std::size_t n) noexcept {
  Word a1, a2, b1, b2;
  std::memcpy(&a1, a, sizeof(Word));
  std::memcpy(&b1, b, sizeof(Word));
  std::memcpy(&a2, a + n - sizeof(Word), sizeof(Word));
  std::memcpy(&b2, b + n - sizeof(Word), sizeof(Word));
  return ((a1 ^ b1) | (a2 ^ b2)) == 0;
}

// a == b for two texts of the same length, without a call for short ones
// (catalog names mostly are).
bool same_bytes(const char* a, const char* b, std::size_t n) noexcept {
  if (n > 16) return std::memcmp(a, b, n) == 0;
  if (n >= 8) return same_ends<std::uint64_t>(a, b, n);
  if (n >= 4) return same_ends<std::uint32_t>(a, b, n);
  for (std::size_t i = 0; i < n; ++i)
    if (a[i] != b[i]) return false;
  return true;
}

}  // namespace

int CatalogIndex::find(std::string_view text) const {
  // Fast path: the entry's exact spelling, without folding. Its twin is the
  // lookup under fold_key below, which alone decides without the fast paths.
  if constexpr (kFastPaths) {
    const std::size_t mask = by_spelling_.size() - 1;
    for (std::size_t at = spelling_hash(text) & mask;; at = (at + 1) & mask) {
      const Spelling& slot = by_spelling_[at];
      if (slot.index < 0) break;
      if (slot.text.size() == text.size() && same_bytes(slot.text.data(), text.data(), text.size()))
        return slot.index;
    }
  }
  const auto it = by_key_.find(fold_key(text));
  return it == by_key_.end() ? -1 : it->second;
}

namespace {

std::vector<std::string> role_names(const RoleCatalog& roles) {
  std::vector<std::string> names;
  for (const auto& r : roles.roles) names.push_back(r.name);
  return names;
}

std::string unknown_catalog_message(std::string_view what, std::string_view value,
                                    const CatalogIndex& catalog) {
  std::string message = "There is no " + std::string(what) + " called " + quoted(value);
  const auto close = suggest(catalog.entries(), value, 1);
  if (!close.empty()) {
    message += "; did you mean \"" + close.front() + "\"?";
    return message;
  }
  if (catalog.entries().empty()) return message + "; the organization has none.";
  std::string list;
  for (std::size_t i = 0; i < catalog.entries().size() && i < 10; ++i)
    list += (i == 0 ? "" : ", ") + catalog.entries()[i];
  if (catalog.entries().size() > 10) list += "…";
  return message + "; the choices are " + list + ".";
}

}  // namespace

RowValidator::RowValidator(const HeaderMapping& mapping, const Organization& org,
                           const ImportOptions& options, int max_rank, std::optional<int> forced_role)
    : mapping_(mapping),
      org_(org),
      options_(options),
      max_rank_(max_rank),
      forced_role_(forced_role),
      roles_(role_names(org.roles)),
      offices_(org.offices),
      teams_(org.teams) {
  for (const auto& r : org.roles.roles) role_ranks_.push_back(r.rank);
  email_optional_ = options.passwords == PasswordSource::none && options.activation == Activation::key;
}

const std::string& RowValidator::header(Field f) const {
  static const std::string none;
  const int c = mapping_.column(f);
  return c < 0 ? none : mapping_.columns[static_cast<std::size_t>(c)].header;
}

bool RowValidator::validate(std::span<const std::string_view> cells, std::int64_t row, CandidateRow& out,
                            std::vector<RowIssue>& issues) const {
  const std::size_t issues_before = issues.size();
  out.clear();
  out.row = row;
  auto problem = [&](Field f, std::string code, std::string message) {
    issues.push_back({row, header(f), std::move(code), std::move(message)});
  };
  // A cell's text without the spaces, tabs and no-break spaces pasted around
  // it (a password is taken as typed).
  auto text_of = [&](Field f) { return trim_cell(cell(cells, f)); };

  if (cells.size() > mapping_.columns.size()) {
    for (std::size_t i = mapping_.columns.size(); i < cells.size(); ++i)
      if (!is_blank(cells[i])) {
        issues.push_back({row, "", "row.too_many_cells",
                          "This row has " + std::to_string(cells.size()) + " cells but the header has " +
                              std::to_string(mapping_.columns.size()) +
                              "; a cell may need quotes around a delimiter it contains."});
        break;
      }
  }

  // Names: a full name is split; first/last columns, when given, win.
  const std::string_view full = text_of(Field::full_name);
  out.full_name_given = !is_blank(full);
  if (!is_blank(full) && !split_plain_ascii_name(full, out.first_name, out.last_name, out.display_name)) {
    auto name = split_full_name(full);
    if (!name) {
      problem(Field::full_name, code_of(name.error(), "name.invalid"), name.error().message);
    } else {
      out.first_name = std::move(name->first);
      out.last_name = std::move(name->last);
      out.display_name = std::move(name->display);
    }
  }
  for (Field f : {Field::first_name, Field::last_name}) {
    const std::string_view text = text_of(f);
    if (is_blank(text)) continue;
    (f == Field::first_name ? out.first_name_given : out.last_name_given) = true;
    auto clean = clean_name(text, f == Field::first_name ? "first name" : "last name");
    if (!clean) {
      problem(f, code_of(clean.error(), "name.invalid"), clean.error().message);
      continue;
    }
    (f == Field::first_name ? out.first_name : out.last_name) = std::move(*clean);
  }
  if (out.display_name.empty()) {
    out.display_name = out.first_name;
    if (!out.last_name.empty()) {
      if (!out.display_name.empty()) out.display_name += ' ';
      out.display_name += out.last_name;
    }
  }
  // Update mode: what only a row that adds a person needs (a name, a way to
  // sign in) is kept aside; the planner refuses the row with it when the row
  // matches no member.
  const bool updating = options_.existing == ExistingUsers::update;
  auto missing = [&](Field f, const char* message) {
    if (updating)
      out.create_only.push_back({row, header(f), "required.missing",
                                 std::string(message) + " It is needed to add a person, and no member "
                                                        "has this row's email, username or external ID."});
    else
      problem(f, "required.missing", message);
  };
  if (out.display_name.empty() && issues.size() == issues_before) {
    const Field f = mapping_.has(Field::full_name)    ? Field::full_name
                    : mapping_.has(Field::first_name) ? Field::first_name
                                                      : Field::last_name;
    missing(f, "The name is missing.");
  }

  const std::string_view username = text_of(Field::username);
  if (!is_blank(username)) {
    auto clean = clean_text(username, "username", kMaxUsernameChars);
    if (!clean) {
      problem(Field::username, code_of(clean.error(), "username.invalid"), clean.error().message);
    } else if (clean->find_first_of(" \t") != std::string::npos) {
      problem(Field::username, "username.invalid",
              "The username " + quoted(*clean) + " must not contain spaces.");
    } else {
      out.username_key = fold_key(*clean);
      out.username = std::move(*clean);
    }
  }

  const std::string_view email = text_of(Field::email);
  if (!is_blank(email)) {
    // The common plain address is checked without allocating; parse()
    // handles the rest and words the refusals.
    if (!Email::parse_plain_ascii(email, out.email, out.email_key)) {
      auto parsed = Email::parse(email);
      if (!parsed) {
        problem(Field::email, "email.invalid", parsed.error().message);
      } else {
        out.email = parsed->address();
        out.email_key = parsed->key();
      }
    }
  } else {
    const bool needs_email =
        options_.passwords == PasswordSource::none ? !email_optional_ : out.username.empty();
    if (needs_email) {
      const char* why = options_.passwords == PasswordSource::none
                            ? "The email is missing; it is needed to send the activation message."
                            : "The email is missing; give an email or a username to sign in with.";
      missing(mapping_.has(Field::email) ? Field::email : Field::username, why);
    }
  }

  const std::string_view external_id = text_of(Field::external_id);
  if (!is_blank(external_id)) {
    auto clean = clean_text(external_id, "external ID", kMaxExternalIdChars);
    if (!clean)
      problem(Field::external_id, code_of(clean.error(), "text.invalid"), clean.error().message);
    else
      out.external_id = std::move(*clean);
  }

  if (forced_role_) {
    out.role = *forced_role_;
  } else if (const std::string_view role = text_of(Field::role); !is_blank(role)) {
    out.role = roles_.find(role);
    if (out.role < 0) {
      problem(Field::role, "role.unknown", unknown_catalog_message("role", role, roles_));
    } else if (role_ranks_[static_cast<std::size_t>(out.role)] > max_rank_) {
      problem(Field::role, "role.above_own",
              "You cannot grant the role " + roles_.entries()[static_cast<std::size_t>(out.role)] +
                  ", which ranks above your own.");
      out.role = -1;
    }
  }

  if (const std::string_view office = text_of(Field::office); !is_blank(office)) {
    out.office = offices_.find(office);
    if (out.office < 0)
      problem(Field::office, "office.unknown", unknown_catalog_message("office", office, offices_));
  }

  if (const std::string_view team = text_of(Field::team); !is_blank(team)) {
    out.teams_given = true;
    if (const int whole = teams_.find(team); whole >= 0) {
      out.teams.push_back(whole);
    } else {
      // Several teams in one cell, separated by ',' or ';'.
      std::string_view rest = team;
      while (!rest.empty()) {
        const auto sep = rest.find_first_of(",;");
        const std::string_view part = trim_cell(rest.substr(0, sep));
        rest = sep == std::string_view::npos ? std::string_view{} : rest.substr(sep + 1);
        if (is_blank(part)) continue;
        const int index = teams_.find(part);
        if (index < 0) {
          problem(Field::team, "team.unknown", unknown_catalog_message("team", part, teams_));
          break;
        }
        bool seen = false;
        for (int t : out.teams) seen = seen || t == index;
        if (!seen) out.teams.push_back(index);
      }
    }
  }

  if (const std::string_view flag = text_of(Field::change_password); !is_blank(flag)) {
    out.change_password = parse_flag(flag);
    if (!out.change_password)
      problem(
          Field::change_password, "change_password.invalid",
          "Write 1 or 0 (yes or no) to say whether the password must be changed, not " + quoted(flag) + ".");
  }

  // Where the row's password comes from: the Password cell (file), the
  // Password Hash cell (file and hash), one of them at most.
  const PasswordSource source = resolve_password_source(options_.passwords, mapping_.has(Field::password),
                                                        mapping_.has(Field::password_hash));
  const bool take_hash = (source == PasswordSource::file || source == PasswordSource::hash) &&
                         mapping_.has(Field::password_hash);
  const std::string_view hash_cell =
      take_hash ? trim_cell(cell(cells, Field::password_hash)) : std::string_view{};
  const bool hash_given = !is_blank(hash_cell);
  if (source == PasswordSource::file && hash_given && !cell(cells, Field::password).empty()) {
    problem(Field::password_hash, "password_hash.and_password",
            "This row has both a " + header(Field::password) + " and a " + header(Field::password_hash) +
                "; give only one (the hash keeps the person's old password).");
  } else if (hash_given) {
    // The hash's text never goes into a message: only the scheme it looks like.
    const legacy_hash::Identified id = legacy_hash::identify(hash_cell);
    if (!id.well_formed) {
      problem(Field::password_hash,
              id.scheme == legacy_hash::Scheme::unknown ? "password_hash.unknown" : "password_hash.malformed",
              legacy_hash::describe_problem(id));
    } else if (legacy_hash::is_weak(id.scheme) && !options_.allow_weak_hashes) {
      std::string label(legacy_hash::scheme_label(id.scheme));
      label[0] = static_cast<char>(label[0] - 'a' + 'A');
      problem(
          Field::password_hash, "password_hash.weak",
          label + " is a weak scheme (" + std::string(legacy_hash::weak_reason(id.scheme)) +
              "); import it only with --allow-weak-hashes (ImportOptions::allow_weak_hashes), or leave the "
              "cell blank to give the person a generated password.");
    } else {
      out.password_hash.assign(hash_cell);
      out.hash_scheme = id.scheme;
    }
  }
  if (source == PasswordSource::file && !hash_given) {
    if (const std::string_view password = cell(cells, Field::password); !password.empty()) {
      auto normalized = normalize_password(password);
      if (!normalized) {
        problem(Field::password, code_of(normalized.error(), "password.invalid"), normalized.error().message);
      } else {
        PasswordContext context{out.email, {out.first_name, out.last_name, out.display_name, out.username}};
        // (check_password serializes zxcvbn itself: password_strength.)
        auto checked = check_password(*normalized, org_.settings.password_policy, context);
        if (!checked)
          problem(Field::password, code_of(checked.error(), "password.weak"), checked.error().message);
        else
          out.password = std::move(*normalized);
      }
    }
  }

  for (std::size_t i = 0; i < mapping_.columns.size() && i < cells.size(); ++i) {
    const ColumnMapping& col = mapping_.columns[i];
    if (col.field != Field::attribute || is_blank(cells[i])) continue;
    auto clean = clean_attribute(trim_cell(cells[i]), col.attribute);
    if (!clean)
      issues.push_back({row, col.header, code_of(clean.error(), "text.invalid"), clean.error().message});
    else if (!clean->empty())
      out.attributes.emplace_back(static_cast<int>(i), std::move(*clean));
  }
  return issues.size() == issues_before;
}

}  // namespace v1
}  // namespace onboard
