// Throttling of digit-key redemption.
//
// Per source: a lock after per_source_max_failures consecutive wrong keys
// (NIST SP 800-63B allows at most 100), lasting source_lockout; when it
// lapses the source starts a fresh count. Per organization: a budget of
// wrong keys per hour, counted in a window that opens at the first failure
// and closes an hour later. The budget caps guessing spread over many
// sources; since it is larger than one source's allowance, a single
// attacker cannot spend it, and since it resets every hour, nobody can lock
// an organization out for longer than the rest of that hour.
#include "service/redemption_throttle.hpp"

#include <chrono>

namespace onboard {
inline namespace v1 {
namespace {

constexpr std::string_view kOrgScope = "org";
constexpr std::chrono::hours kOrgWindow{1};

Result<ThrottleCounter> load(Storage& storage, const Organization& org, std::string_view scope) {
  auto counter = storage.get_throttle(org.id, scope);
  if (!counter && counter.error().code == Errc::not_found) {
    ThrottleCounter fresh;
    fresh.org_id = org.id;
    fresh.scope = scope;
    return fresh;
  }
  return counter;
}

Error too_many(Timestamp until, std::string detail) {
  return Error{Errc::throttled, "Too many attempts; try again at " + format_iso8601(until) + ".",
               std::move(detail)};
}

}  // namespace

std::string RedemptionThrottle::source_scope(std::string_view source) const {
  static constexpr char hex[] = "0123456789abcdef";
  const std::string digest = keyring_.hmac(KeyPurpose::throttle_source, source);
  std::string scope = "source:";
  for (unsigned char c : digest) {
    scope += hex[c >> 4];
    scope += hex[c & 15];
  }
  return scope;
}

Result<void> RedemptionThrottle::check(const Organization& org, std::string_view source) {
  const auto now = clock_.now();
  ONB_ASSIGN(auto own, load(storage_, org, source_scope(source)));
  if (own.locked_until && now < *own.locked_until) return too_many(*own.locked_until, "throttle.source");
  ONB_ASSIGN(auto shared, load(storage_, org, kOrgScope));
  const auto window_end = shared.window_start + kOrgWindow;
  if (now < window_end && shared.failures >= org.settings.throttle.org_max_failures_per_hour)
    return too_many(window_end, "throttle.organization");
  return success();
}

Result<void> RedemptionThrottle::record_failure(const Organization& org, std::string_view source) {
  const std::string scope = source_scope(source);
  return storage_.transaction([&]() -> Result<void> {
    const auto now = clock_.now();
    ONB_ASSIGN(auto own, load(storage_, org, scope));
    if (own.locked_until && now >= *own.locked_until) {
      own.failures = 0;  // the lock lapsed: a fresh count
      own.locked_until.reset();
    }
    if (own.failures == 0) own.window_start = now;
    own.failures += 1;
    if (own.failures >= org.settings.throttle.per_source_max_failures)
      own.locked_until = now + org.settings.throttle.source_lockout;
    ONB_TRY(storage_.put_throttle(own));

    ONB_ASSIGN(auto shared, load(storage_, org, kOrgScope));
    if (shared.failures == 0 || now >= shared.window_start + kOrgWindow) {
      shared.window_start = now;
      shared.failures = 0;
    }
    shared.failures += 1;
    if (shared.failures >= org.settings.throttle.org_max_failures_per_hour)
      shared.locked_until = shared.window_start + kOrgWindow;
    return storage_.put_throttle(shared);
  });
}

Result<void> RedemptionThrottle::record_success(const Organization& org, std::string_view source) {
  const std::string scope = source_scope(source);
  ONB_ASSIGN(auto own, load(storage_, org, scope));
  if (own.failures == 0 && !own.locked_until) return success();
  own.failures = 0;
  own.locked_until.reset();
  return storage_.put_throttle(own);
}

}  // namespace v1
}  // namespace onboard
