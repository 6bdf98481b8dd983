// The SQLite backend's insert of users, the import's bulk path: multi-row
// INSERTs from one prepared statement, bound through the users' field table
// with nothing copied.
#include <string>
#include <vector>

#include "storage/sqlite/sqlite_storage.hpp"

namespace onboard {
inline namespace v1 {
namespace sqlite {
namespace {

// Users a multi-row INSERT writes at once. One statement per row costs
// SQLite about as much again as the row itself (opening a cursor on the
// table and each index, the foreign-key check's cursor, halting), so bulk
// writes go kUsersPerInsert rows a statement (under SQLite's limit of
// 32,766 parameters).
constexpr std::size_t kUsersPerInsert = 256;
constexpr int kParamsPerUser = static_cast<int>(records::field_count<User>);  // the org_no, then the fields
static_assert(kUsersPerInsert * records::field_count<User> <= 32766);

// INSERT INTO users of `rows` users: row k's values are parameters
// kParamsPerUser·k + 1 (the org_no) to kParamsPerUser·(k+1). Anonymous "?"
// placeholders: SQLite looks numbered ones up in a list, which makes
// compiling thousands of them quadratic.
std::string insert_users_sql(std::size_t rows) {
  static constexpr auto names = records::column_names<User>();
  std::string sql = records::concat(
      {"INSERT INTO users (org_no, ", records::column_list(std::span(names).subspan(1)), ") VALUES "});
  std::string row = "(?";
  for (int i = 1; i < kParamsPerUser; ++i) row += ",?";
  row += ")";
  for (std::size_t k = 0; k < rows; ++k) {
    if (k > 0) sql += ',';
    sql += row;
  }
  return sql;
}

}  // namespace

Result<void> SqliteStorage::insert_users(std::span<const User> users) {
  std::lock_guard lock(mutex_);
  // One prepared INSERT reused for every row, inside the caller's
  // transaction (or one of its own): bulk imports are bound by SQLite, not
  // by statement compilation or per-row commits. The org_no is looked up
  // once per organization, not per row.
  return write([&]() -> Result<void> {
    if (insert_many_sql_.empty()) {
      insert_one_sql_ = insert_users_sql(1);
      insert_many_sql_ = insert_users_sql(kUsersPerInsert);
    }
    std::string_view org_id;
    std::int64_t org_no = 0;
    constexpr std::size_t kJson = json_fields<User>();
    std::vector<std::string> json(kJson * kUsersPerInsert);  // teams and attributes, alive until the step
    for (std::size_t start = 0; start < users.size();) {
      const std::size_t rows = users.size() - start >= kUsersPerInsert ? kUsersPerInsert : 1;
      ONB_ASSIGN(sqlite3_stmt * raw,
                 db_.prepare(rows == 1 ? insert_one_sql_.c_str() : insert_many_sql_.c_str()));
      Stmt st(raw);
      st.rebinds_every_parameter();
      for (std::size_t k = 0; k < rows; ++k) {
        const User& u = users[start + k];
        if (u.org_id != org_id || org_no == 0) {
          ONB_ASSIGN(org_no, find_org_no(u.org_id));
          org_id = u.org_id;
        }
        const int base = static_cast<int>(k) * kParamsPerUser;
        st.integer(base + 1, org_no);  // the org_no, where other statements bind the org_id
        bind_record(st, u, base, 1, Keep::borrow, &json[kJson * k]);
      }
      if (const int rc = st.step(); rc != SQLITE_DONE) return db_.error(rc, "save the user");
      start += rows;
    }
    // A bulk import's pages go to the WAL as it runs; have the kernel
    // write them out meanwhile rather than all at the checkpoint's fsync.
    if (bulk_ && checkpointer_) checkpointer_->start_writeback();
    return success();
  });
}

}  // namespace sqlite
}  // namespace v1
}  // namespace onboard
