// The storage interface. The service layer never sees SQL: it calls these
// operations, batch-shaped where imports need it and atomic where races
// matter. Every operation is scoped to one organization: no call can read or
// change another organization's records.
//
// Backends: memory (tests, embedding without persistence), sqlite (the
// embedded default), postgres (many processes, one database). One
// conformance suite (tests/storage) runs against each.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "onboard/core/error.hpp"
#include "onboard/model/audit_event.hpp"
#include "onboard/model/email_confirmation.hpp"
#include "onboard/model/import_job.hpp"
#include "onboard/model/invitation.hpp"
#include "onboard/model/organization.hpp"
#include "onboard/model/outbox.hpp"
#include "onboard/model/registration_key.hpp"
#include "onboard/model/scim_token.hpp"
#include "onboard/model/sealed_credentials.hpp"
#include "onboard/model/signup_link.hpp"
#include "onboard/model/throttle.hpp"
#include "onboard/model/user.hpp"

namespace onboard {
inline namespace v1 {

// Which unique user field a batch lookup matches on.
enum class UserKeyField { email_key, username_key, external_id, activation_key_hash };

struct UserFilter {
  std::optional<UserStatus> status;
  std::string role;              // exact catalog name; empty = any
  std::string office;            // exact catalog name; empty = any
  std::string team;              // exact catalog name; empty = any
  std::string text;              // case-insensitive substring of email, names, username; empty = any
  std::string registered_via;    // key or link id; empty = any
  bool include_deleted = false;  // when status is not set
  std::string after_id;          // keyset pagination: ids strictly greater (ids sort by creation)
  std::size_t limit = 0;         // 0 = no limit
};

class Storage {
 public:
  virtual ~Storage() = default;

  // Runs `fn` in one write transaction: committed when fn succeeds, rolled back
  // when it returns an error (or throws; the exception propagates). Nested
  // calls join the outer transaction; a nested call that fails undoes only
  // its own writes (a savepoint) and the outer fn decides. On SQLite it is
  // BEGIN IMMEDIATE; contention (SQLITE_BUSY, PostgreSQL 40001) is retried
  // and otherwise reported as Errc::busy.
  //
  // Every single write below is atomic on its own (a batch that fails half-way
  // writes nothing). Inserting a record for an organization that does not
  // exist fails with not_found; updating a record that is not in the given
  // organization fails with not_found. Lists without another stated order
  // come in id (creation) order. A `limit` of 0 means no limit.
  virtual Result<void> transaction(const std::function<Result<void>()>& fn) = 0;

  // transaction() for one large write that is all or nothing, such as a bulk
  // import, whose fn returns the error of any write that fails (everything
  // is then rolled back, as with transaction()). Writes inside it may skip
  // the savepoints that let a failed call undo only itself: a backend that
  // does (SQLite, where a savepoint copies each page a batch touches, about
  // a copy of everything a bulk import writes) rolls the whole transaction
  // back after a failed write even if fn returns success, and returns busy
  // or internal. The default, for the others, is transaction(). Inside
  // another transaction it is a plain nested transaction().
  virtual Result<void> bulk_transaction(const std::function<Result<void>()>& fn) { return transaction(fn); }

  // Organizations.
  virtual Result<void> insert_organization(const Organization& org) = 0;
  virtual Result<void> update_organization(const Organization& org) = 0;
  virtual Result<Organization> get_organization(std::string_view org_id) = 0;
  virtual Result<std::vector<Organization>> list_organizations() = 0;

  // Users. insert_users fails with already_exists (and writes nothing) if a
  // unique key (email_key, username_key, external_id, activation_key_hash,
  // each when non-empty) is taken within the organization.
  virtual Result<void> insert_users(std::span<const User> users) = 0;
  virtual Result<void> update_users(std::span<const User> users) = 0;
  virtual Result<User> get_user(std::string_view org_id, std::string_view user_id) = 0;
  // Users whose `field` equals one of `values` (deleted and
  // pending_verification users excluded; empty values match nothing), in id
  // order. A pending_verification user holds no unique key: inserting or
  // activating someone with the same email is not refused because of them.
  virtual Result<std::vector<User>> find_users(std::string_view org_id, UserKeyField field,
                                               std::span<const std::string> values) = 0;
  virtual Result<std::vector<User>> list_users(std::string_view org_id, const UserFilter& filter) = 0;
  // Users that take a seat (status other than deleted and pending_verification).
  virtual Result<std::int64_t> count_seated_users(std::string_view org_id) = 0;
  // Atomic activation by 29-digit key: sets the user's status to active, the
  // given fields, and clears the key, only if the key hash still matches and
  // the user is pending_activation. Returns false when nothing matched.
  virtual Result<bool> activate_user(const User& activated, std::string_view expected_key_hash) = 0;

  // Invitations.
  virtual Result<void> insert_invitation(const Invitation& inv) = 0;
  // Replaces every mutable field (token, expiry, state, counts) of an existing invitation.
  virtual Result<void> update_invitation(const Invitation& inv) = 0;
  virtual Result<Invitation> get_invitation(std::string_view org_id, std::string_view id) = 0;
  virtual Result<Invitation> find_invitation_by_token_hash(std::string_view org_id,
                                                           std::string_view token_hash) = 0;
  virtual Result<std::vector<Invitation>> list_invitations(std::string_view org_id) = 0;
  // Pending (not accepted, not revoked; expired or not) invitations for these email keys.
  virtual Result<std::vector<Invitation>> find_pending_invitations(
      std::string_view org_id, std::span<const std::string> email_keys) = 0;
  // The one-use consume: pending -> accepted, only if the token hash still
  // matches and expires_at > now. Returns false when no row matched.
  virtual Result<bool> consume_invitation(std::string_view org_id, std::string_view id,
                                          std::string_view token_hash, Timestamp now,
                                          std::string_view accepted_user_id) = 0;

  // 10-digit registration keys.
  virtual Result<void> insert_registration_key(const RegistrationKey& key) = 0;
  virtual Result<void> update_registration_key(const RegistrationKey& key) = 0;
  virtual Result<RegistrationKey> get_registration_key(std::string_view org_id, std::string_view id) = 0;
  virtual Result<RegistrationKey> find_registration_key_by_hash(std::string_view org_id,
                                                                std::string_view key_hash) = 0;
  virtual Result<std::vector<RegistrationKey>> list_registration_keys(std::string_view org_id) = 0;
  // use_count += 1 only if not revoked, valid_until > now (or none) and
  // use_count < max_uses (or none). Returns false when no row matched.
  virtual Result<bool> use_registration_key(std::string_view org_id, std::string_view id, Timestamp now) = 0;

  // Self-registration links.
  virtual Result<void> insert_signup_link(const SignupLink& link) = 0;
  virtual Result<void> update_signup_link(const SignupLink& link) = 0;
  virtual Result<SignupLink> get_signup_link(std::string_view org_id, std::string_view id) = 0;
  virtual Result<SignupLink> find_signup_link_by_hash(std::string_view org_id,
                                                      std::string_view token_hash) = 0;
  virtual Result<std::vector<SignupLink>> list_signup_links(std::string_view org_id) = 0;
  // use_count += 1 only if enabled, expires_at > now (or none) and
  // use_count < max_uses (or none). Returns false when no row matched.
  virtual Result<bool> use_signup_link(std::string_view org_id, std::string_view id, Timestamp now) = 0;

  // Email confirmations of self-registered users (see EmailConfirmation).
  // insert fails with already_exists when the user already has one or the
  // token hash is taken, with not_found when the user is not in the organization.
  virtual Result<void> insert_email_confirmation(const EmailConfirmation& confirmation) = 0;
  virtual Result<EmailConfirmation> find_email_confirmation_by_hash(std::string_view org_id,
                                                                    std::string_view token_hash) = 0;
  // pending_verification users with this email key, in id order.
  virtual Result<std::vector<User>> find_unverified_users(std::string_view org_id,
                                                          std::string_view email_key) = 0;
  // The one-use confirm: only if `user_id` has a confirmation with this token
  // hash that expires after `now` and the user is pending_verification, the
  // confirmation is removed and the user becomes active (activated_at = now).
  // Returns false when nothing matched. Fails with already_exists (nothing
  // changed) when an active user holds the email meanwhile.
  virtual Result<bool> consume_email_confirmation(std::string_view org_id, std::string_view user_id,
                                                  std::string_view token_hash, Timestamp now) = 0;

  // Throttle counters (absent counter = not_found).
  virtual Result<ThrottleCounter> get_throttle(std::string_view org_id, std::string_view scope) = 0;
  virtual Result<void> put_throttle(const ThrottleCounter& counter) = 0;
  // Check-and-count as one step: reads the counter (a fresh one, with no
  // failures and a zero window_start, when there is none), lets `change`
  // edit it, and stores it when `change` returns true; returns the counter
  // as it is afterwards. Calls on one counter, from threads or processes,
  // run one after another (memory: the store's lock; SQLite: BEGIN
  // IMMEDIATE; PostgreSQL: the row locked FOR UPDATE), so no two callers
  // both see a budget's last attempt free. Inside a transaction() it joins
  // it. `change` only computes: it must not call the storage. Errors:
  // not_found for an organization that does not exist.
  virtual Result<ThrottleCounter> update_throttle(std::string_view org_id, std::string_view scope,
                                                  const std::function<bool(ThrottleCounter&)>& change) = 0;

  // Outbox.
  virtual Result<void> enqueue_messages(std::span<const OutboxMessage> messages) = 0;
  // Messages in `state` (or all when nullopt), oldest first.
  virtual Result<std::vector<OutboxMessage>> list_messages(std::string_view org_id,
                                                           std::optional<OutboxState> state,
                                                           std::size_t limit) = 0;
  // Atomically marks up to `limit` messages that are queued, or claimed with a
  // lapsed claim (claimed_until <= now), as claimed until `claimed_until`,
  // increments their attempts and returns them, oldest first.
  virtual Result<std::vector<OutboxMessage>> claim_messages(std::string_view org_id, std::size_t limit,
                                                            Timestamp now, Timestamp claimed_until) = 0;
  // claimed -> sent (sent_at = now), even if the claim lapsed. Returns false
  // when the message is not claimed.
  virtual Result<bool> ack_message(std::string_view org_id, std::string_view id, Timestamp now) = 0;
  // Marks every message to `recipient` (exactly as stored) of one of `kinds`
  // that is queued or claimed (a claim may lapse and hand it out again) as
  // cancelled, with no claim; claim_messages never returns it again and
  // ack_message no longer matches it. Returns how many were cancelled.
  virtual Result<std::int64_t> cancel_messages(std::string_view org_id, std::string_view recipient,
                                               std::span<const std::string> kinds) = 0;

  // Audit (append-only). Listed newest first.
  virtual Result<void> append_audit(std::span<const AuditEvent> events) = 0;
  virtual Result<std::vector<AuditEvent>> list_audit(std::string_view org_id, std::size_t limit) = 0;
  // append_audit numbers each organization's events (AuditEvent::seq) 1, 2,
  // 3… in commit order: an event is visible only after every event with a
  // lower seq of its organization is (memory: the store's lock; SQLite: one
  // writer at a time; PostgreSQL: the organization's audit_sequences row,
  // locked from the append to the commit, so a second writer waits for the
  // first). list_audit_after returns the events with seq > after_seq, in seq
  // order, at most `limit`: a reader resuming after the last seq it saw
  // never skips one (docs/events.md).
  virtual Result<std::vector<AuditEvent>> list_audit_after(std::string_view org_id, std::int64_t after_seq,
                                                           std::size_t limit) = 0;

  // The master key's check value: a MAC of a fixed label under the key (never
  // the key), one per database, so that opening it with another key is
  // noticed. key_check is nullopt until one is installed; install_key_check
  // stores `check` unless one is stored already, and returns the stored one
  // either way (so two processes opening a new database agree).
  virtual Result<std::optional<std::string>> key_check() = 0;
  virtual Result<std::string> install_key_check(std::string_view check) = 0;

  // Import jobs, listed newest first.
  virtual Result<void> insert_import_job(const ImportJob& job) = 0;
  virtual Result<std::vector<ImportJob>> list_import_jobs(std::string_view org_id) = 0;

  // Sealed import credentials (one record per part of a job). store fails
  // with already_exists for a (job_id, part) stored before, and writes
  // nothing. take reads and deletes, atomically, every part of the job that
  // has not expired at `now` (expires_at > now), in part order: a second
  // take, or a concurrent one, gets none. purge deletes the organization's
  // parts that expired at `now` (expires_at <= now) and returns how many.
  // Without `contents`, the parts come back with an empty `sealed` (a
  // discard: a million people's blobs are not read only to be dropped).
  virtual Result<void> store_sealed_credentials(std::span<const SealedCredentials> parts) = 0;
  virtual Result<std::vector<SealedCredentials>> take_sealed_credentials(std::string_view org_id,
                                                                         std::string_view job_id,
                                                                         Timestamp now, bool contents) = 0;
  virtual Result<std::int64_t> purge_sealed_credentials(std::string_view org_id, Timestamp now) = 0;

  // SCIM bearer tokens (src/scim). insert fails with already_exists when the
  // token hash is taken. Listed in id (creation) order; revoked ones too.
  virtual Result<void> insert_scim_token(const ScimToken& token) = 0;
  // Replaces the name, last use and revoked flag.
  virtual Result<void> update_scim_token(const ScimToken& token) = 0;
  virtual Result<ScimToken> get_scim_token(std::string_view org_id, std::string_view id) = 0;
  virtual Result<ScimToken> find_scim_token_by_hash(std::string_view org_id, std::string_view token_hash) = 0;
  virtual Result<std::vector<ScimToken>> list_scim_tokens(std::string_view org_id) = 0;
};

// How a backend runs; the host chooses (Directory::open passes its
// DirectoryOptions on).
struct StorageOptions {
  // true: a backend may keep a thread of its own (SQLite checkpoints its WAL
  // on one, so a large commit returns before the copy). false: it starts no
  // thread at all; SQLite checkpoints on the committing thread after a large
  // commit, so the WAL stays as bounded either way.
  bool background_threads = true;
};

// Opens a backend by URI: "memory:", "sqlite:path/to/file.db" (created if
// missing, migrated to the current schema), "postgresql://…" when built with
// PostgreSQL support. Errors: invalid_input for an unknown scheme, storage
// when the database cannot be opened or migrated.
Result<std::unique_ptr<Storage>> open_storage(std::string_view uri);
Result<std::unique_ptr<Storage>> open_storage(std::string_view uri, const StorageOptions& options);

std::unique_ptr<Storage> make_memory_storage();
Result<std::unique_ptr<Storage>> open_sqlite_storage(const std::string& path);
Result<std::unique_ptr<Storage>> open_sqlite_storage(const std::string& path, const StorageOptions& options);

}  // namespace v1
}  // namespace onboard
