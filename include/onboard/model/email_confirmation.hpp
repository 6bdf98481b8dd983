// The confirmation a self-registered person must give by opening a link
// mailed to the address they typed: until then their account is
// pending_verification (cannot sign in, holds no seat). One per user; the
// token exists only sealed in the outbox message, storage keeps its keyed hash.
#pragma once

#include <string>

#include "onboard/core/clock.hpp"

namespace onboard {
inline namespace v1 {

struct EmailConfirmation {
  std::string org_id;
  std::string user_id;     // the pending_verification user it activates
  std::string token_hash;  // HMAC-SHA-256 of the token (as invitations' tokens), 32 raw bytes
  Timestamp created_at{};
  Timestamp expires_at{};  // the first second it no longer works
};

}  // namespace v1
}  // namespace onboard
