// Time is injected: the system clock in production, a manual clock in tests
// and demos (the CLI pins it with ONBOARD_NOW).
#pragma once

#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace onboard {
inline namespace v1 {

// UTC instants with second precision: expiry rules are stated in seconds.
using Timestamp = std::chrono::sys_seconds;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Timestamp now() const override;
};

// A clock that only moves when told to. Thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Timestamp start) : now_(start.time_since_epoch().count()) {}
  Timestamp now() const override { return Timestamp{std::chrono::seconds{now_.load()}}; }
  void set(Timestamp t) { now_.store(t.time_since_epoch().count()); }
  void advance(std::chrono::seconds d) { now_.fetch_add(d.count()); }

 private:
  std::atomic<std::int64_t> now_;
};

// "2026-11-21T10:00:00Z".
std::string format_iso8601(Timestamp t);
// Accepts "2026-11-21T10:00:00Z", "...+01:00", "2026-11-21 10:00:00" (UTC) and
// "2026-11-21T10:00Z". Returns nullopt when the text is not such an instant.
std::optional<Timestamp> parse_iso8601(std::string_view text);
// A calendar date typed by a person ("2026-12-31") ends at the following
// midnight in the IANA time zone `tz`: the returned instant is the first
// second that is no longer that date there. nullopt if the date or zone is bad.
std::optional<Timestamp> end_of_local_date(std::string_view date, std::string_view tz);
// True when `tz` names an IANA time zone known to this machine.
bool is_valid_time_zone(std::string_view tz);

}  // namespace v1
}  // namespace onboard
