// /Groups: the organization's teams. A group's id and displayName are the
// team's name; its members are the users with that team. Creating,
// renaming and deleting a group changes the team catalog
// (Directory::change_organization); membership changes each member's teams
// (UserAdmin::edit), so the rank rule applies to every member touched.
#include <algorithm>
#include <set>

#include "onboard/user_admin.hpp"
#include "scim/scim_context.hpp"
#include "scim/scim_error.hpp"
#include "scim/scim_filter.hpp"
#include "scim/scim_list.hpp"
#include "scim/scim_patch.hpp"
#include "scim/scim_resource.hpp"
#include "service/directory_access.hpp"

namespace onboard {
inline namespace v1 {
namespace scim {
namespace {

namespace json = boost::json;

struct Teams {
  Organization org;
  std::vector<User> users;
};

Result<Teams> load(Call& call) {
  ONB_ASSIGN(auto ctx, call.dir.authorize(call.actor, Permission::manage_users));
  Teams t;
  t.org = std::move(ctx.org);
  Result<void> status = success();
  t.users = list_all_users(call, status);
  ONB_TRY(status);
  return t;
}

const std::string* find_team(const Organization& org, std::string_view name) {
  for (const auto& t : org.teams)
    if (iequals(t, name)) return &t;
  return nullptr;
}

json::object group_json(const Teams& t, const std::string& team, std::string_view base) {
  std::vector<GroupMember> members;
  for (const auto& u : t.users)
    if (std::find(u.teams.begin(), u.teams.end(), team) != u.teams.end())
      members.push_back({u.id, u.display_name});
  return group_to_json(team, members, t.org.created_at, base);
}

// The member ids a Group resource lists. Errors: invalid_input.
Result<std::set<std::string>> member_ids(const json::object& group) {
  std::set<std::string> out;
  const json::value* ms = find_member(group, "members");
  if (ms == nullptr || ms->is_null()) return out;
  if (!ms->is_array())
    return Error{Errc::invalid_input, "The attribute members must be a list.", "invalidValue"};
  for (const auto& m : ms->get_array()) {
    const json::value* v = m.is_object() ? find_member(m.get_object(), "value") : nullptr;
    if (v == nullptr || !v->is_string())
      return Error{Errc::invalid_input, "Each member needs a \"value\": the user's id.", "invalidValue"};
    out.insert(std::string(v->get_string()));
  }
  return out;
}

// Gives `team` to exactly the users in `wanted` (the others lose it).
Result<void> set_members(Call& call, const Teams& t, const std::string& team,
                         const std::set<std::string>& wanted) {
  UserAdmin admin(call.dir);
  std::set<std::string> known;
  for (const auto& u : t.users) {
    known.insert(u.id);
    const bool has = std::find(u.teams.begin(), u.teams.end(), team) != u.teams.end();
    const bool wants = wanted.count(u.id) != 0;
    if (has == wants) continue;
    UserChanges ch;
    std::vector<std::string> teams = u.teams;
    if (wants)
      teams.push_back(team);
    else
      std::erase(teams, team);
    ch.teams = std::move(teams);
    ONB_TRY(admin.edit(call.actor, u.id, ch));
  }
  for (const auto& id : wanted)
    if (known.count(id) == 0)
      return Error{Errc::invalid_input,
                   "The member " + id.substr(0, 40) + " is not a user of this organization.", "invalidValue"};
  return success();
}

Result<std::string> display_name(const json::object& group) {
  const json::value* v = find_member(group, "displayName");
  if (v == nullptr || !v->is_string() || v->get_string().empty())
    return Error{Errc::invalid_input, "A group needs a displayName: the team's name.", "invalidValue"};
  return std::string(v->get_string());
}

Response group_response(int status, json::object resource, std::string_view query, bool location) {
  const std::string tag = etag_of(resource);
  std::string where;
  if (location) where = std::string(resource.at("meta").at("location").as_string());
  project(resource, query);
  Response r = json_response(status, resource);
  r.headers.emplace_back("ETag", tag);
  if (location) r.headers.emplace_back("Location", where);
  return r;
}

// Renames the team when `name` differs, then sets the members; the group afterwards.
Result<std::string> replace_group(Call& call, const std::string& team, const std::string& name,
                                  const std::optional<std::set<std::string>>& members) {
  std::string now = team;
  ONB_TRY(DirectoryAccess::storage(call.dir).transaction([&]() -> Result<void> {
    if (name != team) {
      OrganizationChange change;
      change.rename_teams.emplace_back(team, name);
      ONB_ASSIGN(auto org, call.dir.change_organization(call.actor, change));
      const std::string* renamed = find_team(org, name);
      now = renamed != nullptr ? *renamed : name;
    }
    if (members) {
      ONB_ASSIGN(auto t, load(call));
      ONB_TRY(set_members(call, t, now, *members));
    }
    return success();
  }));
  return now;
}

}  // namespace

Response groups_endpoint(Call& call, const Operation& op, std::string_view id) {
  const std::string& base = call.options.base_url;
  auto t = load(call);
  if (!t) return error_response(t.error());
  if (id.empty()) {
    if (op.method == "GET") {
      std::vector<json::object> resources;
      for (const auto& team : t->org.teams) resources.push_back(group_json(*t, team, base));
      return list_response(std::move(resources), op.query, call.options);
    }
    if (op.method == "POST") {
      if (op.body == nullptr || !op.body->is_object())
        return error_response(400, "invalidSyntax",
                              "The request body must be a Group resource (a JSON object).");
      auto name = display_name(op.body->get_object());
      if (!name) return error_response(name.error());
      auto members = member_ids(op.body->get_object());
      if (!members) return error_response(members.error());
      std::string team;
      auto done = DirectoryAccess::storage(call.dir).transaction([&]() -> Result<void> {
        OrganizationChange change;
        change.add_teams.push_back(*name);
        ONB_ASSIGN(auto org, call.dir.change_organization(call.actor, change));
        const std::string* added = find_team(org, *name);
        team = added != nullptr ? *added : *name;
        ONB_ASSIGN(auto fresh, load(call));
        return set_members(call, fresh, team, *members);
      });
      if (!done) return error_response(done.error());
      auto after = load(call);
      if (!after) return error_response(after.error());
      return group_response(201, group_json(*after, team, base), op.query, true);
    }
    return error_response(405, "", "/Groups takes GET and POST.");
  }
  const std::string* found = find_team(t->org, id);
  if (found == nullptr)
    return error_response(
        404, "", "No group (team) called " + std::string(id.substr(0, 60)) + " in " + t->org.name + ".");
  const std::string team = *found;
  json::object current = group_json(*t, team, base);
  if (op.method == "GET") return group_response(200, std::move(current), op.query, false);
  if (!op.if_match.empty() && op.if_match != "*" && op.if_match != etag_of(current) &&
      "W/" + op.if_match != etag_of(current))
    return error_response(412, "", "The group changed since that version was read; read it again and retry.");
  if (op.method == "PUT" || op.method == "PATCH") {
    if (op.body == nullptr || !op.body->is_object())
      return error_response(400, "invalidSyntax", "The request body must be a JSON object.");
    json::object wanted;
    if (op.method == "PUT") {
      wanted = op.body->get_object();
    } else {
      wanted = current;
      auto patched = apply_patch(wanted, *op.body);
      if (!patched) return error_response(patched.error());
    }
    auto name = display_name(wanted);
    if (!name) return error_response(name.error());
    std::optional<std::set<std::string>> members;
    // A PUT without members leaves them; a PATCH always yields the whole list.
    if (op.method == "PATCH" || find_member(wanted, "members") != nullptr) {
      auto ids = member_ids(wanted);
      if (!ids) return error_response(ids.error());
      members = std::move(*ids);
    }
    auto now = replace_group(call, team, *name, members);
    if (!now) return error_response(now.error());
    auto after = load(call);
    if (!after) return error_response(after.error());
    // Okta and Entra take 204 for a PATCH as well as 200 with the group; the group is more useful.
    return group_response(200, group_json(*after, *now, base), op.query, false);
  }
  if (op.method == "DELETE") {
    auto done = DirectoryAccess::storage(call.dir).transaction([&]() -> Result<void> {
      ONB_TRY(set_members(call, *t, team, {}));
      OrganizationChange change;
      change.remove_teams.push_back(team);
      ONB_TRY(call.dir.change_organization(call.actor, change));
      return success();
    });
    if (!done) return error_response(done.error());
    Response r;
    r.status = 204;
    return r;
  }
  return error_response(405, "", "/Groups/ID takes GET, PUT, PATCH and DELETE.");
}

}  // namespace scim
}  // namespace v1
}  // namespace onboard
