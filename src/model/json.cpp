// JSON presentation of the model. Each to_json lists the fields it shows, so
// a field added to a record (a new hash, a sealed copy) stays private until
// someone decides to show it.
#include "onboard/model/json.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <cmath>
#include <set>
#include <utility>

#include "onboard/model/catalog.hpp"
#include "onboard/model/name.hpp"

namespace onboard {
inline namespace v1 {
namespace json = boost::json;
namespace {

json::string_view sv(std::string_view s) { return json::string_view(s.data(), s.size()); }

json::value time_or_null(const std::optional<Timestamp>& t) {
  if (!t) return nullptr;
  return json::value(sv(format_iso8601(*t)));
}

json::value int_or_null(const std::optional<std::int64_t>& n) {
  if (!n) return nullptr;
  return json::value(*n);
}

json::array string_array(const std::vector<std::string>& items) {
  json::array out;
  out.reserve(items.size());
  for (const std::string& s : items) out.emplace_back(sv(s));
  return out;
}

std::string_view key_status(const RegistrationKey& key, Timestamp now) {
  if (key.revoked) return "revoked";
  if (key.valid_until && now >= *key.valid_until) return "expired";
  if (key.max_uses && key.use_count >= *key.max_uses) return "used_up";
  return "active";
}

std::string_view link_status(const SignupLink& link, Timestamp now) {
  if (!link.enabled) return "disabled";
  if (link.expires_at && now >= *link.expires_at) return "expired";
  if (link.max_uses && link.use_count >= *link.max_uses) return "used_up";
  return "active";
}

// Reads one JSON object into fields, remembering the first problem and the
// keys it has seen so an unknown (misspelled) key is reported too.
class Reader {
 public:
  Reader(const json::object& object, std::string path, std::optional<Error>& error)
      : object_(object), path_(std::move(path)), error_(error) {}

  void text(std::string_view key, std::string& out) {
    const json::value* v = field(key);
    if (v == nullptr) return;
    if (!v->is_string()) return fail(key, "must be text");
    out.assign(v->get_string().data(), v->get_string().size());
  }

  void boolean(std::string_view key, bool& out) {
    const json::value* v = field(key);
    if (v == nullptr) return;
    if (!v->is_bool()) return fail(key, "must be true or false");
    out = v->get_bool();
  }

  void texts(std::string_view key, std::vector<std::string>& out) {
    const json::value* v = field(key);
    if (v == nullptr) return;
    if (!v->is_array()) return fail(key, "must be a list of text");
    std::vector<std::string> items;
    for (const json::value& item : v->get_array()) {
      if (!item.is_string()) return fail(key, "must be a list of text");
      items.emplace_back(item.get_string().data(), item.get_string().size());
    }
    out = std::move(items);
  }

  template <class T>
  void whole(std::string_view key, T& out, T min, T max) {
    const json::value* v = field(key);
    if (v == nullptr) return;
    auto n = as_whole<T>(*v);
    if (!n || *n < min || *n > max)
      return fail(key, "must be a whole number from " + std::to_string(min) + " to " + std::to_string(max));
    out = *n;
  }

  void optional_whole(std::string_view key, std::optional<std::int64_t>& out, std::int64_t min) {
    const json::value* v = field(key);
    if (v == nullptr) return;
    if (v->is_null()) {
      out.reset();
      return;
    }
    auto n = as_whole<std::int64_t>(*v);
    if (!n || *n < min) return fail(key, "must be null or a whole number of at least " + std::to_string(min));
    out = *n;
  }

  void time(std::string_view key, Timestamp& out) {
    const json::value* v = field(key);
    if (v == nullptr) return;
    std::optional<Timestamp> t;
    if (v->is_string()) t = parse_iso8601(std::string_view(v->get_string().data(), v->get_string().size()));
    if (!t) return fail(key, "must be a time like 2026-11-21T10:00:00Z");
    out = *t;
  }

  // A nested object, or nullptr (missing, or not an object: then failed()).
  const json::object* object(std::string_view key) {
    const json::value* v = field(key);
    if (v == nullptr) return nullptr;
    if (!v->is_object()) {
      fail(key, "must be an object");
      return nullptr;
    }
    return &v->get_object();
  }

  const json::array* array(std::string_view key) {
    const json::value* v = field(key);
    if (v == nullptr) return nullptr;
    if (!v->is_array()) {
      fail(key, "must be a list");
      return nullptr;
    }
    return &v->get_array();
  }

  std::string path(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
  }

  void fail(std::string_view key, const std::string& what) {
    if (!error_)
      error_ = Error(Errc::invalid_input,
                     "The organization field \"" + excerpt_for_message(path(key)) + "\" " + what + ".",
                     "organization.invalid");
  }

  // Reports the first key that no reader asked for.
  void finish() {
    for (const auto& entry : object_)
      if (seen_.count(std::string(entry.key())) == 0) {
        if (!error_)
          error_ = Error(
              Errc::invalid_input,
              "The organization has an unknown field \"" +
                  excerpt_for_message(path(std::string_view(entry.key().data(), entry.key().size()))) + "\".",
              "organization.invalid");
        return;
      }
  }

 private:
  const json::value* field(std::string_view key) {
    seen_.emplace(key);
    return object_.if_contains(sv(key));
  }

  template <class T>
  static std::optional<T> as_whole(const json::value& v) {
    if (v.is_int64()) {
      const std::int64_t i = v.get_int64();
      if (std::in_range<T>(i)) return static_cast<T>(i);
    } else if (v.is_uint64()) {
      const std::uint64_t u = v.get_uint64();
      if (std::in_range<T>(u)) return static_cast<T>(u);
    } else if (v.is_double()) {
      // Some writers print every number as a double; accept exact whole ones.
      const double d = v.get_double();
      if (std::trunc(d) == d && std::fabs(d) < 9007199254740992.0) {
        const auto i = static_cast<std::int64_t>(d);
        if (std::in_range<T>(i)) return static_cast<T>(i);
      }
    }
    return std::nullopt;
  }

  const json::object& object_;
  std::string path_;
  std::optional<Error>& error_;
  std::set<std::string, std::less<>> seen_;
};

void read_roles(const json::array& items, RoleCatalog& catalog, std::optional<Error>& error) {
  catalog.roles.clear();
  for (std::size_t i = 0; i < items.size() && !error; ++i) {
    const std::string path = "roles[" + std::to_string(i) + "]";
    if (!items[i].is_object()) {
      error = Error(Errc::invalid_input, "The organization field \"" + path + "\" must be an object.",
                    "organization.invalid");
      return;
    }
    Reader r(items[i].get_object(), path, error);
    Role role;
    r.text("name", role.name);
    r.whole<int>("rank", role.rank, -1000000, 1000000);
    std::vector<std::string> permissions;
    r.texts("permissions", permissions);
    for (const std::string& name : permissions) {
      const auto p = parse_permission(name);
      if (!p) {
        r.fail("permissions", "names an unknown permission \"" + excerpt_for_message(name) +
                                  "\" (known: invite_users, add_users, add_users_by_link, import_users, "
                                  "manage_links, manage_users)");
        break;
      }
      role.permissions |= static_cast<std::uint32_t>(*p);
    }
    r.finish();
    if (!error && fold_key(role.name).empty()) r.fail("name", "must not be empty");
    catalog.roles.push_back(std::move(role));
  }
}

void read_settings(const json::object& object, OrgSettings& settings, std::optional<Error>& error) {
  Reader r(object, "settings", error);
  std::int64_t ttl = settings.invitation_ttl.count();
  r.whole<std::int64_t>("invitation_ttl_seconds", ttl, 60, std::int64_t{10} * 365 * 24 * 3600);
  settings.invitation_ttl = std::chrono::seconds{ttl};
  std::int64_t credentials_ttl = settings.credentials_ttl.count();
  r.whole<std::int64_t>("credentials_ttl_seconds", credentials_ttl, 3600, std::int64_t{90} * 24 * 3600);
  settings.credentials_ttl = std::chrono::seconds{credentials_ttl};
  r.text("locale", settings.locale);
  r.boolean("pending_hold_seats", settings.pending_hold_seats);

  if (const json::object* o = r.object("password_policy")) {
    PasswordPolicy& p = settings.password_policy;
    Reader pr(*o, "settings.password_policy", error);
    pr.whole<std::size_t>("min_length", p.min_length, 1, 4096);
    pr.whole<std::size_t>("max_length", p.max_length, 1, 4096);
    pr.whole<int>("min_strength", p.min_strength, 0, 4);
    pr.whole<std::uint64_t>("argon2_opslimit", p.argon2_opslimit, 1, 1u << 20);
    pr.whole<std::size_t>("argon2_memlimit", p.argon2_memlimit, 8192, std::size_t{1} << 42);
    pr.finish();
    if (p.max_length < p.min_length) pr.fail("max_length", "must not be below min_length");
  }
  if (const json::object* o = r.object("import_limits")) {
    ImportLimits& l = settings.import_limits;
    Reader lr(*o, "settings.import_limits", error);
    lr.whole<std::uint64_t>("max_bytes", l.max_bytes, 1, std::uint64_t{1} << 40);
    lr.whole<std::uint64_t>("max_rows", l.max_rows, 1, std::uint64_t{1} << 32);
    lr.finish();
  }
  if (const json::object* o = r.object("throttle")) {
    ThrottleSettings& t = settings.throttle;
    Reader tr(*o, "settings.throttle", error);
    tr.whole<int>("per_source_max_failures", t.per_source_max_failures, 1, 1000000);
    tr.whole<int>("org_max_failures_per_hour", t.org_max_failures_per_hour, 1, 100000000);
    std::int64_t lockout = t.source_lockout.count();
    tr.whole<std::int64_t>("source_lockout_seconds", lockout, 0, std::int64_t{365} * 24 * 3600);
    t.source_lockout = std::chrono::seconds{lockout};
    tr.finish();
  }
  r.finish();
}

}  // namespace

json::object to_json(const User& user) {
  json::object o;
  o["id"] = sv(user.id);
  o["email"] = sv(user.email);
  o["display_name"] = sv(user.display_name);
  o["first_name"] = sv(user.first_name);
  o["last_name"] = sv(user.last_name);
  o["username"] = sv(user.username);
  o["role"] = sv(user.role);
  o["office"] = sv(user.office);
  o["teams"] = string_array(user.teams);
  o["status"] = sv(to_string(user.status));
  o["external_id"] = sv(user.external_id);
  json::object attributes;
  for (const auto& [name, value] : user.attributes) attributes[sv(name)] = sv(value);
  o["attributes"] = std::move(attributes);
  o["must_change_password"] = user.must_change_password;
  o["name_locked"] = user.name_locked;
  o["source"] = sv(to_string(user.source));
  o["created_at"] = sv(format_iso8601(user.created_at));
  o["activated_at"] = time_or_null(user.activated_at);
  return o;
}

json::object to_json(const Invitation& invitation, Timestamp now) {
  json::object o;
  o["id"] = sv(invitation.id);
  o["email"] = sv(invitation.email);
  o["role"] = sv(invitation.role);
  o["team"] = sv(invitation.team);
  o["office"] = sv(invitation.office);
  o["status"] = sv(to_string(invitation.status_at(now)));
  o["expires_at"] = sv(format_iso8601(invitation.expires_at));
  o["created_at"] = sv(format_iso8601(invitation.created_at));
  o["resend_count"] = invitation.resend_count;
  o["locale"] = sv(invitation.locale);
  o["invited_by"] = sv(invitation.invited_by);
  o["accepted_at"] = time_or_null(invitation.accepted_at);
  return o;
}

json::object to_json(const RegistrationKey& key, Timestamp now) {
  json::object o;
  o["id"] = sv(key.id);
  o["label"] = sv(key.label);
  o["role"] = sv(key.role);
  o["team"] = sv(key.team);
  o["office"] = sv(key.office);
  o["status"] = sv(key_status(key, now));
  o["valid_until"] = time_or_null(key.valid_until);
  o["max_uses"] = int_or_null(key.max_uses);
  o["use_count"] = key.use_count;
  o["revoked"] = key.revoked;
  o["created_by"] = sv(key.created_by);
  o["created_at"] = sv(format_iso8601(key.created_at));
  return o;
}

json::object to_json(const SignupLink& link, Timestamp now) {
  json::object o;
  o["id"] = sv(link.id);
  o["label"] = sv(link.label);
  o["role"] = sv(link.role);
  o["team"] = sv(link.team);
  o["office"] = sv(link.office);
  o["status"] = sv(link_status(link, now));
  o["expires_at"] = time_or_null(link.expires_at);
  o["max_uses"] = int_or_null(link.max_uses);
  o["use_count"] = link.use_count;
  o["allowed_domains"] = string_array(link.allowed_domains);
  o["enabled"] = link.enabled;
  o["created_by"] = sv(link.created_by);
  o["created_at"] = sv(format_iso8601(link.created_at));
  return o;
}

json::object to_json(const AuditEvent& event) {
  json::object o;
  o["id"] = sv(event.id);
  o["actor"] = sv(event.actor);
  o["action"] = sv(event.action);
  o["target"] = sv(event.target);
  o["at"] = sv(format_iso8601(event.at));
  if (event.details.empty()) {
    o["details"] = json::object();
  } else {
    boost::system::error_code ec;
    json::value details = json::parse(sv(event.details), ec);
    o["details"] = ec ? json::value(sv(event.details)) : std::move(details);
  }
  return o;
}

json::object to_json(const OutboxMessage& message) {
  json::object o;
  o["id"] = sv(message.id);
  o["kind"] = sv(message.kind);
  o["recipient"] = sv(message.recipient);
  o["subject"] = sv(message.subject);
  o["body"] = sv(message.body);
  o["html"] = sv(message.html_body);
  o["carries_secret"] = !message.secret_sealed.empty();
  o["state"] = sv(to_string(message.state));
  o["created_at"] = sv(format_iso8601(message.created_at));
  o["claimed_until"] = time_or_null(message.claimed_until);
  o["attempts"] = message.attempts;
  o["sent_at"] = time_or_null(message.sent_at);
  return o;
}

json::object to_json(const Organization& org) {
  json::object o;
  o["id"] = sv(org.id);
  o["name"] = sv(org.name);
  o["base_url"] = sv(org.base_url);
  o["time_zone"] = sv(org.time_zone);
  o["seat_limit"] = int_or_null(org.seat_limit);
  json::array roles;
  for (const Role& role : org.roles.roles) {
    json::array permissions;
    for (std::string_view name : permission_names(role.permissions)) permissions.emplace_back(sv(name));
    roles.push_back(
        json::object{{"name", sv(role.name)}, {"rank", role.rank}, {"permissions", std::move(permissions)}});
  }
  o["roles"] = std::move(roles);
  o["default_role"] = sv(org.roles.default_role);
  o["offices"] = string_array(org.offices);
  o["default_office"] = sv(org.default_office);
  o["teams"] = string_array(org.teams);

  const OrgSettings& s = org.settings;
  const PasswordPolicy& p = s.password_policy;
  json::object settings;
  settings["invitation_ttl_seconds"] = static_cast<std::int64_t>(s.invitation_ttl.count());
  settings["credentials_ttl_seconds"] = static_cast<std::int64_t>(s.credentials_ttl.count());
  settings["locale"] = sv(s.locale);
  settings["pending_hold_seats"] = s.pending_hold_seats;
  settings["password_policy"] = json::object{{"min_length", p.min_length},
                                             {"max_length", p.max_length},
                                             {"min_strength", p.min_strength},
                                             {"argon2_opslimit", p.argon2_opslimit},
                                             {"argon2_memlimit", p.argon2_memlimit}};
  settings["import_limits"] =
      json::object{{"max_bytes", s.import_limits.max_bytes}, {"max_rows", s.import_limits.max_rows}};
  settings["throttle"] =
      json::object{{"per_source_max_failures", s.throttle.per_source_max_failures},
                   {"org_max_failures_per_hour", s.throttle.org_max_failures_per_hour},
                   {"source_lockout_seconds", static_cast<std::int64_t>(s.throttle.source_lockout.count())}};
  o["settings"] = std::move(settings);
  o["created_at"] = sv(format_iso8601(org.created_at));
  return o;
}

Result<Organization> organization_from_json(const json::value& value) {
  if (!value.is_object())
    return Error(Errc::invalid_input, "An organization must be a JSON object.", "organization.invalid");
  std::optional<Error> error;
  Organization org;
  Reader r(value.get_object(), "", error);
  r.text("id", org.id);
  r.text("name", org.name);
  r.text("base_url", org.base_url);
  r.text("time_zone", org.time_zone);
  r.optional_whole("seat_limit", org.seat_limit, 0);
  if (const json::array* roles = r.array("roles")) read_roles(*roles, org.roles, error);
  r.text("default_role", org.roles.default_role);
  r.texts("offices", org.offices);
  r.text("default_office", org.default_office);
  r.texts("teams", org.teams);
  if (const json::object* settings = r.object("settings")) read_settings(*settings, org.settings, error);
  r.time("created_at", org.created_at);
  r.finish();
  if (error) return std::move(*error);

  if (!is_valid_time_zone(org.time_zone))
    return Error(Errc::invalid_input,
                 "The organization's time zone \"" + excerpt_for_message(org.time_zone) +
                     "\" is not an IANA time zone such as Europe/Berlin or UTC.",
                 "organization.time_zone");
  // A catalog may still be empty while an organization is being set up, but
  // what it holds must be consistent.
  std::set<std::string> names;
  for (const Role& role : org.roles.roles)
    if (!names.insert(fold_key(role.name)).second)
      return Error(Errc::invalid_input,
                   "The role \"" + excerpt_for_message(role.name) + "\" appears more than once.",
                   "roles.duplicate");
  if (!org.roles.default_role.empty() && org.roles.find(org.roles.default_role) == nullptr)
    return Error(Errc::invalid_input,
                 "The default role \"" + excerpt_for_message(org.roles.default_role) +
                     "\" is not in the role catalog.",
                 "roles.unknown_default");
  return org;
}

std::string to_json_text(const json::value& value) { return json::serialize(value); }

Result<json::value> parse_json_text(std::string_view text) {
  boost::system::error_code ec;
  json::value value = json::parse(sv(text), ec);
  if (ec)
    return Error(Errc::invalid_input, "The text is not valid JSON (" + ec.message() + ").", "json.invalid");
  return value;
}

}  // namespace v1
}  // namespace onboard
