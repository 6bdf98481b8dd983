// The SQLite schema as an ordered list of migrations, and the checks that a
// file is an onboard database before anything is written to it.
#pragma once

#include <string>

#include "onboard/core/error.hpp"
#include "storage/sqlite/sqlite_db.hpp"

namespace onboard {
inline namespace v1 {
namespace sqlite {

// The schema version this build writes (PRAGMA user_version).
int current_schema_version() noexcept;

// Refuses a file that is not an onboard database (or one from a newer
// build), sets the connection's pragmas and applies pending migrations, each
// in its own write transaction. Errors: storage, busy.
Result<void> prepare_database(Db& db, const std::string& path);

}  // namespace sqlite
}  // namespace v1
}  // namespace onboard
