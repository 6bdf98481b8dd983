// The part of self-registration that links and 10-digit keys share: what
// happens to the address (free, a member's, or claimed but unconfirmed) and
// what goes to the mailbox. Internal: the C ABI's older calls use it too.
#pragma once

#include <functional>
#include <string_view>

#include "onboard/core/error.hpp"
#include "onboard/directory.hpp"
#include "onboard/model/email.hpp"
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

// What a link or a key gives whoever registers with it: taken from the link
// or key, never from the person registering.
struct SelfRegistrationGrant {
  std::string_view role, office, team;  // team: empty for none
  UserSource source = UserSource::link;
  std::string_view via_id;      // the link's or key's id (User::registered_via)
  std::string_view created_by;  // who made the link or key
};

// The one place of the rules a person's own details meet when they register
// through a link or a key, and of the user that results: the name is
// required and split; the password is normalized, checked against the
// organization's policy (with the email and name as context) and hashed,
// before any write lock is taken and whether or not the address has an
// account, so every answer takes as long. The email is parsed by the caller
// (a link may restrict its domain first). Errors: invalid_input (name),
// weak_password.
Result<User> self_registered_user(const Clock& clock, const Organization& org, const Email& email,
                                  std::string_view full_name, std::string_view password,
                                  const SelfRegistrationGrant& grant);
// The same for an address checked before (an invitation's): its text and key.
Result<User> self_registered_user(const Clock& clock, const Organization& org, std::string_view email_address,
                                  std::string_view email_key, std::string_view full_name,
                                  std::string_view password, const SelfRegistrationGrant& grant);

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
