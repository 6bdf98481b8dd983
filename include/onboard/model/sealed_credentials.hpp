// The credentials (generated passwords, activation keys) of one committed
// import, sealed with the master key and stored in the import's own
// transaction, so no failure after the commit can lose them. One record per
// part (a chunk of the import); they are handed out once and then deleted,
// or deleted unclaimed once they expire.
#pragma once

#include <cstdint>
#include <string>

#include "onboard/core/clock.hpp"

namespace onboard {
inline namespace v1 {

struct SealedCredentials {
  std::string org_id;
  std::string job_id;     // the ImportJob written in the same transaction
  std::int64_t part = 0;  // 0, 1, 2…: the import's chunks
  std::string actor;      // the member who ran the import
  std::string sealed;     // Keyring::seal of the encoded credentials; raw bytes
  Timestamp created_at{};
  Timestamp expires_at{};  // unclaimed credentials are wiped from then on
};

}  // namespace v1
}  // namespace onboard
