// Throttling of digit-key redemption, kept in storage so a restart does not
// reset it. Two counters: one per source (the host's IP address or device
// id, stored only as a keyed hash), one per organization.
#pragma once

#include <string>
#include <string_view>

#include "onboard/core/clock.hpp"
#include "onboard/core/error.hpp"
#include "onboard/model/organization.hpp"
#include "onboard/secrets/keyring.hpp"
#include "onboard/storage/storage.hpp"

namespace onboard {
inline namespace v1 {

class RedemptionThrottle {
 public:
  RedemptionThrottle(Storage& storage, const Keyring& keyring, const Clock& clock)
      : storage_(storage), keyring_(keyring), clock_(clock) {}

  // Refuses (Errc::throttled, "Too many attempts; try again at …") while the
  // source is locked or the organization's hourly budget is spent.
  Result<void> check(const Organization& org, std::string_view source);
  // Counts one wrong key, in a transaction of its own so the count stays
  // even though the redemption fails.
  Result<void> record_failure(const Organization& org, std::string_view source);
  // A right key: the source's consecutive failures start again from zero.
  // Call inside the redemption's transaction.
  Result<void> record_success(const Organization& org, std::string_view source);

  // The storage scope of a source: "source:" and the hex of its keyed hash.
  std::string source_scope(std::string_view source) const;

 private:
  Storage& storage_;
  const Keyring& keyring_;
  const Clock& clock_;
};

}  // namespace v1
}  // namespace onboard
