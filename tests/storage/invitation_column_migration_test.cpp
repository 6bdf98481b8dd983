// Migration 5 drops invitations' unused token_sealed column: a database made
// by the release before (schema 4, the column present and filled) upgrades
// and keeps its invitations, on SQLite and on PostgreSQL.
#include <sqlite3.h>

#include "backends.hpp"
#include "storage/sqlite/sqlite_schema.hpp"
#if ONBOARD_HAVE_POSTGRES
#include "storage/postgres/pg_schema.hpp"
#endif

using namespace onboard;
using namespace onboard::test;

namespace {

void exec(const std::filesystem::path& path, const char* sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.string().c_str(), &db) == SQLITE_OK);
  char* error = nullptr;
  const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &error);
  INFO((error != nullptr ? error : ""));
  sqlite3_free(error);
  sqlite3_close(db);
  REQUIRE(rc == SQLITE_OK);
}

// Whether the invitations table of the SQLite file has a token_sealed column.
bool sqlite_has_token_sealed(const std::filesystem::path& path) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.string().c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(
              db, "SELECT count(*) FROM pragma_table_info('invitations') WHERE name='token_sealed'", -1, &st,
              nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  const bool has = sqlite3_column_int(st, 0) == 1;
  sqlite3_finalize(st);
  sqlite3_close(db);
  return has;
}

void check_kept(Storage& store, const Invitation& a, const Invitation& b) {
  auto got = store.get_invitation(a.org_id, a.id);
  REQUIRE_MESSAGE(got.ok(), (got.ok() ? "" : got.error().message));
  CHECK(got->email == a.email);
  CHECK(got->token_hash == a.token_hash);
  CHECK(got->expires_at == a.expires_at);
  CHECK(got->state == InvitationState::pending);
  auto by_hash = store.find_invitation_by_token_hash(b.org_id, b.token_hash);
  REQUIRE(by_hash.ok());
  CHECK(by_hash->id == b.id);
  CHECK(store.list_invitations(a.org_id)->size() == 2);
}

}  // namespace

TEST_CASE(
    "a SQLite file from before the token_sealed column was dropped is upgraded and keeps its invitations") {
  REQUIRE(sqlite::current_schema_version() >= 5);
  const auto path = temp_dir() / "before-5.db";
  Invitation a, b;
  {
    auto opened = open_sqlite_storage(path.string());
    REQUIRE(opened.ok());
    World w(std::shared_ptr<Storage>(std::move(opened).value()));
    a = w.add_invitation("a@x.com", 'a');
    b = w.add_invitation("b@x.com", 'b');
  }
  // Back to schema 4: the column it had, filled, what migration 6 adds taken away, and its version.
  exec(path,
       "ALTER TABLE invitations DROP COLUMN locale; ALTER TABLE outbox DROP COLUMN html_body;"
       "DROP INDEX audit_events_by_seq; ALTER TABLE audit_events DROP COLUMN seq;"
       "DROP TABLE scim_tokens; ALTER TABLE invitations DROP COLUMN expired_noted_at;"
       "ALTER TABLE invitations ADD COLUMN token_sealed BLOB NOT NULL DEFAULT X'';"
       "UPDATE invitations SET token_sealed=X'0102';"
       "PRAGMA user_version=4;");
  REQUIRE(sqlite_has_token_sealed(path));
  {
    auto opened = open_sqlite_storage(path.string());
    REQUIRE_MESSAGE(opened.ok(), (opened.ok() ? "" : opened.error().message));
    check_kept(*opened.value(), a, b);
    // A new invitation is stored and found after the upgrade too.
    Invitation c = a;
    c.id = "c";
    c.email = c.email_key = "c@x.com";
    c.token_hash = fake_hash('c');
    CHECK(opened.value()->insert_invitation(c).ok());
    CHECK(opened.value()->get_invitation(c.org_id, "c")->email == "c@x.com");
  }
  CHECK_FALSE(sqlite_has_token_sealed(path));
}

#if ONBOARD_HAVE_POSTGRES
TEST_SUITE("postgres") {
  TEST_CASE(
      "a PostgreSQL schema from before the token_sealed column was dropped is upgraded and keeps its "
      "invitations") {
    REQUIRE(pg::current_schema_version() >= 5);
    PostgresSchema schema;
    Invitation a, b;
    {
      World w(open_postgres_in(schema));
      a = w.add_invitation("a@x.com", 'a');
      b = w.add_invitation("b@x.com", 'b');
    }
    const std::string s = schema.name();
    postgres_admin("ALTER TABLE " + s + ".invitations DROP COLUMN locale; ALTER TABLE " + s +
                   ".outbox DROP COLUMN html_body;" + "DROP TABLE " + s + ".scim_tokens;" + "ALTER TABLE " +
                   s + ".invitations DROP COLUMN expired_noted_at;" + "DROP TABLE " + s +
                   ".audit_sequences; ALTER TABLE " + s + ".audit_events DROP COLUMN seq;" + "ALTER TABLE " +
                   s + ".invitations ADD COLUMN token_sealed bytea NOT NULL DEFAULT ''::bytea;" + "UPDATE " +
                   s + ".invitations SET token_sealed='\\x0102'::bytea;" + "DELETE FROM " + s +
                   ".schema_migrations WHERE version >= 5;");
    auto store = open_postgres_in(schema);
    check_kept(*store, a, b);
    // The column is gone: putting it back again would succeed only then.
    postgres_admin("ALTER TABLE " + s + ".invitations ADD COLUMN token_sealed bytea");
  }
}
#endif
