#include "service/import/import_scope.hpp"

namespace onboard {
inline namespace v1 {
namespace import_detail {
namespace {

std::string join_teams(const std::vector<std::string>& teams) {
  std::string out;
  for (const auto& t : teams) out += (out.empty() ? "" : "; ") + t;
  return out;
}

}  // namespace

std::vector<FieldChange> member_changes(const ImportScope& scope, const CandidateRow& row, User& user,
                                        bool apply) {
  const Organization& org = scope.actor.org;
  std::vector<FieldChange> changes;
  auto change = [&](const char* field, std::string& current, const std::string& wanted) {
    if (current == wanted) return;
    changes.push_back({field, current, wanted});
    if (apply) current = wanted;
  };
  // A blank cell never changes anything: a full name given changes the
  // name; else a first or last name given changes that part, and the full
  // name is joined again from the new part and the stored other one.
  if (row.full_name_given && !row.display_name.empty()) {
    change("first_name", user.first_name, row.first_name);
    change("last_name", user.last_name, row.last_name);
    change("display_name", user.display_name, row.display_name);
  } else if (row.first_name_given || row.last_name_given) {
    std::string first = row.first_name_given ? row.first_name : user.first_name;
    std::string last = row.last_name_given ? row.last_name : user.last_name;
    if (first != user.first_name || last != user.last_name) {
      std::string display = first;
      if (!last.empty()) display += (display.empty() ? "" : " ") + last;
      change("first_name", user.first_name, first);
      change("last_name", user.last_name, last);
      change("display_name", user.display_name, display);
    }
  }
  // The same address (its key: the domain's case does not count) is no change.
  if (!row.email.empty() && user.email != row.email && user.email_key != row.email_key) {
    change("email", user.email, row.email);
    if (apply) user.email_key = row.email_key;
  }
  if (!row.username.empty() && user.username != row.username) {
    change("username", user.username, row.username);
    if (apply) user.username_key = row.username_key;
  }
  if (!row.external_id.empty()) change("external_id", user.external_id, row.external_id);
  if (row.role >= 0) change("role", user.role, org.roles.roles[static_cast<std::size_t>(row.role)].name);
  if (row.office >= 0) change("office", user.office, org.offices[static_cast<std::size_t>(row.office)]);
  if (row.teams_given) {
    std::vector<std::string> teams;
    for (int t : row.teams) teams.push_back(org.teams[static_cast<std::size_t>(t)]);
    if (teams != user.teams) {
      changes.push_back({"teams", join_teams(user.teams), join_teams(teams)});
      if (apply) user.teams = std::move(teams);
    }
  }
  for (const auto& [column, value] : row.attributes) {
    const std::string& name = scope.mapping.columns[static_cast<std::size_t>(column)].attribute;
    const auto it = user.attributes.find(name);
    const std::string before = it == user.attributes.end() ? std::string() : it->second;
    if (before == value) continue;
    changes.push_back({"attribute:" + name, before, value});
    if (apply) user.attributes[name] = value;
  }
  if (row.change_password && *row.change_password != user.must_change_password) {
    changes.push_back({"must_change_password", user.must_change_password ? "true" : "false",
                       *row.change_password ? "true" : "false"});
    if (apply) user.must_change_password = *row.change_password;
  }
  return changes;
}

}  // namespace import_detail
}  // namespace v1
}  // namespace onboard
