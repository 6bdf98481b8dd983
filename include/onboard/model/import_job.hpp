// The record of one bulk import: who, when, which file, what it did.
#pragma once

#include <cstdint>
#include <string>

#include "onboard/core/clock.hpp"

namespace onboard {
inline namespace v1 {

struct ImportJob {
  std::string id;
  std::string org_id;
  std::string actor;
  std::string file_name;
  std::string file_digest;  // SHA-256 hex of the file's bytes
  Timestamp started_at{};
  Timestamp finished_at{};
  std::int64_t rows = 0;
  std::int64_t created = 0;
  std::int64_t updated = 0;
  std::int64_t skipped = 0;
  std::int64_t errors = 0;
  bool committed = false;
  std::string report;  // JSON text of the report (no secrets)
};

}  // namespace v1
}  // namespace onboard
