#if ONBOARD_HAVE_POSTGRES
#include "storage/postgres/pg_schema.hpp"

#include <array>
#include <string>

namespace onboard {
inline namespace v1 {
namespace pg {
namespace {

// "onbd": the advisory lock every onboard process takes to migrate.
constexpr const char* kLockSql = "SELECT pg_advisory_xact_lock(1869505124)";

// Every table carries org_id and every query filters on it. Hashes and sealed
// secrets are bytea ('' when absent), instants timestamptz, lists and maps
// jsonb. The unique indexes are partial exactly as in SQLite, and their names
// are the ones pg_connection.cpp turns into sentences. A released migration
// never changes: a new need is a new entry.
constexpr std::array<const char*, 9> kMigrations = {
    R"sql(
CREATE TABLE organizations (
  org_id text NOT NULL PRIMARY KEY,
  name text NOT NULL,
  base_url text NOT NULL,
  time_zone text NOT NULL,
  seat_limit bigint,
  default_office text NOT NULL,
  details jsonb NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE TABLE users (
  org_id text NOT NULL REFERENCES organizations(org_id),
  id text NOT NULL,
  email text NOT NULL,
  email_key text NOT NULL,
  username text NOT NULL,
  username_key text NOT NULL,
  first_name text NOT NULL,
  last_name text NOT NULL,
  display_name text NOT NULL,
  name_locked boolean NOT NULL,
  role text NOT NULL,
  office text NOT NULL,
  teams jsonb NOT NULL,
  external_id text NOT NULL,
  attributes jsonb NOT NULL,
  status text NOT NULL,
  must_change_password boolean NOT NULL,
  password_hash text NOT NULL,
  activation_key_hash bytea NOT NULL,
  activation_key_sealed bytea NOT NULL,
  registered_via text NOT NULL,
  created_at timestamptz NOT NULL,
  activated_at timestamptz,
  source text NOT NULL,
  created_by text NOT NULL,
  CONSTRAINT users_pkey PRIMARY KEY (org_id, id)
);
CREATE UNIQUE INDEX users_email_key ON users(org_id, email_key)
  WHERE email_key <> '' AND status <> 'deleted';
CREATE UNIQUE INDEX users_username_key ON users(org_id, username_key)
  WHERE username_key <> '' AND status <> 'deleted';
CREATE UNIQUE INDEX users_external_id ON users(org_id, external_id)
  WHERE external_id <> '' AND status <> 'deleted';
CREATE UNIQUE INDEX users_activation_key_hash ON users(org_id, activation_key_hash)
  WHERE activation_key_hash <> ''::bytea AND status <> 'deleted';
CREATE INDEX users_registered_via ON users(org_id, registered_via) WHERE registered_via <> '';

CREATE TABLE invitations (
  org_id text NOT NULL REFERENCES organizations(org_id),
  id text NOT NULL,
  email text NOT NULL,
  email_key text NOT NULL,
  role text NOT NULL,
  team text NOT NULL,
  office text NOT NULL,
  invited_by text NOT NULL,
  token_hash bytea NOT NULL,
  token_sealed bytea NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  state text NOT NULL,
  resend_count bigint NOT NULL,
  accepted_at timestamptz,
  accepted_user_id text NOT NULL,
  PRIMARY KEY (org_id, id)
);
CREATE UNIQUE INDEX invitations_token_hash ON invitations(org_id, token_hash);
CREATE INDEX invitations_pending ON invitations(org_id, email_key) WHERE state = 'pending';

CREATE TABLE registration_keys (
  org_id text NOT NULL REFERENCES organizations(org_id),
  id text NOT NULL,
  label text NOT NULL,
  key_hash bytea NOT NULL,
  key_sealed bytea NOT NULL,
  role text NOT NULL,
  team text NOT NULL,
  office text NOT NULL,
  valid_until timestamptz,
  max_uses bigint,
  use_count bigint NOT NULL,
  revoked boolean NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (org_id, id)
);
CREATE UNIQUE INDEX registration_keys_key_hash ON registration_keys(org_id, key_hash);

CREATE TABLE signup_links (
  org_id text NOT NULL REFERENCES organizations(org_id),
  id text NOT NULL,
  label text NOT NULL,
  token_hash bytea NOT NULL,
  token_sealed bytea NOT NULL,
  role text NOT NULL,
  team text NOT NULL,
  office text NOT NULL,
  expires_at timestamptz,
  max_uses bigint,
  use_count bigint NOT NULL,
  allowed_domains jsonb NOT NULL,
  enabled boolean NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (org_id, id)
);
CREATE UNIQUE INDEX signup_links_token_hash ON signup_links(org_id, token_hash);

CREATE TABLE throttles (
  org_id text NOT NULL REFERENCES organizations(org_id),
  scope text NOT NULL,
  failures bigint NOT NULL,
  window_start timestamptz NOT NULL,
  locked_until timestamptz,
  PRIMARY KEY (org_id, scope)
);

CREATE TABLE outbox (
  org_id text NOT NULL REFERENCES organizations(org_id),
  id text NOT NULL,
  kind text NOT NULL,
  recipient text NOT NULL,
  subject text NOT NULL,
  body text NOT NULL,
  secret_sealed bytea NOT NULL,
  created_at timestamptz NOT NULL,
  state text NOT NULL,
  claimed_until timestamptz,
  attempts bigint NOT NULL,
  sent_at timestamptz,
  PRIMARY KEY (org_id, id)
);
CREATE INDEX outbox_by_state ON outbox(org_id, state, created_at, id);

CREATE TABLE audit_events (
  org_id text NOT NULL REFERENCES organizations(org_id),
  id text NOT NULL,
  actor text NOT NULL,
  action text NOT NULL,
  target text NOT NULL,
  at timestamptz NOT NULL,
  details text NOT NULL,
  PRIMARY KEY (org_id, id)
);
CREATE INDEX audit_events_by_time ON audit_events(org_id, at, id);

CREATE TABLE import_jobs (
  org_id text NOT NULL REFERENCES organizations(org_id),
  id text NOT NULL,
  actor text NOT NULL,
  file_name text NOT NULL,
  file_digest text NOT NULL,
  started_at timestamptz NOT NULL,
  finished_at timestamptz NOT NULL,
  rows bigint NOT NULL,
  created bigint NOT NULL,
  updated bigint NOT NULL,
  skipped bigint NOT NULL,
  errors bigint NOT NULL,
  committed boolean NOT NULL,
  report text NOT NULL,
  PRIMARY KEY (org_id, id)
);
)sql",
    // 2: self-registration proven by the mailbox. A pending_verification user
    // holds no email (the unique index skips them; their own index finds the
    // claims to replace); their confirmation is a row of email_confirmations.
    R"sql(
DROP INDEX users_email_key;
CREATE UNIQUE INDEX users_email_key ON users(org_id, email_key)
  WHERE email_key <> '' AND status <> 'deleted' AND status <> 'pending_verification';
CREATE INDEX users_unverified_email ON users(org_id, email_key) WHERE status = 'pending_verification';
CREATE TABLE email_confirmations (
  org_id text NOT NULL REFERENCES organizations(org_id),
  user_id text NOT NULL,
  token_hash bytea NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  CONSTRAINT email_confirmations_pkey PRIMARY KEY (org_id, user_id)
);
CREATE UNIQUE INDEX email_confirmations_token_hash ON email_confirmations(org_id, token_hash);
)sql",
    // 3: the master key's check value (one row: a MAC under the key, never the key).
    R"sql(
CREATE TABLE key_check (
  id integer PRIMARY KEY CHECK (id = 1),
  mac bytea NOT NULL
);
)sql",
    // 4: an import's generated credentials, sealed, until handed out or expired.
    R"sql(
CREATE TABLE import_credentials (
  org_id text NOT NULL REFERENCES organizations(org_id),
  job_id text NOT NULL,
  part bigint NOT NULL,
  actor text NOT NULL,
  sealed bytea NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (org_id, job_id, part)
);
CREATE INDEX import_credentials_by_expiry ON import_credentials(org_id, expires_at);
)sql",
    // 5: invitations no longer keep a sealed copy of their token (it was
    // never set).
    R"sql(
ALTER TABLE invitations DROP COLUMN token_sealed;
)sql",
    // 6: mails in the organization's language: an invitation keeps the
    // locale it was sent in (resends use it), and a message has an HTML body.
    R"sql(
ALTER TABLE invitations ADD COLUMN locale text NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN html_body text NOT NULL DEFAULT '';
)sql",
    // 7: the event feed: each organization's audit events numbered 1, 2, 3…
    // in commit order. audit_sequences holds each organization's last
    // number; an append updates its row, which stays locked until the
    // transaction ends, so a second writer gets the next numbers only after
    // the first committed (or rolled back): no reader sees N+1 before N.
    // Events already stored are numbered in time order.
    R"sql(
ALTER TABLE audit_events ADD COLUMN seq bigint NOT NULL DEFAULT 0;
UPDATE audit_events SET seq = numbered.n FROM (
  SELECT org_id, id, row_number() OVER (PARTITION BY org_id ORDER BY at, id) AS n FROM audit_events
) AS numbered WHERE numbered.org_id = audit_events.org_id AND numbered.id = audit_events.id;
CREATE UNIQUE INDEX audit_events_by_seq ON audit_events(org_id, seq);
CREATE TABLE audit_sequences (
  org_id text NOT NULL PRIMARY KEY REFERENCES organizations(org_id),
  last_seq bigint NOT NULL
);
INSERT INTO audit_sequences (org_id, last_seq) SELECT org_id, max(seq) FROM audit_events GROUP BY org_id;
)sql",
    // 8: SCIM bearer tokens (src/scim), stored as their keyed hash.
    R"sql(
CREATE TABLE scim_tokens (
  org_id text NOT NULL REFERENCES organizations(org_id),
  id text NOT NULL,
  name text NOT NULL,
  token_hash bytea NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  last_used_at timestamptz,
  revoked boolean NOT NULL,
  PRIMARY KEY (org_id, id)
);
CREATE UNIQUE INDEX scim_tokens_token_hash ON scim_tokens(org_id, token_hash);
)sql",
    // 9: the event feed's invitation.expired: when it was written for an
    // invitation's current expiry (Directory::note_expired_invitations); a
    // resend clears it.
    R"sql(
ALTER TABLE invitations ADD COLUMN expired_noted_at timestamptz;
)sql",
};

Result<void> migrate_locked(Connection& db) {
  ONB_TRY(db.exec(kLockSql, "wait for other processes to finish upgrading the schema"));
  ONB_TRY(
      db.exec("CREATE TABLE IF NOT EXISTS schema_migrations ("
              "version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
              "create the schema_migrations table"));
  ONB_ASSIGN(const Rows applied, db.run("SELECT coalesce(max(version), 0)::bigint FROM schema_migrations",
                                        Params{}, "read the schema version"));
  const std::int64_t version = applied[0].integer(0);
  if (version > current_schema_version())
    return Error{Errc::storage, "The PostgreSQL database was written by a newer version of onboard."};
  for (auto next = version; next < current_schema_version(); ++next) {
    ONB_TRY(db.exec(kMigrations[static_cast<std::size_t>(next)], "upgrade the schema"));
    ONB_TRY(db.run("INSERT INTO schema_migrations (version) VALUES ($1)", Params{}.integer(next + 1),
                   "record the schema version"));
  }
  return success();
}

}  // namespace

int current_schema_version() noexcept { return static_cast<int>(kMigrations.size()); }

Result<void> migrate(Connection& db) {
  ONB_TRY(db.exec("BEGIN", "start upgrading the schema"));
  auto migrated = migrate_locked(db);
  if (!migrated) {
    (void)db.exec("ROLLBACK", "abandon the schema upgrade");
    return migrated;
  }
  return db.exec("COMMIT", "upgrade the schema");
}

}  // namespace pg
}  // namespace v1
}  // namespace onboard
#endif
