// Sign-in and password changes.
#include "onboard/directory.hpp"
#include "onboard/model/email.hpp"
#include "onboard/secrets/password.hpp"
#include "service/service_support.hpp"

namespace onboard {
inline namespace v1 {
namespace {

const Error kWrongCredentials{Errc::authentication_failed, "The email or the password is not right.",
                              "auth.failed"};

}  // namespace

Result<User> Directory::authenticate(std::string_view org_id, std::string_view email_text,
                                     std::string_view password_text) {
  auto email = Email::parse(email_text);
  auto password = normalize_password(password_text);
  if (!email || !password) return kWrongCredentials;
  ONB_ASSIGN(auto org, storage_->get_organization(org_id));
  const std::string keys[] = {email->key()};
  ONB_ASSIGN(auto found, storage_->find_users(org_id, UserKeyField::email_key, keys));
  if (found.empty() || found.front().password_hash.empty()) {
    // Spend the same time as a real check so the answer does not reveal
    // whether the email has an account.
    (void)hash_password(*password, org.settings.password_policy);
    return kWrongCredentials;
  }
  User user = std::move(found.front());
  if (!verify_password(keyring_, user.password_hash, *password)) return kWrongCredentials;
  // find_users never returns an unconfirmed self-registration (it went the
  // unknown-email way above); should one come through, it too gets the
  // wrong-password answer, so registering then signing in tells nothing.
  if (user.status == UserStatus::pending_verification) return kWrongCredentials;
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
  auto email = Email::parse(email_text);
  auto current = normalize_password(current_password);
  if (!email || !current) return kWrongCredentials;
  ONB_ASSIGN(auto org, storage_->get_organization(org_id));
  const std::string keys[] = {email->key()};
  ONB_ASSIGN(auto found, storage_->find_users(org_id, UserKeyField::email_key, keys));
  if (found.empty() || found.front().password_hash.empty() ||
      !verify_password(keyring_, found.front().password_hash, *current))
    return kWrongCredentials;
  User user = std::move(found.front());
  if (user.status != UserStatus::active)
    return Error{Errc::permission_denied, "This account is not active.", "auth.not_active"};
  ONB_ASSIGN(auto fresh, normalize_password(new_password));
  if (fresh == *current)
    return Error{Errc::weak_password, "The new password must differ from the current one.", "password.same"};
  ONB_TRY(check_password(fresh, org.settings.password_policy,
                         {user.email, {user.first_name, user.last_name, user.display_name}}));
  ONB_ASSIGN(user.password_hash, hash_password(fresh, org.settings.password_policy));
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
