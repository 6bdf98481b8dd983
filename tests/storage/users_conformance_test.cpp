// Conformance: organizations and users, against every backend.
#include <algorithm>
#include <vector>

#include "backends.hpp"

using namespace onboard;
using namespace onboard::test;

namespace {

std::vector<std::string> ids_of(const std::vector<User>& users) {
  std::vector<std::string> ids;
  for (const auto& u : users) ids.push_back(u.id);
  return ids;
}

std::vector<User> listed(World& w, const UserFilter& f) {
  auto r = w.store->list_users(w.org.id, f);
  REQUIRE(r.ok());
  return *r;
}

}  // namespace

TEST_CASE_TEMPLATE("an organization is stored, read back whole, updated and listed", B, ONB_BACKENDS) {
  World w(B::make());
  Organization o = w.org;
  o.seat_limit = 25;
  o.time_zone = "Europe/Paris";
  o.settings.invitation_ttl = std::chrono::hours{48};
  o.settings.password_policy.min_length = 20;
  o.settings.password_policy.argon2_memlimit = 64u * 1024u * 1024u;
  o.settings.import_limits.max_rows = 100000;
  o.settings.throttle.source_lockout = std::chrono::minutes{15};
  o.roles.roles.push_back(Role{"Manager", 5,
                               static_cast<std::uint32_t>(Permission::invite_users) |
                                   static_cast<std::uint32_t>(Permission::import_users)});
  o.teams.push_back("Grün");
  REQUIRE(w.store->update_organization(o).ok());

  auto got = w.store->get_organization(o.id);
  REQUIRE(got.ok());
  CHECK(got->name == "Acme");
  CHECK(got->seat_limit == 25);
  CHECK(got->time_zone == "Europe/Paris");
  CHECK(got->created_at == t0());
  CHECK(got->settings.invitation_ttl == std::chrono::hours{48});
  CHECK(got->settings.password_policy.min_length == 20);
  CHECK(got->settings.password_policy.argon2_memlimit == 64u * 1024u * 1024u);
  CHECK(got->settings.import_limits.max_rows == 100000);
  CHECK(got->settings.throttle.source_lockout == std::chrono::minutes{15});
  REQUIRE(got->roles.roles.size() == 3);
  CHECK(got->roles.roles[2].name == "Manager");
  CHECK(got->roles.roles[2].rank == 5);
  CHECK(got->roles.roles[2].permissions == o.roles.roles[2].permissions);
  CHECK(got->roles.roles[1].permissions == all_permissions);
  CHECK(got->roles.default_role == "User");
  CHECK(got->offices == std::vector<std::string>{"HQ", "Lyon"});
  CHECK(got->teams == std::vector<std::string>{"Red", "Blue", "Grün"});
  CHECK(got->default_office == "HQ");

  Organization other = w.add_org("Globex");
  auto all = w.store->list_organizations();
  REQUIRE(all.ok());
  REQUIRE(all->size() == 2);
  CHECK(all->at(0).id == std::min(o.id, other.id));
  CHECK_FALSE(all->at(0).seat_limit.has_value() == all->at(1).seat_limit.has_value());
}

TEST_CASE_TEMPLATE("a second organization with the same id is refused, a missing one is not found", B,
                   ONB_BACKENDS) {
  World w(B::make());
  auto dup = w.store->insert_organization(w.org);
  REQUIRE_FALSE(dup.ok());
  CHECK(dup.error().code == Errc::already_exists);
  Organization ghost = w.org;
  ghost.id = new_id(w.clock);
  CHECK(w.store->update_organization(ghost).error().code == Errc::not_found);
  CHECK(w.store->get_organization(ghost.id).error().code == Errc::not_found);
}

TEST_CASE_TEMPLATE("a user is stored and read back field for field", B, ONB_BACKENDS) {
  World w(B::make());
  User u = w.user("ann@example.com");
  u.email = "Ann@Example.COM";
  u.username = "Ann";
  u.username_key = "ann";
  u.name_locked = true;
  u.teams = {"Red", "Blue"};
  u.external_id = "E-1";
  u.attributes = {{"Phone", "+33 1 23"}, {"Start date", "2026-04-01"}};
  u.status = UserStatus::pending_activation;
  u.must_change_password = true;
  u.password_hash = "hmac-sha256$abc";
  u.activation_key_hash = fake_hash('k');
  u.activation_key_sealed = std::string("\0\1\2", 3);
  u.registered_via = "key-1";
  u.activated_at = t0() + std::chrono::seconds{5};
  u.source = UserSource::import;
  u.created_by = "admin-id";
  REQUIRE(w.store->insert_users(one(u)).ok());

  auto got = w.store->get_user(w.org.id, u.id);
  REQUIRE(got.ok());
  const User& g = *got;
  CHECK(g.org_id == u.org_id);
  CHECK(g.email == "Ann@Example.COM");
  CHECK(g.email_key == "ann@example.com");
  CHECK(g.username == "Ann");
  CHECK(g.username_key == "ann");
  CHECK(g.first_name == "First");
  CHECK(g.last_name == "Last");
  CHECK(g.display_name == "First Last");
  CHECK(g.name_locked);
  CHECK(g.role == "User");
  CHECK(g.office == "HQ");
  CHECK(g.teams == u.teams);
  CHECK(g.external_id == "E-1");
  CHECK(g.attributes == u.attributes);
  CHECK(g.status == UserStatus::pending_activation);
  CHECK(g.must_change_password);
  CHECK(g.password_hash == "hmac-sha256$abc");
  CHECK(g.activation_key_hash == u.activation_key_hash);
  CHECK(g.activation_key_sealed == u.activation_key_sealed);
  CHECK(g.registered_via == "key-1");
  CHECK(g.created_at == t0());
  CHECK(g.activated_at == u.activated_at);
  CHECK(g.source == UserSource::import);
  CHECK(g.created_by == "admin-id");

  CHECK(w.store->get_user(w.org.id, new_id(w.clock)).error().code == Errc::not_found);
}

TEST_CASE_TEMPLATE("users are found in batches by each unique field", B, ONB_BACKENDS) {
  World w(B::make());
  std::vector<User> users;
  for (int i = 0; i < 3; ++i) {
    User u = w.user("u" + std::to_string(i) + "@x.com");
    u.username_key = "user" + std::to_string(i);
    u.external_id = "E" + std::to_string(i);
    u.activation_key_hash = fake_hash(static_cast<char>('a' + i));
    users.push_back(u);
  }
  REQUIRE(w.store->insert_users(users).ok());

  auto check_find = [&](UserKeyField field, std::vector<std::string> values) {
    auto found = w.store->find_users(w.org.id, field, values);
    REQUIRE(found.ok());
    std::vector<std::string> expected = {users[0].id, users[2].id};
    std::sort(expected.begin(), expected.end());
    CHECK(ids_of(*found) == expected);
  };
  check_find(UserKeyField::email_key, {"u2@x.com", "nobody@x.com", "", "u0@x.com", "u2@x.com"});
  check_find(UserKeyField::username_key, {"user0", "user2", "user9", ""});
  check_find(UserKeyField::external_id, {"E2", "E0", "E7"});
  check_find(UserKeyField::activation_key_hash, {fake_hash('a'), fake_hash('c'), fake_hash('z')});

  auto none = w.store->find_users(w.org.id, UserKeyField::email_key, std::vector<std::string>{});
  REQUIRE(none.ok());
  CHECK(none->empty());
}

TEST_CASE_TEMPLATE("a batch with one duplicate inserts none", B, ONB_BACKENDS) {
  World w(B::make());
  User taken = w.user("taken@x.com");
  taken.username_key = "taken";
  taken.external_id = "T-1";
  taken.activation_key_hash = fake_hash('t');
  REQUIRE(w.store->insert_users(one(taken)).ok());

  auto refuse_batch_with = [&](auto&& spoil, std::string_view expected_word) {
    std::vector<User> batch = {w.user("fresh1@x.com"), w.user("fresh2@x.com"), w.user("fresh3@x.com")};
    spoil(batch[1]);
    auto r = w.store->insert_users(batch);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == Errc::already_exists);
    CHECK(r.error().message.find(expected_word) != std::string::npos);
    CHECK(w.seated() == 1);
    auto found =
        w.store->find_users(w.org.id, UserKeyField::email_key, std::vector<std::string>{"fresh1@x.com"});
    REQUIRE(found.ok());
    CHECK(found->empty());
  };
  refuse_batch_with([](User& u) { u.email_key = "taken@x.com"; }, "email");
  refuse_batch_with([](User& u) { u.username_key = "taken"; }, "username");
  refuse_batch_with([](User& u) { u.external_id = "T-1"; }, "external id");
  refuse_batch_with([&](User& u) { u.activation_key_hash = fake_hash('t'); }, "activation key");
  refuse_batch_with([&](User& u) { u.id = taken.id; }, "id");

  // Two rows of one batch that collide with each other.
  std::vector<User> twins = {w.user("twin@x.com"), w.user("twin@x.com")};
  auto r = w.store->insert_users(twins);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == Errc::already_exists);
  CHECK(r.error().message.find("twin") == std::string::npos);  // never the value itself
  CHECK(w.seated() == 1);
}

TEST_CASE_TEMPLATE("an update that takes another user's email is refused and changes nothing", B,
                   ONB_BACKENDS) {
  World w(B::make());
  User a = w.add_user("a@x.com");
  User b = w.add_user("b@x.com");
  User a2 = a;
  a2.first_name = "Changed";
  User b2 = b;
  b2.email_key = "a@x.com";
  std::vector<User> batch = {a2, b2};
  auto r = w.store->update_users(batch);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == Errc::already_exists);
  CHECK(w.store->get_user(w.org.id, a.id)->first_name == "First");
  CHECK(w.store->get_user(w.org.id, b.id)->email_key == "b@x.com");

  User ghost = w.user("ghost@x.com");
  CHECK(w.store->update_users(one(ghost)).error().code == Errc::not_found);

  a2.email_key = "a.new@x.com";
  REQUIRE(w.store->update_users(one(a2)).ok());
  CHECK(w.store->get_user(w.org.id, a.id)->first_name == "Changed");
  // The old key is free again, the new one is taken.
  CHECK(w.store->insert_users(one(w.user("a@x.com"))).ok());
  CHECK(w.store->insert_users(one(w.user("a.new@x.com"))).error().code == Errc::already_exists);
}

TEST_CASE_TEMPLATE("a deleted user frees their email and leaves the seat count", B, ONB_BACKENDS) {
  World w(B::make());
  User gone = w.add_user("reuse@x.com");
  w.add_user("stay@x.com");
  CHECK(w.seated() == 2);
  gone.status = UserStatus::deleted;
  REQUIRE(w.store->update_users(one(gone)).ok());
  CHECK(w.seated() == 1);
  auto found =
      w.store->find_users(w.org.id, UserKeyField::email_key, std::vector<std::string>{"reuse@x.com"});
  REQUIRE(found.ok());
  CHECK(found->empty());

  User again = w.add_user("reuse@x.com");
  CHECK(w.seated() == 2);
  found = w.store->find_users(w.org.id, UserKeyField::email_key, std::vector<std::string>{"reuse@x.com"});
  REQUIRE(found->size() == 1);
  CHECK(found->front().id == again.id);
  // A deleted record may share a key with a live one (an import of leavers).
  User tomb = w.user("reuse@x.com");
  tomb.status = UserStatus::deleted;
  CHECK(w.store->insert_users(one(tomb)).ok());
  CHECK(w.seated() == 2);
  // Bringing the deleted one back would now collide.
  gone.status = UserStatus::active;
  CHECK(w.store->update_users(one(gone)).error().code == Errc::already_exists);
}

TEST_CASE_TEMPLATE("users are listed with every filter", B, ONB_BACKENDS) {
  World w(B::make());
  User ann = w.user("ann@x.com");
  ann.last_name = "MÜLLER";
  ann.teams = {"Red"};
  ann.registered_via = "key-1";
  User bob = w.user("bob@x.com");
  bob.role = "Admin";
  bob.office = "Lyon";
  bob.teams = {"Blue", "Red"};
  bob.username = "Bobby";
  User cid = w.user("cid@x.com");
  cid.status = UserStatus::suspended;
  cid.display_name = "Cid the Great";
  User dan = w.user("dan@x.com");
  dan.status = UserStatus::deleted;
  std::vector<User> all = {ann, bob, cid, dan};
  REQUIRE(w.store->insert_users(all).ok());

  auto ids = [&](UserFilter f) { return ids_of(listed(w, f)); };
  using V = std::vector<std::string>;
  std::vector<std::string> sorted_ids = {ann.id, bob.id, cid.id};
  std::sort(sorted_ids.begin(), sorted_ids.end());
  CHECK(ids({}) == sorted_ids);

  UserFilter f;
  f.include_deleted = true;
  CHECK(ids(f).size() == 4);
  f = {};
  f.status = UserStatus::deleted;
  CHECK(ids(f) == V{dan.id});
  f.status = UserStatus::suspended;
  CHECK(ids(f) == V{cid.id});
  f = {};
  f.role = "Admin";
  CHECK(ids(f) == V{bob.id});
  f = {};
  f.office = "Lyon";
  CHECK(ids(f) == V{bob.id});
  f = {};
  f.team = "Blue";
  CHECK(ids(f) == V{bob.id});
  f.team = "Re";  // a team is matched whole, not as a substring
  CHECK(ids(f).empty());
  f = {};
  f.registered_via = "key-1";
  CHECK(ids(f) == V{ann.id});
  f = {};
  f.text = "müller";  // case-insensitive beyond ASCII
  CHECK(ids(f) == V{ann.id});
  f.text = "BOBB";  // username
  CHECK(ids(f) == V{bob.id});
  f.text = "the great";  // display name
  CHECK(ids(f) == V{cid.id});
  f.text = "DAN@";  // deleted users stay hidden unless asked for
  CHECK(ids(f).empty());
  f.include_deleted = true;
  CHECK(ids(f) == V{dan.id});
  f = {};
  f.team = "Red";
  f.role = "User";
  CHECK(ids(f) == V{ann.id});
}

TEST_CASE_TEMPLATE("users are paged by id with after_id and limit", B, ONB_BACKENDS) {
  World w(B::make());
  std::vector<User> users;
  for (int i = 0; i < 7; ++i) users.push_back(w.user("p" + std::to_string(i) + "@x.com"));
  REQUIRE(w.store->insert_users(users).ok());
  std::vector<std::string> expected = ids_of(users);
  std::sort(expected.begin(), expected.end());

  std::vector<std::string> seen;
  UserFilter f;
  f.limit = 3;
  for (int page = 0; page < 5; ++page) {
    auto rows = listed(w, f);
    if (rows.empty()) break;
    CHECK(rows.size() <= 3);
    for (const auto& u : rows) seen.push_back(u.id);
    f.after_id = rows.back().id;
  }
  CHECK(seen == expected);
}

TEST_CASE_TEMPLATE("inserting records for an unknown organization is refused", B, ONB_BACKENDS) {
  World w(B::make());
  const std::string ghost = new_id(w.clock);
  auto r = w.store->insert_users(one(w.user("a@x.com", ghost)));
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == Errc::not_found);
  CHECK(w.store->insert_invitation(w.invitation("a@x.com", 'i', ghost)).error().code == Errc::not_found);
}

TEST_CASE_TEMPLATE("activate_user needs the right key and a user still waiting for it", B, ONB_BACKENDS) {
  World w(B::make());
  User u = w.user("new@x.com");
  u.status = UserStatus::pending_activation;
  u.activation_key_hash = fake_hash('k');
  u.activation_key_sealed = "sealed";
  REQUIRE(w.store->insert_users(one(u)).ok());

  User done = u;
  done.password_hash = "$argon2id$v=19$stub";
  done.activated_at = w.clock.now();
  done.first_name = "Given";

  auto wrong = w.store->activate_user(done, fake_hash('w'));
  REQUIRE(wrong.ok());
  CHECK_FALSE(*wrong);
  auto empty = w.store->activate_user(done, "");
  REQUIRE(empty.ok());
  CHECK_FALSE(*empty);
  CHECK(w.store->get_user(w.org.id, u.id)->status == UserStatus::pending_activation);

  auto right = w.store->activate_user(done, fake_hash('k'));
  REQUIRE(right.ok());
  CHECK(*right);
  auto got = w.store->get_user(w.org.id, u.id);
  REQUIRE(got.ok());
  CHECK(got->status == UserStatus::active);
  CHECK(got->password_hash == "$argon2id$v=19$stub");
  CHECK(got->first_name == "Given");
  CHECK(got->activated_at == w.clock.now());
  CHECK(got->activation_key_hash.empty());
  CHECK(got->activation_key_sealed.empty());

  auto again = w.store->activate_user(done, fake_hash('k'));
  REQUIRE(again.ok());
  CHECK_FALSE(*again);

  // A suspended user with a key is not activated either.
  User s = w.user("s@x.com");
  s.status = UserStatus::suspended;
  s.activation_key_hash = fake_hash('s');
  REQUIRE(w.store->insert_users(one(s)).ok());
  CHECK_FALSE(*w.store->activate_user(s, fake_hash('s')));
}
