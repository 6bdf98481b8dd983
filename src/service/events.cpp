// The event feed over the audit log, and webhook signatures.
#include "onboard/events.hpp"

#include <sodium.h>

#include <array>
#include <charconv>

#include <boost/json.hpp>

#include "onboard/directory.hpp"
#include "onboard/secrets/crypto_init.hpp"

namespace onboard {
inline namespace v1 {
namespace {

struct Mapping {
  std::string_view action;  // the audit action
  std::string_view type;    // the public type
};

// The audit actions in the feed. Changing a public type breaks hosts: add,
// never rename (docs/events.md).
constexpr std::array kMappings{
    Mapping{"user.created", "member.created"},
    Mapping{"user.activated", "member.activated"},
    Mapping{"user.email_confirmed", "member.activated"},
    Mapping{"user.edited", "member.updated"},
    Mapping{"user.suspended", "member.suspended"},
    Mapping{"user.reactivated", "member.reactivated"},
    Mapping{"user.deleted", "member.deleted"},
    Mapping{"invitation.created", "invitation.sent"},
    Mapping{"invitation.resent", "invitation.sent"},
    Mapping{"invitation.accepted", "invitation.accepted"},
    Mapping{"invitation.revoked", "invitation.revoked"},
    Mapping{"invitation.expired", "invitation.expired"},
    Mapping{"key.redeemed", "key.redeemed"},
    Mapping{"link.redeemed", "link.redeemed"},
    Mapping{"users.imported", "import.committed"},
};

constexpr std::array<std::string_view, 13> kTypes{
    "member.created", "member.activated", "member.updated",      "member.suspended",   "member.reactivated",
    "member.deleted", "invitation.sent",  "invitation.accepted", "invitation.revoked", "key.redeemed",
    "link.redeemed",  "import.committed", "invitation.expired"};

constexpr std::string_view kCursorPrefix = "ev1-";
constexpr std::size_t kDefaultLimit = 100;
constexpr std::size_t kMaxLimit = 1000;

}  // namespace

std::span<const std::string_view> event_types() noexcept { return kTypes; }

std::optional<std::string_view> event_type_of(std::string_view audit_action) noexcept {
  for (const auto& m : kMappings)
    if (m.action == audit_action) return m.type;
  return std::nullopt;
}

std::string event_cursor(const AuditEvent& event) {
  return std::string(kCursorPrefix) + std::to_string(event.seq);
}

Result<std::int64_t> parse_event_cursor(std::string_view cursor) {
  if (cursor.empty()) return std::int64_t{0};
  const Error bad{Errc::invalid_input,
                  "\"" + std::string(cursor.substr(0, 40)) +
                      "\" is not an event cursor; pass back a cursor the feed gave, or none to start.",
                  "events.cursor"};
  if (!cursor.starts_with(kCursorPrefix)) return bad;
  cursor.remove_prefix(kCursorPrefix.size());
  std::int64_t seq = 0;
  const auto [end, ec] = std::from_chars(cursor.data(), cursor.data() + cursor.size(), seq);
  if (ec != std::errc{} || end != cursor.data() + cursor.size() || seq < 0 || cursor.empty()) return bad;
  return seq;
}

std::string event_json(const Event& event) {
  boost::json::object o;
  o["cursor"] = event.cursor;
  o["type"] = event.type;
  o["id"] = event.id;
  o["at"] = format_iso8601(event.at);
  o["actor"] = event.actor;
  o["subject"] = event.subject;
  boost::system::error_code ec;
  boost::json::value data =
      event.data.empty() ? boost::json::value(boost::json::object()) : boost::json::parse(event.data, ec);
  o["data"] = ec ? boost::json::value(boost::json::object()) : std::move(data);
  return boost::json::serialize(o);
}

Result<EventPage> Directory::events_since(const Actor& actor, std::string_view cursor, std::size_t limit) {
  ONB_ASSIGN(auto ctx, authorize(actor, Permission::manage_users));
  if (limit == 0) limit = kDefaultLimit;
  if (limit > kMaxLimit)
    return Error{Errc::invalid_input, "A page of events holds at most 1,000 events.", "events.limit"};
  ONB_ASSIGN(std::int64_t after, parse_event_cursor(cursor));
  EventPage page;
  page.next_cursor = std::string(cursor);
  // Audit entries of no public type are stepped over; the scan stops at the
  // event that fills the page, so the cursor never passes an unlisted one.
  const std::size_t batch = std::max<std::size_t>(limit, kDefaultLimit);
  while (page.events.size() < limit) {
    ONB_ASSIGN(auto audit, storage_->list_audit_after(ctx.org.id, after, batch));
    for (const AuditEvent& a : audit) {
      after = a.seq;
      page.next_cursor = event_cursor(a);
      if (const auto type = event_type_of(a.action)) {
        page.events.push_back(
            Event{page.next_cursor, std::string(*type), a.id, a.at, a.actor, a.target, a.details});
        if (page.events.size() == limit) break;
      }
    }
    if (audit.size() < batch) break;
  }
  return page;
}

std::string sign_webhook(std::string_view secret, std::int64_t timestamp, std::string_view body) {
  init_crypto();
  const std::string stamp = std::to_string(timestamp) + ".";
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()), secret.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(stamp.data()), stamp.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(body.data()), body.size());
  std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac{};
  crypto_auth_hmacsha256_final(&state, mac.data());
  sodium_memzero(&state, sizeof state);
  std::string hex(mac.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), mac.data(), mac.size());
  hex.pop_back();
  return "sha256=" + hex;
}

bool verify_webhook(std::string_view secret, std::int64_t timestamp, std::string_view body,
                    std::string_view signature) noexcept {
  try {
    const std::string expected = sign_webhook(secret, timestamp, body);
    if (signature.size() != expected.size()) return false;
    return sodium_memcmp(expected.data(), signature.data(), expected.size()) == 0;
  } catch (...) {
    return false;
  }
}

}  // namespace v1
}  // namespace onboard
