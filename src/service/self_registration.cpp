// Self-registration proven by the mailbox: what links and 10-digit keys
// share (register_self), and the confirmation link (EmailConfirmations).
#include "service/self_registration.hpp"

#include "onboard/core/id.hpp"
#include "onboard/email_confirmations.hpp"
#include "onboard/model/name.hpp"
#include "onboard/secrets/password.hpp"
#include "onboard/secrets/token.hpp"
#include "service/mail_render.hpp"
#include "service/redemption_throttle.hpp"
#include "service/service_support.hpp"

namespace onboard {
inline namespace v1 {
namespace {

std::string sign_in_page(const Organization& org) {
  std::string base = org.base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/";
}

OutboxMessage welcome_message(const Clock& clock, const Keyring& keyring, const Organization& org,
                              const User& user) {
  MailArgs args;
  args.set("org", org.name)
      .set("name", user.display_name)
      .set("email", user.email)
      .set("sign_in_page", sign_in_page(org));
  return make_mail(clock, keyring, org.id, "welcome", user.email,
                   MailRenderer(org, org.settings.locale, "welcome").render(args), "", "");
}

// To the owner of an address someone tried to register with.
OutboxMessage already_registered_message(const Clock& clock, const Keyring& keyring, const Organization& org,
                                         const User& owner, std::string_view kind) {
  MailArgs args;
  args.set("org", org.name)
      .set("name", owner.display_name)
      .set("via", kind == "key" ? "key" : "link")
      .set("sign_in_page", sign_in_page(org));
  return make_mail(clock, keyring, org.id, "already_registered", owner.email,
                   MailRenderer(org, org.settings.locale, "already_registered").render(args), "", "");
}

OutboxMessage confirmation_message(const Clock& clock, const Keyring& keyring, const Organization& org,
                                   const User& user, Timestamp expires_at, const std::string& link) {
  const std::string_view token = std::string_view(link).substr(link.rfind('/') + 1);
  MailArgs args;
  args.set("org", org.name)
      .set("name", user.display_name)
      .set("expires", format_mail_time(expires_at, org.time_zone, org.settings.locale))
      .set("page", page_url(org, "confirm"));
  return make_mail(clock, keyring, org.id, "email_confirmation", user.email,
                   MailRenderer(org, org.settings.locale, "email_confirmation").render(args), token, link);
}

// The confirmer is not the registrant (or mistyped): the link stays unused.
Error wrong_confirmation_password() {
  return Error{
      Errc::authentication_failed,
      "The password is not the one chosen when registering; if you did not register, ignore the mail "
      "and the claim lapses.",
      "confirmation.wrong_password"};
}

Error unknown_confirmation() {
  return Error{Errc::not_found,
               "This confirmation link is not valid or was already used; if you registered again, use the "
               "latest email.",
               "confirmation.unknown"};
}

// Marks unconfirmed claims of `email_key` deleted (their links die with them).
Result<void> drop_claims(Directory& dir, const Organization& org, const std::string& email_key,
                         std::string_view because) {
  auto& storage = DirectoryAccess::storage(dir);
  ONB_ASSIGN(auto claims, storage.find_unverified_users(org.id, email_key));
  for (User& claim : claims) {
    claim.status = UserStatus::deleted;
    ONB_TRY(storage.update_users(std::span<const User>(&claim, 1)));
    const AuditEvent ev[] = {make_audit(dir.clock(), org.id, "anonymous", "user.unverified_dropped", claim.id,
                                        {{"reason", because}})};
    ONB_TRY(storage.append_audit(ev));
  }
  return success();
}

}  // namespace

Result<SelfRegistrationResult> register_self(Directory& dir, const Organization& org, User user,
                                             bool email_verified, const SelfRegistrationVia& via) {
  auto& storage = DirectoryAccess::storage(dir);
  const Clock& clock = dir.clock();
  const std::string kind(via.kind);
  const auto now = clock.now();
  user.created_at = now;
  // Seats are checked and a use of the link or key is spent first, whatever
  // the address: a full organization or a used-up link refuses every address
  // alike, and the count of uses tells nothing either.
  ONB_TRY(dir.check_seats(org, 1));
  if (via.use) ONB_TRY(via.use());
  const std::string keys[] = {user.email_key};
  ONB_ASSIGN(auto owners, storage.find_users(org.id, UserKeyField::email_key, keys));
  if (!owners.empty()) {
    const User& owner = owners.front();
    const OutboxMessage msg[] = {already_registered_message(clock, dir.keyring(), org, owner, kind)};
    ONB_TRY(storage.enqueue_messages(msg));
    // Claims made before the address became a member's are dead: clear them.
    ONB_TRY(drop_claims(dir, org, user.email_key, "member"));
    const AuditEvent ev[] = {
        make_audit(clock, org.id, "anonymous", kind + ".existing_account", via.id, {{"user_id", owner.id}})};
    ONB_TRY(storage.append_audit(ev));
    return SelfRegistrationResult{SelfRegistrationOutcome::member, owner};
  }
  // An unconfirmed claim never blocks the address: the newer registration
  // replaces it, and the older confirmation link dies with it.
  ONB_TRY(drop_claims(dir, org, user.email_key, "replaced"));
  user.status = email_verified ? UserStatus::active : UserStatus::pending_verification;
  if (email_verified) user.activated_at = now;
  ONB_TRY(storage.insert_users(std::span<const User>(&user, 1)));
  if (email_verified) {
    if (via.welcome) {
      const OutboxMessage msg[] = {welcome_message(clock, dir.keyring(), org, user)};
      ONB_TRY(storage.enqueue_messages(msg));
    }
  } else {
    EmailConfirmation confirmation;
    confirmation.org_id = org.id;
    confirmation.user_id = user.id;
    confirmation.created_at = now;
    confirmation.expires_at = now + EmailConfirmations::lifetime;
    std::string token = generate_token();
    confirmation.token_hash = dir.keyring().hmac(KeyPurpose::invitation_token, token);
    std::string link = make_link(org, "confirm", token);
    std::fill(token.begin(), token.end(), '\0');
    ONB_TRY(storage.insert_email_confirmation(confirmation));
    const OutboxMessage msg[] = {
        confirmation_message(clock, dir.keyring(), org, user, confirmation.expires_at, link)};
    std::fill(link.begin(), link.end(), '\0');
    ONB_TRY(storage.enqueue_messages(msg));
  }
  boost::json::object created{{"email", user.email},
                              {"role", user.role},
                              {"source", kind},
                              {kind + "_id", std::string(via.id)},
                              {"status", std::string(to_string(user.status))}};
  const AuditEvent ev[] = {
      make_audit(clock, org.id, user.id, kind + ".redeemed", via.id, {{"user_id", user.id}}),
      make_audit(clock, org.id, user.id, "user.created", user.id, created)};
  ONB_TRY(storage.append_audit(ev));
  return SelfRegistrationResult{SelfRegistrationOutcome::created, std::move(user)};
}

namespace {

// The confirmation a token names, with its pending_verification user.
Result<PendingConfirmation> find_confirmation(Directory& dir, std::string_view org_id, std::string_view token,
                                              EmailConfirmation& found_out) {
  // The whole link is fine too: its last path segment is the token.
  while (!token.empty() &&
         (token.back() == '\n' || token.back() == '\r' || token.back() == ' ' || token.back() == '/'))
    token.remove_suffix(1);
  if (const auto slash = token.rfind('/'); slash != std::string_view::npos) token.remove_prefix(slash + 1);
  ONB_ASSIGN(auto clean, normalize_token(token));
  auto found = DirectoryAccess::storage(dir).find_email_confirmation_by_hash(
      org_id, dir.keyring().hmac(KeyPurpose::invitation_token, clean));
  if (!found) {
    if (found.error().code == Errc::not_found) return unknown_confirmation();
    return std::move(found).error();
  }
  found_out = std::move(found).value();
  auto user = DirectoryAccess::storage(dir).get_user(org_id, found_out.user_id);
  if (!user) {
    if (user.error().code == Errc::not_found) return unknown_confirmation();
    return std::move(user).error();
  }
  // Replaced by a newer registration, or deleted by an administrator.
  if (user->status != UserStatus::pending_verification) return unknown_confirmation();
  // The address became a member's (invited, pre-created, imported): the claim is dead.
  const std::string keys[] = {user->email_key};
  ONB_ASSIGN(auto members, DirectoryAccess::storage(dir).find_users(org_id, UserKeyField::email_key, keys));
  if (!members.empty()) return unknown_confirmation();
  if (!(found_out.expires_at > dir.clock().now()))
    return Error{Errc::expired,
                 "This confirmation link expired on " + format_iso8601(found_out.expires_at) +
                     "; register again to get a new one.",
                 "confirmation.expired"};
  return PendingConfirmation{std::move(user).value(), found_out.expires_at};
}

}  // namespace

Result<PendingConfirmation> EmailConfirmations::inspect_confirmation(std::string_view org_id,
                                                                     std::string_view token) {
  EmailConfirmation found;
  return find_confirmation(dir_, org_id, token, found);
}

Result<User> EmailConfirmations::confirm_email(std::string_view org_id, std::string_view token,
                                               std::string_view password_text, std::string_view source) {
  EmailConfirmation found;
  ONB_ASSIGN(auto pending, find_confirmation(dir_, org_id, token, found));
  auto& storage = DirectoryAccess::storage(dir_);
  const Clock& clock = dir_.clock();
  ONB_ASSIGN(auto org, storage.get_organization(org_id));
  User user = std::move(pending.user);
  // Holding the mailbox is not enough: whoever confirms proves they are the
  // one who registered, with the password chosen then. Otherwise the real
  // owner of an address, puzzled by the mail, would activate a squatter's
  // account (and its password) by clicking. Counted like a sign-in, against
  // the same budgets (the address's and the source's), before the password
  // is looked at, so a throttled answer says nothing about it.
  AttemptThrottle throttle(storage, dir_.keyring(), clock, GuessKind::sign_in);
  ONB_ASSIGN(auto attempt, throttle.begin(org, source, user.email_key));
  auto password = normalize_password(password_text);
  if (!password || user.password_hash.empty() ||
      !verify_password(dir_.keyring(), user.password_hash, *password)) {
    attempt.failed();
    return wrong_confirmation_password();
  }
  ONB_TRY(storage.transaction([&]() -> Result<void> {
    const auto now = clock.now();  // expiry is judged at the moment of use
    // The seat is taken now: a full organization refuses, and the link keeps
    // working until it expires.
    if (auto seats = dir_.check_seats(org, 1); !seats)
      return Error{Errc::limit_exceeded,
                   org.name + " has no seat left for you; ask an administrator, then open the link again.",
                   "confirmation.seats_full"};
    const std::string keys[] = {user.email_key};
    ONB_ASSIGN(auto members, storage.find_users(org.id, UserKeyField::email_key, keys));
    if (!members.empty()) return unknown_confirmation();  // the address became a member's meanwhile
    ONB_ASSIGN(bool consumed, storage.consume_email_confirmation(org.id, user.id, found.token_hash, now));
    if (!consumed) {
      // Lost a race with another confirm, or replaced or expired meanwhile.
      if (!(found.expires_at > now))
        return Error{Errc::expired,
                     "This confirmation link expired on " + format_iso8601(found.expires_at) +
                         "; register again to get a new one.",
                     "confirmation.expired"};
      return unknown_confirmation();
    }
    user.status = UserStatus::active;
    user.activated_at = now;
    const AuditEvent ev[] = {
        make_audit(clock, org.id, user.id, "user.email_confirmed", user.id, {{"email", user.email}})};
    return storage.append_audit(ev);
  }));
  attempt.succeeded();  // the address's and the source's consecutive failures start again
  return user;
}

Result<User> self_registered_user(const Clock& clock, const Organization& org, const Email& email,
                                  std::string_view full_name, std::string_view password,
                                  const SelfRegistrationGrant& grant) {
  return self_registered_user(clock, org, email.address(), email.key(), full_name, password, grant);
}

Result<User> self_registered_user(const Clock& clock, const Organization& org, std::string_view email_address,
                                  std::string_view email_key, std::string_view full_name,
                                  std::string_view password, const SelfRegistrationGrant& grant) {
  ONB_ASSIGN(auto name, split_full_name(full_name));
  if (name.display.empty()) return Error{Errc::invalid_input, "Please give your name.", "name.required"};
  // Hashing is slow on purpose: done before any write lock, and for every
  // address alike.
  ONB_ASSIGN(auto password_hash,
             hash_chosen_password(password, org.settings.password_policy,
                                  {std::string(email_address), {name.first, name.last, name.display}}));

  User user;
  user.id = new_id(clock);
  user.org_id = org.id;
  user.email = std::string(email_address);
  user.email_key = std::string(email_key);
  user.first_name = name.first;
  user.last_name = name.last;
  user.display_name = name.display;
  user.role = std::string(grant.role);
  user.office = std::string(grant.office);
  if (!grant.team.empty()) user.teams.emplace_back(grant.team);
  user.password_hash = std::move(password_hash);
  user.source = grant.source;
  user.registered_via = std::string(grant.via_id);
  user.created_by = std::string(grant.created_by);
  return user;
}

}  // namespace v1
}  // namespace onboard
