// The SQLite backend's users (but the bulk insert: sqlite_bulk_users.cpp)
// and email confirmations.
#include <algorithm>
#include <array>
#include <set>

#include "storage/sqlite/sqlite_storage.hpp"
#include "storage/storage_messages.hpp"
#include "storage/text_match.hpp"

namespace onboard {
inline namespace v1 {
namespace sqlite {
namespace {

namespace msg = storage_messages;

// SELECT … FROM users WHERE <the organization's users>
const std::string& select_users() {
  static const std::string sql =
      records::concat({"SELECT ", select_list<User>(), " FROM users WHERE ", kUserOrg});
  return sql;
}

// UPDATE users SET <every column but the key> WHERE <the user ?1, ?2>
const std::string& update_user_sql() {
  static const std::string sql =
      records::concat({records::update_set_sql<User>('?'), " WHERE ", kUserOrg, " AND id=?2"});
  return sql;
}

// The users whose `field` is ?2, one statement per UserKeyField.
const std::string& user_by_field(UserKeyField field) {
  static const std::array<std::string, 4> sql = {
      select_users() +
          " AND email_key=?2 AND email_key<>'' AND status<>'deleted' AND status<>'pending_verification'",
      select_users() +
          " AND username_key=?2 AND username_key<>'' AND status<>'deleted' AND "
          "status<>'pending_verification'",
      select_users() +
          " AND external_id=?2 AND external_id<>'' AND status<>'deleted' AND status<>'pending_verification'",
      select_users() +
          " AND activation_key_hash=?2 AND activation_key_hash<>X'' AND "
          "status<>'deleted' AND status<>'pending_verification'",
  };
  return sql[static_cast<std::size_t>(field)];
}

}  // namespace

Result<void> SqliteStorage::update_users(std::span<const User> users) {
  std::lock_guard lock(mutex_);
  return write([&]() -> Result<void> {
    std::array<std::string, json_fields<User>()> json;  // alive until each step
    for (const User& u : users)
      ONB_TRY(execute_one(
          update_user_sql(), "save the user",
          [&](Stmt& st) { bind_record(st, u, 0, 0, Keep::borrow, json.data()); }, msg::no_user));
    return success();
  });
}

Result<User> SqliteStorage::get_user(std::string_view org_id, std::string_view user_id) {
  static const std::string sql = select_users() + " AND id=?2";
  return select_one<User>(
      sql, "read the user", [&](Stmt& st) { st.text(1, org_id).text(2, user_id); }, msg::no_user);
}

Result<std::vector<User>> SqliteStorage::find_users(std::string_view org_id, UserKeyField field,
                                                    std::span<const std::string> values) {
  std::lock_guard lock(mutex_);
  const std::set<std::string_view> distinct(values.begin(), values.end());
  const std::string& sql = user_by_field(field);
  const bool is_blob = field == UserKeyField::activation_key_hash;
  std::vector<User> out;
  // One snapshot for the whole batch; a point lookup per value keeps raw
  // bytes (key hashes) and any text exact, with no encoding in between.
  ONB_TRY(read_snapshot([&]() -> Result<void> {
    for (std::string_view value : distinct) {
      if (value.empty()) continue;
      ONB_ASSIGN(auto found, select_all<User>(sql, "look up users", [&](Stmt& st) {
                   st.text(1, org_id);
                   is_blob ? st.blob(2, value) : st.text(2, value);
                 }));
      for (User& u : found) out.push_back(std::move(u));
    }
    return success();
  }));
  std::sort(out.begin(), out.end(), [](const User& a, const User& b) { return a.id < b.id; });
  return out;
}

Result<std::vector<User>> SqliteStorage::list_users(std::string_view org_id, const UserFilter& filter) {
  static const std::string sql =
      select_users() +
      " AND ((?2 IS NULL AND (?3 OR status<>'deleted')) OR status=?2)"
      " AND (?4='' OR role=?4) AND (?5='' OR office=?5)"
      " AND (?6='' OR EXISTS (SELECT 1 FROM json_each(users.teams) WHERE json_each.value=?6))"
      " AND (?7='' OR onb_text_match(?7, email, first_name, last_name, display_name, username))"
      " AND (?8='' OR registered_via=?8) AND id>?9"
      " ORDER BY id LIMIT ?10";
  const std::string needle = fold_case(filter.text);
  return select_all<User>(sql, "list the users", [&](Stmt& st) {
    st.text(1, org_id);
    filter.status ? st.text(2, to_string(*filter.status)) : st.null(2);
    st.integer(3, filter.include_deleted ? 1 : 0).text(4, filter.role).text(5, filter.office);
    st.text(6, filter.team).text(7, needle).text(8, filter.registered_via).text(9, filter.after_id);
    st.integer(10, sql_limit(filter.limit));
  });
}

Result<std::int64_t> SqliteStorage::count_seated_users(std::string_view org_id) {
  return one<std::int64_t>(
      "SELECT count(*) FROM users WHERE " ONB_USER_ORG
      " AND status<>'deleted' AND status<>'pending_verification'",
      "count the users", [&](Stmt& st) { st.text(1, org_id); },
      [](const Stmt& st) -> Result<std::int64_t> { return st.col_int(0); }, msg::no_user);
}

Result<bool> SqliteStorage::activate_user(const User& activated, std::string_view expected_key_hash) {
  if (expected_key_hash.empty()) return false;
  static const std::string sql = update_user_sql() +
                                 " AND status='pending_activation' AND activation_key_hash=?" +
                                 std::to_string(records::field_count<User> + 1);
  User next = activated;
  next.status = UserStatus::active;
  next.activation_key_hash.clear();
  next.activation_key_sealed.clear();
  std::array<std::string, json_fields<User>()> json;
  return execute_matched(sql, "activate the user", [&](Stmt& st) {
    bind_record(st, next, 0, 0, Keep::borrow, json.data());
    st.blob(static_cast<int>(records::field_count<User>) + 1, expected_key_hash);
  });
}

// ---- email confirmations ----

Result<void> SqliteStorage::insert_email_confirmation(const EmailConfirmation& c) {
  std::lock_guard lock(mutex_);
  return write([&]() -> Result<void> {
    ONB_TRY(get_user(c.org_id, c.user_id));
    return insert(c, "save the email confirmation");
  });
}

Result<EmailConfirmation> SqliteStorage::find_email_confirmation_by_hash(std::string_view org_id,
                                                                         std::string_view token_hash) {
  static const std::string sql =
      records::concat({"SELECT ", select_list<EmailConfirmation>(),
                       " FROM email_confirmations WHERE org_id=?1 AND token_hash=?2"});
  return select_one<EmailConfirmation>(
      sql, "read the email confirmation", [&](Stmt& st) { st.text(1, org_id).blob(2, token_hash); },
      msg::no_email_confirmation);
}

Result<std::vector<User>> SqliteStorage::find_unverified_users(std::string_view org_id,
                                                               std::string_view email_key) {
  if (email_key.empty()) return std::vector<User>{};
  // No ORDER BY: it would make SQLite walk the organization's users in id
  // order instead of using users_unverified_email; the few rows are sorted here.
  static const std::string sql = select_users() + " AND email_key=?2 AND status='pending_verification'";
  ONB_ASSIGN(auto found, select_all<User>(sql, "look up users",
                                          [&](Stmt& st) { st.text(1, org_id).text(2, email_key); }));
  std::sort(found.begin(), found.end(), [](const User& a, const User& b) { return a.id < b.id; });
  return found;
}

Result<bool> SqliteStorage::consume_email_confirmation(std::string_view org_id, std::string_view user_id,
                                                       std::string_view token_hash, Timestamp now) {
  std::lock_guard lock(mutex_);
  return write([&]() -> Result<bool> {
    // The delete is the one-use step: of two confirms, one removes the row.
    ONB_ASSIGN(bool removed, execute_matched("DELETE FROM email_confirmations WHERE org_id=?1 AND user_id=?2"
                                             " AND token_hash=?3 AND expires_at>?4 AND EXISTS (SELECT 1"
                                             " FROM users WHERE " ONB_USER_ORG
                                             " AND id=?2 AND status='pending_verification')",
                                             "use the email confirmation", [&](Stmt& st) {
                                               st.text(1, org_id).text(2, user_id).blob(3, token_hash);
                                               st.time(4, now);
                                             }));
    if (!removed) return false;
    ONB_ASSIGN(bool activated,
               execute_matched("UPDATE users SET status='active', activated_at=?3 WHERE " ONB_USER_ORG
                               " AND id=?2 AND status='pending_verification'",
                               "activate the user",
                               [&](Stmt& st) { st.text(1, org_id).text(2, user_id).time(3, now); }));
    if (!activated) return Error{Errc::internal, "The user could not be activated; try again."};
    return true;
  });
}

}  // namespace sqlite
}  // namespace v1
}  // namespace onboard
