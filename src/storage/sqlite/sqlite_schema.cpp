#include "storage/sqlite/sqlite_schema.hpp"

#include <array>

namespace onboard {
inline namespace v1 {
namespace sqlite {
namespace {

// "onbd": marks the file as ours, so an unrelated SQLite file is refused
// instead of gaining tables.
constexpr std::int64_t kApplicationId = 0x6F6E6264;

// Every table carries org_id and every query filters on it; users, the one
// table with millions of rows, carries the organization's integer org_no
// instead, which keeps 36 bytes of text out of each row and of each index
// entry (docs/performance.md: what it saves a bulk import). Hashes and sealed
// secrets are BLOBs (X'' when absent); instants are INTEGER Unix seconds.
// A released migration never changes: a new need is a new entry.
constexpr std::array<const char*, 9> kMigrations = {
    R"sql(
CREATE TABLE organizations (
  org_no INTEGER PRIMARY KEY,
  org_id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  base_url TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  seat_limit INTEGER,
  default_office TEXT NOT NULL,
  details TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE users (
  org_no INTEGER NOT NULL REFERENCES organizations(org_no),
  id TEXT NOT NULL,
  email TEXT NOT NULL,
  email_key TEXT NOT NULL,
  username TEXT NOT NULL,
  username_key TEXT NOT NULL,
  first_name TEXT NOT NULL,
  last_name TEXT NOT NULL,
  display_name TEXT NOT NULL,
  name_locked INTEGER NOT NULL,
  role TEXT NOT NULL,
  office TEXT NOT NULL,
  teams TEXT NOT NULL,
  external_id TEXT NOT NULL,
  attributes TEXT NOT NULL,
  status TEXT NOT NULL,
  must_change_password INTEGER NOT NULL,
  password_hash TEXT NOT NULL,
  activation_key_hash BLOB NOT NULL,
  activation_key_sealed BLOB NOT NULL,
  registered_via TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  activated_at INTEGER,
  source TEXT NOT NULL,
  created_by TEXT NOT NULL,
  PRIMARY KEY (org_no, id)
);
CREATE UNIQUE INDEX users_email_key ON users(org_no, email_key)
  WHERE email_key <> '' AND status <> 'deleted';
CREATE UNIQUE INDEX users_username_key ON users(org_no, username_key)
  WHERE username_key <> '' AND status <> 'deleted';
CREATE UNIQUE INDEX users_external_id ON users(org_no, external_id)
  WHERE external_id <> '' AND status <> 'deleted';
CREATE UNIQUE INDEX users_activation_key_hash ON users(org_no, activation_key_hash)
  WHERE activation_key_hash <> X'' AND status <> 'deleted';
CREATE INDEX users_registered_via ON users(org_no, registered_via) WHERE registered_via <> '';

CREATE TABLE invitations (
  org_id TEXT NOT NULL REFERENCES organizations(org_id),
  id TEXT NOT NULL,
  email TEXT NOT NULL,
  email_key TEXT NOT NULL,
  role TEXT NOT NULL,
  team TEXT NOT NULL,
  office TEXT NOT NULL,
  invited_by TEXT NOT NULL,
  token_hash BLOB NOT NULL,
  token_sealed BLOB NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  state TEXT NOT NULL,
  resend_count INTEGER NOT NULL,
  accepted_at INTEGER,
  accepted_user_id TEXT NOT NULL,
  PRIMARY KEY (org_id, id)
);
CREATE UNIQUE INDEX invitations_token_hash ON invitations(org_id, token_hash);
CREATE INDEX invitations_pending ON invitations(org_id, email_key) WHERE state = 'pending';

CREATE TABLE registration_keys (
  org_id TEXT NOT NULL REFERENCES organizations(org_id),
  id TEXT NOT NULL,
  label TEXT NOT NULL,
  key_hash BLOB NOT NULL,
  key_sealed BLOB NOT NULL,
  role TEXT NOT NULL,
  team TEXT NOT NULL,
  office TEXT NOT NULL,
  valid_until INTEGER,
  max_uses INTEGER,
  use_count INTEGER NOT NULL,
  revoked INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (org_id, id)
);
CREATE UNIQUE INDEX registration_keys_key_hash ON registration_keys(org_id, key_hash);

CREATE TABLE signup_links (
  org_id TEXT NOT NULL REFERENCES organizations(org_id),
  id TEXT NOT NULL,
  label TEXT NOT NULL,
  token_hash BLOB NOT NULL,
  token_sealed BLOB NOT NULL,
  role TEXT NOT NULL,
  team TEXT NOT NULL,
  office TEXT NOT NULL,
  expires_at INTEGER,
  max_uses INTEGER,
  use_count INTEGER NOT NULL,
  allowed_domains TEXT NOT NULL,
  enabled INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (org_id, id)
);
CREATE UNIQUE INDEX signup_links_token_hash ON signup_links(org_id, token_hash);

CREATE TABLE throttles (
  org_id TEXT NOT NULL REFERENCES organizations(org_id),
  scope TEXT NOT NULL,
  failures INTEGER NOT NULL,
  window_start INTEGER NOT NULL,
  locked_until INTEGER,
  PRIMARY KEY (org_id, scope)
);

CREATE TABLE outbox (
  org_id TEXT NOT NULL REFERENCES organizations(org_id),
  id TEXT NOT NULL,
  kind TEXT NOT NULL,
  recipient TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  secret_sealed BLOB NOT NULL,
  created_at INTEGER NOT NULL,
  state TEXT NOT NULL,
  claimed_until INTEGER,
  attempts INTEGER NOT NULL,
  sent_at INTEGER,
  PRIMARY KEY (org_id, id)
);
CREATE INDEX outbox_by_state ON outbox(org_id, state, created_at, id);

CREATE TABLE audit_events (
  org_id TEXT NOT NULL REFERENCES organizations(org_id),
  id TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  at INTEGER NOT NULL,
  details TEXT NOT NULL,
  PRIMARY KEY (org_id, id)
);
CREATE INDEX audit_events_by_time ON audit_events(org_id, at, id);

CREATE TABLE import_jobs (
  org_id TEXT NOT NULL REFERENCES organizations(org_id),
  id TEXT NOT NULL,
  actor TEXT NOT NULL,
  file_name TEXT NOT NULL,
  file_digest TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  finished_at INTEGER NOT NULL,
  rows INTEGER NOT NULL,
  created INTEGER NOT NULL,
  updated INTEGER NOT NULL,
  skipped INTEGER NOT NULL,
  errors INTEGER NOT NULL,
  committed INTEGER NOT NULL,
  report TEXT NOT NULL,
  PRIMARY KEY (org_id, id)
);
)sql",
    // 2: self-registration proven by the mailbox. A pending_verification user
    // holds no email (the unique index skips them; their own index finds the
    // claims to replace); their confirmation is a row of email_confirmations.
    R"sql(
DROP INDEX users_email_key;
CREATE UNIQUE INDEX users_email_key ON users(org_no, email_key)
  WHERE email_key <> '' AND status <> 'deleted' AND status <> 'pending_verification';
CREATE INDEX users_unverified_email ON users(org_no, email_key) WHERE status = 'pending_verification';
CREATE TABLE email_confirmations (
  org_id TEXT NOT NULL REFERENCES organizations(org_id),
  user_id TEXT NOT NULL,
  token_hash BLOB NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  PRIMARY KEY (org_id, user_id)
);
CREATE UNIQUE INDEX email_confirmations_token_hash ON email_confirmations(org_id, token_hash);
)sql",
    // 3: the master key's check value (one row: a MAC under the key, never the key).
    R"sql(
CREATE TABLE key_check (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  mac BLOB NOT NULL
);
)sql",
    // 4: an import's generated credentials, sealed, until handed out or expired.
    R"sql(
CREATE TABLE import_credentials (
  org_id TEXT NOT NULL REFERENCES organizations(org_id),
  job_id TEXT NOT NULL,
  part INTEGER NOT NULL,
  actor TEXT NOT NULL,
  sealed BLOB NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  PRIMARY KEY (org_id, job_id, part)
);
CREATE INDEX import_credentials_by_expiry ON import_credentials(org_id, expires_at);
)sql",
    // 5: invitations no longer keep a sealed copy of their token (it was
    // never set).
    // DROP COLUMN needs SQLite 3.35, as RETURNING does.
    R"sql(
ALTER TABLE invitations DROP COLUMN token_sealed;
)sql",
    // 6: mails in the organization's language: an invitation keeps the
    // locale it was sent in (resends use it), and a message has an HTML body.
    R"sql(
ALTER TABLE invitations ADD COLUMN locale TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN html_body TEXT NOT NULL DEFAULT '';
)sql",
    // 7: the event feed: each organization's audit events numbered 1, 2, 3…
    // in commit order (SQLite has one writer at a time); events already
    // stored are numbered in time order.
    R"sql(
ALTER TABLE audit_events ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
UPDATE audit_events SET seq = numbered.n FROM (
  SELECT org_id, id, ROW_NUMBER() OVER (PARTITION BY org_id ORDER BY at, id) AS n FROM audit_events
) AS numbered WHERE numbered.org_id = audit_events.org_id AND numbered.id = audit_events.id;
CREATE UNIQUE INDEX audit_events_by_seq ON audit_events(org_id, seq);
)sql",
    // 8: SCIM bearer tokens (src/scim), stored as their keyed hash.
    R"sql(
CREATE TABLE scim_tokens (
  org_id TEXT NOT NULL REFERENCES organizations(org_id),
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  token_hash BLOB NOT NULL,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER,
  revoked INTEGER NOT NULL,
  PRIMARY KEY (org_id, id)
);
CREATE UNIQUE INDEX scim_tokens_token_hash ON scim_tokens(org_id, token_hash);
)sql",
    // 9: the event feed's invitation.expired: when it was written for an
    // invitation's current expiry (Directory::note_expired_invitations); a
    // resend clears it.
    R"sql(
ALTER TABLE invitations ADD COLUMN expired_noted_at INTEGER;
)sql",
};

Error not_ours(const std::string& path) {
  return Error{Errc::storage, "The file " + path + " is not an onboard database."};
}

// Reads a single-integer pragma or query; SQLITE_NOTADB becomes not_ours.
Result<std::int64_t> read_integer(Db& db, const char* sql, const std::string& path) {
  sqlite3_stmt* raw = nullptr;
  int rc = sqlite3_prepare_v2(db.handle(), sql, -1, &raw, nullptr);
  if (rc == SQLITE_OK) {
    rc = sqlite3_step(raw);
    const std::int64_t v = rc == SQLITE_ROW ? sqlite3_column_int64(raw, 0) : 0;
    sqlite3_finalize(raw);
    if (rc == SQLITE_ROW) return v;
  }
  if ((rc & 0xFF) == SQLITE_NOTADB) return not_ours(path);
  return db.error(rc, "read the database header");
}

}  // namespace

int current_schema_version() noexcept { return static_cast<int>(kMigrations.size()); }

Result<void> prepare_database(Db& db, const std::string& path) {
  sqlite3_busy_timeout(db.handle(), 5000);
  ONB_ASSIGN(const std::int64_t app_id, read_integer(db, "PRAGMA application_id", path));
  ONB_ASSIGN(const std::int64_t version, read_integer(db, "PRAGMA user_version", path));
  ONB_ASSIGN(const std::int64_t objects, read_integer(db, "SELECT count(*) FROM sqlite_schema", path));
  const bool fresh = app_id == 0 && version == 0 && objects == 0;
  if (!fresh && app_id != kApplicationId) return not_ours(path);
  if (version > current_schema_version())
    return Error{Errc::storage, "The database " + path + " was written by a newer version of onboard."};

  // WAL: readers never block the writer. NORMAL: a commit survives a crash of
  // the process (not of the machine) without an fsync per commit. A 32 MiB
  // page cache (allocated as used) keeps a bulk import's index pages in
  // memory instead of spilling them mid-transaction. temp_store=MEMORY: the
  // statement journal of a multi-row insert (a few pages) stays in memory
  // instead of going through a temporary file. page_size (which only a new,
  // empty database takes): 16 KiB pages make a bulk import's B-trees a level
  // shallower and cost SQLite less CPU per row than 4 KiB (docs/performance.md).
  ONB_TRY(
      db.exec("PRAGMA page_size=16384; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
              "PRAGMA foreign_keys=ON; PRAGMA cache_size=-32768; PRAGMA temp_store=MEMORY;",
              "configure the connection"));

  for (int next = static_cast<int>(version); next < current_schema_version(); ++next) {
    ONB_TRY(db.begin_immediate());
    // Another connection may have migrated while this one waited for the lock.
    auto applied = read_integer(db, "PRAGMA user_version", path);
    Result<void> step = success();
    if (!applied) {
      step = std::move(applied).error();
    } else if (*applied <= next) {
      step = db.exec(kMigrations[static_cast<std::size_t>(next)], "upgrade the schema");
      if (step) {
        const std::string stamp = "PRAGMA application_id=" + std::to_string(kApplicationId) +
                                  "; PRAGMA user_version=" + std::to_string(next + 1) + ";";
        step = db.exec(stamp.c_str(), "record the schema version");
      }
    }
    if (!step) {
      (void)db.exec_code("ROLLBACK");
      return step;
    }
    ONB_TRY(db.exec("COMMIT", "upgrade the schema"));
  }
  return success();
}

}  // namespace sqlite
}  // namespace v1
}  // namespace onboard
