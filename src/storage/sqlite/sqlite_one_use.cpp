// The SQLite backend's one-use and limited-use records: invitations,
// registration keys and signup links. Using one is a single conditional
// UPDATE that must change exactly one row.
#include <algorithm>
#include <set>

#include "storage/sqlite/sqlite_storage.hpp"
#include "storage/storage_messages.hpp"

namespace onboard {
inline namespace v1 {
namespace sqlite {
namespace {

namespace msg = storage_messages;

// SELECT <R's columns> FROM <R's table> WHERE org_id=?1 AND <condition>
template <class R>
std::string select_where(std::string_view condition) {
  return records::concat(
      {"SELECT ", select_list<R>(), " FROM ", records::Table<R>::name, " WHERE org_id=?1", condition});
}

}  // namespace

// ---- invitations ----

Result<void> SqliteStorage::insert_invitation(const Invitation& inv) {
  return insert(inv, "save the invitation");
}

Result<void> SqliteStorage::update_invitation(const Invitation& inv) {
  return update(inv, "save the invitation", msg::no_invitation);
}

Result<Invitation> SqliteStorage::get_invitation(std::string_view org_id, std::string_view id) {
  static const std::string sql = select_where<Invitation>(" AND id=?2");
  return select_one<Invitation>(
      sql, "read the invitation", [&](Stmt& st) { st.text(1, org_id).text(2, id); }, msg::no_invitation);
}

Result<Invitation> SqliteStorage::find_invitation_by_token_hash(std::string_view org_id,
                                                                std::string_view token_hash) {
  static const std::string sql = select_where<Invitation>(" AND token_hash=?2");
  return select_one<Invitation>(
      sql, "read the invitation", [&](Stmt& st) { st.text(1, org_id).blob(2, token_hash); },
      msg::no_invitation);
}

Result<std::vector<Invitation>> SqliteStorage::list_invitations(std::string_view org_id) {
  static const std::string sql = select_where<Invitation>(" ORDER BY id");
  return select_all<Invitation>(sql, "list the invitations", [&](Stmt& st) { st.text(1, org_id); });
}

Result<std::vector<Invitation>> SqliteStorage::find_pending_invitations(
    std::string_view org_id, std::span<const std::string> email_keys) {
  static const std::string sql = select_where<Invitation>(" AND email_key=?2 AND state='pending'");
  std::lock_guard lock(mutex_);
  const std::set<std::string_view> distinct(email_keys.begin(), email_keys.end());
  std::vector<Invitation> out;
  ONB_TRY(read_snapshot([&]() -> Result<void> {
    for (std::string_view key : distinct) {
      ONB_ASSIGN(auto found, select_all<Invitation>(sql, "look up invitations",
                                                    [&](Stmt& st) { st.text(1, org_id).text(2, key); }));
      for (Invitation& i : found) out.push_back(std::move(i));
    }
    return success();
  }));
  std::sort(out.begin(), out.end(), [](const Invitation& a, const Invitation& b) { return a.id < b.id; });
  return out;
}

Result<bool> SqliteStorage::consume_invitation(std::string_view org_id, std::string_view id,
                                               std::string_view token_hash, Timestamp now,
                                               std::string_view accepted_user_id) {
  return execute_matched(
      "UPDATE invitations SET state='accepted', accepted_at=?4, accepted_user_id=?5"
      " WHERE org_id=?1 AND id=?2 AND state='pending' AND token_hash=?3 AND expires_at>?4",
      "accept the invitation", [&](Stmt& st) {
        st.text(1, org_id).text(2, id).blob(3, token_hash).time(4, now).text(5, accepted_user_id);
      });
}

// ---- registration keys ----

Result<void> SqliteStorage::insert_registration_key(const RegistrationKey& key) {
  return insert(key, "save the registration key");
}

Result<void> SqliteStorage::update_registration_key(const RegistrationKey& key) {
  return update(key, "save the registration key", msg::no_registration_key);
}

Result<RegistrationKey> SqliteStorage::get_registration_key(std::string_view org_id, std::string_view id) {
  static const std::string sql = select_where<RegistrationKey>(" AND id=?2");
  return select_one<RegistrationKey>(
      sql, "read the registration key", [&](Stmt& st) { st.text(1, org_id).text(2, id); },
      msg::no_registration_key);
}

Result<RegistrationKey> SqliteStorage::find_registration_key_by_hash(std::string_view org_id,
                                                                     std::string_view key_hash) {
  static const std::string sql = select_where<RegistrationKey>(" AND key_hash=?2");
  return select_one<RegistrationKey>(
      sql, "read the registration key", [&](Stmt& st) { st.text(1, org_id).blob(2, key_hash); },
      msg::no_registration_key);
}

Result<std::vector<RegistrationKey>> SqliteStorage::list_registration_keys(std::string_view org_id) {
  static const std::string sql = select_where<RegistrationKey>(" ORDER BY id");
  return select_all<RegistrationKey>(sql, "list the registration keys",
                                     [&](Stmt& st) { st.text(1, org_id); });
}

Result<bool> SqliteStorage::use_registration_key(std::string_view org_id, std::string_view id,
                                                 Timestamp now) {
  return execute_matched(
      "UPDATE registration_keys SET use_count=use_count+1 WHERE org_id=?1 AND id=?2 AND revoked=0"
      " AND (valid_until IS NULL OR valid_until>?3) AND (max_uses IS NULL OR use_count<max_uses)",
      "use the registration key", [&](Stmt& st) { st.text(1, org_id).text(2, id).time(3, now); });
}

// ---- signup links ----

Result<void> SqliteStorage::insert_signup_link(const SignupLink& link) {
  return insert(link, "save the signup link");
}

Result<void> SqliteStorage::update_signup_link(const SignupLink& link) {
  return update(link, "save the signup link", msg::no_signup_link);
}

Result<SignupLink> SqliteStorage::get_signup_link(std::string_view org_id, std::string_view id) {
  static const std::string sql = select_where<SignupLink>(" AND id=?2");
  return select_one<SignupLink>(
      sql, "read the signup link", [&](Stmt& st) { st.text(1, org_id).text(2, id); }, msg::no_signup_link);
}

Result<SignupLink> SqliteStorage::find_signup_link_by_hash(std::string_view org_id,
                                                           std::string_view token_hash) {
  static const std::string sql = select_where<SignupLink>(" AND token_hash=?2");
  return select_one<SignupLink>(
      sql, "read the signup link", [&](Stmt& st) { st.text(1, org_id).blob(2, token_hash); },
      msg::no_signup_link);
}

Result<std::vector<SignupLink>> SqliteStorage::list_signup_links(std::string_view org_id) {
  static const std::string sql = select_where<SignupLink>(" ORDER BY id");
  return select_all<SignupLink>(sql, "list the signup links", [&](Stmt& st) { st.text(1, org_id); });
}

Result<bool> SqliteStorage::use_signup_link(std::string_view org_id, std::string_view id, Timestamp now) {
  return execute_matched(
      "UPDATE signup_links SET use_count=use_count+1 WHERE org_id=?1 AND id=?2 AND enabled=1"
      " AND (expires_at IS NULL OR expires_at>?3) AND (max_uses IS NULL OR use_count<max_uses)",
      "use the signup link", [&](Stmt& st) { st.text(1, org_id).text(2, id).time(3, now); });
}

}  // namespace sqlite
}  // namespace v1
}  // namespace onboard
