// The SQLite backend's SCIM bearer tokens (their hashes).
#include "storage/sqlite/sqlite_storage.hpp"
#include "storage/storage_messages.hpp"

namespace onboard {
inline namespace v1 {
namespace sqlite {
namespace {

namespace msg = storage_messages;

std::string select_scim_tokens(std::string_view condition) {
  return records::concat(
      {"SELECT ", select_list<ScimToken>(), " FROM scim_tokens WHERE org_id=?1", condition});
}

}  // namespace

Result<void> SqliteStorage::insert_scim_token(const ScimToken& token) {
  return insert(token, "save the SCIM token");
}

Result<void> SqliteStorage::update_scim_token(const ScimToken& token) {
  return update(token, "save the SCIM token", msg::no_scim_token);
}

Result<ScimToken> SqliteStorage::get_scim_token(std::string_view org_id, std::string_view id) {
  static const std::string sql = select_scim_tokens(" AND id=?2");
  return select_one<ScimToken>(
      sql, "read the SCIM token", [&](Stmt& st) { st.text(1, org_id).text(2, id); }, msg::no_scim_token);
}

Result<ScimToken> SqliteStorage::find_scim_token_by_hash(std::string_view org_id,
                                                         std::string_view token_hash) {
  static const std::string sql = select_scim_tokens(" AND token_hash=?2");
  return select_one<ScimToken>(
      sql, "read the SCIM token", [&](Stmt& st) { st.text(1, org_id).blob(2, token_hash); },
      msg::no_scim_token);
}

Result<std::vector<ScimToken>> SqliteStorage::list_scim_tokens(std::string_view org_id) {
  static const std::string sql = select_scim_tokens(" ORDER BY id");
  return select_all<ScimToken>(sql, "list the SCIM tokens", [&](Stmt& st) { st.text(1, org_id); });
}

}  // namespace sqlite
}  // namespace v1
}  // namespace onboard
