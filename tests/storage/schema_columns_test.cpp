// Each SQL backend's tables, after every migration, have exactly the
// columns of their records' field tables (storage/records/), in name and
// kind of type: a field added to a table without a migration, or a column
// added by a migration without a field, fails here. (Column order is free:
// the statements name every column.) The memory backend has no schema.
#include <sqlite3.h>

#include <algorithm>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "backends.hpp"
#include "storage/records/tables.hpp"
#include "storage/sqlite/sqlite_records.hpp"
#if ONBOARD_HAVE_POSTGRES
#include <libpq-fe.h>

#include "storage/postgres/pg_records.hpp"
#endif

using namespace onboard;
using namespace onboard::test;

namespace {

using Columns = std::vector<std::pair<std::string, std::string>>;

Columns sorted(Columns c) {
  std::sort(c.begin(), c.end());
  return c;
}

std::string describe(const Columns& columns) {
  std::string out;
  for (const auto& [name, type] : columns) out += name + " " + type + ", ";
  return out;
}

// Calls f.template operator()<R>() for each record stored in a table of its own.
template <class F>
void for_each_record(F&& f) {
  f.template operator()<Organization>();
  f.template operator()<User>();
  f.template operator()<EmailConfirmation>();
  f.template operator()<Invitation>();
  f.template operator()<RegistrationKey>();
  f.template operator()<SignupLink>();
  f.template operator()<ThrottleCounter>();
  f.template operator()<OutboxMessage>();
  f.template operator()<AuditEvent>();
  f.template operator()<ImportJob>();
  f.template operator()<SealedCredentials>();
  f.template operator()<ScimToken>();
}

// The tables with no record: the master key's check (one row, one MAC).
// audit_sequences (PostgreSQL only): each organization's last audit number,
// kept by append_audit (pg_schema.cpp, migration 7).
const std::set<std::string> kRecordless = {"key_check", "audit_sequences"};

class SqliteFile {
 public:
  explicit SqliteFile(const std::filesystem::path& path) {
    REQUIRE(sqlite3_open(path.string().c_str(), &db_) == SQLITE_OK);
  }
  SqliteFile(const SqliteFile&) = delete;
  SqliteFile& operator=(const SqliteFile&) = delete;
  ~SqliteFile() { sqlite3_close(db_); }

  // The rows of `sql`, each as its first two columns' text.
  Columns rows(const std::string& sql, int first = 0) {
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) == SQLITE_OK);
    Columns out;
    while (sqlite3_step(st) == SQLITE_ROW) {
      auto text = [&](int c) {
        const auto* t = reinterpret_cast<const char*>(sqlite3_column_text(st, c));
        return std::string(t != nullptr ? t : "");
      };
      out.emplace_back(text(first), text(first + 1));
    }
    sqlite3_finalize(st);
    return out;
  }

 private:
  sqlite3* db_ = nullptr;
};

}  // namespace

TEST_CASE("every SQLite table has exactly the columns of its record's field table") {
  const auto path = temp_dir() / "schema.db";
  {
    auto opened = open_sqlite_storage(path.string());
    REQUIRE_MESSAGE(opened.ok(), (opened.ok() ? "" : opened.error().message));
  }
  SqliteFile file(path);
  std::set<std::string> covered = kRecordless;
  for_each_record([&]<class R>() {
    const std::string table(records::Table<R>::name);
    covered.insert(table);
    // PRAGMA table_info: cid, name, type, …
    const Columns stored = sorted(file.rows("PRAGMA table_info(" + table + ")", 1));
    const Columns expected = sorted(sqlite::schema_columns<R>());
    INFO(table, ": stored ", describe(stored), " expected ", describe(expected));
    CHECK(stored == expected);
  });
  Columns tables = file.rows("SELECT name, type FROM sqlite_schema WHERE type='table'");
  for (const auto& [name, type] : tables) {
    INFO("table ", name, " has no field table");
    CHECK(covered.count(name) == 1);
  }
}

#if ONBOARD_HAVE_POSTGRES
TEST_SUITE("postgres") {
  TEST_CASE("every PostgreSQL table has exactly the columns of its record's field table") {
    PostgresSchema schema;
    { auto store = open_postgres_in(schema); }
    PGconn* conn = PQconnectdb(schema.conninfo().c_str());
    REQUIRE(PQstatus(conn) == CONNECTION_OK);
    auto rows = [&](const std::string& sql) {
      PGresult* r = PQexec(conn, sql.c_str());
      REQUIRE(PQresultStatus(r) == PGRES_TUPLES_OK);
      Columns out;
      for (int i = 0; i < PQntuples(r); ++i) out.emplace_back(PQgetvalue(r, i, 0), PQgetvalue(r, i, 1));
      PQclear(r);
      return out;
    };
    std::set<std::string> covered = kRecordless;
    covered.insert("schema_migrations");
    for_each_record([&]<class R>() {
      const std::string table(records::Table<R>::name);
      covered.insert(table);
      const Columns stored =
          sorted(rows("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema='" +
                      schema.name() + "' AND table_name='" + table + "'"));
      const Columns expected = sorted(pg::schema_columns<R>());
      INFO(table, ": stored ", describe(stored), " expected ", describe(expected));
      CHECK(stored == expected);
    });
    for (const auto& [name, kind] :
         rows("SELECT table_name, table_type FROM information_schema.tables WHERE table_schema='" +
              schema.name() + "'")) {
      INFO("table ", name, " has no field table");
      CHECK(covered.count(name) == 1);
    }
    PQfinish(conn);
  }
}
#endif
