// Conformance: SCIM bearer tokens (their hashes) are stored, found by hash
// within their organization only, listed and revoked, against every backend.
#include <vector>

#include "backends.hpp"

using namespace onboard;
using namespace onboard::test;

namespace {

ScimToken token(World& w, const std::string& org_id, char hash_byte) {
  ScimToken t;
  t.id = new_id(w.clock);
  t.org_id = org_id;
  t.name = "Okta";
  t.token_hash = fake_hash(hash_byte);
  t.created_by = "admin-id";
  t.created_at = w.clock.now();
  return t;
}

}  // namespace

TEST_CASE_TEMPLATE("a SCIM token is stored, found by its hash and revoked", B, ONB_BACKENDS) {
  World w(B::make());
  const ScimToken a = token(w, w.org.id, 'a');
  REQUIRE(w.store->insert_scim_token(a).ok());
  const ScimToken b = token(w, w.org.id, 'b');
  REQUIRE(w.store->insert_scim_token(b).ok());

  auto found = w.store->find_scim_token_by_hash(w.org.id, a.token_hash);
  REQUIRE(found.ok());
  CHECK(found->id == a.id);
  CHECK(found->name == "Okta");
  CHECK(found->created_by == "admin-id");
  CHECK(found->created_at == a.created_at);
  CHECK_FALSE(found->last_used_at.has_value());
  CHECK_FALSE(found->revoked);

  ScimToken used = *found;
  used.last_used_at = w.clock.now();
  used.revoked = true;
  REQUIRE(w.store->update_scim_token(used).ok());
  auto again = w.store->get_scim_token(w.org.id, a.id);
  REQUIRE(again.ok());
  CHECK(again->revoked);
  REQUIRE(again->last_used_at.has_value());
  CHECK(*again->last_used_at == w.clock.now());
  CHECK(again->token_hash == a.token_hash);

  auto all = w.store->list_scim_tokens(w.org.id);
  REQUIRE(all.ok());
  REQUIRE(all->size() == 2);
  CHECK(all->at(0).id == a.id);
  CHECK(all->at(1).id == b.id);
}

TEST_CASE_TEMPLATE("a SCIM token of another organization is not found", B, ONB_BACKENDS) {
  World w(B::make());
  const Organization other = w.add_org("Globex");
  REQUIRE(w.store->insert_scim_token(token(w, other.id, 'c')).ok());
  auto found = w.store->find_scim_token_by_hash(w.org.id, fake_hash('c'));
  REQUIRE_FALSE(found.ok());
  CHECK(found.error().code == Errc::not_found);
  CHECK(w.store->list_scim_tokens(w.org.id)->empty());
  CHECK(w.store->get_scim_token(w.org.id, "nope").error().code == Errc::not_found);
  ScimToken missing = token(w, w.org.id, 'd');
  CHECK(w.store->update_scim_token(missing).error().code == Errc::not_found);
}

TEST_CASE_TEMPLATE("two SCIM tokens cannot share a hash, and a token needs its organization", B,
                   ONB_BACKENDS) {
  World w(B::make());
  REQUIRE(w.store->insert_scim_token(token(w, w.org.id, 'e')).ok());
  auto dup = w.store->insert_scim_token(token(w, w.org.id, 'e'));
  REQUIRE_FALSE(dup.ok());
  CHECK(dup.error().code == Errc::already_exists);
  CHECK(w.store->list_scim_tokens(w.org.id)->size() == 1);
  auto orphan = w.store->insert_scim_token(token(w, "no-such-org", 'f'));
  REQUIRE_FALSE(orphan.ok());
  CHECK(orphan.error().code == Errc::not_found);
}
