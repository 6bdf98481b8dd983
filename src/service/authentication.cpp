// Sign-in and password changes.
#include "onboard/directory.hpp"
#include "onboard/model/catalog.hpp"
#include "onboard/model/email.hpp"
#include "onboard/secrets/legacy_hash.hpp"
#include "onboard/secrets/password.hpp"
#include "service/redemption_throttle.hpp"
#include "service/service_support.hpp"

namespace onboard {
inline namespace v1 {
namespace {

// An unknown email or username and a wrong password get this one answer.
const Error kWrongCredentials{Errc::authentication_failed,
                              "The email or username, or the password, is not right.", "auth.failed"};

// Who a sign-in names: an email or a username (docs/ways-in.md).
struct Account {
  std::string key;           // what the throttle counts against; empty for blank text
  std::optional<User> user;  // the account, when one has that email or username
};

// Looks `name` up as an email, then as a username. The throttle counts the
// account found under one key whichever name was typed (its email key, or
// its username's when it has no email), so alternating the two names of an
// account does not double its budget; an unknown name is counted under
// what was typed.
Result<Account> find_account(Storage& storage, std::string_view org_id, std::string_view name) {
  Account account;
  auto email = Email::parse(name);
  if (email) {
    const std::string keys[] = {email->key()};
    ONB_ASSIGN(auto found, storage.find_users(org_id, UserKeyField::email_key, keys));
    if (!found.empty()) account.user = std::move(found.front());
  }
  std::string username = fold_key(name);
  if (!account.user && !username.empty()) {
    const std::string keys[] = {username};
    ONB_ASSIGN(auto found, storage.find_users(org_id, UserKeyField::username_key, keys));
    if (!found.empty()) account.user = std::move(found.front());
  }
  if (account.user)
    account.key =
        !account.user->email_key.empty() ? account.user->email_key : "username:" + account.user->username_key;
  else if (email)
    account.key = email->key();
  else if (!username.empty())
    account.key = "username:" + username;
  return account;
}

// The first sign-in that matches an imported hash replaces it with the
// policy's Argon2id, in one write with its audit event, which names the old
// scheme (never the hash). Whatever the account's status: the old hash is
// not kept a moment longer than needed.
Result<void> replace_imported_hash(Storage& storage, const Keyring& keyring, const Clock& clock, User& user,
                                   std::string_view normalized, const Organization& org) {
  std::string scheme = "unknown";
  if (auto opened = open_legacy_hash(keyring, user.password_hash)) {
    scheme = std::string(legacy_hash::scheme_name(legacy_hash::identify(*opened).scheme));
    std::fill(opened->begin(), opened->end(), '\0');
  }
  ONB_ASSIGN(std::string argon2, hash_password(normalized, org.settings.password_policy));
  return storage.transaction([&]() -> Result<void> {
    // Read again inside the transaction: only the hash changes, so an edit
    // made since the sign-in read the record is kept, and a hash changed
    // meanwhile (an admin's reset, another sign-in's rehash) is not undone.
    ONB_ASSIGN(User current, storage.get_user(org.id, user.id));
    if (current.password_hash != user.password_hash) return success();
    current.password_hash = argon2;
    user = current;
    ONB_TRY(storage.update_users(std::span<const User>(&current, 1)));
    const AuditEvent ev[] = {make_audit(clock, org.id, user.id, "user.password_rehashed", user.id,
                                        boost::json::object{{"scheme", scheme}})};
    return storage.append_audit(ev);
  });
}

}  // namespace

Result<User> Directory::authenticate(std::string_view org_id, std::string_view email_text,
                                     std::string_view password_text) {
  return authenticate(org_id, email_text, password_text, {});
}

Result<User> Directory::authenticate(std::string_view org_id, std::string_view email_text,
                                     std::string_view password_text, std::string_view source) {
  ONB_ASSIGN(auto org, storage_->get_organization(org_id));
  ONB_ASSIGN(auto account, find_account(*storage_, org_id, email_text));
  // Checked and counted before the password is looked at, so a throttled
  // answer says nothing about the password; an unknown email or username is
  // counted like a known one, so a lock says nothing about the name either.
  AttemptThrottle throttle(*storage_, keyring_, *clock_, GuessKind::sign_in);
  ONB_ASSIGN(auto attempt, throttle.begin(org, source, account.key));
  auto password = normalize_password(password_text);
  if (account.key.empty() || !password) {
    attempt.failed();
    return kWrongCredentials;
  }
  if (!account.user || account.user->password_hash.empty()) {
    // Spend the same time as a real check so the answer does not reveal
    // whether the name has an account.
    (void)hash_password(*password, org.settings.password_policy);
    attempt.failed();
    return kWrongCredentials;
  }
  User user = std::move(*account.user);
  // find_users never returns an unconfirmed self-registration (it went the
  // unknown-email way above); should one come through, it too gets the
  // wrong-password answer, and counts as one, so registering then signing in
  // tells nothing.
  // An imported hash was made from the password as the old system got it:
  // typed, which NFKC may have changed (only then is it tried twice).
  const bool imported = is_legacy_hash(user.password_hash);
  bool matches = verify_password(keyring_, user.password_hash, *password);
  if (!matches && imported && password_text != *password)
    matches = verify_password(keyring_, user.password_hash, password_text);
  if (!matches || user.status == UserStatus::pending_verification) {
    // An imported hash may be far cheaper to check than Argon2id (PBKDF2 of
    // a few thousand rounds): a wrong password then costs what an unknown
    // name does, so the time does not tell that the account exists.
    if (imported) (void)hash_password(*password, org.settings.password_policy);
    attempt.failed();
    return kWrongCredentials;
  }
  attempt.succeeded();  // the account's and the source's consecutive failures start again
  if (imported) ONB_TRY(replace_imported_hash(*storage_, keyring_, *clock_, user, *password, org));
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
  ONB_ASSIGN(auto account, find_account(*storage_, org_id, email_text));
  // Throttled exactly like sign-in: it checks the current password.
  AttemptThrottle throttle(*storage_, keyring_, *clock_, GuessKind::sign_in);
  ONB_ASSIGN(auto attempt, throttle.begin(org, source, account.key));
  auto current = normalize_password(current_password);
  if (account.key.empty() || !current) {
    attempt.failed();
    return kWrongCredentials;
  }
  if (!account.user || account.user->password_hash.empty()) {
    (void)hash_password(*current, org.settings.password_policy);
    attempt.failed();
    return kWrongCredentials;
  }
  if (!verify_password(keyring_, account.user->password_hash, *current)) {
    if (is_legacy_hash(account.user->password_hash))  // as in authenticate
      (void)hash_password(*current, org.settings.password_policy);
    attempt.failed();
    return kWrongCredentials;
  }
  attempt.succeeded();
  User user = std::move(*account.user);
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
