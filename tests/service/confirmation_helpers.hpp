// Reading a confirmation link out of the mailbox, as the person would.
#pragma once

#include <doctest/doctest.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "onboard/email_confirmations.hpp"
#include "service_fixture.hpp"

namespace onboard::test {

// Messages claimed from an organization's outbox and not yet read, by org id:
// a claim takes every queued message, the mailboxes keep them until read.
inline std::map<std::string, std::vector<ClaimedMessage>>& delivered_mail() {
  static std::map<std::string, std::vector<ClaimedMessage>> mail;
  return mail;
}

// The ready-to-send messages of `kind` to `recipient` not read before (each
// is read once), oldest first.
inline std::vector<ClaimedMessage> claim_mail(World& w, const std::string& kind,
                                              const std::string& recipient) {
  auto claimed = w.dir->claim_outbox(w.org.id, 100000);
  REQUIRE(claimed.ok());
  auto& box = delivered_mail()[w.org.id];
  for (auto& m : *claimed) {
    REQUIRE(w.dir->ack_outbox(w.org.id, m.message.id).ok());
    box.push_back(std::move(m));
  }
  std::vector<ClaimedMessage> out, rest;
  for (auto& m : box)
    (m.message.kind == kind && m.message.recipient == recipient ? out : rest).push_back(std::move(m));
  box = std::move(rest);
  return out;
}

// The token of the newest confirmation link mailed to `recipient` (the last
// path segment of "<base_url>/confirm/<token>"), or nullopt.
inline std::optional<std::string> confirmation_token(World& w, const std::string& recipient) {
  auto mail = claim_mail(w, "email_confirmation", recipient);
  if (mail.empty()) return std::nullopt;
  const std::string& body = mail.back().body;
  const auto at = body.find("/confirm/");
  REQUIRE(at != std::string::npos);
  std::size_t end = at + 9;
  while (end < body.size() && body[end] != '\n' && body[end] != ' ') ++end;
  return body.substr(at + 9, end - at - 9);
}

// Confirms the newest link mailed to `recipient` with the password chosen
// when registering; the user it activated.
inline User confirm_from_mailbox(World& w, const std::string& recipient,
                                 const std::string& password = kGoodPassword) {
  auto token = confirmation_token(w, recipient);
  INFO("no confirmation link was mailed to ", recipient);
  REQUIRE(token.has_value());
  auto user = EmailConfirmations(*w.dir).confirm_email(w.org.id, *token, password);
  REQUIRE_MESSAGE(user.ok(), (user.ok() ? "" : user.error().message));
  return *user;
}

}  // namespace onboard::test
