// The PostgreSQL server the tests use: ONBOARD_TEST_POSTGRES (a libpq URI,
// see scripts/test_postgres.sh). Each store gets a schema of its own, so tests
// are independent and can run side by side; the schema is dropped with the
// store. Only compiled when the tests are built with libpq.
#pragma once

#if ONBOARD_HAVE_POSTGRES

#include <doctest/doctest.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <memory>
#include <random>
#include <string>

#include "onboard/storage/postgres_storage.hpp"

namespace onboard::test {

// The server's URI, or "" when the PostgreSQL tests are not configured.
inline std::string postgres_test_url() {
  const char* url = std::getenv("ONBOARD_TEST_POSTGRES");
  return url != nullptr ? url : "";
}

// `conninfo` with its search_path set to `schema`, so the backend creates and
// uses its tables there.
inline std::string with_search_path(const std::string& conninfo, const std::string& schema) {
  if (conninfo.rfind("postgresql://", 0) == 0 || conninfo.rfind("postgres://", 0) == 0)
    return conninfo + (conninfo.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" +
           schema;
  return conninfo + " options='-csearch_path=" + schema + "'";
}

// A connection for test set-up, quiet about NOTICEs (DROP … CASCADE lists
// every table it drops).
inline PGconn* postgres_admin_connection(const std::string& conninfo) {
  PGconn* conn = PQconnectdb(conninfo.c_str());
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);
  return conn;
}

// Runs `sql` on a connection of its own; the test fails when it does.
inline void postgres_admin(const std::string& sql) {
  PGconn* conn = postgres_admin_connection(postgres_test_url());
  REQUIRE_MESSAGE(PQstatus(conn) == CONNECTION_OK, PQerrorMessage(conn));
  PGresult* r = PQexec(conn, sql.c_str());
  const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
  const std::string why = ok ? "" : PQresultErrorMessage(r);
  PQclear(r);
  PQfinish(conn);
  REQUIRE_MESSAGE(ok, why);
}

// A schema that exists for the lifetime of this object.
class PostgresSchema {
 public:
  PostgresSchema() {
    static std::atomic<int> counter{0};
    std::random_device rd;
    name_ = "onb_test_" + std::to_string(::getpid()) + "_" + std::to_string(++counter) + "_" +
            std::to_string(rd() % 100000);
    postgres_admin("CREATE SCHEMA " + name_);
  }
  PostgresSchema(const PostgresSchema&) = delete;
  PostgresSchema& operator=(const PostgresSchema&) = delete;
  ~PostgresSchema() {
    // Best effort, never a REQUIRE in a destructor.
    PGconn* conn = postgres_admin_connection(postgres_test_url());
    if (PQstatus(conn) == CONNECTION_OK) PQclear(PQexec(conn, ("DROP SCHEMA " + name_ + " CASCADE").c_str()));
    PQfinish(conn);
  }

  const std::string& name() const noexcept { return name_; }
  std::string conninfo() const { return with_search_path(postgres_test_url(), name_); }

 private:
  std::string name_;
};

// Opens a store in `schema`; the test fails with the backend's sentence when
// it cannot.
inline std::unique_ptr<Storage> open_postgres_in(const PostgresSchema& schema) {
  auto opened = open_postgres_storage(schema.conninfo());
  REQUIRE_MESSAGE(opened.ok(), (opened.ok() ? "" : opened.error().message));
  return std::move(opened).value();
}

// A store in a fresh schema, dropped when the last reference goes.
inline std::shared_ptr<Storage> open_postgres_in_fresh_schema() {
  REQUIRE_MESSAGE(!postgres_test_url().empty(), "ONBOARD_TEST_POSTGRES is not set");
  auto schema = std::make_shared<PostgresSchema>();
  Storage* store = open_postgres_in(*schema).release();
  // The deleter owns the schema: it is dropped after the connection closes.
  return std::shared_ptr<Storage>(store, [schema](Storage* s) { delete s; });
}

}  // namespace onboard::test

#endif
