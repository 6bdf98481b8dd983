// FaultyStorage: fails the Nth call, once or for ever, and the wrapped
// backend rolls the surrounding transaction back.
#include "onboard/storage/faulty_storage.hpp"

#include <vector>

#include "backends.hpp"

using namespace onboard;
using namespace onboard::test;

namespace {

// The "accept an invitation" shape: four calls in one transaction.
Result<void> accept(Storage& s, World& w, const Invitation& inv) {
  return s.transaction([&]() -> Result<void> {
    ONB_ASSIGN(auto org, s.get_organization(w.org.id));
    ONB_ASSIGN(bool won, s.consume_invitation(org.id, inv.id, inv.token_hash, w.clock.now(), "u"));
    if (!won) return Error{Errc::already_used, "This invitation was already used."};
    ONB_TRY(s.insert_users(one(w.user(inv.email_key))));
    return s.append_audit(std::vector<AuditEvent>{w.event("invitation.accepted")});
  });
}

}  // namespace

TEST_CASE_TEMPLATE("a fault at any call of a transaction rolls all of it back", B, ONB_BACKENDS) {
  World w(B::make());
  auto faulty = std::make_shared<FaultyStorage>(w.store);
  Invitation inv = w.add_invitation("a@x.com", 'a');

  faulty->reset_calls();
  for (int n = 1; n <= 4; ++n) {
    CAPTURE(n);
    faulty->fail_at(n);
    auto r = accept(*faulty, w, inv);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == Errc::storage);
    CHECK(r.error().message == "Injected fault.");
    CHECK(w.store->get_invitation(w.org.id, inv.id)->state == InvitationState::pending);
    CHECK(w.seated() == 0);
    CHECK(w.store->list_audit(w.org.id, 0)->empty());
  }
  CHECK(faulty->faults() == 4);
  CHECK(faulty->calls() == 1 + 2 + 3 + 4);  // each run stops at its fault

  // Armed beyond the last call: nothing fails and the accept goes through.
  faulty->fail_at(5);
  CHECK(accept(*faulty, w, inv).ok());
  CHECK(w.seated() == 1);
}

TEST_CASE("a fault for ever fails every call from the Nth on, until disarmed") {
  World w(make_memory_storage());
  FaultyStorage faulty(w.store);
  faulty.fail_at(2, true);
  CHECK(faulty.get_organization(w.org.id).ok());
  CHECK(faulty.get_organization(w.org.id).error().message == "Injected fault.");
  CHECK(faulty.list_organizations().error().code == Errc::storage);
  CHECK(faulty.count_seated_users(w.org.id).error().code == Errc::storage);
  CHECK(faulty.faults() == 3);
  faulty.disarm();
  CHECK(faulty.list_organizations().ok());
  CHECK(faulty.calls() == 5);
}

TEST_CASE("a one-time fault fails only the Nth call and forwards the rest") {
  World w(make_memory_storage());
  FaultyStorage faulty(w.store);
  faulty.fail_at(1);
  CHECK_FALSE(faulty.insert_users(one(w.user("a@x.com"))).ok());
  CHECK(w.seated() == 0);  // the failed call never reached the store
  CHECK(faulty.insert_users(one(w.user("a@x.com"))).ok());
  CHECK(w.seated() == 1);
  CHECK(faulty.faults() == 1);
}
