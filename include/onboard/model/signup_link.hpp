// A self-registration link: a URL (and its QR code) anyone may use to join,
// within its expiry, uses and allowed email domains.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "onboard/core/clock.hpp"

namespace onboard {
inline namespace v1 {

struct SignupLink {
  std::string id;
  std::string org_id;
  std::string label;
  std::string token_hash;    // HMAC-SHA-256 of the URL token, 32 raw bytes
  std::string token_sealed;  // sealed token, so the QR code can be drawn again
  std::string role;
  std::string team;
  std::string office;
  std::optional<Timestamp> expires_at;
  std::optional<std::int64_t> max_uses;
  std::int64_t use_count = 0;
  std::vector<std::string> allowed_domains;  // ASCII (punycode) lower-case; empty = any
  bool enabled = true;
  std::string created_by;
  Timestamp created_at{};
};

}  // namespace v1
}  // namespace onboard
