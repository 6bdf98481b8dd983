// The event feed for hosts: what happened to members, invitations, keys and
// imports, read from the audit log in the order it was committed, resumable
// after any event (docs/events.md). And the signature a host puts on a
// webhook that carries events (X-Onboard-Signature).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "onboard/core/clock.hpp"
#include "onboard/core/error.hpp"
#include "onboard/model/audit_event.hpp"

namespace onboard {
inline namespace v1 {

// One event of the feed.
struct Event {
  std::string cursor;  // opaque: pass it back to read what follows this event
  std::string type;    // one of event_types()
  std::string id;      // the audit event's id: stable, for de-duplicating (delivery is at least once)
  Timestamp at{};
  std::string actor;    // user id, "system" or "anonymous"
  std::string subject;  // the member, invitation, key, link or import job acted on
  std::string data;     // JSON object text (the audit details); never a secret
};

struct EventPage {
  std::vector<Event> events;  // in commit order
  // Where to go on: the cursor after the last audit event read (which may be
  // past the last event listed: audit entries of no public type are
  // stepped over). Equal to the cursor given when nothing new was there.
  std::string next_cursor;
};

// The public event types, in the order of docs/events.md's table.
std::span<const std::string_view> event_types() noexcept;
// The public type of an audit action, or nullopt for one that is not in the
// feed (organization settings, mail templates, …).
std::optional<std::string_view> event_type_of(std::string_view audit_action) noexcept;
// The cursor of an audit event (its place in the log), and back. Errors:
// invalid_input for text that is not a cursor.
std::string event_cursor(const AuditEvent& event);
Result<std::int64_t> parse_event_cursor(std::string_view cursor);
// An event as JSON: {"cursor","type","id","at","actor","subject","data"}.
std::string event_json(const Event& event);

// The webhook signature of `body` sent at `timestamp` (Unix seconds):
// "sha256=" and the lowercase hex HMAC-SHA-256 of "<timestamp>.<body>"
// under `secret` (any length). The host sends it in X-Onboard-Signature and
// the timestamp in X-Onboard-Timestamp.
std::string sign_webhook(std::string_view secret, std::int64_t timestamp, std::string_view body);
// True when `signature` is sign_webhook's for these, compared in constant
// time. The receiver also refuses a timestamp far from its clock (replays).
bool verify_webhook(std::string_view secret, std::int64_t timestamp, std::string_view body,
                    std::string_view signature) noexcept;

}  // namespace v1
}  // namespace onboard
