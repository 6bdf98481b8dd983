// 10-digit organization keys: create, list, revoke, redeem.
#include <algorithm>

#include "onboard/core/id.hpp"
#include "onboard/model/email.hpp"
#include "onboard/model/name.hpp"
#include "onboard/registrations.hpp"
#include "onboard/secrets/digit_key.hpp"
#include "service/redemption_throttle.hpp"
#include "service/self_registration.hpp"
#include "service/service_support.hpp"

namespace onboard {
inline namespace v1 {
namespace {

// Why a known key does not work (now); nullopt when it does.
std::optional<Error> key_state_error(const RegistrationKey& key, Timestamp now) {
  if (key.revoked)
    return Error{Errc::revoked, "This registration key was withdrawn; ask for a new one.", "key.revoked"};
  if (key.valid_until && now >= *key.valid_until)
    return Error{
        Errc::expired,
        "This registration key expired on " + format_iso8601(*key.valid_until) + "; ask for a new one.",
        "key.expired"};
  if (key.max_uses && key.use_count >= *key.max_uses)
    return Error{Errc::already_used,
                 "This registration key has been used as often as it may; ask for a new one.", "key.used_up"};
  return std::nullopt;
}

Error unknown_key() {
  return Error{Errc::not_found, "This registration key is not valid; check the digits and try again.",
               "key.unknown"};
}

}  // namespace

std::string Registrations::registration_page(const Organization& org) {
  std::string base = org.base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/register";
}

std::string Registrations::registration_link(const Organization& org, std::string_view digits) {
  return make_link(org, "register", digits);
}

Result<IssuedRegistrationKey> Registrations::create_key(const Actor& actor,
                                                        const NewRegistrationKey& request) {
  ONB_ASSIGN(auto ctx, dir_.authorize(actor, Permission::add_users_by_link));
  ONB_ASSIGN(auto label, clean_text(request.label, "label", 200));
  ONB_ASSIGN(auto role, grantable_role(ctx, request.role, GrantObject::registration_key));
  ONB_ASSIGN(auto team, catalog_value(ctx.org.teams, request.team, "team", false, ""));
  ONB_ASSIGN(auto office,
             catalog_value(ctx.org.offices, request.office, "office", true, ctx.org.default_office));
  const auto now = dir_.clock().now();
  ONB_ASSIGN(auto valid_until, parse_end_time(ctx.org, request.valid_until, "valid-until", now));
  ONB_TRY(check_max_uses(request.max_uses));

  IssuedRegistrationKey issued;
  issued.digits = generate_digit_key(org_key_digits);
  issued.grouped = group_digit_key(issued.digits);
  RegistrationKey& key = issued.key;
  key.id = new_id(dir_.clock());
  key.org_id = ctx.org.id;
  key.label = label;
  key.key_hash = dir_.keyring().hmac(KeyPurpose::org_key, issued.digits);
  key.key_sealed = dir_.keyring().seal(issued.digits);
  key.role = role.name;
  key.team = team;
  key.office = office;
  key.valid_until = valid_until;
  key.max_uses = request.max_uses;
  key.created_by = ctx.user.id;
  key.created_at = now;

  auto& storage = DirectoryAccess::storage(dir_);
  ONB_TRY(storage.transaction([&]() -> Result<void> {
    ONB_TRY(storage.insert_registration_key(key));
    boost::json::object details{{"label", key.label}, {"role", key.role}, {"office", key.office}};
    if (!key.team.empty()) details["team"] = key.team;
    if (key.valid_until) details["valid_until"] = format_iso8601(*key.valid_until);
    if (key.max_uses) details["max_uses"] = *key.max_uses;
    const AuditEvent ev[] = {
        make_audit(dir_.clock(), ctx.org.id, ctx.user.id, "key.created", key.id, details)};
    return storage.append_audit(ev);
  }));
  return issued;
}

Result<std::vector<RegistrationKeyUsage>> Registrations::list_keys(const Actor& actor) {
  ONB_ASSIGN(auto ctx, dir_.authorize(actor, Permission::add_users_by_link));
  ONB_ASSIGN(auto keys, DirectoryAccess::storage(dir_).list_registration_keys(ctx.org.id));
  std::sort(keys.begin(), keys.end(), [](const auto& a, const auto& b) { return a.id > b.id; });
  std::vector<RegistrationKeyUsage> out;
  out.reserve(keys.size());
  for (auto& key : keys) {
    UserFilter filter;
    filter.registered_via = key.id;
    filter.include_deleted = true;  // the history of a key includes people deleted since
    ONB_ASSIGN(auto users, DirectoryAccess::storage(dir_).list_users(ctx.org.id, filter));
    out.push_back({std::move(key), std::move(users)});
  }
  return out;
}

Result<RegistrationKey> Registrations::revoke_key(const Actor& actor, std::string_view key_id) {
  ONB_ASSIGN(auto ctx, dir_.authorize(actor, Permission::add_users_by_link));
  auto& storage = DirectoryAccess::storage(dir_);
  ONB_ASSIGN(auto key, storage.get_registration_key(ctx.org.id, key_id));
  ONB_TRY(authorize_grant(ctx, GrantAction::revoke, GrantObject::registration_key, key.role));
  if (key.revoked) return key;
  key.revoked = true;
  ONB_TRY(storage.transaction([&]() -> Result<void> {
    ONB_TRY(storage.update_registration_key(key));
    const AuditEvent ev[] = {
        make_audit(dir_.clock(), ctx.org.id, ctx.user.id, "key.revoked", key.id, {{"label", key.label}})};
    return storage.append_audit(ev);
  }));
  return key;
}

Result<KeyRegistration> Registrations::redeem_key(std::string_view org_id, const KeyRedemption& request) {
  ONB_TRY(redeem_key_with_outcome(dir_, org_id, request));
  return KeyRegistration{true, request.email};
}

Result<SelfRegistrationResult> redeem_key_with_outcome(Directory& dir, std::string_view org_id,
                                                       const KeyRedemption& request) {
  // A malformed key or a typo is refused before the throttle: it is not a guess.
  ONB_ASSIGN(auto digits, normalize_digit_key(request.key, org_key_digits));
  auto& storage = DirectoryAccess::storage(dir);
  const Clock& clock = dir.clock();
  ONB_ASSIGN(auto org, storage.get_organization(org_id));
  RedemptionThrottle throttle(storage, dir.keyring(), clock);
  // Counted as a failure from here on, unless the key proves right.
  ONB_ASSIGN(auto attempt, throttle.begin(org, request.source));

  auto found = storage.find_registration_key_by_hash(org.id, dir.keyring().hmac(KeyPurpose::org_key, digits));
  if (!found) {
    if (found.error().code != Errc::not_found) return std::move(found).error();
    attempt.failed();
    return unknown_key();
  }
  const RegistrationKey key = std::move(found).value();
  if (auto refusal = key_state_error(key, clock.now())) return *refusal;

  ONB_ASSIGN(auto email, Email::parse(request.email));
  SelfRegistrationGrant grant;
  grant.role = key.role;
  grant.office = key.office;
  grant.team = key.team;
  grant.source = UserSource::key;
  grant.via_id = key.id;
  grant.created_by = key.created_by;
  ONB_ASSIGN(User user, self_registered_user(clock, org, email, request.name, request.password, grant));

  SelfRegistrationVia via;
  via.kind = "key";
  via.id = key.id;
  via.use = [&]() -> Result<void> {
    const auto now = clock.now();  // validity is judged at the moment of use
    ONB_ASSIGN(bool used, storage.use_registration_key(org.id, key.id, now));
    if (used) return success();
    // Lost a race for the last use, or the key changed since it was read.
    ONB_ASSIGN(auto current, storage.get_registration_key(org.id, key.id));
    if (auto refusal = key_state_error(current, now)) return *refusal;
    return Error{Errc::internal, "The registration key could not be used; try again.", "key.race"};
  };
  SelfRegistrationResult done;
  ONB_TRY(storage.transaction([&]() -> Result<void> {
    ONB_ASSIGN(done, register_self(dir, org, user, request.email_verified, via));
    return success();
  }));
  attempt.succeeded();  // a right key, whatever became of the address: the source's failures start again
  return done;
}

}  // namespace v1
}  // namespace onboard
