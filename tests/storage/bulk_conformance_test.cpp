// Conformance: bulk_transaction() and multi-row user inserts, against every
// backend. SQLite writes users 64 rows per INSERT plus single-row statements
// for the rest, so the batch sizes straddle those edges.
#include <string>
#include <type_traits>
#include <vector>

#include "backends.hpp"

using namespace onboard;
using namespace onboard::test;

namespace {

bool has_user(World& w, const std::string& email_key) {
  auto found = w.store->find_users(w.org.id, UserKeyField::email_key, std::vector<std::string>{email_key});
  REQUIRE(found.ok());
  return !found->empty();
}

// User number `i`, with every field set from `i` so rows cannot be mixed up:
// empty and non-empty teams, attributes, optional keys and activated_at in turn.
User numbered_user(World& w, int i) {
  const std::string n = std::to_string(i);
  User u = w.user("user" + n + "@x.com");
  u.email = "User" + n + "@X.com";
  u.first_name = "First" + n;
  u.last_name = "Last" + n;
  u.display_name = "First" + n + " Last" + n;
  u.name_locked = i % 2 == 0;
  u.role = i % 3 == 0 ? "Admin" : "User";
  u.office = i % 2 == 0 ? "HQ" : "Lyon";
  if (i % 3 == 1) u.teams = {"Red"};
  if (i % 3 == 2) u.teams = {"Blue", "Red"};
  if (i % 4 != 0) u.attributes = {{"Phone", "+33 " + n}, {"Desk", "D" + n}};
  if (i % 2 == 1) {
    u.username = "Name" + n;
    u.username_key = "name" + n;
    u.external_id = "E-" + n;
  }
  u.status =
      i % 5 == 0 ? UserStatus::pending_activation : (i % 5 == 1 ? UserStatus::suspended : UserStatus::active);
  u.must_change_password = i % 2 == 1;
  u.password_hash = "hmac-sha256$" + n;
  if (i % 5 == 0) {
    u.activation_key_hash = fake_hash(static_cast<char>('A' + i % 26)) + n;  // binary, unique
    u.activation_key_sealed = std::string("\0sealed", 7) + n;
  }
  u.registered_via = i % 7 == 0 ? "key-" + n : "";
  u.created_at = t0() + std::chrono::seconds{i};
  if (i % 2 == 0) u.activated_at = t0() + std::chrono::seconds{1000 + i};
  u.source = i % 2 == 0 ? UserSource::import : UserSource::key;
  u.created_by = "admin-" + n;
  return u;
}

std::vector<User> numbered_users(World& w, int count) {
  std::vector<User> users;
  for (int i = 0; i < count; ++i) users.push_back(numbered_user(w, i));
  return users;
}

void check_same_user(const User& g, const User& u) {
  CHECK(g.id == u.id);
  CHECK(g.org_id == u.org_id);
  CHECK(g.email == u.email);
  CHECK(g.email_key == u.email_key);
  CHECK(g.username == u.username);
  CHECK(g.username_key == u.username_key);
  CHECK(g.first_name == u.first_name);
  CHECK(g.last_name == u.last_name);
  CHECK(g.display_name == u.display_name);
  CHECK(g.name_locked == u.name_locked);
  CHECK(g.role == u.role);
  CHECK(g.office == u.office);
  CHECK(g.teams == u.teams);
  CHECK(g.external_id == u.external_id);
  CHECK(g.attributes == u.attributes);
  CHECK(g.status == u.status);
  CHECK(g.must_change_password == u.must_change_password);
  CHECK(g.password_hash == u.password_hash);
  CHECK(g.activation_key_hash == u.activation_key_hash);
  CHECK(g.activation_key_sealed == u.activation_key_sealed);
  CHECK(g.registered_via == u.registered_via);
  CHECK(g.created_at == u.created_at);
  CHECK(g.activated_at == u.activated_at);
  CHECK(g.source == u.source);
  CHECK(g.created_by == u.created_by);
}

}  // namespace

// ---- bulk_transaction ----

TEST_CASE_TEMPLATE("a bulk transaction whose writes all succeed commits them", B, ONB_BACKENDS) {
  World w(B::make());
  Invitation i = w.add_invitation("a@x.com", 'a');
  auto r = w.store->bulk_transaction([&]() -> Result<void> {
    ONB_TRY(w.store->insert_users(numbered_users(w, 70)));
    ONB_TRY(w.store->consume_invitation(w.org.id, i.id, fake_hash('a'), w.clock.now(), "u"));
    ONB_TRY(w.store->append_audit(std::vector<AuditEvent>{w.event("import")}));
    ONB_ASSIGN(auto n, w.store->count_seated_users(w.org.id));  // reads see the transaction's own writes
    if (n != 70) return Error{Errc::internal, "Reads inside a bulk transaction miss its writes."};
    return success();
  });
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
  CHECK(w.seated() == 70);
  CHECK(w.store->get_invitation(w.org.id, i.id)->state == InvitationState::accepted);
  CHECK(w.store->list_audit(w.org.id, 0)->size() == 1);
}

TEST_CASE_TEMPLATE("a bulk transaction whose fn returns an error keeps nothing", B, ONB_BACKENDS) {
  World w(B::make());
  Invitation i = w.add_invitation("a@x.com", 'a');
  auto r = w.store->bulk_transaction([&]() -> Result<void> {
    ONB_TRY(w.store->insert_users(numbered_users(w, 70)));
    ONB_TRY(w.store->consume_invitation(w.org.id, i.id, fake_hash('a'), w.clock.now(), "u"));
    ONB_TRY(w.store->append_audit(std::vector<AuditEvent>{w.event("import")}));
    return Error{Errc::invalid_input, "Stop here."};
  });
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message == "Stop here.");
  CHECK(w.seated() == 0);
  CHECK(w.store->get_invitation(w.org.id, i.id)->state == InvitationState::pending);
  CHECK(w.store->list_audit(w.org.id, 0)->empty());
  CHECK(w.store->insert_users(numbered_users(w, 3)).ok());  // still usable
}

TEST_CASE_TEMPLATE("a failed write inside a bulk transaction is undone, on SQLite with all of it", B,
                   ONB_BACKENDS) {
  World w(B::make());
  w.add_user("taken@x.com");
  Invitation i = w.add_invitation("a@x.com", 'a');
  bool write_failed = false;
  auto r = w.store->bulk_transaction([&]() -> Result<void> {
    ONB_TRY(w.store->insert_users(one(w.user("before@x.com"))));
    ONB_TRY(w.store->consume_invitation(w.org.id, i.id, fake_hash('a'), w.clock.now(), "u"));
    // 64 good rows, then the taken email: on SQLite the first INSERT statement
    // has already run when the second fails.
    std::vector<User> batch = numbered_users(w, 65);
    batch[64].email_key = "taken@x.com";
    auto failed = w.store->insert_users(batch);
    write_failed = !failed.ok() && failed.error().code == Errc::already_exists;
    (void)w.store->insert_users(one(w.user("after@x.com")));
    return success();  // the caller ignores the failure
  });
  CHECK(write_failed);
  if (!std::is_same_v<B, SqliteBackend> && r.ok()) {
    // Backends that keep savepoints (the default bulk_transaction) undo only
    // the failed write, as transaction() does.
    CHECK(w.seated() == 3);
    CHECK(has_user(w, "before@x.com"));
    CHECK_FALSE(has_user(w, "user0@x.com"));
    CHECK(has_user(w, "after@x.com"));
    return;
  }
  REQUIRE_FALSE(r.ok());
  CHECK((r.error().code == Errc::internal || r.error().code == Errc::busy));
  CHECK_FALSE(r.error().message.empty());
  CHECK(w.seated() == 1);
  CHECK_FALSE(has_user(w, "before@x.com"));
  CHECK_FALSE(has_user(w, "user0@x.com"));
  CHECK_FALSE(has_user(w, "after@x.com"));
  CHECK(w.store->get_invitation(w.org.id, i.id)->state == InvitationState::pending);

  // The next transaction starts clean.
  CHECK(
      w.store
          ->bulk_transaction([&]() -> Result<void> { return w.store->insert_users(one(w.user("n@x.com"))); })
          .ok());
  CHECK(w.seated() == 2);
}

TEST_CASE_TEMPLATE("a bulk transaction inside another transaction is a nested transaction", B, ONB_BACKENDS) {
  World w(B::make());
  w.add_user("taken@x.com");
  SUBCASE("the outer failure undoes the inner bulk success") {
    auto r = w.store->transaction([&]() -> Result<void> {
      auto inner = w.store->bulk_transaction(
          [&]() -> Result<void> { return w.store->insert_users(numbered_users(w, 65)); });
      CHECK(inner.ok());
      return Error{Errc::invalid_input, "Outer fails."};
    });
    CHECK_FALSE(r.ok());
    CHECK(w.seated() == 1);
  }
  SUBCASE("an inner bulk failure the outer survives undoes only the inner writes") {
    auto r = w.store->transaction([&]() -> Result<void> {
      ONB_TRY(w.store->insert_users(one(w.user("outer@x.com"))));
      auto inner = w.store->bulk_transaction([&]() -> Result<void> {
        ONB_TRY(w.store->insert_users(numbered_users(w, 65)));
        return Error{Errc::invalid_input, "Inner fails."};
      });
      CHECK_FALSE(inner.ok());
      return success();
    });
    CHECK(r.ok());
    CHECK(w.seated() == 2);
    CHECK(has_user(w, "outer@x.com"));
    CHECK_FALSE(has_user(w, "user0@x.com"));
  }
  SUBCASE("a failed write inside a nested bulk transaction undoes only that write") {
    auto r = w.store->transaction([&]() -> Result<void> {
      ONB_TRY(w.store->insert_users(one(w.user("outer@x.com"))));
      auto inner = w.store->bulk_transaction([&]() -> Result<void> {
        ONB_TRY(w.store->insert_users(one(w.user("inner@x.com"))));
        std::vector<User> batch = numbered_users(w, 65);
        batch[64].email_key = "taken@x.com";
        auto refused = w.store->insert_users(batch);
        CHECK((!refused.ok() && refused.error().code == Errc::already_exists));
        return success();
      });
      CHECK(inner.ok());
      return success();
    });
    CHECK(r.ok());
    CHECK(w.seated() == 3);
    CHECK(has_user(w, "outer@x.com"));
    CHECK(has_user(w, "inner@x.com"));
    CHECK_FALSE(has_user(w, "user0@x.com"));
  }
}

// ---- multi-row user inserts ----

TEST_CASE_TEMPLATE("batches of 1, 63, 64, 65 and 129 users are stored and read back field for field", B,
                   ONB_BACKENDS) {
  for (int count : {1, 63, 64, 65, 129}) {
    CAPTURE(count);
    World w(B::make());
    const std::vector<User> users = numbered_users(w, count);
    auto inserted = w.store->insert_users(users);
    REQUIRE_MESSAGE(inserted.ok(), (inserted.ok() ? "" : inserted.error().message));
    CHECK(w.seated() == count);
    for (int i = 0; i < count; ++i) {
      CAPTURE(i);
      auto got = w.store->get_user(w.org.id, users[static_cast<std::size_t>(i)].id);
      REQUIRE(got.ok());
      check_same_user(*got, users[static_cast<std::size_t>(i)]);
    }
    UserFilter all;
    all.include_deleted = true;
    auto listed = w.store->list_users(w.org.id, all);
    REQUIRE(listed.ok());
    CHECK(listed->size() == static_cast<std::size_t>(count));
  }
}

TEST_CASE_TEMPLATE("a batch that spans two organizations stores each user in its own", B, ONB_BACKENDS) {
  World w(B::make());
  const Organization other = w.add_org("Globex");
  std::vector<User> users = numbered_users(w, 130);
  for (std::size_t i = 0; i < users.size(); ++i)
    if (i % 3 == 0) users[i].org_id = other.id;
  REQUIRE(w.store->insert_users(users).ok());
  for (const User& u : users) {
    auto got = w.store->get_user(u.org_id, u.id);
    REQUIRE(got.ok());
    check_same_user(*got, u);
    const std::string& wrong = u.org_id == other.id ? w.org.id : other.id;
    auto elsewhere = w.store->get_user(wrong, u.id);
    CHECK((!elsewhere.ok() && elsewhere.error().code == Errc::not_found));
  }
  CHECK(w.seated() == 86);
  CHECK(*w.store->count_seated_users(other.id) == 44);
}

// The taken email sits in the 64-row statement (#10) or in the single rows (#70).
TEST_CASE_TEMPLATE("a batch of 100 with one taken email writes none of them", B, ONB_BACKENDS) {
  for (std::size_t bad : {std::size_t{70}, std::size_t{10}}) {
    CAPTURE(bad);
    World w(B::make());
    w.add_user("taken@x.com");
    std::vector<User> batch = numbered_users(w, 100);
    batch[bad].email_key = "taken@x.com";
    auto r = w.store->insert_users(batch);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == Errc::already_exists);
    CHECK(w.seated() == 1);
    for (std::size_t i = 0; i < batch.size(); ++i) {
      CAPTURE(i);
      auto got = w.store->get_user(w.org.id, batch[i].id);
      CHECK((!got.ok() && got.error().code == Errc::not_found));
    }
  }
}

TEST_CASE_TEMPLATE("a batch of 100 with one taken email inside a transaction undoes only itself", B,
                   ONB_BACKENDS) {
  for (std::size_t bad : {std::size_t{70}, std::size_t{10}}) {
    CAPTURE(bad);
    World w(B::make());
    w.add_user("taken@x.com");
    std::vector<User> batch = numbered_users(w, 100);
    batch[bad].email_key = "taken@x.com";
    auto r = w.store->transaction([&]() -> Result<void> {
      ONB_TRY(w.store->insert_users(one(w.user("kept@x.com"))));
      auto refused = w.store->insert_users(batch);
      CHECK((!refused.ok() && refused.error().code == Errc::already_exists));
      ONB_ASSIGN(auto n, w.store->count_seated_users(w.org.id));
      CHECK(n == 2);
      return success();  // the caller carries on
    });
    REQUIRE(r.ok());
    CHECK(w.seated() == 2);
    CHECK(has_user(w, "kept@x.com"));
    for (std::size_t i = 0; i < batch.size(); ++i) {
      CAPTURE(i);
      auto got = w.store->get_user(w.org.id, batch[i].id);
      CHECK((!got.ok() && got.error().code == Errc::not_found));
    }
  }
}
