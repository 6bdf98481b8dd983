// Failure counters for digit-key redemption; kept in storage so they survive
// a restart.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "onboard/core/clock.hpp"

namespace onboard {
inline namespace v1 {

struct ThrottleCounter {
  std::string org_id;
  std::string scope;  // "source:<id>" or "org"
  std::int64_t failures = 0;
  Timestamp window_start{};
  std::optional<Timestamp> locked_until;
};

}  // namespace v1
}  // namespace onboard
