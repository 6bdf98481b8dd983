// Self-registration proven by the mailbox. An account made through a
// registration link or a 10-digit key is pending_verification until the
// person opens the one-use confirmation link mailed to the address they typed
// ("<base_url>/confirm/<token>", kind "email_confirmation" in the outbox,
// valid 24 hours). Until then it cannot sign in (the answer is the one for a
// wrong password), holds no seat, and never blocks the address: a later
// registration, invitation, pre-created user or import for the same address
// goes ahead (a later registration replaces the claim, and its link dies).
// Confirming takes the password chosen when registering, so the link proves
// the mailbox *and* that its holder is the one who registered.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "onboard/core/error.hpp"
#include "onboard/directory.hpp"
#include "onboard/model/email_confirmation.hpp"
#include "onboard/model/user.hpp"

namespace onboard {
inline namespace v1 {

// The answer to every accepted self-registration (link or key), whether the
// address was free, a member's or waiting for a confirmation: it
// deliberately holds nothing that tells them apart. What differs goes only
// to the mailbox.
struct SelfRegistration {
  bool check_email = true;  // a message is on its way to `email`
  std::string email;        // the address as typed
};

// A confirmation link read without using it: what a page needs to show.
struct PendingConfirmation {
  User user;  // pending_verification
  Timestamp expires_at{};
};

class EmailConfirmations {
 public:
  // How long a confirmation link works.
  static constexpr std::chrono::hours lifetime{24};

  // Uses the directory's storage, keyring and clock; the directory must outlive this object.
  explicit EmailConfirmations(Directory& directory) : dir_(directory) {}

  // `token` may be the whole link ("https://…/confirm/<token>"): its last
  // path segment is taken.
  // Reads a confirmation by its token without using it, to render a page:
  // safe for mail scanners that fetch links. Errors: invalid_input (not a
  // token), not_found (unknown, replaced, already used, or the address
  // became a member's since), expired.
  Result<PendingConfirmation> inspect_confirmation(std::string_view org_id, std::string_view token);
  // Uses the confirmation once (atomically: of two concurrent confirms one
  // wins): the user becomes active and may sign in. Whoever opens the link
  // must also give the password chosen when registering (as typed; it is
  // normalized like sign-in's): holding the mailbox alone does not take over
  // a stranger's claim of the address. A wrong password is
  // authentication_failed ("confirmation.wrong_password") and leaves the link
  // unused; it is counted like a wrong sign-in, against the same per-account
  // budget (the address) and per `source` (the caller's IP address or device
  // id; empty: the account alone), and once the budget is spent the answer is
  // throttled, right password or not. Errors as inspect_confirmation, plus
  // authentication_failed, throttled and limit_exceeded (no seat left: the
  // link keeps working until it expires).
  Result<User> confirm_email(std::string_view org_id, std::string_view token, std::string_view password,
                             std::string_view source = {});

 private:
  Directory& dir_;
};

}  // namespace v1
}  // namespace onboard
