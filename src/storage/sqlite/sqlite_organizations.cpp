// The SQLite backend's organizations.
#include "storage/sqlite/sqlite_storage.hpp"
#include "storage/storage_messages.hpp"

namespace onboard {
inline namespace v1 {
namespace sqlite {
namespace {

namespace msg = storage_messages;

const std::string& select_organizations() {
  static const std::string sql =
      records::concat({"SELECT ", select_list<Organization>(), " FROM organizations"});
  return sql;
}

}  // namespace

Result<void> SqliteStorage::insert_organization(const Organization& org) {
  return insert(org, "save the organization");
}

Result<void> SqliteStorage::update_organization(const Organization& org) {
  return update(org, "save the organization", msg::no_organization);
}

Result<Organization> SqliteStorage::get_organization(std::string_view org_id) {
  static const std::string sql = select_organizations() + " WHERE org_id=?1";
  return select_one<Organization>(
      sql, "read the organization", [&](Stmt& st) { st.text(1, org_id); }, msg::no_organization);
}

Result<std::vector<Organization>> SqliteStorage::list_organizations() {
  static const std::string sql = select_organizations() + " ORDER BY org_id";
  return select_all<Organization>(sql, "list the organizations", [](Stmt&) {});
}

Result<std::int64_t> SqliteStorage::find_org_no(std::string_view org_id) {
  return one<std::int64_t>(
      "SELECT org_no FROM organizations WHERE org_id=?1", "read the organization",
      [&](Stmt& st) { st.text(1, org_id); },
      [](const Stmt& st) -> Result<std::int64_t> { return st.col_int(0); }, msg::no_organization);
}

}  // namespace sqlite
}  // namespace v1
}  // namespace onboard
