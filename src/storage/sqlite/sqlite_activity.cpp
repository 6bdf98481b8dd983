// The SQLite backend's records of what onboard does: the sign-in throttle's
// counters, the outbox, the audit trail, import jobs and their sealed
// credentials, and the master key's check.
#include <algorithm>
#include <map>
#include <tuple>

#include "storage/sqlite/sqlite_storage.hpp"
#include "storage/storage_messages.hpp"

namespace onboard {
inline namespace v1 {
namespace sqlite {
namespace {

namespace msg = storage_messages;

template <class R>
std::string select_from() {
  return records::concat({"SELECT ", select_list<R>(), " FROM ", records::Table<R>::name});
}

}  // namespace

// ---- throttle ----

Result<ThrottleCounter> SqliteStorage::get_throttle(std::string_view org_id, std::string_view scope) {
  static const std::string sql = select_from<ThrottleCounter>() + " WHERE org_id=?1 AND scope=?2";
  return select_one<ThrottleCounter>(
      sql, "read the throttle counter", [&](Stmt& st) { st.text(1, org_id).text(2, scope); },
      msg::no_throttle);
}

Result<void> SqliteStorage::put_throttle(const ThrottleCounter& c) {
  static const std::string sql = records::insert_sql<ThrottleCounter>('?') +
                                 " ON CONFLICT (org_id, scope) DO UPDATE SET "
                                 "failures=excluded.failures, window_start=excluded.window_start, "
                                 "locked_until=excluded.locked_until";
  return execute(sql, "save the throttle counter", [&](Stmt& st) { bind_record(st, c); });
}

// BEGIN IMMEDIATE takes the database's write lock before the read, so
// another connection's update of the same counter waits until this one
// commits (and the storage's mutex orders this connection's threads).
Result<ThrottleCounter> SqliteStorage::update_throttle(std::string_view org_id, std::string_view scope,
                                                       const std::function<bool(ThrottleCounter&)>& change) {
  ThrottleCounter counter;
  ONB_TRY(transaction([&]() -> Result<void> {
    auto stored = get_throttle(org_id, scope);
    if (stored) {
      counter = std::move(stored).value();
    } else if (stored.error().code == Errc::not_found) {
      counter = ThrottleCounter{};
      counter.org_id = org_id;
      counter.scope = scope;
    } else {
      return std::move(stored).error();
    }
    if (!change(counter)) return success();
    return put_throttle(counter);
  }));
  return counter;
}

// ---- outbox ----

Result<void> SqliteStorage::enqueue_messages(std::span<const OutboxMessage> messages) {
  std::lock_guard lock(mutex_);
  return write([&]() -> Result<void> {
    for (const OutboxMessage& m : messages) ONB_TRY(insert(m, "queue the message"));
    return success();
  });
}

Result<std::vector<OutboxMessage>> SqliteStorage::list_messages(std::string_view org_id,
                                                                std::optional<OutboxState> state,
                                                                std::size_t limit) {
  static const std::string sql =
      select_from<OutboxMessage>() +
      " WHERE org_id=?1 AND (?2 IS NULL OR state=?2) ORDER BY created_at, id LIMIT ?3";
  return select_all<OutboxMessage>(sql, "list the messages", [&](Stmt& st) {
    st.text(1, org_id);
    state ? st.text(2, to_string(*state)) : st.null(2);
    st.integer(3, sql_limit(limit));
  });
}

Result<std::vector<OutboxMessage>> SqliteStorage::claim_messages(std::string_view org_id, std::size_t limit,
                                                                 Timestamp now, Timestamp claimed_until) {
  static const std::string sql =
      "UPDATE outbox SET state='claimed', claimed_until=?4, attempts=attempts+1"
      " WHERE org_id=?1 AND id IN (SELECT id FROM outbox WHERE org_id=?1 AND"
      " (state='queued' OR (state='claimed' AND (claimed_until IS NULL OR claimed_until<=?2)))"
      " ORDER BY created_at, id LIMIT ?3) RETURNING " +
      select_list<OutboxMessage>();
  std::lock_guard lock(mutex_);
  std::vector<OutboxMessage> out;
  ONB_TRY(write([&]() -> Result<void> {
    ONB_ASSIGN(out, select_all<OutboxMessage>(sql, "claim the messages", [&](Stmt& st) {
                 st.text(1, org_id).time(2, now).integer(3, sql_limit(limit)).time(4, claimed_until);
               }));
    return success();
  }));
  // RETURNING yields rows in no promised order.
  std::sort(out.begin(), out.end(), [](const OutboxMessage& a, const OutboxMessage& b) {
    return std::tie(a.created_at, a.id) < std::tie(b.created_at, b.id);
  });
  return out;
}

Result<bool> SqliteStorage::ack_message(std::string_view org_id, std::string_view id, Timestamp now) {
  return execute_matched(
      "UPDATE outbox SET state='sent', sent_at=?3, claimed_until=NULL"
      " WHERE org_id=?1 AND id=?2 AND state='claimed'",
      "acknowledge the message", [&](Stmt& st) { st.text(1, org_id).text(2, id).time(3, now); });
}

Result<std::int64_t> SqliteStorage::cancel_messages(std::string_view org_id, std::string_view recipient,
                                                    std::span<const std::string> kinds) {
  if (kinds.empty()) return std::int64_t{0};
  std::string sql =
      "UPDATE outbox SET state='cancelled', claimed_until=NULL WHERE org_id=?1 AND recipient=?2"
      " AND state IN ('queued','claimed') AND kind IN (";
  for (std::size_t i = 0; i < kinds.size(); ++i) sql += (i == 0 ? "?" : ",?") + std::to_string(i + 3);
  sql += ")";
  ONB_ASSIGN(const int n, changes(sql, "cancel the messages", [&](Stmt& st) {
               st.text(1, org_id).text(2, recipient);
               for (std::size_t i = 0; i < kinds.size(); ++i) st.text(static_cast<int>(i + 3), kinds[i]);
             }));
  return static_cast<std::int64_t>(n);
}

// ---- audit ----

Result<void> SqliteStorage::append_audit(std::span<const AuditEvent> events) {
  std::lock_guard lock(mutex_);
  return write([&]() -> Result<void> {
    // Numbered inside the write transaction: SQLite has one writer at a
    // time, so seq order is commit order.
    std::map<std::string, std::int64_t, std::less<>> last;
    for (const AuditEvent& e : events) {
      auto at = last.find(e.org_id);
      if (at == last.end()) {
        ONB_ASSIGN(const std::int64_t top,
                   one<std::int64_t>(
                       "SELECT COALESCE(MAX(seq), 0) FROM audit_events WHERE org_id=?1",
                       "number the audit event", [&](Stmt& st) { st.text(1, e.org_id); },
                       [](const Stmt& st) -> Result<std::int64_t> { return st.col_int(0); }, "no audit"));
        at = last.emplace(e.org_id, top).first;
      }
      AuditEvent numbered = e;
      numbered.seq = ++at->second;
      ONB_TRY(insert(numbered, "record the audit event"));
    }
    return success();
  });
}

Result<std::vector<AuditEvent>> SqliteStorage::list_audit_after(std::string_view org_id,
                                                                std::int64_t after_seq, std::size_t limit) {
  static const std::string sql =
      select_from<AuditEvent>() + " WHERE org_id=?1 AND seq>?2 ORDER BY seq LIMIT ?3";
  return select_all<AuditEvent>(sql, "list the audit events", [&](Stmt& st) {
    st.text(1, org_id).integer(2, after_seq).integer(3, sql_limit(limit));
  });
}

Result<std::vector<AuditEvent>> SqliteStorage::list_audit(std::string_view org_id, std::size_t limit) {
  static const std::string sql =
      select_from<AuditEvent>() + " WHERE org_id=?1 ORDER BY at DESC, id DESC LIMIT ?2";
  return select_all<AuditEvent>(sql, "list the audit events",
                                [&](Stmt& st) { st.text(1, org_id).integer(2, sql_limit(limit)); });
}

// ---- import jobs ----

Result<void> SqliteStorage::insert_import_job(const ImportJob& job) {
  return insert(job, "save the import job");
}

Result<std::vector<ImportJob>> SqliteStorage::list_import_jobs(std::string_view org_id) {
  static const std::string sql =
      select_from<ImportJob>() + " WHERE org_id=?1 ORDER BY started_at DESC, id DESC";
  return select_all<ImportJob>(sql, "list the import jobs", [&](Stmt& st) { st.text(1, org_id); });
}

// ---- the master key's check ----

Result<std::optional<std::string>> SqliteStorage::key_check() {
  ONB_ASSIGN(auto rows, many<std::string>(
                            "SELECT mac FROM key_check WHERE id=1", "read the master key's check",
                            [](Stmt&) {}, [](Stmt& st) -> Result<std::string> { return st.col_blob(0); }));
  if (rows.empty()) return std::optional<std::string>{};
  return std::optional<std::string>(std::move(rows.front()));
}

Result<std::string> SqliteStorage::install_key_check(std::string_view check) {
  ONB_TRY(execute("INSERT INTO key_check (id, mac) VALUES (1, ?1) ON CONFLICT (id) DO NOTHING",
                  "store the master key's check", [&](Stmt& st) { st.blob(1, check); }));
  ONB_ASSIGN(auto stored, key_check());
  if (!stored) return Error{Errc::storage, "The master key's check could not be stored."};
  return std::move(*stored);
}

// ---- sealed import credentials ----

Result<void> SqliteStorage::store_sealed_credentials(std::span<const SealedCredentials> parts) {
  static const std::string sql = records::insert_sql<SealedCredentials>('?');
  std::lock_guard lock(mutex_);
  return write([&]() -> Result<void> {
    // Not copied: `p` outlives the step (a chunk's blob is large).
    for (const SealedCredentials& p : parts)
      ONB_TRY(execute(sql, "save the import's sealed credentials",
                      [&](Stmt& st) { bind_record(st, p, 0, 0, Keep::borrow); }));
    return success();
  });
}

Result<std::vector<SealedCredentials>> SqliteStorage::take_sealed_credentials(std::string_view org_id,
                                                                              std::string_view job_id,
                                                                              Timestamp now, bool contents) {
  static constexpr auto names = records::column_names<SealedCredentials>();
  static const std::string with_contents =
      "DELETE FROM import_credentials WHERE org_id=?1 AND job_id=?2 AND expires_at>?3 RETURNING " +
      records::column_list(names);
  static const std::string without_contents =
      "DELETE FROM import_credentials WHERE org_id=?1 AND job_id=?2 AND expires_at>?3 RETURNING " +
      records::column_list_with(names, "sealed", "x''");
  std::lock_guard lock(mutex_);
  // One statement: it deletes and returns the parts at once, so two takes
  // cannot both get them.
  auto taken = write([&] {
    return select_all<SealedCredentials>(contents ? with_contents : without_contents,
                                         "take the import's sealed credentials",
                                         [&](Stmt& st) { st.text(1, org_id).text(2, job_id).time(3, now); });
  });
  // DELETE … RETURNING gives rows in no stated order.
  if (taken)
    std::sort(taken->begin(), taken->end(),
              [](const SealedCredentials& a, const SealedCredentials& b) { return a.part < b.part; });
  return taken;
}

Result<std::int64_t> SqliteStorage::purge_sealed_credentials(std::string_view org_id, Timestamp now) {
  ONB_ASSIGN(const int n,
             changes("DELETE FROM import_credentials WHERE org_id=?1 AND expires_at<=?2",
                     "wipe expired import credentials", [&](Stmt& st) { st.text(1, org_id).time(2, now); }));
  return static_cast<std::int64_t>(n);
}

}  // namespace sqlite
}  // namespace v1
}  // namespace onboard
