#include <doctest/doctest.h>

#include "onboard/storage/faulty_storage.hpp"
#include "service_fixture.hpp"

using namespace onboard;
using namespace onboard::test;

// Runs `op` against storage that fails at call n, for every n until op succeeds,
// and checks after each failure that nothing half-done remains.
TEST_CASE("a storage failure at any call during invite or accept leaves no orphan and no spent token") {
  for (bool forever : {false, true}) {
    CAPTURE(forever);
    auto w = make_world("sqlite");
    auto faulty = std::make_shared<FaultyStorage>(w.storage);
    Directory dir(faulty, std::move(Keyring::from_bytes(kMasterKey)).value(), w.clock);

    // invite
    std::optional<IssuedInvitation> issued;
    for (int n = 1; n < 50 && !issued; ++n) {
      faulty->fail_at(n, forever);
      auto r = dir.invite(w.admin_actor(), {"grace@navy.example", "", "", ""});
      faulty->fail_at(0, false);
      if (r.ok()) {
        issued = *r;
        break;
      }
      CHECK(r.error().code == Errc::storage);
      CHECK(w.storage->list_invitations(w.org.id)->empty());
      CHECK(w.storage->list_messages(w.org.id, std::nullopt, 0)->empty());
    }
    REQUIRE(issued);

    // accept
    bool accepted = false;
    for (int n = 1; n < 50 && !accepted; ++n) {
      faulty->fail_at(n, forever);
      auto r = dir.accept_invitation(w.org.id, {issued->token, "Grace Hopper", kGoodPassword});
      faulty->fail_at(0, false);
      if (r.ok()) {
        accepted = true;
        break;
      }
      CHECK(r.error().code == Errc::storage);
      UserFilter all;
      CHECK(w.storage->list_users(w.org.id, all)->size() == 1);  // only the admin
      auto inv = w.storage->get_invitation(w.org.id, issued->invitation.id);
      REQUIRE(inv.ok());
      CHECK(inv->state == InvitationState::pending);  // not consumed without an account
    }
    CHECK(accepted);
    UserFilter all;
    CHECK(w.storage->list_users(w.org.id, all)->size() == 2);
  }
}
