// The PostgreSQL schema as an ordered list of migrations, recorded in a
// schema_migrations table and applied under an advisory lock, so many
// processes can open one database at once. Only compiled with libpq.
#pragma once

#include "onboard/core/error.hpp"
#include "storage/postgres/pg_connection.hpp"

namespace onboard {
inline namespace v1 {
namespace pg {

// The schema version this build writes.
int current_schema_version() noexcept;

// Applies pending migrations in one transaction holding a transaction-level
// advisory lock; refuses a schema written by a newer build. The tables go
// into the connection's current schema (the first of its search_path).
// Errors: storage, busy.
Result<void> migrate(Connection& db);

}  // namespace pg
}  // namespace v1
}  // namespace onboard
