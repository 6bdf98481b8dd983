// Pre-created users and their 29-digit keys: create, redeem, resend.
#include <algorithm>

#include "onboard/core/id.hpp"
#include "onboard/model/email.hpp"
#include "onboard/model/name.hpp"
#include "onboard/registrations.hpp"
#include "onboard/secrets/digit_key.hpp"
#include "onboard/secrets/password.hpp"
#include "service/mail_render.hpp"
#include "service/redemption_throttle.hpp"
#include "service/service_support.hpp"

namespace onboard {
inline namespace v1 {
namespace {

OutboxMessage key_message(const Clock& clock, const Keyring& keyring, const Organization& org,
                          const User& admin, const User& user, const std::string& grouped) {
  std::string digits = grouped;
  std::erase(digits, ' ');
  std::string link = Registrations::registration_link(org, digits);
  MailArgs args;
  args.set("org", org.name)
      .set("name", user.display_name)
      .set("admin", admin.display_name)
      .set("page", Registrations::registration_page(org));
  OutboxMessage m =
      make_mail(clock, keyring, org.id, "registration_key", user.email,
                MailRenderer(org, org.settings.locale, "registration_key").render(args), grouped, link);
  std::fill(digits.begin(), digits.end(), '\0');
  std::fill(link.begin(), link.end(), '\0');
  return m;
}

// A new key for `user`: its digits, keyed hash and sealed copy.
IssuedUserKey issue_key(const Keyring& keyring, User user) {
  IssuedUserKey issued;
  issued.digits = generate_digit_key(user_key_digits);
  issued.grouped = group_digit_key(issued.digits);
  user.activation_key_hash = keyring.hmac(KeyPurpose::user_key, issued.digits);
  user.activation_key_sealed = keyring.seal(issued.digits);
  issued.user = std::move(user);
  return issued;
}

// Refuses an email that another (not deleted) user already has.
Result<void> email_is_free(Storage& storage, const Organization& org, const Email& email,
                           std::string_view self_id) {
  const std::string keys[] = {email.key()};
  ONB_ASSIGN(auto owners, storage.find_users(org.id, UserKeyField::email_key, keys));
  for (const auto& owner : owners)
    if (owner.id != self_id)
      return Error{Errc::already_exists,
                   email.address() + " is already used by a member of " + org.name + ".", "user.email_taken"};
  return success();
}

// The pre-created member whose 29-digit key `digits` is, while the key still
// activates them: redeeming and inspecting a key both ask this, and a key no
// member holds counts as a failed attempt.
Result<User> member_waiting_for_key(Storage& storage, const Keyring& keyring, const Organization& org,
                                    std::string_view digits, ThrottleAttempt& attempt) {
  const std::string hashes[] = {keyring.hmac(KeyPurpose::user_key, digits)};
  ONB_ASSIGN(auto found, storage.find_users(org.id, UserKeyField::activation_key_hash, hashes));
  if (found.empty()) {
    attempt.failed();
    return Error{Errc::not_found,
                 "This registration key is not valid; it may have been replaced by a newer one, so check the "
                 "digits or ask for the latest key.",
                 "key.unknown"};
  }
  User user = std::move(found.front());
  if (user.status == UserStatus::suspended)
    return Error{Errc::permission_denied, "This account is suspended; ask your administrator.",
                 "user.suspended"};
  if (user.status != UserStatus::pending_activation)
    return Error{Errc::already_used, "This registration key has already been used; sign in instead.",
                 "key.used"};
  return user;
}

}  // namespace

Result<IssuedUserKey> Registrations::create_user(const Actor& actor, const NewPrecreatedUser& request) {
  ONB_ASSIGN(auto ctx, dir_.authorize(actor, Permission::add_users));
  auto& storage = DirectoryAccess::storage(dir_);
  const Clock& clock = dir_.clock();
  User user;
  ONB_ASSIGN(user.first_name, clean_name(request.first_name, "first name"));
  ONB_ASSIGN(user.last_name, clean_name(request.last_name, "last name"));
  if (user.first_name.empty() && user.last_name.empty())
    return Error{Errc::invalid_input, "Please give the person's first and last name.", "name.required"};
  user.display_name = user.first_name.empty() || user.last_name.empty()
                          ? user.first_name + user.last_name
                          : user.first_name + " " + user.last_name;
  user.name_locked = true;
  std::optional<Email> email;
  if (request.email.find_first_not_of(" \t") != std::string::npos) {
    ONB_ASSIGN(auto parsed, Email::parse(request.email));
    email = std::move(parsed);
    user.email = email->address();
    user.email_key = email->key();
  }
  ONB_ASSIGN(auto role, grantable_role(ctx, request.role, GrantObject::precreated_user));
  user.role = role.name;
  for (const auto& team : request.teams) {
    ONB_ASSIGN(auto t, catalog_value(ctx.org.teams, team, "team", false, ""));
    if (!t.empty() && std::find(user.teams.begin(), user.teams.end(), t) == user.teams.end())
      user.teams.push_back(t);
  }
  ONB_ASSIGN(user.office,
             catalog_value(ctx.org.offices, request.office, "office", true, ctx.org.default_office));
  ONB_ASSIGN(user.external_id, clean_text(request.external_id, "external id", 200));
  for (const auto& [name, value] : request.attributes) {
    ONB_ASSIGN(auto clean_name_, clean_text(name, "attribute name", 100));
    ONB_ASSIGN(auto clean_value, clean_text(value, clean_name_.empty() ? "attribute" : clean_name_, 2000));
    if (!clean_name_.empty()) user.attributes[clean_name_] = clean_value;
  }
  user.id = new_id(clock);
  user.org_id = ctx.org.id;
  user.status = UserStatus::pending_activation;
  user.source = UserSource::manual;
  user.created_by = ctx.user.id;
  user.created_at = clock.now();
  IssuedUserKey issued = issue_key(dir_.keyring(), std::move(user));
  const User& created = issued.user;

  ONB_TRY(storage.transaction([&]() -> Result<void> {
    if (email) {
      ONB_TRY(email_is_free(storage, ctx.org, *email, ""));
      const std::string keys[] = {email->key()};
      ONB_ASSIGN(auto pending, storage.find_pending_invitations(ctx.org.id, keys));
      for (const auto& inv : pending)
        if (inv.status_at(clock.now()) == InvitationStatus::pending)
          return Error{Errc::already_exists, email->address() + " already has a pending invitation.",
                       "user.invited"};
    }
    if (!created.external_id.empty()) {
      const std::string ids[] = {created.external_id};
      ONB_ASSIGN(auto holders, storage.find_users(ctx.org.id, UserKeyField::external_id, ids));
      if (!holders.empty())
        return Error{Errc::already_exists,
                     "Another user already has the external id " + created.external_id + ".",
                     "user.external_id_taken"};
    }
    ONB_TRY(dir_.check_seats(ctx.org, 1));
    ONB_TRY(storage.insert_users(std::span<const User>(&created, 1)));
    if (email) {
      const OutboxMessage msg[] = {
          key_message(clock, dir_.keyring(), ctx.org, ctx.user, created, issued.grouped)};
      ONB_TRY(storage.enqueue_messages(msg));
    }
    const AuditEvent ev[] = {make_audit(clock, ctx.org.id, ctx.user.id, "user.created", created.id,
                                        {{"email", created.email},
                                         {"role", created.role},
                                         {"source", "manual"},
                                         {"status", "pending_activation"},
                                         {"key_mailed", email.has_value()}})};
    return storage.append_audit(ev);
  }));
  return issued;
}

Result<User> Registrations::redeem_user_key(std::string_view org_id, const UserKeyRedemption& request) {
  // A malformed key, a spreadsheet's "1.23457E+28" or a typo is refused before the throttle.
  ONB_ASSIGN(auto digits, normalize_digit_key(request.key, user_key_digits));
  auto& storage = DirectoryAccess::storage(dir_);
  const Clock& clock = dir_.clock();
  ONB_ASSIGN(auto org, storage.get_organization(org_id));
  RedemptionThrottle throttle(storage, dir_.keyring(), clock);
  // Counted as a failure from here on, unless the key proves right.
  ONB_ASSIGN(auto attempt, throttle.begin(org, request.source));

  ONB_ASSIGN(User user, member_waiting_for_key(storage, dir_.keyring(), org, digits, attempt));
  const std::string key_hash = user.activation_key_hash;  // what found them

  std::optional<Email> chosen;
  if (request.email.find_first_not_of(" \t") != std::string::npos) {
    ONB_ASSIGN(auto parsed, Email::parse(request.email));
    chosen = std::move(parsed);
  }
  if (!chosen && user.email.empty() && user.username.empty())
    return Error{Errc::invalid_input, "Please give your email address; you will sign in with it.",
                 "email.required"};
  if (chosen) {
    user.email = chosen->address();
    user.email_key = chosen->key();
  }
  ONB_ASSIGN(user.password_hash,
             hash_chosen_password(
                 request.password, org.settings.password_policy,
                 {user.email, {user.first_name, user.last_name, user.display_name, user.username}}));
  user.must_change_password = false;

  auto activated_now = storage.transaction([&]() -> Result<void> {
    const auto now = clock.now();
    user.activated_at = now;
    if (chosen) ONB_TRY(email_is_free(storage, org, *chosen, user.id));
    // The names stay as the administrator set them: `user` was read from storage.
    ONB_ASSIGN(bool activated, storage.activate_user(user, key_hash));
    if (!activated) {
      ONB_ASSIGN(auto current, storage.get_user(org.id, user.id));
      if (current.status == UserStatus::active)
        return Error{Errc::already_used, "This registration key has already been used; sign in instead.",
                     "key.used"};
      return Error{Errc::not_found, "This registration key is no longer valid; ask for the latest key.",
                   "key.unknown"};
    }
    // The used key's keyed hash stays with the account (never its sealed
    // copy): typed again, it is found and answered "already used" rather
    // than "not valid; it may have been replaced" (issue #16).
    User used = user;
    used.status = UserStatus::active;
    used.activation_key_hash = key_hash;
    used.activation_key_sealed.clear();
    ONB_TRY(storage.update_users(std::span<const User>(&used, 1)));
    // Unless not-activated users hold their seats, the seat is taken now.
    if (!org.settings.pending_hold_seats) ONB_TRY(dir_.check_seats(org, 0));
    const AuditEvent ev[] = {make_audit(clock, org.id, user.id, "user.activated", user.id,
                                        {{"email", user.email}, {"via", "registration_key"}})};
    return storage.append_audit(ev);
  });
  if (!activated_now) {
    // The answer tells whether a typed address is a member's, and the key
    // is not spent by it: counted as a failed attempt, so one key cannot
    // probe the organization's addresses without end.
    if (activated_now.error().detail_code == "user.email_taken") attempt.failed();
    return std::move(activated_now).error();
  }
  attempt.succeeded();  // the source's consecutive failures start again
  user.status = UserStatus::active;
  user.activation_key_hash.clear();
  user.activation_key_sealed.clear();
  return user;
}

Result<User> Registrations::inspect_user_key(std::string_view org_id, std::string_view key,
                                             std::string_view source) {
  ONB_ASSIGN(auto digits, normalize_digit_key(key, user_key_digits));
  auto& storage = DirectoryAccess::storage(dir_);
  ONB_ASSIGN(auto org, storage.get_organization(org_id));
  RedemptionThrottle throttle(storage, dir_.keyring(), dir_.clock());
  // Counted only when the key proves wrong: a right one is given back, so
  // reading a page never clears earlier failures either.
  ONB_ASSIGN(auto attempt, throttle.begin(org, source));
  ONB_ASSIGN(User user, member_waiting_for_key(storage, dir_.keyring(), org, digits, attempt));
  user.password_hash.clear();
  user.activation_key_hash.clear();
  user.activation_key_sealed.clear();
  return user;
}

Result<IssuedUserKey> Registrations::resend_user_key(const Actor& actor, std::string_view user_id,
                                                     std::string_view email_text) {
  ONB_ASSIGN(auto ctx, dir_.authorize(actor, Permission::add_users));
  auto& storage = DirectoryAccess::storage(dir_);
  const Clock& clock = dir_.clock();
  ONB_ASSIGN(auto user, storage.get_user(ctx.org.id, user_id));
  // A new key lets its holder choose the password: keys of higher roles stay with higher roles.
  ONB_TRY(authorize_grant(ctx, GrantAction::resend, GrantObject::precreated_user, user.role));
  if (user.status == UserStatus::deleted)
    return Error{Errc::not_found, "This user was deleted.", "user.deleted"};
  if (user.status != UserStatus::pending_activation)
    return Error{Errc::already_used, user.display_name + " has already activated their account.",
                 "user.active"};
  const std::string old_address = user.email;
  std::optional<Email> corrected;
  if (email_text.find_first_not_of(" \t") != std::string_view::npos) {
    ONB_ASSIGN(auto parsed, Email::parse(email_text));
    corrected = std::move(parsed);
    user.email = corrected->address();
    user.email_key = corrected->key();
  }
  IssuedUserKey issued = issue_key(dir_.keyring(), std::move(user));
  const User& changed = issued.user;

  // The mail to an address that was wrong is withdrawn: every queued key
  // or activation message to it (its key no longer works, and it went to
  // the wrong person) is cancelled, so a sender never claims it.
  const bool moved = corrected && !old_address.empty() && old_address != changed.email;
  std::int64_t cancelled = 0;
  ONB_TRY(storage.transaction([&]() -> Result<void> {
    if (corrected) ONB_TRY(email_is_free(storage, ctx.org, *corrected, changed.id));
    ONB_TRY(storage.update_users(std::span<const User>(&changed, 1)));
    if (moved) {
      const std::string kinds[] = {"registration_key", "activation"};
      ONB_ASSIGN(cancelled, storage.cancel_messages(ctx.org.id, old_address, kinds));
    }
    if (!changed.email.empty()) {
      const OutboxMessage msg[] = {
          key_message(clock, dir_.keyring(), ctx.org, ctx.user, changed, issued.grouped)};
      ONB_TRY(storage.enqueue_messages(msg));
    }
    const AuditEvent ev[] = {make_audit(clock, ctx.org.id, ctx.user.id, "user.key_replaced", changed.id,
                                        {{"email", changed.email},
                                         {"email_corrected", corrected.has_value()},
                                         {"messages_cancelled", cancelled}})};
    return storage.append_audit(ev);
  }));
  return issued;
}

}  // namespace v1
}  // namespace onboard
