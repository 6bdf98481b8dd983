// The bearer token of a SCIM request: who it acts as.
#pragma once

#include <string>
#include <string_view>

#include "onboard/directory.hpp"

namespace onboard {
inline namespace v1 {
namespace scim {

struct TokenActor {
  Actor actor;  // the member who made the token
  std::string token_id;
  std::string token_name;
};

// The token's maker, for a token of `org_id` that is not revoked; notes its
// last use (to the minute). The maker's own permission and rank are checked
// by each operation (Directory::authorize). Errors: authentication_failed
// (unknown, malformed, another organization's, revoked), storage.
Result<TokenActor> authenticate_token(Directory& dir, std::string_view org_id, std::string_view bearer);

}  // namespace scim
}  // namespace v1
}  // namespace onboard
