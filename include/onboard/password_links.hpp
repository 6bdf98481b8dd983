// One-use set-password links: what an import with generated passwords mails
// (with notify) instead of the password itself. The link,
// "<base_url>/set-password/<token>", lets its holder choose a password once;
// it is sealed in the outbox until the host claims the message and is never
// stored anywhere else.
//
// The token is "<user id>.<expiry, Unix seconds>.<MAC>": the MAC (HMAC-SHA-256
// under the keyring's password_link subkey) covers the organization, the
// user, the expiry and the user's *current password hash*. So it cannot be
// forged or stretched, and it works once: setting the password changes the
// hash, and every link issued before dies with it (as it does when the
// person changes the generated password themselves, or an administrator
// sets a new one). It expires after the organization's invitation lifetime.
#pragma once

#include <string>
#include <string_view>

#include "onboard/core/clock.hpp"
#include "onboard/core/error.hpp"
#include "onboard/directory.hpp"
#include "onboard/model/organization.hpp"
#include "onboard/model/user.hpp"
#include "onboard/secrets/keyring.hpp"

namespace onboard {
inline namespace v1 {

// A link read without using it: what a page shows before asking for the password.
struct PendingPasswordLink {
  User user;
  Timestamp expires_at{};
};

class PasswordLinks {
 public:
  // Uses the directory's storage, keyring and clock; the directory must outlive this object.
  explicit PasswordLinks(Directory& directory) : dir_(directory) {}

  // A token for `user` (who must have a password hash) that works until
  // `expires_at`. What the import seals into its messages; exposed for hosts
  // that mail the link themselves and for tests.
  static std::string issue_token(const Keyring& keyring, const Organization& org, const User& user,
                                 Timestamp expires_at);
  // "<base_url>/set-password/<token>".
  static std::string link(const Organization& org, std::string_view token);

  // `token` may be the whole link: its last path segment is taken.
  // Reads a link without using it (safe for mail scanners). Errors:
  // invalid_input (not a set-password token), not_found (unknown, forged,
  // already used, or the password was changed since), expired.
  Result<PendingPasswordLink> inspect(std::string_view org_id, std::string_view token);
  // Uses the link once: `password` goes through the one rule for chosen
  // passwords (hash_chosen_password: the organization's policy, the
  // person's details as context), must_change_password is cleared, and an
  // audit event "user.password_set_by_link" is written. Of two concurrent
  // uses one wins. Errors: as inspect, plus weak_password (the link stays
  // unused) and permission_denied (the account is not active).
  Result<User> set_password(std::string_view org_id, std::string_view token, std::string_view password);

 private:
  Directory& dir_;
};

}  // namespace v1
}  // namespace onboard
