// Users and Groups as SCIM resources.
#include "scim/scim_resource.hpp"

#include <cstdio>

#include "onboard/model/name.hpp"
#include "scim/scim_filter.hpp"

namespace onboard {
inline namespace v1 {
namespace scim {
namespace {

namespace json = boost::json;

std::string percent_encode(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

json::object meta(std::string_view type, Timestamp created, std::string_view base, std::string_view id) {
  json::object m;
  m["resourceType"] = type;
  m["created"] = format_iso8601(created);
  m["lastModified"] = format_iso8601(created);
  m["location"] = location(base, type == "User" ? "Users" : "Groups", id);
  return m;
}

}  // namespace

std::string location(std::string_view base_url, std::string_view type, std::string_view id) {
  std::string b(base_url);
  while (!b.empty() && b.back() == '/') b.pop_back();
  return b + "/" + std::string(type) + "/" + percent_encode(id);
}

json::object user_to_json(const User& u, std::string_view base_url) {
  json::object o;
  json::array schemas{json::string(kUserUrn), json::string(kEnterpriseUrn), json::string(kOnboardUrn)};
  o["schemas"] = std::move(schemas);
  o["id"] = u.id;
  if (!u.external_id.empty()) o["externalId"] = u.external_id;
  o["userName"] = !u.username.empty() ? u.username : u.email;
  json::object name;
  name["givenName"] = u.first_name;
  name["familyName"] = u.last_name;
  name["formatted"] = u.display_name;
  o["name"] = std::move(name);
  o["displayName"] = u.display_name;
  o["active"] = u.status != UserStatus::suspended && u.status != UserStatus::deleted;
  if (!u.email.empty()) {
    json::object e;
    e["value"] = u.email;
    e["type"] = "work";
    e["primary"] = true;
    o["emails"] = json::array{std::move(e)};
  }
  if (!u.role.empty()) {
    json::object r;
    r["value"] = u.role;
    r["primary"] = true;
    o["roles"] = json::array{std::move(r)};
  }
  json::array groups;
  for (const auto& t : u.teams) {
    json::object g;
    g["value"] = t;
    g["display"] = t;
    g["$ref"] = location(base_url, "Groups", t);
    groups.push_back(std::move(g));
  }
  o["groups"] = std::move(groups);
  json::object ent;
  if (!u.external_id.empty()) ent["employeeNumber"] = u.external_id;
  if (!u.office.empty()) ent["department"] = u.office;
  o[kEnterpriseUrn] = std::move(ent);
  json::object ob;
  ob["status"] = to_string(u.status);
  o[kOnboardUrn] = std::move(ob);
  o["meta"] = meta("User", u.created_at, base_url, u.id);
  stamp_version(o);
  return o;
}

json::object group_to_json(std::string_view team, const std::vector<GroupMember>& members, Timestamp created,
                           std::string_view base_url) {
  json::object o;
  o["schemas"] = json::array{json::string(kGroupUrn)};
  o["id"] = team;
  o["displayName"] = team;
  json::array ms;
  for (const auto& m : members) {
    json::object x;
    x["value"] = m.id;
    x["display"] = m.display;
    x["$ref"] = location(base_url, "Users", m.id);
    ms.push_back(std::move(x));
  }
  o["members"] = std::move(ms);
  o["meta"] = meta("Group", created, base_url, team);
  stamp_version(o);
  return o;
}

std::string etag_of(const json::object& resource) {
  json::object copy = resource;
  copy.erase("meta");
  const std::string text = json::serialize(copy);
  std::uint64_t h = 1469598103934665603ULL;  // FNV-1a
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  char buf[24];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return "W/\"" + std::string(buf) + "\"";
}

void stamp_version(json::object& resource) {
  const std::string tag = etag_of(resource);
  if (auto* m = resource.if_contains("meta"); m != nullptr && m->is_object())
    m->get_object()["version"] = tag;
}

std::optional<bool> as_bool(const json::value& v) {
  if (v.is_bool()) return v.get_bool();
  if (v.is_string()) {
    if (iequals(v.get_string(), "true")) return true;
    if (iequals(v.get_string(), "false")) return false;
  }
  return std::nullopt;
}

Result<std::string> as_text(const json::value& v, std::string_view what) {
  if (v.is_null()) return std::string();
  if (!v.is_string())
    return Error{Errc::invalid_input, "The attribute " + std::string(what) + " must be a string.",
                 "invalidValue"};
  return std::string(v.get_string());
}

Result<UserInput> read_user(const json::object& r) {
  UserInput in;
  if (const auto* v = find_member(r, "userName")) {
    ONB_ASSIGN(in.user_name, as_text(*v, "userName"));
  }
  if (const auto* n = find_member(r, "name"); n != nullptr && n->is_object()) {
    if (const auto* v = find_member(n->get_object(), "givenName")) {
      ONB_ASSIGN(in.given_name, as_text(*v, "name.givenName"));
    }
    if (const auto* v = find_member(n->get_object(), "familyName")) {
      ONB_ASSIGN(in.family_name, as_text(*v, "name.familyName"));
    }
  }
  if (const auto* v = find_member(r, "displayName")) {
    ONB_ASSIGN(in.display_name, as_text(*v, "displayName"));
  }
  if (const auto* v = find_member(r, "emails")) {
    if (!v->is_array())
      return Error{Errc::invalid_input, "The attribute emails must be a list.", "invalidValue"};
    const json::value* chosen = nullptr;
    for (const auto& e : v->get_array()) {
      if (!e.is_object()) continue;
      const auto* primary = find_member(e.get_object(), "primary");
      if (chosen == nullptr || (primary != nullptr && as_bool(*primary).value_or(false))) chosen = &e;
    }
    in.email = std::string();
    if (chosen != nullptr)
      if (const auto* value = find_member(chosen->get_object(), "value")) {
        ONB_ASSIGN(in.email, as_text(*value, "emails.value"));
      }
  }
  if (const auto* v = find_member(r, "externalId")) {
    ONB_ASSIGN(in.external_id, as_text(*v, "externalId"));
  }
  if (const auto* ent = find_member(r, kEnterpriseUrn); ent != nullptr && ent->is_object()) {
    if (const auto* v = find_member(ent->get_object(), "employeeNumber")) {
      ONB_ASSIGN(in.external_id, as_text(*v, "employeeNumber"));
    }
    if (const auto* v = find_member(ent->get_object(), "department")) {
      ONB_ASSIGN(in.office, as_text(*v, "department"));
    }
  }
  if (const auto* v = find_member(r, "roles")) {
    if (!v->is_array())
      return Error{Errc::invalid_input, "The attribute roles must be a list.", "invalidValue"};
    const json::value* chosen = nullptr;
    for (const auto& e : v->get_array()) {
      if (!e.is_object()) continue;
      const auto* primary = find_member(e.get_object(), "primary");
      if (chosen == nullptr || (primary != nullptr && as_bool(*primary).value_or(false))) chosen = &e;
    }
    if (chosen != nullptr)
      if (const auto* value = find_member(chosen->get_object(), "value")) {
        ONB_ASSIGN(in.role, as_text(*value, "roles.value"));
      }
  }
  if (const auto* v = find_member(r, "active")) {
    if (v->is_null()) {
      in.active = std::nullopt;
    } else {
      in.active = as_bool(*v);
      if (!in.active)
        return Error{Errc::invalid_input, "The attribute active must be true or false.", "invalidValue"};
    }
  }
  return in;
}

}  // namespace scim
}  // namespace v1
}  // namespace onboard
