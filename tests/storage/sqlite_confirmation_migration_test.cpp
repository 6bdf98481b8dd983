// The migration that brought email confirmations (pending_verification users
// hold no email) upgrades a SQLite file of the schema before it, data and all.
#include <sqlite3.h>

#include "backends.hpp"
#include "storage/sqlite/sqlite_schema.hpp"

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

}  // namespace

TEST_CASE("a SQLite file from before email confirmations is upgraded and keeps its users") {
  const auto path = temp_dir() / "before.db";
  std::string org_id, user_id;
  {
    auto opened = open_sqlite_storage(path.string());
    REQUIRE(opened.ok());
    World w(std::shared_ptr<Storage>(std::move(opened).value()));
    org_id = w.org.id;
    user_id = w.add_user("kept@x.com").id;
  }
  // Back to the schema of release 1: what migrations 2 and later add, taken
  // away, and what they drop, put back.
  exec(path,
       "DROP TABLE import_credentials; DROP TABLE key_check; DROP TABLE email_confirmations; DROP INDEX "
       "users_unverified_email;"
       "DROP INDEX users_email_key;"
       "CREATE UNIQUE INDEX users_email_key ON users(org_no, email_key)"
       "  WHERE email_key <> '' AND status <> 'deleted';"
       "ALTER TABLE invitations ADD COLUMN token_sealed BLOB NOT NULL DEFAULT X'';"
       "ALTER TABLE invitations DROP COLUMN locale; ALTER TABLE outbox DROP COLUMN html_body;"
       "DROP INDEX audit_events_by_seq; ALTER TABLE audit_events DROP COLUMN seq;"
       "DROP TABLE scim_tokens; ALTER TABLE invitations DROP COLUMN expired_noted_at;"
       "PRAGMA user_version=1;");
  auto opened = open_sqlite_storage(path.string());
  REQUIRE_MESSAGE(opened.ok(), (opened.ok() ? "" : opened.error().message));
  std::shared_ptr<Storage> store = std::move(opened).value();
  CHECK(store->get_user(org_id, user_id)->email == "kept@x.com");
  // The member still holds the address; an unconfirmed claim of it is allowed.
  User claim;
  claim.id = "claim";
  claim.org_id = org_id;
  claim.email = claim.email_key = "kept@x.com";
  claim.role = "User";
  claim.office = "HQ";
  claim.status = UserStatus::pending_verification;
  CHECK(store->insert_users(std::span<const User>(&claim, 1)).ok());
  User twin = claim;
  twin.id = "twin";
  twin.status = UserStatus::active;
  CHECK(store->insert_users(std::span<const User>(&twin, 1)).error().code == Errc::already_exists);
  CHECK(store->find_unverified_users(org_id, "kept@x.com")->size() == 1);
  EmailConfirmation c{org_id, "claim", fake_hash('c'), t0(), t0() + std::chrono::hours{24}};
  CHECK(store->insert_email_confirmation(c).ok());
}
