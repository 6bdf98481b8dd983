// Conformance: invitations, registration keys and signup links — the
// one-use and limited-use records — against every backend.
#include <algorithm>
#include <vector>

#include "backends.hpp"

using namespace onboard;
using namespace onboard::test;
using std::chrono::seconds;

TEST_CASE_TEMPLATE("invitations are stored, found by id and token hash, and listed", B, ONB_BACKENDS) {
  World w(B::make());
  Invitation a = w.add_invitation("a@x.com", 'a');
  Invitation b = w.add_invitation("b@x.com", 'b');

  auto got = w.store->get_invitation(w.org.id, a.id);
  REQUIRE(got.ok());
  CHECK(got->email == "a@x.com");
  CHECK(got->token_hash == fake_hash('a'));
  CHECK(got->invited_by == "admin");
  CHECK(got->expires_at == a.expires_at);
  CHECK(got->state == InvitationState::pending);
  CHECK_FALSE(got->accepted_at.has_value());

  auto by_hash = w.store->find_invitation_by_token_hash(w.org.id, fake_hash('b'));
  REQUIRE(by_hash.ok());
  CHECK(by_hash->id == b.id);
  CHECK(w.store->find_invitation_by_token_hash(w.org.id, fake_hash('z')).error().code == Errc::not_found);
  CHECK(w.store->get_invitation(w.org.id, new_id(w.clock)).error().code == Errc::not_found);

  auto all = w.store->list_invitations(w.org.id);
  REQUIRE(all.ok());
  CHECK(all->size() == 2);
}

TEST_CASE_TEMPLATE("two invitations with one token hash are refused", B, ONB_BACKENDS) {
  World w(B::make());
  w.add_invitation("a@x.com", 'a');
  auto r = w.store->insert_invitation(w.invitation("b@x.com", 'a'));
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == Errc::already_exists);
  CHECK(w.store->list_invitations(w.org.id)->size() == 1);
}

TEST_CASE_TEMPLATE("pending invitations are found by email, accepted and revoked ones are not", B,
                   ONB_BACKENDS) {
  World w(B::make());
  Invitation p = w.add_invitation("p@x.com", 'p');
  Invitation r = w.add_invitation("r@x.com", 'r');
  Invitation e = w.add_invitation("e@x.com", 'e');
  w.add_invitation("other@x.com", 'o');
  r.state = InvitationState::revoked;
  REQUIRE(w.store->update_invitation(r).ok());
  w.clock.advance(std::chrono::hours{24 * 30});  // e is expired: still pending by state

  std::vector<std::string> keys = {"p@x.com", "r@x.com", "e@x.com", "nobody@x.com"};
  auto found = w.store->find_pending_invitations(w.org.id, keys);
  REQUIRE(found.ok());
  std::vector<std::string> ids;
  for (const auto& i : *found) ids.push_back(i.id);
  std::vector<std::string> expected = {p.id, e.id};
  std::sort(expected.begin(), expected.end());
  CHECK(ids == expected);
}

TEST_CASE_TEMPLATE("an invitation is consumed once", B, ONB_BACKENDS) {
  World w(B::make());
  Invitation i = w.add_invitation("a@x.com", 'a');
  auto first = w.store->consume_invitation(w.org.id, i.id, fake_hash('a'), w.clock.now(), "user-1");
  REQUIRE(first.ok());
  CHECK(*first);
  auto second = w.store->consume_invitation(w.org.id, i.id, fake_hash('a'), w.clock.now(), "user-2");
  REQUIRE(second.ok());
  CHECK_FALSE(*second);
  auto got = w.store->get_invitation(w.org.id, i.id);
  CHECK(got->state == InvitationState::accepted);
  CHECK(got->accepted_user_id == "user-1");
  CHECK(got->accepted_at == w.clock.now());
}

TEST_CASE_TEMPLATE("an invitation works one second before its expiry and not at it", B, ONB_BACKENDS) {
  World w(B::make());
  Invitation late = w.add_invitation("late@x.com", 'l');
  Invitation just = w.add_invitation("just@x.com", 'j');
  CHECK_FALSE(*w.store->consume_invitation(w.org.id, late.id, fake_hash('l'), late.expires_at, "u"));
  CHECK_FALSE(
      *w.store->consume_invitation(w.org.id, late.id, fake_hash('l'), late.expires_at + seconds{1}, "u"));
  CHECK(w.store->get_invitation(w.org.id, late.id)->state == InvitationState::pending);
  CHECK(*w.store->consume_invitation(w.org.id, just.id, fake_hash('j'), just.expires_at - seconds{1}, "u"));
}

TEST_CASE_TEMPLATE("a wrong token hash or a revoked invitation is not consumed", B, ONB_BACKENDS) {
  World w(B::make());
  Invitation i = w.add_invitation("a@x.com", 'a');
  std::string flipped = fake_hash('a');
  flipped[31] ^= 1;
  CHECK_FALSE(*w.store->consume_invitation(w.org.id, i.id, flipped, w.clock.now(), "u"));
  CHECK_FALSE(*w.store->consume_invitation(w.org.id, i.id, fake_hash('a').substr(0, 31), w.clock.now(), "u"));
  CHECK_FALSE(*w.store->consume_invitation(w.org.id, new_id(w.clock), fake_hash('a'), w.clock.now(), "u"));
  i.state = InvitationState::revoked;
  REQUIRE(w.store->update_invitation(i).ok());
  CHECK_FALSE(*w.store->consume_invitation(w.org.id, i.id, fake_hash('a'), w.clock.now(), "u"));
}

TEST_CASE_TEMPLATE("a resent invitation's new token replaces the old one", B, ONB_BACKENDS) {
  World w(B::make());
  Invitation i = w.add_invitation("a@x.com", 'a');
  w.clock.advance(std::chrono::hours{1});
  i.token_hash = fake_hash('n');
  i.expires_at = w.clock.now() + std::chrono::hours{24};
  i.resend_count = 1;
  REQUIRE(w.store->update_invitation(i).ok());
  CHECK(w.store->find_invitation_by_token_hash(w.org.id, fake_hash('a')).error().code == Errc::not_found);
  auto got = w.store->find_invitation_by_token_hash(w.org.id, fake_hash('n'));
  REQUIRE(got.ok());
  CHECK(got->resend_count == 1);
  CHECK(got->expires_at == i.expires_at);
  CHECK_FALSE(*w.store->consume_invitation(w.org.id, i.id, fake_hash('a'), w.clock.now(), "u"));
  CHECK(*w.store->consume_invitation(w.org.id, i.id, fake_hash('n'), w.clock.now(), "u"));

  Invitation ghost = w.invitation("g@x.com", 'g');
  CHECK(w.store->update_invitation(ghost).error().code == Errc::not_found);
}

TEST_CASE_TEMPLATE("registration keys are stored, found by hash, updated and listed", B, ONB_BACKENDS) {
  World w(B::make());
  RegistrationKey k = w.key('k');
  k.valid_until = w.clock.now() + std::chrono::hours{1};
  k.max_uses = 5;
  k.team = "Red";
  REQUIRE(w.store->insert_registration_key(k).ok());
  CHECK(w.store->insert_registration_key(w.key('k')).error().code == Errc::already_exists);

  auto got = w.store->find_registration_key_by_hash(w.org.id, fake_hash('k'));
  REQUIRE(got.ok());
  CHECK(got->id == k.id);
  CHECK(got->valid_until == k.valid_until);
  CHECK(got->max_uses == 5);
  CHECK(got->team == "Red");
  CHECK(got->key_sealed == "sealed");
  CHECK_FALSE(got->revoked);

  k.label = "Reception";
  k.max_uses.reset();
  k.revoked = true;
  REQUIRE(w.store->update_registration_key(k).ok());
  got = w.store->get_registration_key(w.org.id, k.id);
  CHECK(got->label == "Reception");
  CHECK_FALSE(got->max_uses.has_value());
  CHECK(got->revoked);
  CHECK(w.store->list_registration_keys(w.org.id)->size() == 1);
  CHECK(w.store->get_registration_key(w.org.id, new_id(w.clock)).error().code == Errc::not_found);
  CHECK(w.store->update_registration_key(w.key('q')).error().code == Errc::not_found);
}

TEST_CASE_TEMPLATE("a registration key is used until its last allowed use", B, ONB_BACKENDS) {
  World w(B::make());
  RegistrationKey k = w.key('k');
  k.max_uses = 2;
  REQUIRE(w.store->insert_registration_key(k).ok());
  CHECK(*w.store->use_registration_key(w.org.id, k.id, w.clock.now()));
  CHECK(*w.store->use_registration_key(w.org.id, k.id, w.clock.now()));
  CHECK_FALSE(*w.store->use_registration_key(w.org.id, k.id, w.clock.now()));
  CHECK(w.store->get_registration_key(w.org.id, k.id)->use_count == 2);

  RegistrationKey unlimited = w.key('u');
  REQUIRE(w.store->insert_registration_key(unlimited).ok());
  for (int i = 0; i < 5; ++i) CHECK(*w.store->use_registration_key(w.org.id, unlimited.id, w.clock.now()));
}

TEST_CASE_TEMPLATE("a revoked or expired registration key is not used", B, ONB_BACKENDS) {
  World w(B::make());
  RegistrationKey k = w.key('k');
  k.valid_until = w.clock.now() + std::chrono::hours{1};
  REQUIRE(w.store->insert_registration_key(k).ok());
  CHECK_FALSE(*w.store->use_registration_key(w.org.id, k.id, *k.valid_until));
  CHECK(*w.store->use_registration_key(w.org.id, k.id, *k.valid_until - seconds{1}));
  k.revoked = true;
  k.use_count = 1;
  REQUIRE(w.store->update_registration_key(k).ok());
  CHECK_FALSE(*w.store->use_registration_key(w.org.id, k.id, w.clock.now()));
  CHECK(w.store->get_registration_key(w.org.id, k.id)->use_count == 1);
}

TEST_CASE_TEMPLATE("signup links are stored with their domains and found by hash", B, ONB_BACKENDS) {
  World w(B::make());
  SignupLink l = w.link('l');
  l.allowed_domains = {"example.com", "xn--bcher-kva.example"};
  l.expires_at = w.clock.now() + std::chrono::hours{2};
  REQUIRE(w.store->insert_signup_link(l).ok());
  CHECK(w.store->insert_signup_link(w.link('l')).error().code == Errc::already_exists);

  auto got = w.store->find_signup_link_by_hash(w.org.id, fake_hash('l'));
  REQUIRE(got.ok());
  CHECK(got->allowed_domains == l.allowed_domains);
  CHECK(got->expires_at == l.expires_at);
  CHECK(got->enabled);

  l.allowed_domains.clear();
  l.label = "Flyer";
  REQUIRE(w.store->update_signup_link(l).ok());
  got = w.store->get_signup_link(w.org.id, l.id);
  CHECK(got->allowed_domains.empty());
  CHECK(got->label == "Flyer");
  CHECK(w.store->list_signup_links(w.org.id)->size() == 1);
  CHECK(w.store->find_signup_link_by_hash(w.org.id, fake_hash('m')).error().code == Errc::not_found);
  CHECK(w.store->update_signup_link(w.link('n')).error().code == Errc::not_found);
}

TEST_CASE_TEMPLATE("a signup link honours enabled, expiry and max uses", B, ONB_BACKENDS) {
  World w(B::make());
  SignupLink l = w.link('l');
  l.expires_at = w.clock.now() + std::chrono::hours{1};
  l.max_uses = 2;
  REQUIRE(w.store->insert_signup_link(l).ok());
  CHECK_FALSE(*w.store->use_signup_link(w.org.id, l.id, *l.expires_at));
  CHECK(*w.store->use_signup_link(w.org.id, l.id, *l.expires_at - seconds{1}));

  l = *w.store->get_signup_link(w.org.id, l.id);
  l.enabled = false;
  REQUIRE(w.store->update_signup_link(l).ok());
  CHECK_FALSE(*w.store->use_signup_link(w.org.id, l.id, w.clock.now()));
  l.enabled = true;
  REQUIRE(w.store->update_signup_link(l).ok());
  CHECK(*w.store->use_signup_link(w.org.id, l.id, w.clock.now()));
  CHECK_FALSE(*w.store->use_signup_link(w.org.id, l.id, w.clock.now()));  // max_uses reached
  CHECK(w.store->get_signup_link(w.org.id, l.id)->use_count == 2);
  CHECK_FALSE(*w.store->use_signup_link(w.org.id, new_id(w.clock), w.clock.now()));
}
