// An invitation by email: one use, expires, resendable, revocable. No user
// exists until it is accepted.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "onboard/core/clock.hpp"

namespace onboard {
inline namespace v1 {

enum class InvitationState { pending, accepted, revoked };
// What a person sees: `expired` is derived from the clock, never stored.
enum class InvitationStatus { pending, expired, accepted, revoked };

std::string_view to_string(InvitationState s) noexcept;
std::optional<InvitationState> parse_invitation_state(std::string_view s) noexcept;
std::string_view to_string(InvitationStatus s) noexcept;

struct Invitation {
  std::string id;
  std::string org_id;
  std::string email;      // as given
  std::string email_key;  // normalized identity
  std::string role;
  std::string team;  // optional
  std::string office;
  std::string invited_by;  // user id
  std::string token_hash;  // HMAC-SHA-256 of the token, 32 raw bytes
  Timestamp created_at{};
  Timestamp expires_at{};
  InvitationState state = InvitationState::pending;
  int resend_count = 0;
  std::optional<Timestamp> accepted_at;
  std::string accepted_user_id;
  // When Directory::note_expired_invitations wrote this invitation's
  // `invitation.expired` event for the current expires_at; a resend clears it.
  std::optional<Timestamp> expired_noted_at;
  std::string locale;  // the language it was sent in ("en", "de"); resends keep it. Empty: the organization's

  InvitationStatus status_at(Timestamp now) const noexcept {
    if (state == InvitationState::accepted) return InvitationStatus::accepted;
    if (state == InvitationState::revoked) return InvitationStatus::revoked;
    return now >= expires_at ? InvitationStatus::expired : InvitationStatus::pending;
  }
};

}  // namespace v1
}  // namespace onboard
