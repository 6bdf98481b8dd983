#include <doctest/doctest.h>

#include "service_fixture.hpp"

using namespace onboard;
using namespace onboard::test;

TEST_CASE("sign-in gives the same answer for an unknown email and a wrong password") {
  auto w = make_world();
  auto unknown = w.dir->authenticate(w.org.id, "nobody@acme.example", kAdminPassword);
  auto wrong = w.dir->authenticate(w.org.id, "ada@acme.example", "not the password at all, sorry");
  CHECK(unknown.error().code == Errc::authentication_failed);
  CHECK(wrong.error().code == Errc::authentication_failed);
  CHECK(unknown.error().message == wrong.error().message);
  CHECK(w.dir->authenticate(w.org.id, "ADA@acme.example", kAdminPassword).ok());
}

TEST_CASE("a password is compared after NFKC normalization") {
  auto w = make_world();
  auto issued = w.dir->invite(w.admin_actor(), {"rene@acme.example", "", "", ""});
  REQUIRE(issued.ok());
  const std::string nfc = "caf\xC3\xA9 olive kestrel parliament";   // é precomposed
  const std::string nfd = "cafe\xCC\x81 olive kestrel parliament";  // e + combining acute
  REQUIRE(w.dir->accept_invitation(w.org.id, {issued->token, "René Dupont", nfc}).ok());
  CHECK(w.dir->authenticate(w.org.id, "rene@acme.example", nfd).ok());
}

TEST_CASE("a password change checks the current password and the policy") {
  auto w = make_world();
  CHECK(w.dir->change_password(w.org.id, "ada@acme.example", "wrong wrong wrong wrong", kGoodPassword)
            .error()
            .code == Errc::authentication_failed);
  CHECK(w.dir->change_password(w.org.id, "ada@acme.example", kAdminPassword, "short").error().code ==
        Errc::weak_password);
  REQUIRE(w.dir->change_password(w.org.id, "ada@acme.example", kAdminPassword, kGoodPassword).ok());
  CHECK(w.dir->authenticate(w.org.id, "ada@acme.example", kGoodPassword).ok());
  CHECK_FALSE(w.dir->authenticate(w.org.id, "ada@acme.example", kAdminPassword).ok());
}

TEST_CASE("a password hash is upgraded when the organization raises the cost") {
  auto w = make_world();
  Organization changed = w.org;
  changed.settings.password_policy.argon2_opslimit = 3;
  REQUIRE(w.dir->update_organization(w.admin_actor(), changed).ok());
  const auto before = w.storage->get_user(w.org.id, w.admin.id)->password_hash;
  REQUIRE(w.dir->authenticate(w.org.id, "ada@acme.example", kAdminPassword).ok());
  const auto after = w.storage->get_user(w.org.id, w.admin.id)->password_hash;
  CHECK(before != after);
  CHECK(after.find("t=3") != std::string::npos);
}

TEST_CASE("organizations are sealed from each other") {
  auto a = make_world();
  NewOrganization req;
  req.name = "Globex";
  req.admin_email = "hank@globex.example";
  req.admin_name = "Hank Scorpio";
  req.admin_password = kAdminPassword;
  auto other = a.dir->create_organization(req);
  REQUIRE(other.ok());
  auto issued = a.dir->invite(a.admin_actor(), {"grace@navy.example", "", "", ""});
  REQUIRE(issued.ok());
  // Globex's id cannot use, see or change Acme's records.
  Actor hank{other->organization.id, other->admin.id};
  CHECK(a.dir->accept_invitation(other->organization.id, {issued->token, "Grace Hopper", kGoodPassword})
            .error()
            .code == Errc::not_found);
  CHECK(a.dir->revoke_invitation(hank, issued->invitation.id).error().code == Errc::not_found);
  CHECK(a.dir->list_invitations(hank)->empty());
  // An actor of one organization named with another's id is not a member there.
  CHECK(a.dir->list_invitations(Actor{other->organization.id, a.admin.id}).error().code ==
        Errc::permission_denied);
  CHECK(a.dir->authenticate(other->organization.id, "ada@acme.example", kAdminPassword).error().code ==
        Errc::authentication_failed);
}
