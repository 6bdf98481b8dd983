// Claiming the outbox: a claim that cannot open the messages' secrets (a key
// file that does not match the database) must leave them queued.
#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include "service_fixture.hpp"

namespace onboard::test {
namespace {

IssuedInvitation invite(World& w, const std::string& email) {
  auto issued = w.dir->invite(w.admin_actor(), {email, "User", "Sales", ""});
  REQUIRE_MESSAGE(issued.ok(), (issued.ok() ? "" : issued.error().message));
  return std::move(issued).value();
}

void check_failed_claim_leaves_messages_queued(const std::string& backend) {
  auto w = make_world(backend);
  const IssuedInvitation grace = invite(w, "grace@navy.example");
  const IssuedInvitation alan = invite(w, "alan@bletchley.example");

  // Another process over the same database, started with the wrong key file.
  Directory wrong_key(w.storage, Keyring::generate(), w.clock);
  auto refused = wrong_key.claim_outbox(w.org.id, 10);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().message.find("key file may not match") != std::string::npos);
  CHECK(refused.error().message.back() == '.');

  auto listed = w.dir->list_outbox(w.admin_actor(), OutboxState::queued);
  REQUIRE(listed.ok());
  CHECK(listed->size() == 2);
  for (const auto& m : *listed) {
    CHECK(m.attempts == 0);
    CHECK_FALSE(m.claimed_until.has_value());
  }

  // The right key, at once (no lease to wait out), gets both messages.
  auto claimed = w.dir->claim_outbox(w.org.id, 10);
  REQUIRE_MESSAGE(claimed.ok(), (claimed.ok() ? "" : claimed.error().message));
  REQUIRE(claimed->size() == 2);
  for (const auto& c : *claimed) {
    const IssuedInvitation& issued = c.message.recipient == "grace@navy.example" ? grace : alan;
    CHECK(c.body.find(issued.token) != std::string::npos);
    CHECK(c.message.attempts == 1);
  }
}

}  // namespace

TEST_CASE("a claim with a key file that does not match fails and leaves the messages queued (memory)") {
  check_failed_claim_leaves_messages_queued("memory");
}

TEST_CASE("a claim with a key file that does not match fails and leaves the messages queued (SQLite)") {
  check_failed_claim_leaves_messages_queued("sqlite");
}

TEST_CASE("a claim returns messages without a secret as they are") {
  auto w = make_world();
  OutboxMessage m;
  m.id = "msg-plain";
  m.org_id = w.org.id;
  m.kind = "already_registered";
  m.recipient = "grace@navy.example";
  m.subject = "Hello";
  m.body = "You already have an account.";
  m.created_at = w.clock->now();
  REQUIRE(w.storage->enqueue_messages(std::span<const OutboxMessage>(&m, 1)).ok());
  Directory other_key(w.storage, Keyring::generate(), w.clock);  // nothing sealed: any key will do
  auto claimed = other_key.claim_outbox(w.org.id, 10);
  REQUIRE(claimed.ok());
  REQUIRE(claimed->size() == 1);
  CHECK(claimed->front().body == "You already have an account.");
}

}  // namespace onboard::test
