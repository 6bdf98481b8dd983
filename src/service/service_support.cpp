#include "service/service_support.hpp"

#include <algorithm>

#include "onboard/core/id.hpp"
#include "onboard/model/catalog.hpp"

namespace onboard {
inline namespace v1 {

AuditEvent make_audit(const Clock& clock, std::string_view org_id, std::string_view actor,
                      std::string_view action, std::string_view target, const boost::json::object& details) {
  AuditEvent e;
  e.id = new_id(clock);
  e.org_id = org_id;
  e.actor = actor;
  e.action = action;
  e.target = target;
  e.at = clock.now();
  e.details = boost::json::serialize(details);
  return e;
}

OutboxMessage make_message(const Clock& clock, const Keyring& keyring, std::string_view org_id,
                           std::string_view kind, std::string_view recipient, std::string subject,
                           std::string body, std::string_view secret) {
  OutboxMessage m;
  m.id = new_id(clock);
  m.org_id = org_id;
  m.kind = kind;
  m.recipient = recipient;
  m.subject = std::move(subject);
  m.body = std::move(body);
  if (!secret.empty()) m.secret_sealed = keyring.seal(secret);
  m.created_at = clock.now();
  m.state = OutboxState::queued;
  return m;
}

namespace {
constexpr char kPackMarker = '\x01';
constexpr char kPackSeparator = '\x1f';
}  // namespace

OutboxMessage make_link_message(const Clock& clock, const Keyring& keyring, std::string_view org_id,
                                std::string_view kind, std::string_view recipient, std::string subject,
                                std::string body, std::string_view code, std::string_view link) {
  std::string packed = pack_secrets(code, link);
  OutboxMessage m =
      make_message(clock, keyring, org_id, kind, recipient, std::move(subject), std::move(body), packed);
  std::fill(packed.begin(), packed.end(), '\0');
  return m;
}

OutboxMessage make_mail(const Clock& clock, const Keyring& keyring, std::string_view org_id,
                        std::string_view kind, std::string_view recipient, RenderedMail mail,
                        std::string_view code, std::string_view link) {
  OutboxMessage m = link.empty()
                        ? make_message(clock, keyring, org_id, kind, recipient, std::move(mail.subject),
                                       std::move(mail.text), code)
                        : make_link_message(clock, keyring, org_id, kind, recipient, std::move(mail.subject),
                                            std::move(mail.text), code, link);
  m.html_body = std::move(mail.html);
  return m;
}

std::string pack_secrets(std::string_view code, std::string_view link) {
  std::string packed;
  packed.reserve(code.size() + link.size() + 2);
  packed += kPackMarker;
  packed += code;
  packed += kPackSeparator;
  packed += link;
  return packed;
}

void unpack_secrets(std::string_view packed, std::string& code, std::string& link) {
  link.clear();
  if (packed.empty() || packed.front() != kPackMarker) {
    code.assign(packed);
    return;
  }
  packed.remove_prefix(1);
  const auto at = packed.find(kPackSeparator);
  code.assign(packed.substr(0, at));
  if (at != std::string_view::npos) link.assign(packed.substr(at + 1));
}

std::string fill_secrets(std::string_view body, std::string_view code, std::string_view link) {
  std::string out;
  out.reserve(body.size() + code.size() + link.size());
  std::size_t from = 0;
  while (from < body.size()) {
    const auto at = body.find('{', from);
    if (at == std::string_view::npos) break;
    out.append(body.substr(from, at - from));
    const std::string_view rest = body.substr(at);
    if (rest.starts_with("{secret_link}")) {
      out.append(link);
      from = at + 13;
    } else if (rest.starts_with("{secret}")) {
      out.append(code);
      from = at + 8;
    } else {
      out.push_back('{');
      from = at + 1;
    }
  }
  if (from < body.size()) out.append(body.substr(from));
  return out;
}

std::string make_link(const Organization& org, std::string_view path, std::string_view token) {
  std::string base = org.base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  std::string link = base;
  link += '/';
  link += path;
  link += '/';
  link += token;
  return link;
}

std::string page_url(const Organization& org, std::string_view path) {
  std::string base = org.base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  base += '/';
  base += path;
  return base;
}

std::string_view permission_description(Permission p) noexcept {
  switch (p) {
    case Permission::invite_users: return "invite people";
    case Permission::add_users: return "add users";
    case Permission::add_users_by_link: return "hand out registration keys";
    case Permission::import_users: return "import users";
    case Permission::manage_links: return "manage registration links";
    case Permission::manage_users: return "manage users";
  }
  return "do this";
}

Result<Role> grantable_role(const ActorContext& actor, std::string_view requested, GrantObject object,
                            GrantAction action) {
  const Role* role =
      requested.empty() ? &actor.org.roles.default_or_first() : actor.org.roles.find(requested);
  if (role == nullptr) {
    std::string names;
    for (const auto& r : actor.org.roles.roles) names += (names.empty() ? "" : ", ") + r.name;
    return Error{Errc::invalid_input,
                 "There is no role called \"" + std::string(requested.substr(0, 60)) + "\"; the roles are " +
                     names + ".",
                 "role.unknown"};
  }
  ONB_TRY(authorize_grant(actor, action, object, role->name));
  return *role;
}

Result<std::string> catalog_value(const std::vector<std::string>& catalog, std::string_view value,
                                  std::string_view field, bool required, std::string_view fallback) {
  if (value.find_first_not_of(" \t") == std::string_view::npos) {
    if (required && fallback.empty())
      return Error{Errc::invalid_input, "Please choose a " + std::string(field) + ".",
                   std::string(field) + ".required"};
    return std::string(fallback);
  }
  if (auto match = match_catalog(catalog, value)) return *match;
  std::string message =
      "There is no " + std::string(field) + " called \"" + std::string(value.substr(0, 60)) + "\"";
  auto close = suggest(catalog, value, 1);
  if (!close.empty()) message += "; did you mean \"" + close.front() + "\"";
  message += ".";
  return Error{Errc::invalid_input, message, std::string(field) + ".unknown"};
}

Result<std::optional<Timestamp>> parse_end_time(const Organization& org, std::string_view text,
                                                std::string_view field, Timestamp now) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  if (text.empty()) return std::optional<Timestamp>{};
  std::optional<Timestamp> end;
  if (text.size() == 10)
    end = end_of_local_date(text, org.time_zone);
  else
    end = parse_iso8601(text);
  if (!end)
    return Error{Errc::invalid_input,
                 "The " + std::string(field) +
                     " must be a date like 2026-12-31 or an instant like 2026-12-31T18:00:00Z.",
                 "time.invalid"};
  if (*end <= now)
    return Error{Errc::invalid_input, "The " + std::string(field) + " is already in the past.", "time.past"};
  return end;
}

Result<void> check_max_uses(const std::optional<std::int64_t>& max_uses) {
  if (max_uses && *max_uses < 1)
    return Error{Errc::invalid_input, "The number of uses must be at least 1.", "uses.invalid"};
  return success();
}

}  // namespace v1
}  // namespace onboard
