// What only the PostgreSQL backend promises at open: clear errors for bad
// connection strings and refused logins (naming the server, never the
// password), versioned migrations applied once, and a newer schema refused.
#if ONBOARD_HAVE_POSTGRES

#include <libpq-fe.h>

#include <chrono>
#include <map>
#include <thread>

#include "backends.hpp"
#include "storage/postgres/pg_schema.hpp"

using namespace onboard;
using namespace onboard::test;

namespace {

// host, port and dbname of ONBOARD_TEST_POSTGRES.
std::map<std::string, std::string> test_server() {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(postgres_test_url().c_str(), &error);
  REQUIRE_MESSAGE(options != nullptr, (error != nullptr ? error : "ONBOARD_TEST_POSTGRES is malformed"));
  std::map<std::string, std::string> out;
  for (PQconninfoOption* o = options; o->keyword != nullptr; ++o)
    if (o->val != nullptr) out[o->keyword] = o->val;
  PQconninfoFree(options);
  return out;
}

std::int64_t count_in(const PostgresSchema& schema, const std::string& sql) {
  PGconn* conn = PQconnectdb(schema.conninfo().c_str());
  REQUIRE(PQstatus(conn) == CONNECTION_OK);
  PGresult* r = PQexec(conn, sql.c_str());
  const bool ok = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1;
  const std::int64_t n = ok ? std::atoll(PQgetvalue(r, 0, 0)) : -1;
  PQclear(r);
  PQfinish(conn);
  REQUIRE(ok);
  return n;
}

}  // namespace

// These need no server: nothing listens on port 1, and a malformed string is
// refused before any connection.
TEST_CASE("an unreachable PostgreSQL server is a storage error naming the host, not the password") {
  auto opened =
      open_postgres_storage("postgresql://onboard:s3cret-Pa55@127.0.0.1:1/onboard?connect_timeout=5");
  REQUIRE_FALSE(opened.ok());
  CHECK(opened.error().code == Errc::storage);
  CHECK(opened.error().message.find("127.0.0.1:1") != std::string::npos);
  CHECK(opened.error().message.find("onboard") != std::string::npos);
  CHECK(opened.error().message.find("s3cret-Pa55") == std::string::npos);

  auto keywords =
      open_postgres_storage("host=127.0.0.1 port=1 dbname=x password=hunter2-secret connect_timeout=5");
  REQUIRE_FALSE(keywords.ok());
  CHECK(keywords.error().code == Errc::storage);
  CHECK(keywords.error().message.find("hunter2-secret") == std::string::npos);
}

TEST_CASE("a malformed PostgreSQL connection string is refused without echoing it") {
  for (const std::string bad : {"postgresql://u:Pw-9z@host/db?no_such_option=1",
                                "host=x password=Pw-9z stray", "postgresql://u:Pw-9z@[::1/db"}) {
    auto opened = open_postgres_storage(bad);
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().code == Errc::storage);
    CHECK(opened.error().message.find("malformed") != std::string::npos);
    CHECK(opened.error().message.find("Pw-9z") == std::string::npos);
  }
}

TEST_SUITE("postgres") {
  TEST_CASE("a wrong PostgreSQL password is refused with the server named and the password hidden") {
    auto server = test_server();
    const std::string where = server["host"] + ":" + server["port"];
    // scripts/test_postgres.sh makes onboard_pw log in with a password over TCP.
    const std::string url = "postgresql://onboard_pw:Wr0ng-Horse@" + where + "/" + server["dbname"];
    auto opened = open_postgres_storage(url);
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().code == Errc::storage);
    CHECK(opened.error().message.find(where) != std::string::npos);
    CHECK(opened.error().message.find("password authentication failed") != std::string::npos);
    CHECK(opened.error().message.find("Wr0ng-Horse") == std::string::npos);

    // The right password gets past the login (the migration may still be
    // refused: that role may not create tables), and is not echoed either.
    auto right = open_postgres_storage("postgresql://onboard_pw:correct-horse-battery@" + where + "/" +
                                       server["dbname"]);
    if (!right.ok()) {
      CHECK(right.error().message.find("password authentication failed") == std::string::npos);
      CHECK(right.error().message.find("correct-horse-battery") == std::string::npos);
    }
  }

  TEST_CASE("open_storage routes postgresql:// and postgres:// URIs to PostgreSQL") {
    PostgresSchema schema;
    auto opened = open_storage(schema.conninfo());
    REQUIRE_MESSAGE(opened.ok(), (opened.ok() ? "" : opened.error().message));
    World w(std::shared_ptr<Storage>(std::move(opened).value()));
    std::string other = schema.conninfo();
    other.replace(0, std::string("postgresql://").size(), "postgres://");
    auto again = open_storage(other);
    REQUIRE_MESSAGE(again.ok(), (again.ok() ? "" : again.error().message));
    CHECK((*again)->get_organization(w.org.id).ok());
  }

  TEST_CASE("PostgreSQL migrations are recorded once and reopening applies none") {
    PostgresSchema schema;
    { World w(open_postgres_in(schema)); }
    for (int i = 0; i < 2; ++i) CHECK(open_postgres_in(schema)->list_organizations()->size() == 1);
    // One row per migration, each applied once.
    CHECK(count_in(schema, "SELECT count(*) FROM schema_migrations") == pg::current_schema_version());
    CHECK(count_in(schema, "SELECT max(version) FROM schema_migrations") == pg::current_schema_version());
  }

  TEST_CASE("a PostgreSQL schema from a newer onboard is refused") {
    PostgresSchema schema;
    { open_postgres_in(schema); }
    postgres_admin("INSERT INTO " + schema.name() + ".schema_migrations (version) VALUES (999)");
    auto opened = open_postgres_storage(schema.conninfo());
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().code == Errc::storage);
    CHECK(opened.error().message.find("newer version") != std::string::npos);
  }

  TEST_CASE("PostgreSQL keeps every byte of a hash and refuses text it cannot store") {
    World w(open_postgres_in_fresh_schema());
    Invitation inv = w.invitation("bytes@x.com", 'b');
    inv.token_hash.clear();
    for (int b = 0; b < 256; ++b) inv.token_hash.push_back(static_cast<char>(b));
    REQUIRE(w.store->insert_invitation(inv).ok());
    auto found = w.store->find_invitation_by_token_hash(w.org.id, inv.token_hash);
    REQUIRE(found.ok());
    CHECK(found->token_hash == inv.token_hash);
    CHECK(w.store->find_invitation_by_token_hash(w.org.id, inv.token_hash.substr(1)).error().code ==
          Errc::not_found);

    User nul = w.user("nul@x.com");
    nul.first_name = std::string("A\0B", 3);
    auto refused = w.store->insert_users(one(nul));
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == Errc::invalid_input);
    CHECK(w.seated() == 0);
  }

  TEST_CASE("a PostgreSQL bulk insert is fast, and a duplicate deep inside it writes nothing") {
    World w(open_postgres_in_fresh_schema());
    constexpr int kUsers = 20000;
    std::vector<User> users;
    users.reserve(kUsers);
    for (int i = 0; i < kUsers; ++i) {
      User u = w.user("bulk" + std::to_string(i) + "@example.com");
      u.username_key = "bulk" + std::to_string(i);
      u.teams = {"Red"};
      u.attributes = {{"Phone", "+1 555 0100"}};
      users.push_back(std::move(u));
    }
    std::vector<User> spoiled = users;
    spoiled[kUsers - 10].email_key = spoiled[3].email_key;
    auto refused = w.store->insert_users(spoiled);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == Errc::already_exists);
    CHECK(refused.error().message.find("email") != std::string::npos);
    CHECK(w.seated() == 0);

    // Inside a transaction the failed batch is undone alone; the rest commits.
    auto r = w.store->transaction([&]() -> Result<void> {
      ONB_TRY(w.store->insert_users(one(w.user("first@x.com"))));
      CHECK(w.store->insert_users(spoiled).error().code == Errc::already_exists);
      return w.store->insert_users(one(w.user("second@x.com")));
    });
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
    CHECK(w.seated() == 2);

    const auto start = std::chrono::steady_clock::now();
    REQUIRE(w.store->insert_users(users).ok());
    const auto elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    MESSAGE("COPY inserted " << kUsers << " users at " << static_cast<long>(kUsers / elapsed) << " rows/s");
    CHECK(w.seated() == kUsers + 2);
    CHECK(elapsed < 5.0);
    auto found = w.store->find_users(w.org.id, UserKeyField::username_key,
                                     std::vector<std::string>{"bulk0", "bulk19999", "bulk20000"});
    REQUIRE(found.ok());
    REQUIRE(found->size() == 2);
    CHECK(found->at(0).teams == std::vector<std::string>{"Red"});
    CHECK(found->at(0).attributes.at("Phone") == "+1 555 0100");
  }

  TEST_CASE("a PostgreSQL store reconnects after the server closed its connection") {
    PostgresSchema schema;
    // A name of its own, so only this store's connection is killed.
    auto opened = open_postgres_storage(schema.conninfo() + "&application_name=" + schema.name());
    REQUIRE(opened.ok());
    World w(std::shared_ptr<Storage>(std::move(opened).value()));
    postgres_admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '" +
                   schema.name() + "'");
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    // The first call after the kill may report the lost connection; the store recovers.
    (void)w.store->count_seated_users(w.org.id);
    auto after = w.store->count_seated_users(w.org.id);
    REQUIRE_MESSAGE(after.ok(), (after.ok() ? "" : after.error().message));
    CHECK(w.store->insert_users(one(w.user("back@x.com"))).ok());
    CHECK(w.seated() == 1);
  }
}

#endif
