// The part of self-registration that links and 10-digit keys share: what
// happens to the address (free, a member's, or claimed but unconfirmed) and
// what goes to the mailbox. Internal: the C ABI's older calls use it too.
#pragma once

#include <functional>
#include <string_view>

#include "onboard/core/error.hpp"
#include "onboard/directory.hpp"
#include "onboard/model/user.hpp"
#include "onboard/registrations.hpp"

namespace onboard {
inline namespace v1 {

enum class SelfRegistrationOutcome {
  created,  // a new user: pending_verification (a confirmation link mailed) or, verified, active
  member,   // the address has an account: nobody made, its owner told by mail
};

struct SelfRegistrationResult {
  SelfRegistrationOutcome outcome = SelfRegistrationOutcome::created;
  User user;  // the new user, or the member
};

struct SelfRegistrationVia {
  std::string_view kind;  // "link" or "key", for audit actions and the owner's message
  std::string_view id;    // the link's or key's id
  bool welcome = false;   // queue a welcome message when the account is active at once
  // Uses the link or key once; called for every address alike.
  std::function<Result<void>()> use;
};

// Inside the caller's transaction: checks seats and uses the link or key
// (the same refusals and the same use count for every address), then for a
// member's address queues "already_registered" to the owner; otherwise
// replaces unconfirmed claims of the address (their status becomes deleted,
// so their links die), inserts `user`
// (pending_verification with a confirmation link in the outbox, or active
// when `email_verified`) and audits.
Result<SelfRegistrationResult> register_self(Directory& dir, const Organization& org, User user,
                                             bool email_verified, const SelfRegistrationVia& via);

// Registrations::redeem_key with the outcome, for the C ABI's older call that
// returns the user. Errors as redeem_key.
Result<SelfRegistrationResult> redeem_key_with_outcome(Directory& dir, std::string_view org_id,
                                                       const KeyRedemption& request);

}  // namespace v1
}  // namespace onboard
