// Showing and editing one person: onb_user_show, onb_user_edit_json.
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "capi_internal.hpp"
#include "onboard/user_admin.hpp"

using namespace onboard;
using namespace onboard::capi;

namespace {

// The UserChanges a JSON object names; a refusal names the first field that is wrong.
onb_status parse_changes(std::string_view text, UserChanges& changes) {
  boost::system::error_code ec;
  const boost::json::value parsed = boost::json::parse(text, ec);
  if (ec || !parsed.is_object())
    return fail(ONB_INVALID_INPUT,
                "The changes must be a JSON object such as {\"role\":\"Manager\",\"teams\":[\"Sales\"]}.");
  for (const auto& [key, value] : parsed.as_object()) {
    const std::string name(key);
    if (name == "teams") {
      if (!value.is_array()) return fail(ONB_INVALID_INPUT, "\"teams\" must be an array of team names.");
      std::vector<std::string> teams;
      for (const auto& team : value.as_array()) {
        if (!team.is_string()) return fail(ONB_INVALID_INPUT, "\"teams\" must be an array of team names.");
        teams.emplace_back(team.as_string());
      }
      changes.teams = std::move(teams);
      continue;
    }
    std::optional<std::string>* field = name == "role"          ? &changes.role
                                        : name == "office"      ? &changes.office
                                        : name == "first_name"  ? &changes.first_name
                                        : name == "last_name"   ? &changes.last_name
                                        : name == "email"       ? &changes.email
                                        : name == "username"    ? &changes.username
                                        : name == "external_id" ? &changes.external_id
                                                                : nullptr;
    if (field == nullptr)
      return fail(ONB_INVALID_INPUT,
                  "\"" + name.substr(0, 40) +
                      "\" is not a field a person's edit changes; use role, teams, office, "
                      "first_name, last_name, email, username or external_id.");
    if (!value.is_string()) return fail(ONB_INVALID_INPUT, "\"" + name + "\" must be a string.");
    *field = std::string(value.as_string());
  }
  return ONB_OK;
}

}  // namespace

extern "C" {

ONB_API onb_status onb_user_show(onb_user** out, onb_directory* dir, const char* org_id, const char* actor_id,
                                 const char* who) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    ONB_C_REQUIRE(actor_id);
    ONB_C_REQUIRE(who);
    auto user = UserAdmin(*dir->directory).show(Actor{org_id, actor_id}, who);
    if (!user) return fail(user.error());
    *out = make_user(std::move(user).value());
    return ONB_OK;
  });
}

ONB_API onb_status onb_user_edit_json(onb_user** out, onb_directory* dir, const char* org_id,
                                      const char* actor_id, const char* who, const char* changes_json) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    ONB_C_REQUIRE(actor_id);
    ONB_C_REQUIRE(who);
    ONB_C_REQUIRE(changes_json);
    UserChanges changes;
    if (const onb_status parsed = parse_changes(changes_json, changes); parsed != ONB_OK) return parsed;
    auto user = UserAdmin(*dir->directory).edit(Actor{org_id, actor_id}, who, changes);
    if (!user) return fail(user.error());
    *out = make_user(std::move(user).value());
    return ONB_OK;
  });
}

}  // extern "C"
