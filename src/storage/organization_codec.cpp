#include "storage/organization_codec.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cstdint>

namespace onboard {
inline namespace v1 {
namespace json = boost::json;
namespace {

Error damaged(std::string_view what) {
  return Error{Errc::storage, "The stored " + std::string(what) + " is damaged."};
}

std::optional<json::value> parse(std::string_view text) {
  // What was stored is read back byte for byte, even text that is not UTF-8.
  json::parse_options options;
  options.allow_invalid_utf8 = true;
  json::error_code ec;
  json::value v = json::parse(text, ec, {}, options);
  if (ec) return std::nullopt;
  return v;
}

// Reads an optional integer member into `out`; false when present but not an
// integer that fits.
template <class T>
bool read_number(const json::object& obj, std::string_view key, T& out) {
  const json::value* v = obj.if_contains(key);
  if (v == nullptr) return true;
  json::error_code ec;
  const T n = v->to_number<T>(ec);
  if (ec) return false;
  out = n;
  return true;
}

bool read_string(const json::object& obj, std::string_view key, std::string& out) {
  const json::value* v = obj.if_contains(key);
  if (v == nullptr) return true;
  if (!v->is_string()) return false;
  out = std::string(v->get_string());
  return true;
}

bool read_strings(const json::value* v, std::vector<std::string>& out) {
  if (v == nullptr) return true;
  if (!v->is_array()) return false;
  out.clear();
  for (const json::value& item : v->get_array()) {
    if (!item.is_string()) return false;
    out.emplace_back(item.get_string());
  }
  return true;
}

json::array strings_to_json(const std::vector<std::string>& items) {
  json::array a;
  a.reserve(items.size());
  for (const auto& s : items) a.emplace_back(s);
  return a;
}

json::object encode_settings(const OrgSettings& s) {
  const PasswordPolicy& p = s.password_policy;
  json::object templates;
  for (const auto& [key, text] : s.mail_templates) templates[key] = text;
  return json::object{
      {"mail_templates", std::move(templates)},
      {"invitation_ttl_s", s.invitation_ttl.count()},
      {"password_policy", json::object{{"min_length", p.min_length},
                                       {"max_length", p.max_length},
                                       {"min_strength", p.min_strength},
                                       {"argon2_opslimit", p.argon2_opslimit},
                                       {"argon2_memlimit", p.argon2_memlimit}}},
      {"import_limits",
       json::object{{"max_bytes", s.import_limits.max_bytes}, {"max_rows", s.import_limits.max_rows}}},
      {"throttle", json::object{{"per_source_max_failures", s.throttle.per_source_max_failures},
                                {"org_max_failures_per_hour", s.throttle.org_max_failures_per_hour},
                                {"source_lockout_s", s.throttle.source_lockout.count()}}},
      {"credentials_ttl_s", s.credentials_ttl.count()},
      {"locale", s.locale},
      {"pending_hold_seats", s.pending_hold_seats},
  };
}

bool decode_settings(const json::object& obj, OrgSettings& s) {
  std::int64_t ttl = s.invitation_ttl.count();
  if (!read_number(obj, "invitation_ttl_s", ttl)) return false;
  s.invitation_ttl = std::chrono::seconds{ttl};
  // Absent in rows written before it existed: the default stays.
  std::int64_t credentials_ttl = s.credentials_ttl.count();
  if (!read_number(obj, "credentials_ttl_s", credentials_ttl)) return false;
  s.credentials_ttl = std::chrono::seconds{credentials_ttl};
  if (!read_string(obj, "locale", s.locale)) return false;
  if (const json::value* v = obj.if_contains("mail_templates")) {
    if (!v->is_object()) return false;
    s.mail_templates.clear();
    for (const auto& [key, text] : v->get_object()) {
      if (!text.is_string()) return false;
      s.mail_templates.emplace(std::string(key), std::string(text.get_string()));
    }
  }
  if (const json::value* v = obj.if_contains("pending_hold_seats")) {
    if (!v->is_bool()) return false;
    s.pending_hold_seats = v->get_bool();
  }
  if (const json::value* v = obj.if_contains("password_policy")) {
    if (!v->is_object()) return false;
    const json::object& p = v->get_object();
    PasswordPolicy& pp = s.password_policy;
    if (!read_number(p, "min_length", pp.min_length) || !read_number(p, "max_length", pp.max_length) ||
        !read_number(p, "min_strength", pp.min_strength) ||
        !read_number(p, "argon2_opslimit", pp.argon2_opslimit) ||
        !read_number(p, "argon2_memlimit", pp.argon2_memlimit))
      return false;
  }
  if (const json::value* v = obj.if_contains("import_limits")) {
    if (!v->is_object()) return false;
    const json::object& l = v->get_object();
    if (!read_number(l, "max_bytes", s.import_limits.max_bytes) ||
        !read_number(l, "max_rows", s.import_limits.max_rows))
      return false;
  }
  if (const json::value* v = obj.if_contains("throttle")) {
    if (!v->is_object()) return false;
    const json::object& t = v->get_object();
    std::int64_t lockout = s.throttle.source_lockout.count();
    if (!read_number(t, "per_source_max_failures", s.throttle.per_source_max_failures) ||
        !read_number(t, "org_max_failures_per_hour", s.throttle.org_max_failures_per_hour) ||
        !read_number(t, "source_lockout_s", lockout))
      return false;
    s.throttle.source_lockout = std::chrono::seconds{lockout};
  }
  return true;
}

json::object encode_roles(const RoleCatalog& catalog) {
  json::array roles;
  for (const Role& r : catalog.roles) {
    json::array permissions;
    for (std::uint32_t bit = 1; bit != 0 && bit <= all_permissions; bit <<= 1)
      if ((r.permissions & bit) != 0) permissions.emplace_back(to_string(static_cast<Permission>(bit)));
    roles.push_back(
        json::object{{"name", r.name}, {"rank", r.rank}, {"permissions", std::move(permissions)}});
  }
  return json::object{{"default", catalog.default_role}, {"roles", std::move(roles)}};
}

bool decode_roles(const json::object& obj, RoleCatalog& catalog) {
  if (!read_string(obj, "default", catalog.default_role)) return false;
  const json::value* v = obj.if_contains("roles");
  if (v == nullptr) return true;
  if (!v->is_array()) return false;
  catalog.roles.clear();
  for (const json::value& item : v->get_array()) {
    if (!item.is_object()) return false;
    const json::object& r = item.get_object();
    Role role;
    if (!read_string(r, "name", role.name) || !read_number(r, "rank", role.rank)) return false;
    std::vector<std::string> names;
    if (!read_strings(r.if_contains("permissions"), names)) return false;
    // A permission this build does not know (written by a newer one) is
    // dropped: granting less is the safe direction.
    for (const auto& name : names)
      if (auto p = parse_permission(name)) role.permissions |= static_cast<std::uint32_t>(*p);
    catalog.roles.push_back(std::move(role));
  }
  return true;
}

}  // namespace

std::string encode_organization_details(const Organization& org) {
  json::object obj{
      {"settings", encode_settings(org.settings)},
      {"roles", encode_roles(org.roles)},
      {"offices", strings_to_json(org.offices)},
      {"teams", strings_to_json(org.teams)},
  };
  return json::serialize(obj);
}

Result<void> decode_organization_details(std::string_view text, Organization& org) {
  auto v = parse(text);
  if (!v || !v->is_object()) return damaged("organization settings");
  const json::object& obj = v->get_object();
  bool ok = true;
  if (const json::value* s = obj.if_contains("settings"))
    ok = ok && s->is_object() && decode_settings(s->get_object(), org.settings);
  if (const json::value* r = obj.if_contains("roles"))
    ok = ok && r->is_object() && decode_roles(r->get_object(), org.roles);
  ok = ok && read_strings(obj.if_contains("offices"), org.offices);
  ok = ok && read_strings(obj.if_contains("teams"), org.teams);
  if (!ok) return damaged("organization settings");
  return success();
}

std::string encode_string_list(const std::vector<std::string>& items) {
  if (items.empty()) return "[]";
  // Plain printable ASCII (team names, nearly always) needs no escaping, and
  // written directly it skips building a JSON value per row of an import.
  const bool plain = std::all_of(items.begin(), items.end(), [](const std::string& s) {
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return c >= 0x20 && c < 0x7F && c != '"' && c != '\\'; });
  });
  if (!plain) return json::serialize(strings_to_json(items));
  std::string out = "[";
  for (const std::string& s : items) {
    if (out.size() > 1) out += ',';
    out += '"';
    out += s;
    out += '"';
  }
  out += ']';
  return out;
}

Result<std::vector<std::string>> decode_string_list(std::string_view text) {
  std::vector<std::string> out;
  if (text == "[]") return out;
  auto v = parse(text);
  if (!v || !read_strings(&*v, out)) return damaged("list");
  return out;
}

std::string encode_string_map(const std::map<std::string, std::string>& items) {
  if (items.empty()) return "{}";
  json::object obj;
  obj.reserve(items.size());
  for (const auto& [k, val] : items) obj.emplace(k, val);
  return json::serialize(obj);
}

Result<std::map<std::string, std::string>> decode_string_map(std::string_view text) {
  std::map<std::string, std::string> out;
  if (text == "{}") return out;
  auto v = parse(text);
  if (!v || !v->is_object()) return damaged("attribute map");
  for (const auto& [k, val] : v->get_object()) {
    if (!val.is_string()) return damaged("attribute map");
    out.emplace(std::string(k), std::string(val.get_string()));
  }
  return out;
}

}  // namespace v1
}  // namespace onboard
