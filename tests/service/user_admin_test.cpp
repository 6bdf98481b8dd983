#include <doctest/doctest.h>

#include <algorithm>
#include <set>

#include "onboard/core/id.hpp"
#include "onboard/user_admin.hpp"
#include "service_fixture.hpp"

using namespace onboard;
using namespace onboard::test;

namespace {

// Many users straight into storage: no password hashing, so a thousand cost nothing.
std::vector<User> seed_users(World& w, int count) {
  std::vector<User> users;
  for (int i = 0; i < count; ++i) {
    User u;
    u.id = new_id(*w.clock);
    u.org_id = w.org.id;
    u.email = "person" + std::to_string(i) + "@acme.example";
    u.email_key = u.email;
    u.first_name = "Person";
    u.last_name = std::to_string(i);
    u.display_name = "Person " + std::to_string(i);
    u.role = i % 10 == 0 ? "Manager" : "User";
    u.office = i % 2 == 0 ? "HQ" : "London";
    if (i % 3 == 0) u.teams = {"Sales"};
    u.status = i % 4 == 0 ? UserStatus::pending_activation : UserStatus::active;
    u.created_at = w.clock->now();
    users.push_back(u);
  }
  REQUIRE(w.storage->insert_users(users).ok());
  return users;
}

}  // namespace

TEST_CASE("a thousand users paged a hundred at a time are each listed exactly once") {
  for (const char* backend : {"memory", "sqlite"}) {
    CAPTURE(backend);
    auto w = make_world(backend);
    seed_users(w, 999);  // with the administrator: exactly ten full pages
    UserAdmin admin(*w.dir);
    UserQuery query;
    query.limit = 100;
    std::vector<std::string> ids;
    int pages = 0;
    for (;;) {
      auto page = admin.list(w.admin_actor(), query);
      REQUIRE(page.ok());
      ++pages;
      CHECK(page->users.size() <= 100);
      for (const auto& u : page->users) ids.push_back(u.id);
      if (page->next_after.empty()) break;
      query.after = page->next_after;
      REQUIRE(pages < 20);
    }
    CHECK(pages == 10);
    CHECK(ids.size() == 1000);
    CHECK(std::set<std::string>(ids.begin(), ids.end()).size() == 1000);
    CHECK(std::is_sorted(ids.begin(), ids.end()));
  }
}

TEST_CASE("the user list filters by status, role, office, team and text") {
  auto w = make_world();
  seed_users(w, 40);
  UserAdmin admin(*w.dir);
  auto count = [&](UserQuery q) {
    q.limit = 1000;
    auto page = admin.list(w.admin_actor(), q);
    REQUIRE_MESSAGE(page.ok(), (page.ok() ? "" : page.error().message));
    return page->users.size();
  };
  UserQuery q;
  q.status = UserStatus::pending_activation;
  CHECK(count(q) == 10);
  q = {};
  q.role = "manager";  // as people type it
  CHECK(count(q) == 4);
  q = {};
  q.office = "london";
  CHECK(count(q) == 20);
  q = {};
  q.team = "Sales";
  CHECK(count(q) == 14);
  q = {};
  q.text = "PERSON 3";
  CHECK(count(q) == 11);  // 3, 30..39
  q = {};
  q.role = "Overlord";
  CHECK(admin.list(w.admin_actor(), q).error().code == Errc::invalid_input);
  q = {};
  q.limit = 0;
  CHECK(admin.list(w.admin_actor(), q).error().detail_code == "page.size");
}

TEST_CASE("deleting users is all or nothing, revokes their invitations and is audited") {
  auto w = make_world();
  auto seeded = seed_users(w, 3);
  auto inv = w.dir->invite(w.admin_actor(), {"late@navy.example", "", "", ""});
  REQUIRE(inv.ok());
  UserAdmin admin(*w.dir);
  const std::vector<std::string> with_unknown = {seeded[0].id, "no-such-user"};
  CHECK(admin.delete_users(w.admin_actor(), with_unknown).error().code == Errc::not_found);
  CHECK(w.storage->get_user(w.org.id, seeded[0].id)->status != UserStatus::deleted);

  // A pending invitation to a deleted user's email dies with them.
  User invited = seeded[1];
  invited.email = invited.email_key = "late-user@acme.example";
  REQUIRE(w.storage->update_users(std::span<const User>(&invited, 1)).ok());
  auto inv2 = w.dir->invite(w.admin_actor(), {"someone@navy.example", "", "", ""});
  REQUIRE(inv2.ok());
  Invitation pending = inv2->invitation;
  pending.email = pending.email_key = "late-user@acme.example";
  REQUIRE(w.storage->update_invitation(pending).ok());

  const std::vector<std::string> ids = {seeded[0].id, seeded[1].id, seeded[0].id};
  auto deleted = admin.delete_users(w.admin_actor(), ids);
  REQUIRE(deleted.ok());
  CHECK(deleted->size() == 2);
  for (const auto& u : *deleted) CHECK(u.status == UserStatus::deleted);
  CHECK(w.storage->get_user(w.org.id, seeded[1].id)->status == UserStatus::deleted);
  CHECK(w.storage->get_invitation(w.org.id, pending.id)->state == InvitationState::revoked);
  CHECK(w.storage->get_invitation(w.org.id, inv->invitation.id)->state == InvitationState::pending);
  auto audit = w.dir->audit_log(w.admin_actor(), 10);
  int deletions = 0;
  for (const auto& e : *audit) deletions += e.action == "user.deleted" ? 1 : 0;
  CHECK(deletions == 2);
  // Deleted users leave the list and their seat; deleting again changes nothing.
  UserQuery q;
  CHECK(admin.list(w.admin_actor(), q)->users.size() == 2);
  CHECK(admin.delete_users(w.admin_actor(), ids).ok());
}

TEST_CASE("nobody deletes or suspends themselves or someone ranked above them") {
  auto w = make_world();
  UserAdmin admin(*w.dir);
  const std::vector<std::string> self = {w.admin.id};
  CHECK(admin.delete_users(w.admin_actor(), self).error().detail_code == "user.self");
  CHECK(admin.suspend(w.admin_actor(), w.admin.id).error().detail_code == "user.self");
  auto manager = add_member(w, "max@acme.example", "Manager");
  // A Manager may not manage users at all.
  CHECK(admin.suspend({w.org.id, manager.id}, w.admin.id).error().code == Errc::permission_denied);
  Organization changed = w.org;
  changed.roles.roles[2].permissions |= static_cast<std::uint32_t>(Permission::manage_users);  // Manager
  REQUIRE(w.storage->update_organization(changed).ok());
  auto r = admin.suspend({w.org.id, manager.id}, w.admin.id);
  CHECK(r.error().detail_code == "role.above_own");
}

TEST_CASE("a suspended member cannot sign in until reactivated") {
  auto w = make_world();
  auto member = add_member(w, "grace@navy.example", "User");
  UserAdmin admin(*w.dir);
  auto suspended = admin.suspend(w.admin_actor(), member.id);
  REQUIRE(suspended.ok());
  CHECK(suspended->status == UserStatus::suspended);
  CHECK(w.dir->authenticate(w.org.id, "grace@navy.example", kGoodPassword).error().code ==
        Errc::permission_denied);
  CHECK(admin.suspend(w.admin_actor(), member.id).ok());  // twice changes nothing
  auto back = admin.reactivate(w.admin_actor(), member.id);
  REQUIRE(back.ok());
  CHECK(back->status == UserStatus::active);
  CHECK(w.dir->authenticate(w.org.id, "grace@navy.example", kGoodPassword).ok());
  CHECK(admin.reactivate(w.admin_actor(), member.id).error().detail_code == "user.not_suspended");
}
