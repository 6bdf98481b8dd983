// The SQLite backend: one connection per Storage, guarded by a recursive
// mutex so one Storage can be shared by threads (a transaction holds it from
// BEGIN to COMMIT). Writes run in BEGIN IMMEDIATE; the one-use operations are
// single conditional UPDATEs that must change exactly one row, so two
// connections racing for one invitation cannot both win.
//
// One file per part: sqlite_storage.cpp opens the connection and runs
// transactions; sqlite_organizations.cpp, sqlite_users.cpp (and
// sqlite_bulk_users.cpp, the import's multi-row insert), sqlite_one_use.cpp
// (invitations, keys, links), sqlite_activity.cpp (throttle, outbox, audit,
// import jobs and credentials, the key check) hold the operations. Records
// are bound and read through the field tables (sqlite_records.hpp).
#pragma once

#include <sqlite3.h>

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "onboard/storage/storage.hpp"
#include "storage/sqlite/sqlite_checkpointer.hpp"
#include "storage/sqlite/sqlite_db.hpp"
#include "storage/sqlite/sqlite_records.hpp"

namespace onboard {
inline namespace v1 {
namespace sqlite {

// SQLite's LIMIT takes -1 for "no limit"; the interface says 0.
inline std::int64_t sql_limit(std::size_t limit) {
  return limit == 0 ? -1 : static_cast<std::int64_t>(limit);
}

class SqliteStorage final : public Storage {
 public:
  Result<void> open(const std::string& path, const StorageOptions& options);

  Result<void> transaction(const std::function<Result<void>()>& fn) override;
  Result<void> bulk_transaction(const std::function<Result<void>()>& fn) override;

  // organizations (sqlite_organizations.cpp)
  Result<void> insert_organization(const Organization& org) override;
  Result<void> update_organization(const Organization& org) override;
  Result<Organization> get_organization(std::string_view org_id) override;
  Result<std::vector<Organization>> list_organizations() override;

  // users and email confirmations (sqlite_users.cpp; insert_users in sqlite_bulk_users.cpp)
  Result<void> insert_users(std::span<const User> users) override;
  Result<void> update_users(std::span<const User> users) override;
  Result<User> get_user(std::string_view org_id, std::string_view user_id) override;
  Result<std::vector<User>> find_users(std::string_view org_id, UserKeyField field,
                                       std::span<const std::string> values) override;
  Result<std::vector<User>> list_users(std::string_view org_id, const UserFilter& filter) override;
  Result<std::int64_t> count_seated_users(std::string_view org_id) override;
  Result<bool> activate_user(const User& activated, std::string_view expected_key_hash) override;
  Result<void> insert_email_confirmation(const EmailConfirmation& c) override;
  Result<EmailConfirmation> find_email_confirmation_by_hash(std::string_view org_id,
                                                            std::string_view token_hash) override;
  Result<std::vector<User>> find_unverified_users(std::string_view org_id,
                                                  std::string_view email_key) override;
  Result<bool> consume_email_confirmation(std::string_view org_id, std::string_view user_id,
                                          std::string_view token_hash, Timestamp now) override;

  // invitations, registration keys, signup links (sqlite_one_use.cpp)
  Result<void> insert_invitation(const Invitation& inv) override;
  Result<void> update_invitation(const Invitation& inv) override;
  Result<Invitation> get_invitation(std::string_view org_id, std::string_view id) override;
  Result<Invitation> find_invitation_by_token_hash(std::string_view org_id,
                                                   std::string_view token_hash) override;
  Result<std::vector<Invitation>> list_invitations(std::string_view org_id) override;
  Result<std::vector<Invitation>> find_pending_invitations(std::string_view org_id,
                                                           std::span<const std::string> email_keys) override;
  Result<bool> consume_invitation(std::string_view org_id, std::string_view id, std::string_view token_hash,
                                  Timestamp now, std::string_view accepted_user_id) override;
  Result<void> insert_registration_key(const RegistrationKey& key) override;
  Result<void> update_registration_key(const RegistrationKey& key) override;
  Result<RegistrationKey> get_registration_key(std::string_view org_id, std::string_view id) override;
  Result<RegistrationKey> find_registration_key_by_hash(std::string_view org_id,
                                                        std::string_view key_hash) override;
  Result<std::vector<RegistrationKey>> list_registration_keys(std::string_view org_id) override;
  Result<bool> use_registration_key(std::string_view org_id, std::string_view id, Timestamp now) override;
  Result<void> insert_signup_link(const SignupLink& link) override;
  Result<void> update_signup_link(const SignupLink& link) override;
  Result<SignupLink> get_signup_link(std::string_view org_id, std::string_view id) override;
  Result<SignupLink> find_signup_link_by_hash(std::string_view org_id, std::string_view token_hash) override;
  Result<std::vector<SignupLink>> list_signup_links(std::string_view org_id) override;
  Result<bool> use_signup_link(std::string_view org_id, std::string_view id, Timestamp now) override;

  // throttle, outbox, audit, import jobs and credentials, key check (sqlite_activity.cpp)
  Result<ThrottleCounter> get_throttle(std::string_view org_id, std::string_view scope) override;
  Result<void> put_throttle(const ThrottleCounter& c) override;
  Result<ThrottleCounter> update_throttle(std::string_view org_id, std::string_view scope,
                                          const std::function<bool(ThrottleCounter&)>& change) override;
  Result<void> enqueue_messages(std::span<const OutboxMessage> messages) override;
  Result<std::vector<OutboxMessage>> list_messages(std::string_view org_id, std::optional<OutboxState> state,
                                                   std::size_t limit) override;
  Result<std::vector<OutboxMessage>> claim_messages(std::string_view org_id, std::size_t limit, Timestamp now,
                                                    Timestamp claimed_until) override;
  Result<bool> ack_message(std::string_view org_id, std::string_view id, Timestamp now) override;
  Result<std::int64_t> cancel_messages(std::string_view org_id, std::string_view recipient,
                                       std::span<const std::string> kinds) override;
  Result<void> append_audit(std::span<const AuditEvent> events) override;
  Result<std::vector<AuditEvent>> list_audit(std::string_view org_id, std::size_t limit) override;
  Result<std::vector<AuditEvent>> list_audit_after(std::string_view org_id, std::int64_t after_seq,
                                                   std::size_t limit) override;
  Result<void> insert_import_job(const ImportJob& job) override;
  Result<std::vector<ImportJob>> list_import_jobs(std::string_view org_id) override;
  Result<std::optional<std::string>> key_check() override;
  Result<std::string> install_key_check(std::string_view check) override;
  Result<void> store_sealed_credentials(std::span<const SealedCredentials> parts) override;
  Result<std::vector<SealedCredentials>> take_sealed_credentials(std::string_view org_id,
                                                                 std::string_view job_id, Timestamp now,
                                                                 bool contents) override;
  Result<std::int64_t> purge_sealed_credentials(std::string_view org_id, Timestamp now) override;
  Result<void> insert_scim_token(const ScimToken& token) override;
  Result<void> update_scim_token(const ScimToken& token) override;
  Result<ScimToken> get_scim_token(std::string_view org_id, std::string_view id) override;
  Result<ScimToken> find_scim_token_by_hash(std::string_view org_id, std::string_view token_hash) override;
  Result<std::vector<ScimToken>> list_scim_tokens(std::string_view org_id) override;

 private:
  // The outermost transaction; `bulk`: writes inside take no savepoints,
  // and any that fails dooms the whole transaction.
  Result<void> outermost(const std::function<Result<void>()>& fn, bool bulk);
  // Savepoint for a transaction() inside another: it joins the outer one, and
  // if it fails only its own changes are undone.
  Result<void> nested(const std::function<Result<void>()>& fn);
  // The organization's integer key for the users table. Errors: not_found.
  Result<std::int64_t> find_org_no(std::string_view org_id);

  // Runs `f` (returning Result<T>) as a write transaction, joining the
  // caller's if there is one, so a batch that fails half-way writes nothing.
  template <class F>
  auto write(F&& f) -> decltype(f()) {
    if (bulk_ && depth_ > 0) {  // no savepoint: a failure dooms the transaction
      auto out = f();
      if (!out.ok()) doomed_ = true;
      return out;
    }
    std::optional<decltype(f())> out;
    auto done = transaction([&]() -> Result<void> {
      out.emplace(f());
      if (!out->ok()) return out->error();
      return success();
    });
    if (!done && (!out || out->ok())) return std::move(done).error();  // BEGIN or COMMIT failed
    return std::move(*out);
  }

  // A deferred read transaction around several queries, so they see one
  // snapshot; inside a write transaction it is simply part of it.
  template <class F>
  Result<void> read_snapshot(F&& f) {
    if (depth_ > 0) return f();
    ONB_TRY(db_.exec("BEGIN", "start reading"));
    Result<void> result = f();
    (void)db_.exec_code(result ? "COMMIT" : "ROLLBACK");
    return result;
  }

  // Steps `sql` to completion, collecting rows through `read`.
  template <class T, class Bind, class Read>
  Result<std::vector<T>> many(const std::string& sql, std::string_view doing, Bind&& bind, Read&& read) {
    std::lock_guard lock(mutex_);
    ONB_ASSIGN(sqlite3_stmt * raw, db_.prepare(sql.c_str()));
    Stmt st(raw);
    bind(st);
    std::vector<T> out;
    for (;;) {
      const int rc = st.step();
      if (rc == SQLITE_DONE) return out;
      if (rc != SQLITE_ROW) return db_.error(rc, doing);
      ONB_ASSIGN(T row, read(st));
      out.push_back(std::move(row));
    }
  }

  // Rows of record R, read through its field table.
  template <class R, class Bind>
  Result<std::vector<R>> select_all(const std::string& sql, std::string_view doing, Bind&& bind) {
    return many<R>(sql, doing, std::forward<Bind>(bind), read_record<R>);
  }

  template <class T, class Bind, class Read>
  Result<T> one(const std::string& sql, std::string_view doing, Bind&& bind, Read&& read,
                std::string_view missing) {
    ONB_ASSIGN(auto rows, many<T>(sql, doing, std::forward<Bind>(bind), std::forward<Read>(read)));
    if (rows.empty()) return Error{Errc::not_found, std::string(missing)};
    return std::move(rows.front());
  }

  template <class R, class Bind>
  Result<R> select_one(const std::string& sql, std::string_view doing, Bind&& bind,
                       std::string_view missing) {
    return one<R>(sql, doing, std::forward<Bind>(bind), read_record<R>, missing);
  }

  // Runs one write statement; returns how many rows it changed.
  template <class Bind>
  Result<int> changes(const std::string& sql, std::string_view doing, Bind&& bind) {
    std::lock_guard lock(mutex_);
    return write([&]() -> Result<int> {
      ONB_ASSIGN(sqlite3_stmt * raw, db_.prepare(sql.c_str()));
      Stmt st(raw);
      bind(st);
      if (const int rc = st.step(); rc != SQLITE_DONE) return db_.error(rc, doing);
      return sqlite3_changes(db_.handle());
    });
  }

  template <class Bind>
  Result<void> execute(const std::string& sql, std::string_view doing, Bind&& bind) {
    ONB_TRY(changes(sql, doing, std::forward<Bind>(bind)));
    return success();
  }

  // An update of one record by id: not_found with `missing` when no row matched.
  template <class Bind>
  Result<void> execute_one(const std::string& sql, std::string_view doing, Bind&& bind,
                           std::string_view missing) {
    ONB_ASSIGN(const int n, changes(sql, doing, std::forward<Bind>(bind)));
    if (n != 1) return Error{Errc::not_found, std::string(missing)};
    return success();
  }

  // A conditional update: true when exactly one row met the conditions.
  template <class Bind>
  Result<bool> execute_matched(const std::string& sql, std::string_view doing, Bind&& bind) {
    ONB_ASSIGN(const int n, changes(sql, doing, std::forward<Bind>(bind)));
    return n == 1;
  }

  // INSERT of one record through its field table.
  template <class R>
  Result<void> insert(const R& r, std::string_view doing) {
    static const std::string sql = records::insert_sql<R>('?');
    return execute(sql, doing, [&](Stmt& st) { bind_record(st, r); });
  }

  // UPDATE of every column but the key of one record; not_found with `missing`.
  template <class R>
  Result<void> update(const R& r, std::string_view doing, std::string_view missing) {
    static const std::string sql = records::update_set_sql<R>('?') + records::key_condition<R>('?');
    return execute_one(
        sql, doing, [&](Stmt& st) { bind_record(st, r); }, missing);
  }

  // SQLite calls this after each commit with the WAL's length in pages.
  static int after_wal_commit(void* checkpointer, sqlite3*, const char*, int pages);
  static constexpr int kCheckpointPages = 1000;  // SQLite's default for its own

  std::recursive_mutex mutex_;
  Db db_;
  // Declared after db_, so it is closed first and db_'s close removes the WAL.
  std::unique_ptr<BackgroundCheckpointer> checkpointer_;
  int depth_ = 0;
  std::string insert_one_sql_, insert_many_sql_;  // made on first use
  bool bulk_ = false;                             // inside bulk_transaction()
  bool doomed_ = false;                           // a write inside the bulk transaction failed
};

}  // namespace sqlite
}  // namespace v1
}  // namespace onboard
