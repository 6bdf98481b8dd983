// A 10-digit organization key: many people may register with it.
#pragma once

#include <optional>
#include <string>

#include "onboard/core/clock.hpp"

namespace onboard {
inline namespace v1 {

struct RegistrationKey {
  std::string id;
  std::string org_id;
  std::string label;
  std::string key_hash;    // HMAC-SHA-256 of the digits, 32 raw bytes
  std::string key_sealed;  // sealed digits, so an admin can print it again
  std::string role;
  std::string team;
  std::string office;
  std::optional<Timestamp> valid_until;  // first instant it no longer works
  std::optional<std::int64_t> max_uses;
  std::int64_t use_count = 0;
  bool revoked = false;
  std::string created_by;
  Timestamp created_at{};
};

}  // namespace v1
}  // namespace onboard
