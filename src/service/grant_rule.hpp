// The one authorization rule for grants (issue #13): a person acts on a
// grant — an invitation, a 10-digit registration key, a self-registration
// link, a pre-created user with a 29-digit key, or a member — only when
// their role ranks at or above the role the grant gives. Every operation of
// src/service that creates, changes, switches on or off, shows the secret
// of, resends, revokes or deletes a grant asks authorize_grant first, after
// Directory::authorize has checked the permission the operation needs.
// tests/service/grant_authorization_test.cpp holds one row per operation.
#pragma once

#include <cstdint>
#include <string_view>

#include "onboard/core/error.hpp"
#include "onboard/directory.hpp"

namespace onboard {
inline namespace v1 {

// What carries the role. A new kind of grant goes before `count_`.
enum class GrantObject : std::uint8_t {
  invitation,
  registration_key,  // 10 digits, many people
  signup_link,
  precreated_user,  // not yet activated, with a 29-digit key
  member,           // a user, whatever their status
  count_            // sentinel: the number of objects
};

// What is done to it. A new action goes before `count_` (and gets its words
// in grant_rule.cpp and its rows in the test).
enum class GrantAction : std::uint8_t {
  create,       // issue a new grant of a role (the requested role is the grant's)
  edit,         // change it (checked against its current role)
  assign_role,  // give it a new role in an edit (checked against the new role; the edit against the old)
  enable,       // switch it on again
  disable,      // switch it off
  show_secret,  // see its secret again: a QR code, a registration document
  resend,       // a new secret, sent (and returned to the caller)
  revoke,       // withdraw it
  delete_,      // delete it (a member)
  suspend,      // suspend a member
  reactivate,   // undo a suspension
  count_        // sentinel: the number of actions
};

std::string_view to_string(GrantObject object) noexcept;
std::string_view to_string(GrantAction action) noexcept;

// Allowed when `grant_role` names a role of the actor's catalog whose rank is
// at or below the actor's own. Otherwise Errc::permission_denied (detail
// "role.above_own") with a sentence naming the action, the thing and both
// roles: "You cannot revoke this key: it grants the role Admin, which ranks
// above your own role Super User." The permission is not checked here: the
// operation's Directory::authorize has done that.
Result<void> authorize_grant(const ActorContext& actor, GrantAction action, GrantObject object,
                             std::string_view grant_role);

}  // namespace v1
}  // namespace onboard
