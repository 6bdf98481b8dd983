// Sign-in and password changes.
#include "onboard/directory.hpp"
#include "onboard/model/email.hpp"
#include "onboard/secrets/password.hpp"
#include "service/redemption_throttle.hpp"
#include "service/service_support.hpp"

namespace onboard {
inline namespace v1 {
namespace {

const Error kWrongCredentials{Errc::authentication_failed, "The email or the password is not right.",
                              "auth.failed"};

// A parseable email's key, the account the throttle counts against; empty
// otherwise (counted per source only).
std::string_view account_of(const Result<Email>& email) {
  return email ? std::string_view(email->key()) : std::string_view();
}

}  // namespace

Result<User> Directory::authenticate(std::string_view org_id, std::string_view email_text,
                                     std::string_view password_text) {
  return authenticate(org_id, email_text, password_text, {});
}

Result<User> Directory::authenticate(std::string_view org_id, std::string_view email_text,
                                     std::string_view password_text, std::string_view source) {
  ONB_ASSIGN(auto org, storage_->get_organization(org_id));
  auto email = Email::parse(email_text);
  // Checked and counted before the password is looked at, so a throttled
  // answer says nothing about the password; an unknown email is counted
  // like a known one, so a lock says nothing about the email either.
  AttemptThrottle throttle(*storage_, keyring_, *clock_, GuessKind::sign_in);
  ONB_ASSIGN(auto attempt, throttle.begin(org, source, account_of(email)));
  auto password = normalize_password(password_text);
  if (!email || !password) {
    attempt.failed();
    return kWrongCredentials;
  }
  const std::string keys[] = {email->key()};
  ONB_ASSIGN(auto found, storage_->find_users(org_id, UserKeyField::email_key, keys));
  if (found.empty() || found.front().password_hash.empty()) {
    // Spend the same time as a real check so the answer does not reveal
    // whether the email has an account.
    (void)hash_password(*password, org.settings.password_policy);
    attempt.failed();
    return kWrongCredentials;
  }
  User user = std::move(found.front());
  // find_users never returns an unconfirmed self-registration (it went the
  // unknown-email way above); should one come through, it too gets the
  // wrong-password answer, and counts as one, so registering then signing in
  // tells nothing.
  if (!verify_password(keyring_, user.password_hash, *password) ||
      user.status == UserStatus::pending_verification) {
    attempt.failed();
    return kWrongCredentials;
  }
  attempt.succeeded();  // the account's and the source's consecutive failures start again
  if (user.status == UserStatus::suspended)
    return Error{Errc::permission_denied, "This account is suspended; ask an administrator.",
                 "auth.suspended"};
  if (user.status != UserStatus::active)
    return Error{Errc::permission_denied, "This account is not activated yet.", "auth.not_active"};
  if (user.must_change_password)
    return Error{Errc::must_change_password, "Your password must be changed before you sign in.",
                 "auth.must_change_password"};
  if (user.password_hash.rfind("$argon2id$", 0) == 0 &&
      password_needs_rehash(user.password_hash, org.settings.password_policy)) {
    ONB_ASSIGN(user.password_hash, hash_password(*password, org.settings.password_policy));
    ONB_TRY(storage_->transaction(
        [&]() -> Result<void> { return storage_->update_users(std::span<const User>(&user, 1)); }));
  }
  return user;
}

Result<User> Directory::change_password(std::string_view org_id, std::string_view email_text,
                                        std::string_view current_password, std::string_view new_password) {
  return change_password(org_id, email_text, current_password, new_password, {});
}

Result<User> Directory::change_password(std::string_view org_id, std::string_view email_text,
                                        std::string_view current_password, std::string_view new_password,
                                        std::string_view source) {
  ONB_ASSIGN(auto org, storage_->get_organization(org_id));
  auto email = Email::parse(email_text);
  // Throttled exactly like sign-in: it checks the current password.
  AttemptThrottle throttle(*storage_, keyring_, *clock_, GuessKind::sign_in);
  ONB_ASSIGN(auto attempt, throttle.begin(org, source, account_of(email)));
  auto current = normalize_password(current_password);
  if (!email || !current) {
    attempt.failed();
    return kWrongCredentials;
  }
  const std::string keys[] = {email->key()};
  ONB_ASSIGN(auto found, storage_->find_users(org_id, UserKeyField::email_key, keys));
  if (found.empty() || found.front().password_hash.empty()) {
    (void)hash_password(*current, org.settings.password_policy);
    attempt.failed();
    return kWrongCredentials;
  }
  if (!verify_password(keyring_, found.front().password_hash, *current)) {
    attempt.failed();
    return kWrongCredentials;
  }
  attempt.succeeded();
  User user = std::move(found.front());
  if (user.status != UserStatus::active)
    return Error{Errc::permission_denied, "This account is not active.", "auth.not_active"};
  ONB_ASSIGN(auto fresh, normalize_password(new_password));
  if (fresh == *current)
    return Error{Errc::weak_password, "The new password must differ from the current one.", "password.same"};
  ONB_ASSIGN(user.password_hash,
             hash_chosen_password(fresh, org.settings.password_policy,
                                  {user.email, {user.first_name, user.last_name, user.display_name}}));
  user.must_change_password = false;
  ONB_TRY(storage_->transaction([&]() -> Result<void> {
    ONB_TRY(storage_->update_users(std::span<const User>(&user, 1)));
    const AuditEvent ev[] = {make_audit(*clock_, org_id, user.id, "user.password_changed", user.id, {})};
    return storage_->append_audit(ev);
  }));
  return user;
}

}  // namespace v1
}  // namespace onboard
