// Mail the host must send, queued in the same transaction as the change that
// caused it. Secrets in a message (links, keys, passwords) are kept sealed and
// only revealed to the host that claims the message.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "onboard/core/clock.hpp"

namespace onboard {
inline namespace v1 {

// cancelled: withdrawn before it was sent (a key resent to a corrected
// address); never claimed again.
enum class OutboxState { queued, claimed, sent, cancelled };
std::string_view to_string(OutboxState s) noexcept;
std::optional<OutboxState> parse_outbox_state(std::string_view s) noexcept;

struct OutboxMessage {
  std::string id;
  std::string org_id;
  std::string kind;       // invitation, activation, login_details, registration_key, already_registered…
  std::string recipient;  // the address as stored
  std::string subject;
  std::string body;           // may contain "{secret}", replaced on claim by the unsealed secret
  std::string secret_sealed;  // empty when the message carries no secret
  std::string html_body;      // the same message as HTML, placeholders alike; empty: none
  Timestamp created_at{};
  OutboxState state = OutboxState::queued;
  std::optional<Timestamp> claimed_until;  // a claim lapses, so a crashed sender's mail is retried
  int attempts = 0;
  std::optional<Timestamp> sent_at;
};

}  // namespace v1
}  // namespace onboard
