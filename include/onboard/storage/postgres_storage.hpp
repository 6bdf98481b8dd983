// The PostgreSQL backend, for hosts that run many application instances
// against one shared database.
#pragma once

#include <memory>
#include <string>

#include "onboard/core/error.hpp"
#include "onboard/storage/storage.hpp"

namespace onboard {
inline namespace v1 {

// Connects with a libpq connection string ("postgresql://user@host:port/db",
// or "host=… dbname=…") and migrates the schema in the connection's current
// schema (set another with options=-csearch_path=…). The caller owns the
// Storage: one connection, safe to share between threads (calls are
// serialized). Errors: storage when the server cannot be reached, refuses the
// login or the migration fails (the message names the host and database, never
// the password); invalid_input when this build has no PostgreSQL support.
Result<std::unique_ptr<Storage>> open_postgres_storage(const std::string& conninfo);

}  // namespace v1
}  // namespace onboard
