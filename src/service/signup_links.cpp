// Self-registration links: create, edit, enable, disable, list, QR code, redeem.
#include <algorithm>

#include "onboard/core/id.hpp"
#include "onboard/model/email.hpp"
#include "onboard/model/name.hpp"
#include "onboard/secrets/token.hpp"
#include "onboard/signup_links.hpp"
#include "service/qr_code.hpp"
#include "service/self_registration.hpp"
#include "service/service_support.hpp"

namespace onboard {
inline namespace v1 {
namespace {

constexpr std::size_t kMaxDomains = 100;

// Domains in the form Email::domain_ascii() gives: lower-case ASCII (punycode).
Result<std::vector<std::string>> clean_domains(const std::vector<std::string>& domains) {
  std::vector<std::string> out;
  for (std::string_view d : domains) {
    while (!d.empty() && (d.front() == ' ' || d.front() == '@')) d.remove_prefix(1);
    while (!d.empty() && d.back() == ' ') d.remove_suffix(1);
    if (d.empty()) continue;
    // Parsing a sample address checks the domain and converts it as an address's would be.
    auto sample = Email::parse("x@" + std::string(d));
    if (!sample)
      return Error{Errc::invalid_input, "\"" + excerpt_for_message(d) + "\" is not an email domain.",
                   "link.domain"};
    std::string ascii(sample->domain_ascii());
    if (std::find(out.begin(), out.end(), ascii) == out.end()) out.push_back(std::move(ascii));
  }
  if (out.size() > kMaxDomains)
    return Error{Errc::invalid_input, "A link allows at most 100 email domains.", "link.domains"};
  return out;
}

std::optional<Error> link_state_error(const SignupLink& link, Timestamp now) {
  if (!link.enabled)
    return Error{Errc::revoked, "This registration link is switched off; ask for a new one.",
                 "link.disabled"};
  if (link.expires_at && now >= *link.expires_at)
    return Error{Errc::expired, "This registration link expired on " + format_iso8601(*link.expires_at) + ".",
                 "link.expired"};
  if (link.max_uses && link.use_count >= *link.max_uses)
    return Error{Errc::already_used, "This registration link has been used as often as it may.",
                 "link.used_up"};
  return std::nullopt;
}

}  // namespace

Result<IssuedSignupLink> SignupLinks::create(const Actor& actor, const NewSignupLink& request) {
  ONB_ASSIGN(auto ctx, dir_.authorize(actor, Permission::manage_links));
  const Clock& clock = dir_.clock();
  const auto now = clock.now();
  IssuedSignupLink issued;
  SignupLink& link = issued.link;
  ONB_ASSIGN(link.label, clean_text(request.label, "label", 200));
  ONB_ASSIGN(auto role, grantable_role(ctx, request.role, GrantObject::signup_link));
  link.role = role.name;
  ONB_ASSIGN(link.team, catalog_value(ctx.org.teams, request.team, "team", false, ""));
  ONB_ASSIGN(link.office,
             catalog_value(ctx.org.offices, request.office, "office", true, ctx.org.default_office));
  ONB_ASSIGN(link.expires_at, parse_end_time(ctx.org, request.expires, "expiry", now));
  ONB_TRY(check_max_uses(request.max_uses));
  link.max_uses = request.max_uses;
  ONB_ASSIGN(link.allowed_domains, clean_domains(request.allowed_domains));
  link.id = new_id(clock);
  link.org_id = ctx.org.id;
  link.created_by = ctx.user.id;
  link.created_at = now;
  issued.token = generate_token();
  issued.url = make_link(ctx.org, "join", issued.token);
  link.token_hash = dir_.keyring().hmac(KeyPurpose::link_token, issued.token);
  link.token_sealed = dir_.keyring().seal(issued.token);

  auto& storage = DirectoryAccess::storage(dir_);
  ONB_TRY(storage.transaction([&]() -> Result<void> {
    ONB_TRY(storage.insert_signup_link(link));
    const AuditEvent ev[] = {make_audit(clock, ctx.org.id, ctx.user.id, "link.created", link.id,
                                        {{"label", link.label}, {"role", link.role}})};
    return storage.append_audit(ev);
  }));
  return issued;
}

Result<SignupLink> SignupLinks::edit(const Actor& actor, std::string_view link_id,
                                     const SignupLinkChanges& changes) {
  ONB_ASSIGN(auto ctx, dir_.authorize(actor, Permission::manage_links));
  auto& storage = DirectoryAccess::storage(dir_);
  const Clock& clock = dir_.clock();
  ONB_ASSIGN(auto link, storage.get_signup_link(ctx.org.id, link_id));
  // The link's current role, and below any new one: both must be within the actor's rank.
  ONB_TRY(authorize_grant(ctx, GrantAction::edit, GrantObject::signup_link, link.role));
  boost::json::object changed;
  if (changes.label) {
    ONB_ASSIGN(link.label, clean_text(*changes.label, "label", 200));
    changed["label"] = link.label;
  }
  if (changes.role) {
    ONB_ASSIGN(auto role,
               grantable_role(ctx, *changes.role, GrantObject::signup_link, GrantAction::assign_role));
    link.role = role.name;
    changed["role"] = link.role;
  }
  if (changes.team) {
    ONB_ASSIGN(link.team, catalog_value(ctx.org.teams, *changes.team, "team", false, ""));
    changed["team"] = link.team;
  }
  if (changes.office) {
    ONB_ASSIGN(link.office,
               catalog_value(ctx.org.offices, *changes.office, "office", true, ctx.org.default_office));
    changed["office"] = link.office;
  }
  if (changes.expires) {
    ONB_ASSIGN(link.expires_at, parse_end_time(ctx.org, *changes.expires, "expiry", clock.now()));
    changed["expires_at"] = link.expires_at ? boost::json::value(format_iso8601(*link.expires_at)) : nullptr;
  }
  if (changes.max_uses) {
    if (*changes.max_uses < 0)
      return Error{Errc::invalid_input, "The number of uses must be at least 1 (or 0 for no limit).",
                   "uses.invalid"};
    link.max_uses = *changes.max_uses == 0 ? std::nullopt : changes.max_uses;
    changed["max_uses"] = link.max_uses ? boost::json::value(*link.max_uses) : nullptr;
  }
  if (changes.allowed_domains) {
    ONB_ASSIGN(link.allowed_domains, clean_domains(*changes.allowed_domains));
    boost::json::array domains;
    for (const auto& d : link.allowed_domains) domains.emplace_back(d);
    changed["allowed_domains"] = std::move(domains);
  }
  ONB_TRY(storage.transaction([&]() -> Result<void> {
    ONB_TRY(storage.update_signup_link(link));
    const AuditEvent ev[] = {make_audit(clock, ctx.org.id, ctx.user.id, "link.edited", link.id, changed)};
    return storage.append_audit(ev);
  }));
  return link;
}

namespace {

Result<SignupLink> set_enabled(Directory& dir, const Actor& actor, std::string_view link_id, bool enabled) {
  ONB_ASSIGN(auto ctx, dir.authorize(actor, Permission::manage_links));
  auto& storage = DirectoryAccess::storage(dir);
  ONB_ASSIGN(auto link, storage.get_signup_link(ctx.org.id, link_id));
  ONB_TRY(authorize_grant(ctx, enabled ? GrantAction::enable : GrantAction::disable, GrantObject::signup_link,
                          link.role));
  if (link.enabled == enabled) return link;
  link.enabled = enabled;
  ONB_TRY(storage.transaction([&]() -> Result<void> {
    ONB_TRY(storage.update_signup_link(link));
    const AuditEvent ev[] = {make_audit(dir.clock(), ctx.org.id, ctx.user.id,
                                        enabled ? "link.enabled" : "link.disabled", link.id, {})};
    return storage.append_audit(ev);
  }));
  return link;
}

}  // namespace

Result<SignupLink> SignupLinks::enable(const Actor& actor, std::string_view link_id) {
  return set_enabled(dir_, actor, link_id, true);
}

Result<SignupLink> SignupLinks::disable(const Actor& actor, std::string_view link_id) {
  return set_enabled(dir_, actor, link_id, false);
}

Result<std::vector<SignupLink>> SignupLinks::list(const Actor& actor) {
  ONB_ASSIGN(auto ctx, dir_.authorize(actor, Permission::manage_links));
  ONB_ASSIGN(auto links, DirectoryAccess::storage(dir_).list_signup_links(ctx.org.id));
  std::sort(links.begin(), links.end(), [](const auto& a, const auto& b) { return a.id > b.id; });
  return links;
}

Result<std::string> SignupLinks::qr_svg(const Actor& actor, std::string_view link_id) {
  ONB_ASSIGN(auto ctx, dir_.authorize(actor, Permission::manage_links));
  ONB_ASSIGN(auto link, DirectoryAccess::storage(dir_).get_signup_link(ctx.org.id, link_id));
  // The QR code is the link itself: whoever sees it can join with the link's role.
  ONB_TRY(authorize_grant(ctx, GrantAction::show_secret, GrantObject::signup_link, link.role));
  ONB_ASSIGN(auto token, dir_.keyring().unseal(link.token_sealed));
  ONB_ASSIGN(auto matrix, encode_qr(make_link(ctx.org, "join", token)));
  return onboard::qr_svg(matrix);
}

Result<SignupLink> SignupLinks::inspect(std::string_view org_id, std::string_view token) {
  auto& storage = DirectoryAccess::storage(dir_);
  ONB_ASSIGN(auto normalized, normalize_token(token));
  auto found =
      storage.find_signup_link_by_hash(org_id, dir_.keyring().hmac(KeyPurpose::link_token, normalized));
  if (!found) {
    if (found.error().code == Errc::not_found)
      return Error{Errc::not_found, "This registration link is not valid; check that it was copied whole.",
                   "link.unknown"};
    return std::move(found).error();
  }
  if (auto refusal = link_state_error(*found, dir_.clock().now())) return *refusal;
  return std::move(found).value();
}

Result<LinkRegistration> SignupLinks::redeem(std::string_view org_id, const LinkRedemption& request) {
  auto& storage = DirectoryAccess::storage(dir_);
  const Clock& clock = dir_.clock();
  ONB_ASSIGN(auto token, normalize_token(request.token));
  auto found = storage.find_signup_link_by_hash(org_id, dir_.keyring().hmac(KeyPurpose::link_token, token));
  if (!found) {
    if (found.error().code == Errc::not_found)
      return Error{Errc::not_found, "This registration link is not valid; check that it was copied whole.",
                   "link.unknown"};
    return std::move(found).error();
  }
  const SignupLink link = std::move(found).value();
  if (auto refusal = link_state_error(link, clock.now())) return *refusal;
  ONB_ASSIGN(auto org, storage.get_organization(org_id));
  ONB_ASSIGN(auto email, Email::parse(request.email));
  if (!link.allowed_domains.empty() && std::find(link.allowed_domains.begin(), link.allowed_domains.end(),
                                                 email.domain_ascii()) == link.allowed_domains.end()) {
    std::string list;
    for (const auto& d : link.allowed_domains) list += (list.empty() ? "" : ", ") + d;
    return Error{Errc::invalid_input, "This link is only for email addresses at " + list + ".",
                 "link.domain"};
  }
  SelfRegistrationGrant grant;
  grant.role = link.role;
  grant.office = link.office;
  grant.team = link.team;
  grant.source = UserSource::link;
  grant.via_id = link.id;
  grant.created_by = link.created_by;
  ONB_ASSIGN(User user, self_registered_user(clock, org, email, request.name, request.password, grant));

  SelfRegistrationVia via;
  via.kind = "link";
  via.id = link.id;
  via.welcome = true;
  via.use = [&]() -> Result<void> {
    const auto now = clock.now();
    ONB_ASSIGN(bool used, storage.use_signup_link(org.id, link.id, now));
    if (used) return success();
    ONB_ASSIGN(auto current, storage.get_signup_link(org.id, link.id));
    if (auto refusal = link_state_error(current, now)) return *refusal;
    return Error{Errc::internal, "The registration link could not be used; try again.", "link.race"};
  };
  ONB_TRY(storage.transaction([&]() -> Result<void> {
    ONB_TRY(register_self(dir_, org, user, request.email_verified, via));
    return success();
  }));
  return LinkRegistration{true, email.address()};
}

}  // namespace v1
}  // namespace onboard
