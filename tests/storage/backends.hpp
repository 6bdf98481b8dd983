// The backends the conformance suite runs against, and record builders.
// Every TEST_CASE_TEMPLATE over ONB_BACKENDS runs the same body against a
// fresh memory store, a fresh SQLite file and, when built with libpq, a fresh
// PostgreSQL schema (skipped unless ONBOARD_TEST_POSTGRES is set; see
// postgres_skip_test.cpp).
#pragma once

#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "onboard/core/clock.hpp"
#include "onboard/core/id.hpp"
#include "onboard/storage/storage.hpp"
#include "postgres_test_db.hpp"
#include "test_support.hpp"

namespace onboard::test {

struct MemoryBackend {
  static std::shared_ptr<Storage> make() { return make_memory_storage(); }
};

struct SqliteBackend {
  static std::shared_ptr<Storage> make() {
    auto opened = open_sqlite_storage((temp_dir() / "onboard.db").string());
    REQUIRE_MESSAGE(opened.ok(), (opened.ok() ? "" : opened.error().message));
    return std::shared_ptr<Storage>(std::move(opened).value());
  }
};

#if ONBOARD_HAVE_POSTGRES
struct PostgresBackend {
  static std::shared_ptr<Storage> make() { return open_postgres_in_fresh_schema(); }
};
#define ONB_BACKENDS \
  onboard::test::MemoryBackend, onboard::test::SqliteBackend, onboard::test::PostgresBackend
#else
#define ONB_BACKENDS onboard::test::MemoryBackend, onboard::test::SqliteBackend
#endif

inline Timestamp t0() { return *parse_iso8601("2026-03-01T09:00:00Z"); }

// A 32-byte "hash" with a zero byte inside, so binary columns are proven
// binary-safe.
inline std::string fake_hash(char tag) {
  std::string h(32, tag);
  h[5] = '\0';
  return h;
}

// A fresh store with one organization, and a clock to stamp records.
struct World {
  ManualClock clock{t0()};
  std::shared_ptr<Storage> store;
  Organization org;

  explicit World(std::shared_ptr<Storage> s) : store(std::move(s)) { org = add_org("Acme"); }

  Organization add_org(const std::string& name) {
    Organization o;
    o.id = new_id(clock);
    o.name = name;
    o.default_office = "HQ";
    o.offices = {"HQ", "Lyon"};
    o.teams = {"Red", "Blue"};
    o.roles.roles = {Role{"User", 1, 0}, Role{"Admin", 9, all_permissions}};
    o.roles.default_role = "User";
    o.created_at = clock.now();
    REQUIRE(store->insert_organization(o).ok());
    return o;
  }

  User user(const std::string& email_key, const std::string& org_id = {}) {
    User u;
    u.id = new_id(clock);
    u.org_id = org_id.empty() ? org.id : org_id;
    u.email = email_key;
    u.email_key = email_key;
    u.first_name = "First";
    u.last_name = "Last";
    u.display_name = "First Last";
    u.role = "User";
    u.office = "HQ";
    u.created_at = clock.now();
    return u;
  }

  User add_user(const std::string& email_key) {
    User u = user(email_key);
    REQUIRE(store->insert_users(std::span<const User>(&u, 1)).ok());
    return u;
  }

  Invitation invitation(const std::string& email_key, char token_tag, const std::string& org_id = {}) {
    Invitation i;
    i.id = new_id(clock);
    i.org_id = org_id.empty() ? org.id : org_id;
    i.email = email_key;
    i.email_key = email_key;
    i.role = "User";
    i.office = "HQ";
    i.invited_by = "admin";
    i.token_hash = fake_hash(token_tag);
    i.created_at = clock.now();
    i.expires_at = clock.now() + std::chrono::hours{24 * 7};
    return i;
  }

  Invitation add_invitation(const std::string& email_key, char token_tag) {
    Invitation i = invitation(email_key, token_tag);
    REQUIRE(store->insert_invitation(i).ok());
    return i;
  }

  RegistrationKey key(char tag) {
    RegistrationKey k;
    k.id = new_id(clock);
    k.org_id = org.id;
    k.label = "Front desk";
    k.key_hash = fake_hash(tag);
    k.key_sealed = "sealed";
    k.role = "User";
    k.office = "HQ";
    k.created_by = "admin";
    k.created_at = clock.now();
    return k;
  }

  SignupLink link(char tag) {
    SignupLink l;
    l.id = new_id(clock);
    l.org_id = org.id;
    l.label = "Poster";
    l.token_hash = fake_hash(tag);
    l.token_sealed = "sealed";
    l.role = "User";
    l.office = "HQ";
    l.created_by = "admin";
    l.created_at = clock.now();
    return l;
  }

  OutboxMessage message(const std::string& recipient) {
    OutboxMessage m;
    m.id = new_id(clock);
    m.org_id = org.id;
    m.kind = "invitation";
    m.recipient = recipient;
    m.subject = "Welcome";
    m.body = "Open {secret}";
    m.secret_sealed = fake_hash('s');
    m.created_at = clock.now();
    return m;
  }

  AuditEvent event(const std::string& action) {
    AuditEvent e;
    e.id = new_id(clock);
    e.org_id = org.id;
    e.actor = "admin";
    e.action = action;
    e.target = "someone";
    e.at = clock.now();
    e.details = R"({"n":1})";
    return e;
  }

  std::int64_t seated() {
    auto n = store->count_seated_users(org.id);
    REQUIRE(n.ok());
    return *n;
  }
};

inline std::span<const User> one(const User& u) { return std::span<const User>(&u, 1); }

}  // namespace onboard::test
