// Conformance: cancelling the queued messages to one address, against every backend.
#include <vector>

#include "backends.hpp"

using namespace onboard;
using namespace onboard::test;
using std::chrono::seconds;

TEST_CASE_TEMPLATE("cancelled messages are never claimed or acknowledged again", B, ONB_BACKENDS) {
  World w(B::make());
  // Made in the order they are enqueued, a second apart, so every list has one order.
  OutboxMessage claimed = w.message("wrong@x.com");
  claimed.kind = "registration_key";
  w.clock.advance(seconds{1});
  OutboxMessage sent = w.message("wrong@x.com");
  sent.kind = "registration_key";
  w.clock.advance(seconds{1});
  OutboxMessage queued = w.message("wrong@x.com");
  queued.kind = "registration_key";
  w.clock.advance(seconds{1});
  OutboxMessage other_kind = w.message("wrong@x.com");  // an invitation to the same address
  w.clock.advance(seconds{1});
  OutboxMessage other_address = w.message("right@x.com");
  other_address.kind = "registration_key";
  const Timestamp now = w.clock.now();
  // `claimed` and `sent` are claimed first (the oldest), then `sent` is acknowledged.
  REQUIRE(w.store->enqueue_messages(std::vector<OutboxMessage>{claimed, sent}).ok());
  REQUIRE(w.store->claim_messages(w.org.id, 2, now, now + seconds{60})->size() == 2);
  REQUIRE(*w.store->ack_message(w.org.id, sent.id, now));
  REQUIRE(w.store->enqueue_messages(std::vector<OutboxMessage>{queued, other_kind, other_address}).ok());

  const std::vector<std::string> kinds = {"registration_key", "activation"};
  CHECK(*w.store->cancel_messages("no-such-org", "wrong@x.com", kinds) == 0);
  CHECK(*w.store->cancel_messages(w.org.id, "wrong@x.com", std::vector<std::string>{}) == 0);
  auto n = w.store->cancel_messages(w.org.id, "wrong@x.com", kinds);
  REQUIRE(n.ok());
  CHECK(*n == 2);  // the queued one and the claimed one; the sent one stays sent
  auto cancelled = w.store->list_messages(w.org.id, OutboxState::cancelled, 0);
  REQUIRE(cancelled->size() == 2);
  CHECK(cancelled->at(0).id == claimed.id);
  CHECK(cancelled->at(1).id == queued.id);
  CHECK_FALSE(cancelled->at(0).claimed_until.has_value());
  CHECK(w.store->list_messages(w.org.id, OutboxState::sent, 0)->size() == 1);
  CHECK_FALSE(*w.store->ack_message(w.org.id, claimed.id, now));

  // Even long after every claim lapsed, only the two others are handed out.
  auto later = w.store->claim_messages(w.org.id, 10, now + seconds{3600}, now + seconds{4000});
  REQUIRE(later.ok());
  REQUIRE(later->size() == 2);
  CHECK(later->at(0).id == other_kind.id);
  CHECK(later->at(1).id == other_address.id);
  // Cancelling again changes nothing.
  CHECK(*w.store->cancel_messages(w.org.id, "wrong@x.com", kinds) == 0);
}
