// SCIM tokens: made by a member with manage_users, shown once, stored as a
// keyed hash, acting as their maker; revoked for good.
#include <doctest/doctest.h>

#include "onboard/user_admin.hpp"
#include "scim_fixture.hpp"
#include "service/directory_access.hpp"

using namespace onboard;
using namespace onboard::test;

TEST_CASE("a SCIM token is shown once and stored only as its keyed hash") {
  World w = make_world();
  scim::Tokens tokens(*w.dir);
  auto issued = tokens.create(w.admin_actor(), "Okta");
  REQUIRE(issued.ok());
  CHECK(issued->secret.rfind("onbscim_", 0) == 0);
  CHECK(issued->secret.size() == 8 + 43);
  CHECK(issued->token.token_hash.empty());
  CHECK(issued->token.name == "Okta");
  CHECK(issued->token.created_by == w.admin.id);
  auto stored = w.storage->list_scim_tokens(w.org.id);
  REQUIRE(stored->size() == 1);
  CHECK(stored->front().token_hash == w.dir->keyring().hmac(KeyPurpose::scim_token, issued->secret));
  CHECK(stored->front().token_hash.find(issued->secret) == std::string::npos);
  // The listing has no hash; the audit log names the token, never its secret.
  auto listed = tokens.list(w.admin_actor());
  REQUIRE(listed->size() == 1);
  CHECK(listed->front().token_hash.empty());
  auto log = w.dir->audit_log(w.admin_actor(), 10);
  REQUIRE(log.ok());
  bool seen = false;
  for (const auto& e : *log) {
    CHECK(e.details.find(issued->secret) == std::string::npos);
    seen = seen || e.action == "scim.token_created";
  }
  CHECK(seen);
}

TEST_CASE("a SCIM token needs manage_users and a name") {
  World w = make_world();
  User manager = add_member(w, "max@acme.example", "Manager");
  scim::Tokens tokens(*w.dir);
  auto refused = tokens.create({w.org.id, manager.id}, "Okta");
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == Errc::permission_denied);
  auto nameless = tokens.create(w.admin_actor(), "  ");
  REQUIRE_FALSE(nameless.ok());
  CHECK(nameless.error().code == Errc::invalid_input);
}

TEST_CASE("a revoked SCIM token is refused with 401 and notes its last use before") {
  ScimWorld s;
  auto ok = s.call("GET", "/Users");
  CHECK(ok.status == 200);
  auto tokens = scim::Tokens(*s.w.dir).list(s.w.admin_actor());
  REQUIRE(tokens->size() == 1);
  CHECK(tokens->front().last_used_at.has_value());
  auto revoked = scim::Tokens(*s.w.dir).revoke(s.w.admin_actor(), tokens->front().id);
  REQUIRE(revoked.ok());
  CHECK(revoked->revoked);
  auto r = s.call("GET", "/Users");
  CHECK(r.status == 401);
  CHECK(ScimWorld::json(r).at("detail").as_string() == "This SCIM token was revoked; make a new one.");
  CHECK(ScimWorld::header(r, "WWW-Authenticate").find("Bearer") == 0);
}

TEST_CASE("a member cannot revoke the SCIM token of someone ranked above them") {
  World w = make_world();
  // Managers may manage users here, so that rank alone decides.
  Organization org = w.org;
  for (auto& role : org.roles.roles)
    if (role.name == "Manager") role.permissions = all_permissions;
  REQUIRE(w.storage->update_organization(org).ok());
  User manager = add_member(w, "max@acme.example", "Manager");
  scim::Tokens tokens(*w.dir);
  auto admin_token = tokens.create(w.admin_actor(), "Entra");
  REQUIRE(admin_token.ok());
  auto r = tokens.revoke({w.org.id, manager.id}, admin_token->token.id);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == Errc::permission_denied);
  CHECK(r.error().message.find("Admin") != std::string::npos);
  // Their own token, and the administrator on it, are fine.
  auto own = tokens.create({w.org.id, manager.id}, "Okta");
  REQUIRE(own.ok());
  CHECK(tokens.revoke({w.org.id, manager.id}, own->token.id).ok());
  CHECK(tokens.revoke(w.admin_actor(), admin_token->token.id).ok());
}

TEST_CASE("a SCIM token stops working when its maker is suspended") {
  ScimWorld s;
  Organization org = s.w.org;
  for (auto& role : org.roles.roles)
    if (role.name == "Manager") role.permissions = all_permissions;
  REQUIRE(s.w.storage->update_organization(org).ok());
  User manager = add_member(s.w, "max@acme.example", "Manager");
  auto issued = scim::Tokens(*s.w.dir).create({s.w.org.id, manager.id}, "Okta");
  REQUIRE(issued.ok());
  CHECK(s.call("GET", "/Users", "", "", issued->secret).status == 200);
  REQUIRE(UserAdmin(*s.w.dir).suspend(s.w.admin_actor(), manager.id).ok());
  auto r = s.call("GET", "/Users", "", "", issued->secret);
  CHECK(r.status == 403);
}
