// Sign-in by username or email (issue #16): one lookup, one answer for
// every unknown name and wrong password, one throttle budget per account.
#include <doctest/doctest.h>

#include "onboard/user_admin.hpp"
#include "service_fixture.hpp"

using namespace onboard;
using namespace onboard::test;

namespace {

// Pat, an active member with the username "pat.lee".
User member_with_username(World& w) {
  User pat = add_member(w, "pat@acme.example", "User");
  UserChanges changes;
  changes.username = "Pat.Lee";
  auto edited = UserAdmin(*w.dir).edit(w.admin_actor(), pat.id, changes);
  REQUIRE(edited.ok());
  return *edited;
}

}  // namespace

TEST_CASE("a member signs in with their username or their email") {
  auto w = make_world();
  const User pat = member_with_username(w);
  auto by_username = w.dir->authenticate(w.org.id, "pat.lee", kGoodPassword, "10.0.0.1");
  REQUIRE(by_username.ok());
  CHECK(by_username->id == pat.id);
  CHECK(w.dir->authenticate(w.org.id, "PAT.LEE", kGoodPassword, "10.0.0.1")->id == pat.id);
  CHECK(w.dir->authenticate(w.org.id, "pat@acme.example", kGoodPassword, "10.0.0.1")->id == pat.id);
  // change_password names the account the same way.
  auto changed = w.dir->change_password(w.org.id, "pat.lee", kGoodPassword, "a completely new passphrase 77");
  REQUIRE(changed.ok());
  CHECK(w.dir->authenticate(w.org.id, "pat.lee", "a completely new passphrase 77").ok());
}

TEST_CASE("an unknown username and a wrong password get the same sentence") {
  auto w = make_world();
  member_with_username(w);
  auto unknown = w.dir->authenticate(w.org.id, "nobody", kGoodPassword, "10.0.0.2");
  auto wrong = w.dir->authenticate(w.org.id, "pat.lee", "not the password at all", "10.0.0.3");
  auto unknown_email = w.dir->authenticate(w.org.id, "nobody@acme.example", kGoodPassword, "10.0.0.4");
  REQUIRE(!unknown.ok());
  REQUIRE(!wrong.ok());
  REQUIRE(!unknown_email.ok());
  CHECK(unknown.error().code == Errc::authentication_failed);
  CHECK(unknown.error().message == "The email or username, or the password, is not right.");
  CHECK(wrong.error().message == unknown.error().message);
  CHECK(wrong.error().detail_code == unknown.error().detail_code);
  CHECK(unknown_email.error().message == unknown.error().message);
}

TEST_CASE("alternating a member's email and username spends one account budget") {
  auto w = make_world();
  member_with_username(w);
  Organization changed = w.org;
  changed.settings.throttle.per_source_max_failures = 4;
  auto updated = w.dir->update_organization(w.admin_actor(), changed);
  REQUIRE(updated.ok());
  // Four failures, two by each name, each from a source of its own.
  for (int i = 0; i < 4; ++i) {
    auto r = w.dir->authenticate(w.org.id, i % 2 == 0 ? "pat.lee" : "pat@acme.example", "wrong password here",
                                 "10.1.0." + std::to_string(i));
    REQUIRE(r.error().code == Errc::authentication_failed);
  }
  // The fifth is refused by either name, even with the right password.
  auto locked = w.dir->authenticate(w.org.id, "pat.lee", kGoodPassword, "10.2.0.1");
  REQUIRE(!locked.ok());
  CHECK(locked.error().code == Errc::throttled);
  CHECK(locked.error().detail_code == "throttle.account");
  CHECK(w.dir->authenticate(w.org.id, "pat@acme.example", kGoodPassword, "10.2.0.2").error().code ==
        Errc::throttled);
}
