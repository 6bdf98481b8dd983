// Append-only record of who did what to whom.
#pragma once

#include <cstdint>
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
  // Its place in the organization's log, set by the storage when appended
  // (the value given is ignored): 1, 2, 3… in the order the events were
  // committed, so a reader that saw N has seen everything before N.
  std::int64_t seq = 0;
};

}  // namespace v1
}  // namespace onboard
