#include "onboard/import/field_mapping.hpp"

#include <array>

#include "onboard/model/catalog.hpp"
#include "onboard/model/name.hpp"

namespace onboard {
inline namespace v1 {
namespace {

struct Alias {
  std::string_view key;  // header_key form
  Field field;
};

// Spellings seen in the exports of the products onboard serves, in English
// and German. "username" is resolved by map_headers (see its comment).
constexpr std::array kAliases{
    Alias{"fullname", Field::full_name},
    Alias{"name", Field::full_name},
    Alias{"displayname", Field::full_name},
    Alias{"anzeigename", Field::full_name},
    Alias{"vollername", Field::full_name},
    Alias{"vollstandigername", Field::full_name},
    Alias{"employeename", Field::full_name},
    Alias{"mitarbeitername", Field::full_name},
    Alias{"firstname", Field::first_name},
    Alias{"givenname", Field::first_name},
    Alias{"forename", Field::first_name},
    Alias{"vorname", Field::first_name},
    Alias{"lastname", Field::last_name},
    Alias{"surname", Field::last_name},
    Alias{"familyname", Field::last_name},
    Alias{"nachname", Field::last_name},
    Alias{"familienname", Field::last_name},
    Alias{"username", Field::username},
    Alias{"benutzername", Field::username},
    Alias{"login", Field::username},
    Alias{"loginname", Field::username},
    Alias{"accountname", Field::username},
    Alias{"email", Field::email},
    Alias{"emailaddress", Field::email},
    Alias{"mail", Field::email},
    Alias{"emailadresse", Field::email},
    Alias{"mailaddress", Field::email},
    Alias{"workemail", Field::email},
    Alias{"role", Field::role},
    Alias{"usertype", Field::role},
    Alias{"rolle", Field::role},
    Alias{"benutzertyp", Field::role},
    Alias{"accesslevel", Field::role},
    Alias{"office", Field::office},
    Alias{"site", Field::office},
    Alias{"standort", Field::office},
    Alias{"location", Field::office},
    Alias{"buro", Field::office},
    Alias{"branch", Field::office},
    Alias{"niederlassung", Field::office},
    Alias{"team", Field::team},
    Alias{"teams", Field::team},
    Alias{"contactgroup", Field::team},
    Alias{"contactgroups", Field::team},
    Alias{"kontaktgruppe", Field::team},
    Alias{"kontaktgruppen", Field::team},
    Alias{"group", Field::team},
    Alias{"groups", Field::team},
    Alias{"gruppe", Field::team},
    Alias{"gruppen", Field::team},
    Alias{"externalid", Field::external_id},
    Alias{"externeid", Field::external_id},
    Alias{"employeeid", Field::external_id},
    Alias{"employeenumber", Field::external_id},
    Alias{"personalnummer", Field::external_id},
    Alias{"mitarbeiternummer", Field::external_id},
    Alias{"staffid", Field::external_id},
    Alias{"password", Field::password},
    Alias{"passwort", Field::password},
    Alias{"kennwort", Field::password},
    Alias{"initialpassword", Field::password},
    Alias{"changepasswordnexttime", Field::change_password},
    Alias{"changepasswordnextlogon", Field::change_password},
    Alias{"changepasswordatnextlogon", Field::change_password},
    Alias{"mustchangepassword", Field::change_password},
    Alias{"passwortandern", Field::change_password},
    Alias{"kennwortandern", Field::change_password},
    // Hashes from another system: onboard's own header, Rails
    // (password_digest), Devise (encrypted_password), Django/auth exports.
    Alias{"passwordhash", Field::password_hash},
    Alias{"hashedpassword", Field::password_hash},
    Alias{"passworddigest", Field::password_hash},
    Alias{"encryptedpassword", Field::password_hash},
    Alias{"passworthash", Field::password_hash},
    Alias{"kennworthash", Field::password_hash},
    // Known attributes: kept under the header's name, never "unknown".
    Alias{"phone", Field::attribute},
    Alias{"phonenumber", Field::attribute},
    Alias{"telephone", Field::attribute},
    Alias{"telefon", Field::attribute},
    Alias{"telefonnummer", Field::attribute},
    Alias{"mobile", Field::attribute},
    Alias{"mobilephone", Field::attribute},
    Alias{"mobil", Field::attribute},
    Alias{"handy", Field::attribute},
    Alias{"startdate", Field::attribute},
    Alias{"startdatum", Field::attribute},
    Alias{"eintrittsdatum", Field::attribute},
    Alias{"jobtitle", Field::attribute},
    Alias{"title", Field::attribute},
    Alias{"position", Field::attribute},
    Alias{"department", Field::attribute},
    Alias{"abteilung", Field::attribute},
    Alias{"address", Field::attribute},
    Alias{"adresse", Field::attribute},
    Alias{"notes", Field::attribute},
    Alias{"notizen", Field::attribute},
    Alias{"manager", Field::attribute},
    Alias{"vorgesetzter", Field::attribute},
    // Written by the users export for reading, never imported (docs/import.md,
    // "Export and round trip").
    Alias{"status", Field::ignore},
};

constexpr std::array<std::string_view, field_count> kNames{
    "full_name", "first_name",  "last_name", "username",        "email",         "role",      "office",
    "team",      "external_id", "password",  "change_password", "password_hash", "attribute", "ignore"};
constexpr std::array<std::string_view, field_count> kHeaders{"Full Name",
                                                             "First name",
                                                             "Last name",
                                                             "Username",
                                                             "Email",
                                                             "Role",
                                                             "Office",
                                                             "Team",
                                                             "External ID",
                                                             "Password",
                                                             "Change password next time",
                                                             "Password Hash",
                                                             "Attribute",
                                                             "Ignore"};

std::string column_letters(std::size_t index) {
  std::string out;
  for (std::size_t n = index + 1; n > 0; n = (n - 1) / 26)
    out.insert(out.begin(), static_cast<char>('A' + (n - 1) % 26));
  return out;
}

std::string trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

std::optional<Field> alias_field(std::string_view key) {
  for (const auto& a : kAliases)
    if (a.key == key) return a.field;
  return std::nullopt;
}

std::string field_phrase(Field f) {
  switch (f) {
    case Field::full_name: return "full name";
    case Field::first_name: return "first name";
    case Field::last_name: return "last name";
    case Field::external_id: return "external ID";
    case Field::change_password: return "change-password flag";
    case Field::password_hash: return "password hash";
    default: return std::string(kNames[static_cast<std::size_t>(f)]);
  }
}

}  // namespace

std::string_view field_name(Field f) noexcept { return kNames[static_cast<std::size_t>(f)]; }

std::optional<Field> parse_field_name(std::string_view name) noexcept {
  for (std::size_t i = 0; i < field_count; ++i)
    if (kNames[i] == name) return static_cast<Field>(i);
  return std::nullopt;
}

std::string_view field_header(Field f) noexcept { return kHeaders[static_cast<std::size_t>(f)]; }

std::string header_key(std::string_view header) {
  if (header.starts_with("\xEF\xBB\xBF")) header.remove_prefix(3);
  std::string folded = fold_key(header);
  std::string out;
  out.reserve(folded.size());
  for (std::size_t i = 0; i < folded.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(folded[i]);
    if (c == ' ' || c == '*' || c == '-' || c == '_' || c == '.' || c == ':' || c == '\t') continue;
    if (c == 0xC2 && i + 1 < folded.size() && static_cast<unsigned char>(folded[i + 1]) == 0xA0) {
      ++i;  // no-break space
      continue;
    }
    if (c == 0xC3 && i + 1 < folded.size()) {
      const unsigned char d = static_cast<unsigned char>(folded[i + 1]);
      const char* plain = d == 0xA4 ? "a" : d == 0xB6 ? "o" : d == 0xBC ? "u" : d == 0x9F ? "ss" : nullptr;
      if (plain != nullptr) {
        out += plain;
        ++i;
        continue;
      }
    }
    out.push_back(static_cast<char>(c));
  }
  return out;
}

MappingResult map_headers(std::span<const std::string_view> headers, const ImportOptions& options,
                          bool email_required) {
  MappingResult result;
  HeaderMapping& m = result.mapping;
  for (auto& c : m.column_of) c = -1;

  std::vector<std::pair<std::string, Field>> overrides;
  for (const auto& [header, field] : options.column_overrides)
    if (auto f = parse_field_name(field)) overrides.emplace_back(header_key(header), *f);

  int ambiguous_username = -1;  // the column whose header was "User name"/"Username"
  std::vector<std::string> attribute_keys;
  std::vector<std::string> known_headers;
  known_headers.reserve(kAliases.size());
  for (const auto& a : kAliases) known_headers.emplace_back(a.key);

  for (std::size_t i = 0; i < headers.size(); ++i) {
    ColumnMapping col;
    std::string_view raw = headers[i];
    if (i == 0 && raw.starts_with("\xEF\xBB\xBF")) raw.remove_prefix(3);
    col.header = trimmed(raw);
    const std::string key = header_key(col.header);
    if (key.empty()) {
      col.header = "Column " + column_letters(i);
      col.field = Field::ignore;
      result.warnings.push_back(col.header + " has no header; its cells were ignored.");
      m.columns.push_back(std::move(col));
      continue;
    }
    std::optional<Field> field;
    bool overridden = false;
    for (const auto& [okey, ofield] : overrides)
      if (okey == key) {
        field = ofield;
        overridden = true;
      }
    if (!field) {
      field = alias_field(key);
      if (field == Field::ignore)
        result.warnings.push_back("The column \"" + excerpt_for_message(col.header) +
                                  "\" is not imported; suspend or reactivate people with onboard users "
                                  "suspend|reactivate, or sync with --missing suspend.");
    }
    if (!field) {
      if (options.unknown_columns == UnknownColumns::error) {
        std::string message =
            "The column \"" + excerpt_for_message(col.header) + "\" is not one onboard knows";
        // Suggest by the alias keys, then show the alias's field header.
        const auto close = suggest(known_headers, key, 1);
        if (!close.empty()) {
          message += "; did you mean \"" + std::string(field_header(*alias_field(close.front()))) + "\"";
        }
        message += ". Map it to a field, or ignore it.";
        result.errors.push_back({1, col.header, "header.unknown", std::move(message)});
        col.field = Field::ignore;
        m.columns.push_back(std::move(col));
        continue;
      }
      field = Field::attribute;
    }
    col.field = *field;
    if (col.field == Field::attribute) {
      std::string name = col.header;
      while (!name.empty() && (name.back() == '*' || name.back() == ' ')) name.pop_back();
      col.attribute = name.empty() ? col.header : name;
      const std::string akey = header_key(col.attribute);
      for (const auto& seen : attribute_keys)
        if (seen == akey)
          result.errors.push_back({1, col.header, "header.duplicate",
                                   "Two columns are called \"" + excerpt_for_message(col.attribute) +
                                       "\"; rename or ignore one of them."});
      attribute_keys.push_back(akey);
    } else if (col.field != Field::ignore) {
      const auto slot = static_cast<std::size_t>(col.field);
      if (m.column_of[slot] >= 0) {
        result.errors.push_back({1, col.header, "header.duplicate",
                                 "The columns \"" +
                                     m.columns[static_cast<std::size_t>(m.column_of[slot])].header +
                                     "\" and \"" + excerpt_for_message(col.header) + "\" both hold the " +
                                     field_phrase(col.field) + "; ignore one of them."});
      } else {
        m.column_of[slot] = static_cast<int>(i);
        if (col.field == Field::username && key == "username" && !overridden)
          ambiguous_username = static_cast<int>(i);
      }
    }
    m.columns.push_back(std::move(col));
  }

  // IT portals write the person's name under "User name"; when the file has
  // no other name column, that is what it holds.
  if (ambiguous_username >= 0 && !m.has(Field::full_name) && !m.has(Field::first_name) &&
      !m.has(Field::last_name)) {
    m.column_of[static_cast<std::size_t>(Field::username)] = -1;
    m.column_of[static_cast<std::size_t>(Field::full_name)] = ambiguous_username;
    m.columns[static_cast<std::size_t>(ambiguous_username)].field = Field::full_name;
  }

  // Update mode: a row is matched by email, username or external ID, and
  // only a row that adds a person needs a name (the validator says so per
  // row), so a file of Email plus the fields to change is enough.
  if (options.existing == ExistingUsers::update) {
    if (!m.has(Field::email) && !m.has(Field::username) && !m.has(Field::external_id))
      result.errors.push_back({1, "", "required.missing",
                               "The file has no column to match people by; add an \"Email\", "
                               "\"Username\" or \"External ID\" column."});
    return result;
  }
  if (!m.has(Field::full_name) && !m.has(Field::first_name) && !m.has(Field::last_name))
    result.errors.push_back(
        {1, "", "required.missing",
         "The file has no column for the name; add a \"Full Name\" column, or \"First name\" "
         "and \"Last name\"."});
  if (email_required && !m.has(Field::email) && !m.has(Field::username))
    result.errors.push_back(
        {1, "", "required.missing", "The file has no column for the email; add an \"Email\" column."});
  return result;
}

}  // namespace v1
}  // namespace onboard
