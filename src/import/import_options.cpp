#include "onboard/import/import_options.hpp"

#include "onboard/import/field_mapping.hpp"

namespace onboard {
inline namespace v1 {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

template <class E>
Result<E> pick(std::string_view text, std::initializer_list<std::pair<std::string_view, E>> choices,
               std::string_view what) {
  std::string names;
  for (const auto& [name, value] : choices) {
    if (trim(text) == name) return value;
    names += (names.empty() ? "" : ", ") + std::string(name);
  }
  return Error{Errc::invalid_input, "The " + std::string(what) + " must be one of " + names + ".",
               "options.invalid"};
}

}  // namespace

Result<CommitMode> parse_commit_mode(std::string_view text) {
  return pick<CommitMode>(
      text, {{"all-or-nothing", CommitMode::all_or_nothing}, {"valid-rows", CommitMode::valid_rows}}, "mode");
}

Result<ExistingUsers> parse_existing_users(std::string_view text) {
  return pick<ExistingUsers>(
      text,
      {{"error", ExistingUsers::error}, {"skip", ExistingUsers::skip}, {"update", ExistingUsers::update}},
      "handling of existing users");
}

Result<PasswordSource> parse_password_source(std::string_view text) {
  return pick<PasswordSource>(text,
                              {{"auto", PasswordSource::automatic},
                               {"generate", PasswordSource::generate},
                               {"file", PasswordSource::file},
                               {"hash", PasswordSource::hash},
                               {"none", PasswordSource::none}},
                              "password source");
}

PasswordSource resolve_password_source(PasswordSource chosen, bool has_password_column,
                                       bool has_hash_column) noexcept {
  if (chosen != PasswordSource::automatic) return chosen;
  return has_password_column || has_hash_column ? PasswordSource::file : PasswordSource::generate;
}

Result<Activation> parse_activation(std::string_view text) {
  return pick<Activation>(text, {{"email", Activation::email}, {"key", Activation::key}}, "activation");
}

Result<UnknownColumns> parse_unknown_columns(std::string_view text) {
  return pick<UnknownColumns>(text,
                              {{"attribute", UnknownColumns::attribute}, {"error", UnknownColumns::error}},
                              "handling of unknown columns");
}

Result<MissingMembers> parse_missing_members(std::string_view text) {
  return pick<MissingMembers>(text, {{"keep", MissingMembers::keep}, {"suspend", MissingMembers::suspend}},
                              "handling of members missing from the file");
}

Result<std::vector<std::pair<std::string, std::string>>> parse_column_overrides(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> out;
  while (!text.empty()) {
    const auto comma = text.find(',');
    const std::string_view entry = trim(text.substr(0, comma));
    text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
    if (entry.empty()) continue;
    const auto eq = entry.rfind('=');
    if (eq == std::string_view::npos)
      return Error{Errc::invalid_input,
                   "The column mapping \"" + std::string(entry.substr(0, 60)) +
                       "\" needs the form Header=field, for example \"Mail=email\".",
                   "options.map"};
    const std::string_view header = trim(entry.substr(0, eq));
    const std::string_view field = trim(entry.substr(eq + 1));
    if (header.empty()) return Error{Errc::invalid_input, "A column mapping names no header.", "options.map"};
    if (!parse_field_name(field)) {
      std::string names;
      for (std::size_t f = 0; f < field_count; ++f)
        names += (names.empty() ? "" : ", ") + std::string(field_name(static_cast<Field>(f)));
      return Error{Errc::invalid_input,
                   "There is no field called \"" + std::string(field.substr(0, 40)) + "\"; the fields are " +
                       names + ".",
                   "options.map"};
    }
    out.emplace_back(std::string(header), std::string(field));
  }
  return out;
}

}  // namespace v1
}  // namespace onboard
