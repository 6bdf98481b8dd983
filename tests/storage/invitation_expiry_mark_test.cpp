// Conformance: an invitation keeps the mark of its noted expiry
// (expired_noted_at, migration 9) through an update, a read and a list, and a
// new invitation has none, against every backend.
#include "backends.hpp"

using namespace onboard;
using namespace onboard::test;

TEST_CASE_TEMPLATE("an invitation keeps its noted expiry mark and loses it when cleared", B, ONB_BACKENDS) {
  World w(B::make());
  Invitation inv = w.add_invitation("mia@x.com", 'm');
  auto fresh = w.store->get_invitation(w.org.id, inv.id);
  REQUIRE(fresh.ok());
  CHECK_FALSE(fresh->expired_noted_at.has_value());
  const Timestamp noted = inv.expires_at + std::chrono::seconds{90};
  inv.expired_noted_at = noted;
  REQUIRE(w.store->update_invitation(inv).ok());
  auto got = w.store->get_invitation(w.org.id, inv.id);
  REQUIRE(got.ok());
  REQUIRE(got->expired_noted_at.has_value());
  CHECK(*got->expired_noted_at == noted);
  auto listed = w.store->list_invitations(w.org.id);
  REQUIRE(listed.ok());
  REQUIRE(listed->size() == 1);
  CHECK(listed->front().expired_noted_at == std::optional<Timestamp>{noted});
  inv.expired_noted_at.reset();
  REQUIRE(w.store->update_invitation(inv).ok());
  got = w.store->get_invitation(w.org.id, inv.id);
  REQUIRE(got.ok());
  CHECK_FALSE(got->expired_noted_at.has_value());
}
