// The SQLite backend: one connection per Storage, guarded by a recursive
// mutex so one Storage can be shared by threads (a transaction holds it from
// BEGIN to COMMIT). Writes run in BEGIN IMMEDIATE; the one-use operations are
// single conditional UPDATEs that must change exactly one row, so two
// connections racing for one invitation cannot both win.
#include <sqlite3.h>

#include <algorithm>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "onboard/core/secret_file.hpp"
#include "onboard/storage/storage.hpp"
#include "storage/organization_codec.hpp"
#include "storage/sqlite/sqlite_checkpointer.hpp"
#include "storage/sqlite/sqlite_db.hpp"
#include "storage/sqlite/sqlite_schema.hpp"
#include "storage/storage_messages.hpp"
#include "storage/text_match.hpp"

namespace onboard {
inline namespace v1 {
namespace {

namespace msg = storage_messages;
using sqlite::Db;
using sqlite::Stmt;

// ---- columns, in bind order (?1 = org_id, ?2 = id everywhere) ----

#define ONB_ORG_COLUMNS "org_id, name, base_url, time_zone, seat_limit, default_office, details, created_at"
// Users are stored under the organization's integer org_no; ?1 stays the
// org_id text, so a query selects it back as column 0 and finds the number
// with ONB_USER_ORG (one lookup per statement, not per row).
#define ONB_USER_ORG "org_no=(SELECT org_no FROM organizations WHERE org_id=?1)"
#define ONB_USER_FIELDS                                                                              \
  "id, email, email_key, username, username_key, first_name, last_name, display_name, name_locked, " \
  "role, office, teams, external_id, attributes, status, must_change_password, password_hash, "      \
  "activation_key_hash, activation_key_sealed, registered_via, created_at, activated_at, source, created_by"
#define ONB_USER_COLUMNS "?1, " ONB_USER_FIELDS
#define ONB_USER_SET                                                                                     \
  "email=?3, email_key=?4, username=?5, username_key=?6, first_name=?7, last_name=?8, display_name=?9, " \
  "name_locked=?10, role=?11, office=?12, teams=?13, external_id=?14, attributes=?15, status=?16, "      \
  "must_change_password=?17, password_hash=?18, activation_key_hash=?19, activation_key_sealed=?20, "    \
  "registered_via=?21, created_at=?22, activated_at=?23, source=?24, created_by=?25"
#define ONB_INVITATION_COLUMNS                                                                           \
  "org_id, id, email, email_key, role, team, office, invited_by, token_hash, token_sealed, created_at, " \
  "expires_at, state, resend_count, accepted_at, accepted_user_id"
#define ONB_KEY_COLUMNS                                                                             \
  "org_id, id, label, key_hash, key_sealed, role, team, office, valid_until, max_uses, use_count, " \
  "revoked, created_by, created_at"
#define ONB_LINK_COLUMNS                                                                               \
  "org_id, id, label, token_hash, token_sealed, role, team, office, expires_at, max_uses, use_count, " \
  "allowed_domains, enabled, created_by, created_at"
#define ONB_THROTTLE_COLUMNS "org_id, scope, failures, window_start, locked_until"
#define ONB_OUTBOX_COLUMNS                                                                                  \
  "org_id, id, kind, recipient, subject, body, secret_sealed, created_at, state, claimed_until, attempts, " \
  "sent_at"
#define ONB_AUDIT_COLUMNS "org_id, id, actor, action, target, at, details"
#define ONB_JOB_COLUMNS                                                                                   \
  "org_id, id, actor, file_name, file_digest, started_at, finished_at, rows, created, updated, skipped, " \
  "errors, committed, report"

constexpr const char* kUserByField[] = {
    "SELECT " ONB_USER_COLUMNS " FROM users WHERE " ONB_USER_ORG
    " AND email_key=?2 AND email_key<>'' AND status<>'deleted' AND status<>'pending_verification'",
    "SELECT " ONB_USER_COLUMNS " FROM users WHERE " ONB_USER_ORG
    " AND username_key=?2 AND username_key<>'' AND status<>'deleted' AND status<>'pending_verification'",
    "SELECT " ONB_USER_COLUMNS " FROM users WHERE " ONB_USER_ORG
    " AND external_id=?2 AND external_id<>'' AND status<>'deleted' AND status<>'pending_verification'",
    "SELECT " ONB_USER_COLUMNS " FROM users WHERE " ONB_USER_ORG
    " AND activation_key_hash=?2 AND activation_key_hash<>X'' AND "
    "status<>'deleted' AND status<>'pending_verification'",
};

// ---- binding and reading records ----

void bind_org(Stmt& st, const Organization& o, const std::string& details) {
  st.text(1, o.id).text(2, o.name).text(3, o.base_url).text(4, o.time_zone).integer(5, o.seat_limit);
  st.text(6, o.default_office).text(7, details).time(8, o.created_at);
}

Result<Organization> read_org(const Stmt& st) {
  Organization o;
  o.id = st.col_text(0);
  o.name = st.col_text(1);
  o.base_url = st.col_text(2);
  o.time_zone = st.col_text(3);
  o.seat_limit = st.col_opt_int(4);
  o.default_office = st.col_text(5);
  ONB_TRY(decode_organization_details(st.col_text(6), o));
  o.created_at = st.col_time(7);
  return o;
}

// Binds ?1 (org_id) to ?25 of a user, each plus `base` (a multi-row insert
// binds its k-th row at base 25·k). `teams` and `attributes` are the encoded
// JSON; the caller keeps them (and `u`) alive until the statement is stepped.
void bind_user_fields(Stmt& st, const User& u, const std::string& teams, const std::string& attributes,
                      int base) {
  constexpr bool keep = true;
  const int b = base;
  st.text(b + 2, u.id, keep).text(b + 3, u.email, keep);
  st.text(b + 4, u.email_key, keep).text(b + 5, u.username, keep).text(b + 6, u.username_key, keep);
  st.text(b + 7, u.first_name, keep).text(b + 8, u.last_name, keep).text(b + 9, u.display_name, keep);
  st.integer(b + 10, u.name_locked ? 1 : 0).text(b + 11, u.role, keep).text(b + 12, u.office, keep);
  st.text(b + 13, teams, keep).text(b + 14, u.external_id, keep).text(b + 15, attributes, keep);
  st.text(b + 16, to_string(u.status), keep).integer(b + 17, u.must_change_password ? 1 : 0);
  st.text(b + 18, u.password_hash, keep)
      .blob(b + 19, u.activation_key_hash, keep)
      .blob(b + 20, u.activation_key_sealed, keep);
  st.text(b + 21, u.registered_via, keep).time(b + 22, u.created_at).time(b + 23, u.activated_at);
  st.text(b + 24, to_string(u.source), keep).text(b + 25, u.created_by, keep);
}

void bind_user(Stmt& st, const User& u, const std::string& teams, const std::string& attributes,
               int base = 0) {
  st.text(base + 1, u.org_id, true);
  bind_user_fields(st, u, teams, attributes, base);
}

// Users a multi-row INSERT writes at once. One statement per row costs
// SQLite about as much again as the row itself (opening a cursor on the
// table and each index, the foreign-key check's cursor, halting), so bulk
// writes go 256 rows a statement (6,400 parameters, under SQLite's 32,766).
constexpr std::size_t kUsersPerInsert = 256;
constexpr int kParamsPerUser = 25;  // the org_no, then ?2..?25 of bind_user

// INSERT INTO users of `rows` users: row k's values are parameters 25k+1
// (org_no) to 25k+25. Anonymous "?" placeholders: SQLite looks numbered ones
// up in a list, which makes compiling thousands of them quadratic.
std::string insert_users_sql(std::size_t rows) {
  std::string sql = "INSERT INTO users (org_no, " ONB_USER_FIELDS ") VALUES ";
  std::string row = "(?";
  for (int i = 1; i < kParamsPerUser; ++i) row += ",?";
  row += ")";
  for (std::size_t k = 0; k < rows; ++k) {
    if (k > 0) sql += ',';
    sql += row;
  }
  return sql;
}

Error damaged(std::string_view what) {
  return Error{Errc::storage, "A stored " + std::string(what) + " is damaged."};
}

Result<User> read_user(const Stmt& st) {
  User u;
  u.org_id = st.col_text(0);
  u.id = st.col_text(1);
  u.email = st.col_text(2);
  u.email_key = st.col_text(3);
  u.username = st.col_text(4);
  u.username_key = st.col_text(5);
  u.first_name = st.col_text(6);
  u.last_name = st.col_text(7);
  u.display_name = st.col_text(8);
  u.name_locked = st.col_bool(9);
  u.role = st.col_text(10);
  u.office = st.col_text(11);
  ONB_ASSIGN(u.teams, decode_string_list(st.col_text(12)));
  u.external_id = st.col_text(13);
  ONB_ASSIGN(u.attributes, decode_string_map(st.col_text(14)));
  auto status = parse_user_status(st.col_text(15));
  if (!status) return damaged("user status");
  u.status = *status;
  u.must_change_password = st.col_bool(16);
  u.password_hash = st.col_text(17);
  u.activation_key_hash = st.col_blob(18);
  u.activation_key_sealed = st.col_blob(19);
  u.registered_via = st.col_text(20);
  u.created_at = st.col_time(21);
  u.activated_at = st.col_opt_time(22);
  auto source = parse_user_source(st.col_text(23));
  if (!source) return damaged("user source");
  u.source = *source;
  u.created_by = st.col_text(24);
  return u;
}

void bind_invitation(Stmt& st, const Invitation& i) {
  st.text(1, i.org_id).text(2, i.id).text(3, i.email).text(4, i.email_key).text(5, i.role).text(6, i.team);
  st.text(7, i.office).text(8, i.invited_by).blob(9, i.token_hash).blob(10, i.token_sealed);
  st.time(11, i.created_at).time(12, i.expires_at).text(13, to_string(i.state)).integer(14, i.resend_count);
  st.time(15, i.accepted_at).text(16, i.accepted_user_id);
}

Result<Invitation> read_invitation(const Stmt& st) {
  Invitation i;
  i.org_id = st.col_text(0);
  i.id = st.col_text(1);
  i.email = st.col_text(2);
  i.email_key = st.col_text(3);
  i.role = st.col_text(4);
  i.team = st.col_text(5);
  i.office = st.col_text(6);
  i.invited_by = st.col_text(7);
  i.token_hash = st.col_blob(8);
  i.token_sealed = st.col_blob(9);
  i.created_at = st.col_time(10);
  i.expires_at = st.col_time(11);
  auto state = parse_invitation_state(st.col_text(12));
  if (!state) return damaged("invitation state");
  i.state = *state;
  i.resend_count = static_cast<int>(st.col_int(13));
  i.accepted_at = st.col_opt_time(14);
  i.accepted_user_id = st.col_text(15);
  return i;
}

void bind_key(Stmt& st, const RegistrationKey& k) {
  st.text(1, k.org_id)
      .text(2, k.id)
      .text(3, k.label)
      .blob(4, k.key_hash)
      .blob(5, k.key_sealed)
      .text(6, k.role);
  st.text(7, k.team)
      .text(8, k.office)
      .time(9, k.valid_until)
      .integer(10, k.max_uses)
      .integer(11, k.use_count);
  st.integer(12, k.revoked ? 1 : 0).text(13, k.created_by).time(14, k.created_at);
}

Result<RegistrationKey> read_key(const Stmt& st) {
  RegistrationKey k;
  k.org_id = st.col_text(0);
  k.id = st.col_text(1);
  k.label = st.col_text(2);
  k.key_hash = st.col_blob(3);
  k.key_sealed = st.col_blob(4);
  k.role = st.col_text(5);
  k.team = st.col_text(6);
  k.office = st.col_text(7);
  k.valid_until = st.col_opt_time(8);
  k.max_uses = st.col_opt_int(9);
  k.use_count = st.col_int(10);
  k.revoked = st.col_bool(11);
  k.created_by = st.col_text(12);
  k.created_at = st.col_time(13);
  return k;
}

void bind_link(Stmt& st, const SignupLink& l, const std::string& domains) {
  st.text(1, l.org_id).text(2, l.id).text(3, l.label).blob(4, l.token_hash).blob(5, l.token_sealed);
  st.text(6, l.role).text(7, l.team).text(8, l.office).time(9, l.expires_at).integer(10, l.max_uses);
  st.integer(11, l.use_count).text(12, domains).integer(13, l.enabled ? 1 : 0).text(14, l.created_by);
  st.time(15, l.created_at);
}

Result<SignupLink> read_link(const Stmt& st) {
  SignupLink l;
  l.org_id = st.col_text(0);
  l.id = st.col_text(1);
  l.label = st.col_text(2);
  l.token_hash = st.col_blob(3);
  l.token_sealed = st.col_blob(4);
  l.role = st.col_text(5);
  l.team = st.col_text(6);
  l.office = st.col_text(7);
  l.expires_at = st.col_opt_time(8);
  l.max_uses = st.col_opt_int(9);
  l.use_count = st.col_int(10);
  ONB_ASSIGN(l.allowed_domains, decode_string_list(st.col_text(11)));
  l.enabled = st.col_bool(12);
  l.created_by = st.col_text(13);
  l.created_at = st.col_time(14);
  return l;
}

Result<ThrottleCounter> read_throttle(const Stmt& st) {
  ThrottleCounter t;
  t.org_id = st.col_text(0);
  t.scope = st.col_text(1);
  t.failures = st.col_int(2);
  t.window_start = st.col_time(3);
  t.locked_until = st.col_opt_time(4);
  return t;
}

void bind_message(Stmt& st, const OutboxMessage& m) {
  st.text(1, m.org_id).text(2, m.id).text(3, m.kind).text(4, m.recipient).text(5, m.subject).text(6, m.body);
  st.blob(7, m.secret_sealed).time(8, m.created_at).text(9, to_string(m.state)).time(10, m.claimed_until);
  st.integer(11, m.attempts).time(12, m.sent_at);
}

Result<OutboxMessage> read_message(const Stmt& st) {
  OutboxMessage m;
  m.org_id = st.col_text(0);
  m.id = st.col_text(1);
  m.kind = st.col_text(2);
  m.recipient = st.col_text(3);
  m.subject = st.col_text(4);
  m.body = st.col_text(5);
  m.secret_sealed = st.col_blob(6);
  m.created_at = st.col_time(7);
  auto state = parse_outbox_state(st.col_text(8));
  if (!state) return damaged("message state");
  m.state = *state;
  m.claimed_until = st.col_opt_time(9);
  m.attempts = static_cast<int>(st.col_int(10));
  m.sent_at = st.col_opt_time(11);
  return m;
}

Result<AuditEvent> read_audit(const Stmt& st) {
  AuditEvent e;
  e.org_id = st.col_text(0);
  e.id = st.col_text(1);
  e.actor = st.col_text(2);
  e.action = st.col_text(3);
  e.target = st.col_text(4);
  e.at = st.col_time(5);
  e.details = st.col_text(6);
  return e;
}

void bind_job(Stmt& st, const ImportJob& j) {
  st.text(1, j.org_id).text(2, j.id).text(3, j.actor).text(4, j.file_name).text(5, j.file_digest);
  st.time(6, j.started_at)
      .time(7, j.finished_at)
      .integer(8, j.rows)
      .integer(9, j.created)
      .integer(10, j.updated);
  st.integer(11, j.skipped).integer(12, j.errors).integer(13, j.committed ? 1 : 0).text(14, j.report);
}

Result<ImportJob> read_job(const Stmt& st) {
  ImportJob j;
  j.org_id = st.col_text(0);
  j.id = st.col_text(1);
  j.actor = st.col_text(2);
  j.file_name = st.col_text(3);
  j.file_digest = st.col_text(4);
  j.started_at = st.col_time(5);
  j.finished_at = st.col_time(6);
  j.rows = st.col_int(7);
  j.created = st.col_int(8);
  j.updated = st.col_int(9);
  j.skipped = st.col_int(10);
  j.errors = st.col_int(11);
  j.committed = st.col_bool(12);
  j.report = st.col_text(13);
  return j;
}

#define ONB_CREDENTIALS_COLUMNS "org_id, job_id, part, actor, sealed, created_at, expires_at"
#define ONB_CREDENTIALS_NO_BLOB "org_id, job_id, part, actor, x'', created_at, expires_at"

// DELETE … RETURNING gives rows in no stated order.
void sort_by_part(std::vector<SealedCredentials>& parts) {
  std::sort(parts.begin(), parts.end(),
            [](const SealedCredentials& a, const SealedCredentials& b) { return a.part < b.part; });
}

Result<SealedCredentials> read_sealed_credentials(const Stmt& st) {
  SealedCredentials c;
  c.org_id = st.col_text(0);
  c.job_id = st.col_text(1);
  c.part = st.col_int(2);
  c.actor = st.col_text(3);
  c.sealed = st.col_blob(4);
  c.created_at = st.col_time(5);
  c.expires_at = st.col_time(6);
  return c;
}

// SQLite's LIMIT takes -1 for "no limit"; the interface says 0.
std::int64_t sql_limit(std::size_t limit) { return limit == 0 ? -1 : static_cast<std::int64_t>(limit); }

// onb_text_match(folded_needle, haystack...): the users list's text filter,
// with the same Unicode case folding as the memory backend.
void text_match_function(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  const auto* needle = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
  const std::string_view folded(needle != nullptr ? needle : "",
                                static_cast<std::size_t>(sqlite3_value_bytes(argv[0])));
  bool found = false;
  for (int i = 1; i < argc && !found; ++i) {
    const auto* hay = reinterpret_cast<const char*>(sqlite3_value_text(argv[i]));
    if (hay == nullptr) continue;
    found = contains_folded(std::string_view(hay, static_cast<std::size_t>(sqlite3_value_bytes(argv[i]))),
                            folded);
  }
  sqlite3_result_int(ctx, found ? 1 : 0);
}

// The file a SQLite "file:" URI names (file:PATH, file:///PATH,
// file://localhost/PATH, percent-escapes decoded, ?query and #fragment
// dropped); nothing for an in-memory database, a read-only open, or an
// authority SQLite itself refuses.
std::optional<std::string> file_of_uri(std::string_view uri) {
  uri.remove_prefix(5);  // "file:"
  const auto end = uri.find_first_of("?#");
  const std::string_view query = end == std::string_view::npos ? std::string_view() : uri.substr(end);
  uri = uri.substr(0, end);
  if (uri.rfind("//", 0) == 0) {
    uri.remove_prefix(2);
    const auto slash = uri.find('/');
    const std::string_view authority = uri.substr(0, slash);
    if (!authority.empty() && authority != "localhost") return std::nullopt;
    uri = slash == std::string_view::npos ? std::string_view() : uri.substr(slash);
  }
  for (std::string_view p : {"mode=memory", "mode=ro"}) {
    for (auto at = query.find(p); at != std::string_view::npos; at = query.find(p, at + 1)) {
      const char before = query[at - 1];  // query starts with '?' or '#', so at >= 1
      const std::size_t after = at + p.size();
      if ((before == '?' || before == '&') &&
          (after == query.size() || query[after] == '&' || query[after] == '#'))
        return std::nullopt;
    }
  }
  std::string path;
  for (std::size_t i = 0; i < uri.size(); ++i) {
    auto hex = [](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      if (c >= 'A' && c <= 'F') return c - 'A' + 10;
      return -1;
    };
    if (uri[i] == '%' && i + 2 < uri.size() && hex(uri[i + 1]) >= 0 && hex(uri[i + 2]) >= 0) {
      path += static_cast<char>(hex(uri[i + 1]) * 16 + hex(uri[i + 2]));
      i += 2;
    } else {
      path += uri[i];
    }
  }
  if (path.empty() || path == ":memory:") return std::nullopt;
  return path;
}

class SqliteStorage final : public Storage {
 public:
  Result<void> open(const std::string& path, const StorageOptions& options) {
    // The database holds sealed secrets and people's data: it is created
    // private (SQLite gives its WAL and shared-memory files the database
    // file's mode), and a link at its path is refused, not followed. A
    // "file:" URI names a file too: it is made private the same way.
    if (path.rfind("file:", 0) == 0) {
      if (auto file = file_of_uri(path)) ONB_TRY(create_private_file(*file));
    } else if (path != ":memory:") {
      ONB_TRY(create_private_file(path));
    }
    ONB_TRY(db_.open(path));
    ONB_TRY(sqlite::prepare_database(db_, path));
    const int rc = sqlite3_create_function_v2(db_.handle(), "onb_text_match", -1,
                                              SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY, nullptr,
                                              text_match_function, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) return db_.error(rc, "register its functions");
    ONB_ASSIGN(const bool wal, db_.in_wal_mode());
    if (wal) {
      // Replaces SQLite's automatic checkpoint (the same 1,000-page
      // threshold, run by the committing connection) with one on another
      // thread: a commit returns once its pages are in the WAL (without
      // background threads, on the committing thread after the commit).
      // The file's full name, as SQLite resolved it: the host may change
      // directory before the first checkpoint.
      checkpointer_ = std::make_unique<sqlite::BackgroundCheckpointer>(
          sqlite3_db_filename(db_.handle(), "main"), options.background_threads);
      sqlite3_wal_hook(db_.handle(), &SqliteStorage::after_wal_commit, checkpointer_.get());
    }
    return success();
  }

  Result<void> transaction(const std::function<Result<void>()>& fn) override {
    std::lock_guard lock(mutex_);
    if (depth_ > 0) return nested(fn);
    return outermost(fn, false);
  }

  Result<void> bulk_transaction(const std::function<Result<void>()>& fn) override {
    std::lock_guard lock(mutex_);
    if (depth_ > 0) return nested(fn);
    return outermost(fn, true);
  }

  // The outermost transaction; `bulk`: writes inside take no savepoints,
  // and any that fails dooms the whole transaction.
  Result<void> outermost(const std::function<Result<void>()>& fn, bool bulk) {
    ONB_TRY(db_.begin_immediate());
    depth_ = 1;
    bulk_ = bulk;
    doomed_ = false;
    Result<void> result;
    try {
      result = fn();
    } catch (...) {
      depth_ = 0;
      bulk_ = false;
      (void)db_.exec_code("ROLLBACK");
      throw;
    }
    depth_ = 0;
    bulk_ = false;
    if (result && doomed_)
      result = Error{Errc::internal, "A write of this bulk change failed, so none of it was saved."};
    if (!result) {
      (void)db_.exec_code("ROLLBACK");
      return result;
    }
    if (const int rc = db_.exec_code("COMMIT"); rc != SQLITE_OK) {
      Error e = db_.error(rc, "commit the transaction");
      (void)db_.exec_code("ROLLBACK");
      return e;
    }
    return success();
  }

  // ---- organizations ----

  Result<void> insert_organization(const Organization& org) override {
    const std::string details = encode_organization_details(org);
    return execute("INSERT INTO organizations (" ONB_ORG_COLUMNS ") VALUES (?1,?2,?3,?4,?5,?6,?7,?8)",
                   "save the organization", [&](Stmt& st) { bind_org(st, org, details); });
  }

  Result<void> update_organization(const Organization& org) override {
    const std::string details = encode_organization_details(org);
    return execute_one(
        "UPDATE organizations SET name=?2, base_url=?3, time_zone=?4, seat_limit=?5, default_office=?6, "
        "details=?7, created_at=?8 WHERE org_id=?1",
        "save the organization", [&](Stmt& st) { bind_org(st, org, details); }, msg::no_organization);
  }

  Result<Organization> get_organization(std::string_view org_id) override {
    return one<Organization>(
        "SELECT " ONB_ORG_COLUMNS " FROM organizations WHERE org_id=?1", "read the organization",
        [&](Stmt& st) { st.text(1, org_id); }, read_org, msg::no_organization);
  }

  Result<std::vector<Organization>> list_organizations() override {
    return many<Organization>(
        "SELECT " ONB_ORG_COLUMNS " FROM organizations ORDER BY org_id", "list the organizations",
        [](Stmt&) {}, read_org);
  }

  // ---- users ----

  Result<void> insert_users(std::span<const User> users) override {
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
      std::vector<std::string> encoded(2 * kUsersPerInsert);  // teams and attributes, alive until the step
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
          encoded[2 * k] = encode_string_list(u.teams);
          encoded[2 * k + 1] = encode_string_map(u.attributes);
          const int base = static_cast<int>(k) * kParamsPerUser;
          st.integer(base + 1, org_no);  // the org_no, where other statements bind the org_id
          bind_user_fields(st, u, encoded[2 * k], encoded[2 * k + 1], base);
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

  // The organization's integer key for the users table. Errors: not_found.
  Result<std::int64_t> find_org_no(std::string_view org_id) {
    return one<std::int64_t>(
        "SELECT org_no FROM organizations WHERE org_id=?1", "read the organization",
        [&](Stmt& st) { st.text(1, org_id); },
        [](const Stmt& st) -> Result<std::int64_t> { return st.col_int(0); }, msg::no_organization);
  }

  Result<void> update_users(std::span<const User> users) override {
    std::lock_guard lock(mutex_);
    return write([&]() -> Result<void> {
      for (const User& u : users) {
        const std::string teams = encode_string_list(u.teams);
        const std::string attributes = encode_string_map(u.attributes);
        ONB_TRY(execute_one(
            "UPDATE users SET " ONB_USER_SET " WHERE " ONB_USER_ORG " AND id=?2", "save the user",
            [&](Stmt& st) { bind_user(st, u, teams, attributes); }, msg::no_user));
      }
      return success();
    });
  }

  Result<User> get_user(std::string_view org_id, std::string_view user_id) override {
    return one<User>(
        "SELECT " ONB_USER_COLUMNS " FROM users WHERE " ONB_USER_ORG " AND id=?2", "read the user",
        [&](Stmt& st) { st.text(1, org_id).text(2, user_id); }, read_user, msg::no_user);
  }

  Result<std::vector<User>> find_users(std::string_view org_id, UserKeyField field,
                                       std::span<const std::string> values) override {
    std::lock_guard lock(mutex_);
    const std::set<std::string_view> distinct(values.begin(), values.end());
    const char* sql = kUserByField[static_cast<int>(field)];
    const bool is_blob = field == UserKeyField::activation_key_hash;
    std::vector<User> out;
    // One snapshot for the whole batch; a point lookup per value keeps raw
    // bytes (key hashes) and any text exact, with no encoding in between.
    ONB_TRY(read_snapshot([&]() -> Result<void> {
      for (std::string_view value : distinct) {
        if (value.empty()) continue;
        ONB_ASSIGN(auto found, many<User>(
                                   sql, "look up users",
                                   [&](Stmt& st) {
                                     st.text(1, org_id);
                                     is_blob ? st.blob(2, value) : st.text(2, value);
                                   },
                                   read_user));
        for (User& u : found) out.push_back(std::move(u));
      }
      return success();
    }));
    std::sort(out.begin(), out.end(), [](const User& a, const User& b) { return a.id < b.id; });
    return out;
  }

  Result<std::vector<User>> list_users(std::string_view org_id, const UserFilter& filter) override {
    const std::string needle = fold_case(filter.text);
    return many<User>(
        "SELECT " ONB_USER_COLUMNS " FROM users WHERE " ONB_USER_ORG
        " AND ((?2 IS NULL AND (?3 OR status<>'deleted')) OR status=?2)"
        " AND (?4='' OR role=?4) AND (?5='' OR office=?5)"
        " AND (?6='' OR EXISTS (SELECT 1 FROM json_each(users.teams) WHERE json_each.value=?6))"
        " AND (?7='' OR onb_text_match(?7, email, first_name, last_name, display_name, username))"
        " AND (?8='' OR registered_via=?8) AND id>?9"
        " ORDER BY id LIMIT ?10",
        "list the users",
        [&](Stmt& st) {
          st.text(1, org_id);
          filter.status ? st.text(2, to_string(*filter.status)) : st.null(2);
          st.integer(3, filter.include_deleted ? 1 : 0).text(4, filter.role).text(5, filter.office);
          st.text(6, filter.team).text(7, needle).text(8, filter.registered_via).text(9, filter.after_id);
          st.integer(10, sql_limit(filter.limit));
        },
        read_user);
  }

  Result<std::int64_t> count_seated_users(std::string_view org_id) override {
    return one<std::int64_t>(
        "SELECT count(*) FROM users WHERE " ONB_USER_ORG
        " AND status<>'deleted' AND status<>'pending_verification'",
        "count the users", [&](Stmt& st) { st.text(1, org_id); },
        [](const Stmt& st) -> Result<std::int64_t> { return st.col_int(0); }, msg::no_user);
  }

  Result<bool> activate_user(const User& activated, std::string_view expected_key_hash) override {
    if (expected_key_hash.empty()) return false;
    User next = activated;
    next.status = UserStatus::active;
    next.activation_key_hash.clear();
    next.activation_key_sealed.clear();
    const std::string teams = encode_string_list(next.teams);
    const std::string attributes = encode_string_map(next.attributes);
    return execute_matched("UPDATE users SET " ONB_USER_SET " WHERE " ONB_USER_ORG
                           " AND id=?2 AND status='pending_activation' AND activation_key_hash=?26",
                           "activate the user", [&](Stmt& st) {
                             bind_user(st, next, teams, attributes);
                             st.blob(26, expected_key_hash);
                           });
  }

  // ---- email confirmations ----

  Result<void> insert_email_confirmation(const EmailConfirmation& c) override {
    std::lock_guard lock(mutex_);
    return write([&]() -> Result<void> {
      ONB_TRY(get_user(c.org_id, c.user_id));
      return execute(
          "INSERT INTO email_confirmations (org_id, user_id, token_hash, created_at, expires_at)"
          " VALUES (?1,?2,?3,?4,?5)",
          "save the email confirmation", [&](Stmt& st) {
            st.text(1, c.org_id).text(2, c.user_id).blob(3, c.token_hash).time(4, c.created_at);
            st.time(5, c.expires_at);
          });
    });
  }

  Result<EmailConfirmation> find_email_confirmation_by_hash(std::string_view org_id,
                                                            std::string_view token_hash) override {
    return one<EmailConfirmation>(
        "SELECT org_id, user_id, token_hash, created_at, expires_at FROM email_confirmations"
        " WHERE org_id=?1 AND token_hash=?2",
        "read the email confirmation", [&](Stmt& st) { st.text(1, org_id).blob(2, token_hash); },
        [](const Stmt& st) -> Result<EmailConfirmation> {
          EmailConfirmation c;
          c.org_id = st.col_text(0);
          c.user_id = st.col_text(1);
          c.token_hash = st.col_blob(2);
          c.created_at = st.col_time(3);
          c.expires_at = st.col_time(4);
          return c;
        },
        msg::no_email_confirmation);
  }

  Result<std::vector<User>> find_unverified_users(std::string_view org_id,
                                                  std::string_view email_key) override {
    if (email_key.empty()) return std::vector<User>{};
    // No ORDER BY: it would make SQLite walk the organization's users in id
    // order instead of using users_unverified_email; the few rows are sorted here.
    ONB_ASSIGN(auto found,
               many<User>(
                   "SELECT " ONB_USER_COLUMNS " FROM users WHERE " ONB_USER_ORG
                   " AND email_key=?2 AND status='pending_verification'",
                   "look up users", [&](Stmt& st) { st.text(1, org_id).text(2, email_key); }, read_user));
    std::sort(found.begin(), found.end(), [](const User& a, const User& b) { return a.id < b.id; });
    return found;
  }

  Result<bool> consume_email_confirmation(std::string_view org_id, std::string_view user_id,
                                          std::string_view token_hash, Timestamp now) override {
    std::lock_guard lock(mutex_);
    return write([&]() -> Result<bool> {
      // The delete is the one-use step: of two confirms, one removes the row.
      ONB_ASSIGN(
          bool removed,
          execute_matched("DELETE FROM email_confirmations WHERE org_id=?1 AND user_id=?2"
                          " AND token_hash=?3 AND expires_at>?4 AND EXISTS (SELECT 1"
                          " FROM users WHERE " ONB_USER_ORG " AND id=?2 AND status='pending_verification')",
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

  // ---- invitations ----

  Result<void> insert_invitation(const Invitation& inv) override {
    return execute("INSERT INTO invitations (" ONB_INVITATION_COLUMNS
                   ") VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16)",
                   "save the invitation", [&](Stmt& st) { bind_invitation(st, inv); });
  }

  Result<void> update_invitation(const Invitation& inv) override {
    return execute_one(
        "UPDATE invitations SET email=?3, email_key=?4, role=?5, team=?6, office=?7, invited_by=?8, "
        "token_hash=?9, token_sealed=?10, created_at=?11, expires_at=?12, state=?13, resend_count=?14, "
        "accepted_at=?15, accepted_user_id=?16 WHERE org_id=?1 AND id=?2",
        "save the invitation", [&](Stmt& st) { bind_invitation(st, inv); }, msg::no_invitation);
  }

  Result<Invitation> get_invitation(std::string_view org_id, std::string_view id) override {
    return one<Invitation>(
        "SELECT " ONB_INVITATION_COLUMNS " FROM invitations WHERE org_id=?1 AND id=?2", "read the invitation",
        [&](Stmt& st) { st.text(1, org_id).text(2, id); }, read_invitation, msg::no_invitation);
  }

  Result<Invitation> find_invitation_by_token_hash(std::string_view org_id,
                                                   std::string_view token_hash) override {
    return one<Invitation>(
        "SELECT " ONB_INVITATION_COLUMNS " FROM invitations WHERE org_id=?1 AND token_hash=?2",
        "read the invitation", [&](Stmt& st) { st.text(1, org_id).blob(2, token_hash); }, read_invitation,
        msg::no_invitation);
  }

  Result<std::vector<Invitation>> list_invitations(std::string_view org_id) override {
    return many<Invitation>(
        "SELECT " ONB_INVITATION_COLUMNS " FROM invitations WHERE org_id=?1 ORDER BY id",
        "list the invitations", [&](Stmt& st) { st.text(1, org_id); }, read_invitation);
  }

  Result<std::vector<Invitation>> find_pending_invitations(std::string_view org_id,
                                                           std::span<const std::string> email_keys) override {
    std::lock_guard lock(mutex_);
    const std::set<std::string_view> distinct(email_keys.begin(), email_keys.end());
    std::vector<Invitation> out;
    ONB_TRY(read_snapshot([&]() -> Result<void> {
      for (std::string_view key : distinct) {
        ONB_ASSIGN(
            auto found,
            many<Invitation>(
                "SELECT " ONB_INVITATION_COLUMNS " FROM invitations WHERE org_id=?1 AND email_key=?2 AND "
                "state='pending'",
                "look up invitations", [&](Stmt& st) { st.text(1, org_id).text(2, key); }, read_invitation));
        for (Invitation& i : found) out.push_back(std::move(i));
      }
      return success();
    }));
    std::sort(out.begin(), out.end(), [](const Invitation& a, const Invitation& b) { return a.id < b.id; });
    return out;
  }

  Result<bool> consume_invitation(std::string_view org_id, std::string_view id, std::string_view token_hash,
                                  Timestamp now, std::string_view accepted_user_id) override {
    return execute_matched(
        "UPDATE invitations SET state='accepted', accepted_at=?4, accepted_user_id=?5"
        " WHERE org_id=?1 AND id=?2 AND state='pending' AND token_hash=?3 AND expires_at>?4",
        "accept the invitation", [&](Stmt& st) {
          st.text(1, org_id).text(2, id).blob(3, token_hash).time(4, now).text(5, accepted_user_id);
        });
  }

  // ---- registration keys ----

  Result<void> insert_registration_key(const RegistrationKey& key) override {
    return execute("INSERT INTO registration_keys (" ONB_KEY_COLUMNS
                   ") VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14)",
                   "save the registration key", [&](Stmt& st) { bind_key(st, key); });
  }

  Result<void> update_registration_key(const RegistrationKey& key) override {
    return execute_one(
        "UPDATE registration_keys SET label=?3, key_hash=?4, key_sealed=?5, role=?6, team=?7, office=?8, "
        "valid_until=?9, max_uses=?10, use_count=?11, revoked=?12, created_by=?13, created_at=?14 "
        "WHERE org_id=?1 AND id=?2",
        "save the registration key", [&](Stmt& st) { bind_key(st, key); }, msg::no_registration_key);
  }

  Result<RegistrationKey> get_registration_key(std::string_view org_id, std::string_view id) override {
    return one<RegistrationKey>(
        "SELECT " ONB_KEY_COLUMNS " FROM registration_keys WHERE org_id=?1 AND id=?2",
        "read the registration key", [&](Stmt& st) { st.text(1, org_id).text(2, id); }, read_key,
        msg::no_registration_key);
  }

  Result<RegistrationKey> find_registration_key_by_hash(std::string_view org_id,
                                                        std::string_view key_hash) override {
    return one<RegistrationKey>(
        "SELECT " ONB_KEY_COLUMNS " FROM registration_keys WHERE org_id=?1 AND key_hash=?2",
        "read the registration key", [&](Stmt& st) { st.text(1, org_id).blob(2, key_hash); }, read_key,
        msg::no_registration_key);
  }

  Result<std::vector<RegistrationKey>> list_registration_keys(std::string_view org_id) override {
    return many<RegistrationKey>(
        "SELECT " ONB_KEY_COLUMNS " FROM registration_keys WHERE org_id=?1 ORDER BY id",
        "list the registration keys", [&](Stmt& st) { st.text(1, org_id); }, read_key);
  }

  Result<bool> use_registration_key(std::string_view org_id, std::string_view id, Timestamp now) override {
    return execute_matched(
        "UPDATE registration_keys SET use_count=use_count+1 WHERE org_id=?1 AND id=?2 AND revoked=0"
        " AND (valid_until IS NULL OR valid_until>?3) AND (max_uses IS NULL OR use_count<max_uses)",
        "use the registration key", [&](Stmt& st) { st.text(1, org_id).text(2, id).time(3, now); });
  }

  // ---- signup links ----

  Result<void> insert_signup_link(const SignupLink& link) override {
    const std::string domains = encode_string_list(link.allowed_domains);
    return execute("INSERT INTO signup_links (" ONB_LINK_COLUMNS
                   ") VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15)",
                   "save the signup link", [&](Stmt& st) { bind_link(st, link, domains); });
  }

  Result<void> update_signup_link(const SignupLink& link) override {
    const std::string domains = encode_string_list(link.allowed_domains);
    return execute_one(
        "UPDATE signup_links SET label=?3, token_hash=?4, token_sealed=?5, role=?6, team=?7, office=?8, "
        "expires_at=?9, max_uses=?10, use_count=?11, allowed_domains=?12, enabled=?13, created_by=?14, "
        "created_at=?15 WHERE org_id=?1 AND id=?2",
        "save the signup link", [&](Stmt& st) { bind_link(st, link, domains); }, msg::no_signup_link);
  }

  Result<SignupLink> get_signup_link(std::string_view org_id, std::string_view id) override {
    return one<SignupLink>(
        "SELECT " ONB_LINK_COLUMNS " FROM signup_links WHERE org_id=?1 AND id=?2", "read the signup link",
        [&](Stmt& st) { st.text(1, org_id).text(2, id); }, read_link, msg::no_signup_link);
  }

  Result<SignupLink> find_signup_link_by_hash(std::string_view org_id, std::string_view token_hash) override {
    return one<SignupLink>(
        "SELECT " ONB_LINK_COLUMNS " FROM signup_links WHERE org_id=?1 AND token_hash=?2",
        "read the signup link", [&](Stmt& st) { st.text(1, org_id).blob(2, token_hash); }, read_link,
        msg::no_signup_link);
  }

  Result<std::vector<SignupLink>> list_signup_links(std::string_view org_id) override {
    return many<SignupLink>(
        "SELECT " ONB_LINK_COLUMNS " FROM signup_links WHERE org_id=?1 ORDER BY id", "list the signup links",
        [&](Stmt& st) { st.text(1, org_id); }, read_link);
  }

  Result<bool> use_signup_link(std::string_view org_id, std::string_view id, Timestamp now) override {
    return execute_matched(
        "UPDATE signup_links SET use_count=use_count+1 WHERE org_id=?1 AND id=?2 AND enabled=1"
        " AND (expires_at IS NULL OR expires_at>?3) AND (max_uses IS NULL OR use_count<max_uses)",
        "use the signup link", [&](Stmt& st) { st.text(1, org_id).text(2, id).time(3, now); });
  }

  // ---- throttle ----

  Result<ThrottleCounter> get_throttle(std::string_view org_id, std::string_view scope) override {
    return one<ThrottleCounter>(
        "SELECT " ONB_THROTTLE_COLUMNS " FROM throttles WHERE org_id=?1 AND scope=?2",
        "read the throttle counter", [&](Stmt& st) { st.text(1, org_id).text(2, scope); }, read_throttle,
        msg::no_throttle);
  }

  Result<void> put_throttle(const ThrottleCounter& c) override {
    return execute("INSERT INTO throttles (" ONB_THROTTLE_COLUMNS
                   ") VALUES (?1,?2,?3,?4,?5) ON CONFLICT (org_id, scope) DO UPDATE SET "
                   "failures=excluded.failures, window_start=excluded.window_start, "
                   "locked_until=excluded.locked_until",
                   "save the throttle counter", [&](Stmt& st) {
                     st.text(1, c.org_id).text(2, c.scope).integer(3, c.failures).time(4, c.window_start);
                     st.time(5, c.locked_until);
                   });
  }

  // BEGIN IMMEDIATE takes the database's write lock before the read, so
  // another connection's update of the same counter waits until this one
  // commits (and the storage's mutex orders this connection's threads).
  Result<ThrottleCounter> update_throttle(std::string_view org_id, std::string_view scope,
                                          const std::function<bool(ThrottleCounter&)>& change) override {
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

  Result<void> enqueue_messages(std::span<const OutboxMessage> messages) override {
    std::lock_guard lock(mutex_);
    return write([&]() -> Result<void> {
      for (const OutboxMessage& m : messages)
        ONB_TRY(execute("INSERT INTO outbox (" ONB_OUTBOX_COLUMNS
                        ") VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)",
                        "queue the message", [&](Stmt& st) { bind_message(st, m); }));
      return success();
    });
  }

  Result<std::vector<OutboxMessage>> list_messages(std::string_view org_id, std::optional<OutboxState> state,
                                                   std::size_t limit) override {
    return many<OutboxMessage>(
        "SELECT " ONB_OUTBOX_COLUMNS
        " FROM outbox WHERE org_id=?1 AND (?2 IS NULL OR state=?2) ORDER BY created_at, id LIMIT ?3",
        "list the messages",
        [&](Stmt& st) {
          st.text(1, org_id);
          state ? st.text(2, to_string(*state)) : st.null(2);
          st.integer(3, sql_limit(limit));
        },
        read_message);
  }

  Result<std::vector<OutboxMessage>> claim_messages(std::string_view org_id, std::size_t limit, Timestamp now,
                                                    Timestamp claimed_until) override {
    std::lock_guard lock(mutex_);
    std::vector<OutboxMessage> out;
    ONB_TRY(write([&]() -> Result<void> {
      ONB_ASSIGN(out,
                 many<OutboxMessage>(
                     "UPDATE outbox SET state='claimed', claimed_until=?4, attempts=attempts+1"
                     " WHERE org_id=?1 AND id IN (SELECT id FROM outbox WHERE org_id=?1 AND"
                     " (state='queued' OR (state='claimed' AND (claimed_until IS NULL OR claimed_until<=?2)))"
                     " ORDER BY created_at, id LIMIT ?3) RETURNING " ONB_OUTBOX_COLUMNS,
                     "claim the messages",
                     [&](Stmt& st) {
                       st.text(1, org_id).time(2, now).integer(3, sql_limit(limit)).time(4, claimed_until);
                     },
                     read_message));
      return success();
    }));
    // RETURNING yields rows in no promised order.
    std::sort(out.begin(), out.end(), [](const OutboxMessage& a, const OutboxMessage& b) {
      return std::tie(a.created_at, a.id) < std::tie(b.created_at, b.id);
    });
    return out;
  }

  Result<bool> ack_message(std::string_view org_id, std::string_view id, Timestamp now) override {
    return execute_matched(
        "UPDATE outbox SET state='sent', sent_at=?3, claimed_until=NULL"
        " WHERE org_id=?1 AND id=?2 AND state='claimed'",
        "acknowledge the message", [&](Stmt& st) { st.text(1, org_id).text(2, id).time(3, now); });
  }

  // ---- audit ----

  Result<void> append_audit(std::span<const AuditEvent> events) override {
    std::lock_guard lock(mutex_);
    return write([&]() -> Result<void> {
      for (const AuditEvent& e : events)
        ONB_TRY(execute("INSERT INTO audit_events (" ONB_AUDIT_COLUMNS ") VALUES (?1,?2,?3,?4,?5,?6,?7)",
                        "record the audit event", [&](Stmt& st) {
                          st.text(1, e.org_id).text(2, e.id).text(3, e.actor).text(4, e.action);
                          st.text(5, e.target).time(6, e.at).text(7, e.details);
                        }));
      return success();
    });
  }

  Result<std::vector<AuditEvent>> list_audit(std::string_view org_id, std::size_t limit) override {
    return many<AuditEvent>(
        "SELECT " ONB_AUDIT_COLUMNS " FROM audit_events WHERE org_id=?1 ORDER BY at DESC, id DESC LIMIT ?2",
        "list the audit events", [&](Stmt& st) { st.text(1, org_id).integer(2, sql_limit(limit)); },
        read_audit);
  }

  // ---- import jobs ----

  Result<void> insert_import_job(const ImportJob& job) override {
    return execute("INSERT INTO import_jobs (" ONB_JOB_COLUMNS
                   ") VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14)",
                   "save the import job", [&](Stmt& st) { bind_job(st, job); });
  }

  // ---- the master key's check ----

  Result<std::optional<std::string>> key_check() override {
    ONB_ASSIGN(auto rows, many<std::string>(
                              "SELECT mac FROM key_check WHERE id=1", "read the master key's check",
                              [](Stmt&) {}, [](Stmt& st) -> Result<std::string> { return st.col_blob(0); }));
    if (rows.empty()) return std::optional<std::string>{};
    return std::optional<std::string>(std::move(rows.front()));
  }

  Result<std::string> install_key_check(std::string_view check) override {
    ONB_TRY(execute("INSERT INTO key_check (id, mac) VALUES (1, ?1) ON CONFLICT (id) DO NOTHING",
                    "store the master key's check", [&](Stmt& st) { st.blob(1, check); }));
    ONB_ASSIGN(auto stored, key_check());
    if (!stored) return Error{Errc::storage, "The master key's check could not be stored."};
    return std::move(*stored);
  }

  Result<std::vector<ImportJob>> list_import_jobs(std::string_view org_id) override {
    return many<ImportJob>(
        "SELECT " ONB_JOB_COLUMNS " FROM import_jobs WHERE org_id=?1 ORDER BY started_at DESC, id DESC",
        "list the import jobs", [&](Stmt& st) { st.text(1, org_id); }, read_job);
  }

  // ---- sealed import credentials ----

  Result<void> store_sealed_credentials(std::span<const SealedCredentials> parts) override {
    std::lock_guard lock(mutex_);
    return write([&]() -> Result<void> {
      for (const SealedCredentials& p : parts)
        ONB_TRY(execute("INSERT INTO import_credentials (" ONB_CREDENTIALS_COLUMNS
                        ") VALUES (?1,?2,?3,?4,?5,?6,?7)",
                        "save the import's sealed credentials", [&](Stmt& st) {
                          st.text(1, p.org_id).text(2, p.job_id).integer(3, p.part).text(4, p.actor);
                          // Not copied: `p` outlives the step (a chunk's blob is ~0.6 MB).
                          st.blob(5, p.sealed, true).time(6, p.created_at).time(7, p.expires_at);
                        }));
      return success();
    });
  }

  Result<std::vector<SealedCredentials>> take_sealed_credentials(std::string_view org_id,
                                                                 std::string_view job_id, Timestamp now,
                                                                 bool contents) override {
    std::lock_guard lock(mutex_);
    // One statement: it deletes and returns the parts at once, so two takes
    // cannot both get them.
    auto taken = write([&] {
      return many<SealedCredentials>(
          contents ? "DELETE FROM import_credentials WHERE org_id=?1 AND job_id=?2 AND expires_at>?3"
                     " RETURNING " ONB_CREDENTIALS_COLUMNS
                   : "DELETE FROM import_credentials WHERE org_id=?1 AND job_id=?2 AND expires_at>?3"
                     " RETURNING " ONB_CREDENTIALS_NO_BLOB,
          "take the import's sealed credentials",
          [&](Stmt& st) { st.text(1, org_id).text(2, job_id).time(3, now); }, read_sealed_credentials);
    });
    if (taken) sort_by_part(*taken);
    return taken;
  }

  Result<std::int64_t> purge_sealed_credentials(std::string_view org_id, Timestamp now) override {
    ONB_ASSIGN(const int n, changes("DELETE FROM import_credentials WHERE org_id=?1 AND expires_at<=?2",
                                    "wipe expired import credentials",
                                    [&](Stmt& st) { st.text(1, org_id).time(2, now); }));
    return static_cast<std::int64_t>(n);
  }

 private:
  // Savepoint for a transaction() inside another: it joins the outer one, and
  // if it fails only its own changes are undone.
  Result<void> nested(const std::function<Result<void>()>& fn) {
    ONB_TRY(db_.exec("SAVEPOINT onb_nested", "start a nested transaction"));
    ++depth_;
    Result<void> result;
    try {
      result = fn();
    } catch (...) {
      --depth_;
      (void)db_.exec_code("ROLLBACK TO onb_nested; RELEASE onb_nested");
      throw;
    }
    --depth_;
    if (!result) {
      (void)db_.exec_code("ROLLBACK TO onb_nested; RELEASE onb_nested");
      return result;
    }
    return db_.exec("RELEASE onb_nested", "finish a nested transaction");
  }

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
  Result<std::vector<T>> many(const char* sql, std::string_view doing, Bind&& bind, Read&& read) {
    std::lock_guard lock(mutex_);
    ONB_ASSIGN(sqlite3_stmt * raw, db_.prepare(sql));
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

  template <class T, class Bind, class Read>
  Result<T> one(const char* sql, std::string_view doing, Bind&& bind, Read&& read, std::string_view missing) {
    ONB_ASSIGN(auto rows, many<T>(sql, doing, std::forward<Bind>(bind), std::forward<Read>(read)));
    if (rows.empty()) return Error{Errc::not_found, std::string(missing)};
    return std::move(rows.front());
  }

  // Runs one write statement; returns how many rows it changed.
  template <class Bind>
  Result<int> changes(const char* sql, std::string_view doing, Bind&& bind) {
    std::lock_guard lock(mutex_);
    return write([&]() -> Result<int> {
      ONB_ASSIGN(sqlite3_stmt * raw, db_.prepare(sql));
      Stmt st(raw);
      bind(st);
      if (const int rc = st.step(); rc != SQLITE_DONE) return db_.error(rc, doing);
      return sqlite3_changes(db_.handle());
    });
  }

  template <class Bind>
  Result<void> execute(const char* sql, std::string_view doing, Bind&& bind) {
    ONB_TRY(changes(sql, doing, std::forward<Bind>(bind)));
    return success();
  }

  // An update of one record by id: not_found with `missing` when no row matched.
  template <class Bind>
  Result<void> execute_one(const char* sql, std::string_view doing, Bind&& bind, std::string_view missing) {
    ONB_ASSIGN(const int n, changes(sql, doing, std::forward<Bind>(bind)));
    if (n != 1) return Error{Errc::not_found, std::string(missing)};
    return success();
  }

  // A conditional update: true when exactly one row met the conditions.
  template <class Bind>
  Result<bool> execute_matched(const char* sql, std::string_view doing, Bind&& bind) {
    ONB_ASSIGN(const int n, changes(sql, doing, std::forward<Bind>(bind)));
    return n == 1;
  }

  // SQLite calls this after each commit with the WAL's length in pages.
  static int after_wal_commit(void* checkpointer, sqlite3*, const char*, int pages) {
    if (pages >= kCheckpointPages) static_cast<sqlite::BackgroundCheckpointer*>(checkpointer)->request();
    return SQLITE_OK;
  }
  static constexpr int kCheckpointPages = 1000;  // SQLite's default for its own

  std::recursive_mutex mutex_;
  Db db_;
  // Declared after db_, so it is closed first and db_'s close removes the WAL.
  std::unique_ptr<sqlite::BackgroundCheckpointer> checkpointer_;
  int depth_ = 0;
  std::string insert_one_sql_, insert_many_sql_;  // made on first use
  bool bulk_ = false;                             // inside bulk_transaction()
  bool doomed_ = false;                           // a write inside the bulk transaction failed
};

}  // namespace

Result<std::unique_ptr<Storage>> open_sqlite_storage(const std::string& path, const StorageOptions& options) {
  auto storage = std::make_unique<SqliteStorage>();
  ONB_TRY(storage->open(path, options));
  return std::unique_ptr<Storage>(std::move(storage));
}

}  // namespace v1
}  // namespace onboard
