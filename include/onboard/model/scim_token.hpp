// A SCIM bearer token: how an identity provider (Okta, Entra ID…) provisions
// the members of one organization through onboard::scim::Handler. Made by a
// member with manage_users, shown once, stored only as its keyed hash; the
// token acts as the member who made it (see docs/scim.md).
#pragma once

#include <optional>
#include <string>

#include "onboard/core/clock.hpp"

namespace onboard {
inline namespace v1 {

struct ScimToken {
  std::string id;
  std::string org_id;
  std::string name;        // what the admin called it ("Okta")
  std::string token_hash;  // HMAC-SHA-256 (KeyPurpose::scim_token) of the token, 32 raw bytes
  std::string created_by;  // user id of the member it acts as
  Timestamp created_at{};
  std::optional<Timestamp> last_used_at;
  bool revoked = false;
};

}  // namespace v1
}  // namespace onboard
