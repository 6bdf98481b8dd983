// Conformance: unverified self-registrations (status pending_verification)
// and their email confirmations, against every backend.
#include <atomic>
#include <thread>
#include <vector>

#include "backends.hpp"

using namespace onboard;
using namespace onboard::test;

namespace {

User unverified(World& w, const std::string& email_key) {
  User u = w.user(email_key);
  u.status = UserStatus::pending_verification;
  u.password_hash = "$argon2id$v=19$stub";
  REQUIRE(w.store->insert_users(one(u)).ok());
  return u;
}

EmailConfirmation confirmation_for(World& w, const User& u, char tag) {
  EmailConfirmation c;
  c.org_id = w.org.id;
  c.user_id = u.id;
  c.token_hash = fake_hash(tag);
  c.created_at = w.clock.now();
  c.expires_at = w.clock.now() + std::chrono::hours{24};
  REQUIRE(w.store->insert_email_confirmation(c).ok());
  return c;
}

std::vector<std::string> keys(const std::string& k) { return {k}; }

}  // namespace

TEST_CASE_TEMPLATE("an unverified user holds no email and no seat, and is found only as unverified", B,
                   ONB_BACKENDS) {
  World w(B::make());
  const User claim = unverified(w, "ceo@x.com");
  CHECK(w.seated() == 0);
  CHECK(w.store->find_users(w.org.id, UserKeyField::email_key, keys("ceo@x.com"))->empty());
  auto found = w.store->find_unverified_users(w.org.id, "ceo@x.com");
  REQUIRE(found.ok());
  REQUIRE(found->size() == 1);
  CHECK(found->front().id == claim.id);
  CHECK(found->front().status == UserStatus::pending_verification);
  CHECK(w.store->find_unverified_users(w.org.id, "other@x.com")->empty());
  CHECK(w.store->find_unverified_users(w.org.id, "")->empty());

  // A second claim and the real member are not refused because of it.
  const User second = unverified(w, "ceo@x.com");
  CHECK(w.store->find_unverified_users(w.org.id, "ceo@x.com")->size() == 2);
  const User member = w.add_user("ceo@x.com");
  CHECK(w.seated() == 1);
  auto members = w.store->find_users(w.org.id, UserKeyField::email_key, keys("ceo@x.com"));
  REQUIRE(members->size() == 1);
  CHECK(members->front().id == member.id);
  // Listing shows the claims with their status.
  UserFilter f;
  f.status = UserStatus::pending_verification;
  CHECK(w.store->list_users(w.org.id, f)->size() == 2);
  (void)second;
}

TEST_CASE_TEMPLATE("an email confirmation is read without being used, then used once to activate its user", B,
                   ONB_BACKENDS) {
  World w(B::make());
  const User u = unverified(w, "new@x.com");
  const EmailConfirmation c = confirmation_for(w, u, 'c');

  for (int i = 0; i < 3; ++i) {  // reading never consumes
    auto read = w.store->find_email_confirmation_by_hash(w.org.id, fake_hash('c'));
    REQUIRE(read.ok());
    CHECK(read->user_id == u.id);
    CHECK(read->token_hash == fake_hash('c'));
    CHECK(read->expires_at == c.expires_at);
    CHECK(read->created_at == c.created_at);
  }
  CHECK(w.store->find_email_confirmation_by_hash(w.org.id, fake_hash('z')).error().code == Errc::not_found);

  w.clock.advance(std::chrono::hours{1});
  CHECK_FALSE(*w.store->consume_email_confirmation(w.org.id, u.id, fake_hash('z'), w.clock.now()));
  auto used = w.store->consume_email_confirmation(w.org.id, u.id, fake_hash('c'), w.clock.now());
  REQUIRE(used.ok());
  CHECK(*used);
  auto got = w.store->get_user(w.org.id, u.id);
  REQUIRE(got.ok());
  CHECK(got->status == UserStatus::active);
  CHECK(got->activated_at == w.clock.now());
  CHECK(w.seated() == 1);
  CHECK(w.store->find_users(w.org.id, UserKeyField::email_key, keys("new@x.com"))->size() == 1);
  // One use: the confirmation is gone.
  CHECK_FALSE(*w.store->consume_email_confirmation(w.org.id, u.id, fake_hash('c'), w.clock.now()));
  CHECK(w.store->find_email_confirmation_by_hash(w.org.id, fake_hash('c')).error().code == Errc::not_found);
}

TEST_CASE_TEMPLATE("an expired confirmation or one whose user is no longer unverified activates nobody", B,
                   ONB_BACKENDS) {
  World w(B::make());
  const User late = unverified(w, "late@x.com");
  const EmailConfirmation c = confirmation_for(w, late, 'l');
  CHECK_FALSE(*w.store->consume_email_confirmation(w.org.id, late.id, fake_hash('l'), c.expires_at));
  CHECK(w.store->get_user(w.org.id, late.id)->status == UserStatus::pending_verification);

  User replaced = unverified(w, "gone@x.com");
  confirmation_for(w, replaced, 'g');
  replaced.status = UserStatus::deleted;
  REQUIRE(w.store->update_users(one(replaced)).ok());
  CHECK_FALSE(*w.store->consume_email_confirmation(w.org.id, replaced.id, fake_hash('g'), w.clock.now()));
  CHECK(w.store->get_user(w.org.id, replaced.id)->status == UserStatus::deleted);

  // Another organization sees nothing.
  const Organization other = w.add_org("Other");
  CHECK(w.store->find_email_confirmation_by_hash(other.id, fake_hash('l')).error().code == Errc::not_found);
  CHECK_FALSE(*w.store->consume_email_confirmation(other.id, late.id, fake_hash('l'), w.clock.now()));
  CHECK(w.store->find_unverified_users(other.id, "late@x.com")->empty());
}

TEST_CASE_TEMPLATE("a second confirmation for a user or a taken token hash is refused", B, ONB_BACKENDS) {
  World w(B::make());
  const User a = unverified(w, "a@x.com");
  const User b = unverified(w, "b@x.com");
  confirmation_for(w, a, 'a');
  EmailConfirmation again;
  again.org_id = w.org.id;
  again.user_id = a.id;
  again.token_hash = fake_hash('x');
  again.created_at = again.expires_at = w.clock.now();
  CHECK(w.store->insert_email_confirmation(again).error().code == Errc::already_exists);
  again.user_id = b.id;
  again.token_hash = fake_hash('a');
  CHECK(w.store->insert_email_confirmation(again).error().code == Errc::already_exists);
  again.user_id = "nobody";
  again.token_hash = fake_hash('n');
  CHECK(w.store->insert_email_confirmation(again).error().code == Errc::not_found);
}

TEST_CASE_TEMPLATE("confirming an address that became a member's is refused and changes nothing", B,
                   ONB_BACKENDS) {
  World w(B::make());
  const User claim = unverified(w, "ceo@x.com");
  confirmation_for(w, claim, 'c');
  w.add_user("ceo@x.com");
  auto r = w.store->consume_email_confirmation(w.org.id, claim.id, fake_hash('c'), w.clock.now());
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == Errc::already_exists);
  CHECK(w.store->get_user(w.org.id, claim.id)->status == UserStatus::pending_verification);
  CHECK(w.store->find_email_confirmation_by_hash(w.org.id, fake_hash('c')).ok());
  CHECK(w.seated() == 1);
}

TEST_CASE_TEMPLATE("a confirmation rolled back with its transaction can be used again", B, ONB_BACKENDS) {
  World w(B::make());
  const User u = unverified(w, "new@x.com");
  confirmation_for(w, u, 'c');
  auto r = w.store->transaction([&]() -> Result<void> {
    ONB_ASSIGN(bool used, w.store->consume_email_confirmation(w.org.id, u.id, fake_hash('c'), w.clock.now()));
    REQUIRE(used);
    return Error{Errc::invalid_input, "Stop here."};
  });
  REQUIRE_FALSE(r.ok());
  CHECK(w.store->get_user(w.org.id, u.id)->status == UserStatus::pending_verification);
  CHECK(*w.store->consume_email_confirmation(w.org.id, u.id, fake_hash('c'), w.clock.now()));
}

TEST_CASE_TEMPLATE("eight threads confirming one email at once activate it once", B, ONB_BACKENDS) {
  World w(B::make());
  const User u = unverified(w, "race@x.com");
  confirmation_for(w, u, 'r');
  std::atomic<int> won{0}, failed{0};
  std::vector<std::thread> threads;
  const Timestamp now = w.clock.now();
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&] {
      auto r = w.store->consume_email_confirmation(w.org.id, u.id, fake_hash('r'), now);
      if (!r.ok())
        ++failed;
      else if (*r)
        ++won;
    });
  for (auto& t : threads) t.join();
  CHECK(won == 1);
  CHECK(failed == 0);
  CHECK(w.store->get_user(w.org.id, u.id)->status == UserStatus::active);
}

#if ONBOARD_HAVE_POSTGRES
TEST_SUITE("postgres") {
  TEST_CASE("eight PostgreSQL connections confirming one email at once activate it once") {
    PostgresSchema schema;
    World w(open_postgres_in(schema));
    const User u = unverified(w, "race@x.com");
    confirmation_for(w, u, 'r');
    std::vector<std::unique_ptr<Storage>> connections;
    for (int i = 0; i < 8; ++i) connections.push_back(open_postgres_in(schema));
    std::atomic<int> won{0}, failed{0};
    std::vector<std::thread> threads;
    const Timestamp now = w.clock.now();
    for (auto& c : connections)
      threads.emplace_back([&, store = c.get()] {
        auto r = store->transaction([&]() -> Result<void> {
          ONB_ASSIGN(bool used, store->consume_email_confirmation(w.org.id, u.id, fake_hash('r'), now));
          if (used) ++won;
          return success();
        });
        if (!r.ok()) ++failed;
      });
    for (auto& t : threads) t.join();
    CHECK(won == 1);
    CHECK(failed == 0);
    CHECK(w.store->get_user(w.org.id, u.id)->status == UserStatus::active);
  }
}
#endif
