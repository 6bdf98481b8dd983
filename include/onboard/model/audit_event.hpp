// Append-only record of who did what to whom.
#pragma once

#include <string>

#include "onboard/core/clock.hpp"

namespace onboard {
inline namespace v1 {

struct AuditEvent {
  std::string id;
  std::string org_id;
  std::string actor;   // user id, or "system" / "anonymous"
  std::string action;  // "invitation.created", "user.activated"…
  std::string target;  // id of the record acted on
  Timestamp at{};
  std::string details;  // JSON object text; never a secret
};

}  // namespace v1
}  // namespace onboard
