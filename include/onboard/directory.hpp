// The Directory: onboard's use cases over one storage, one keyring and one
// clock. A host creates one Directory per process and may share it between
// threads (every call is independent; the storage serializes writes).
//
// Every call is scoped to one organization. Calls made by a person of the
// organization take an Actor; the Directory looks the actor up and checks
// their permission and rank. Calls a host makes on behalf of someone who is
// not yet a member (accepting an invitation, redeeming a key) take the
// organization id and the secret.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "onboard/core/clock.hpp"
#include "onboard/core/error.hpp"
#include "onboard/events.hpp"
#include "onboard/import/users_export.hpp"
#include "onboard/model/audit_event.hpp"
#include "onboard/model/invitation.hpp"
#include "onboard/model/organization.hpp"
#include "onboard/model/outbox.hpp"
#include "onboard/model/user.hpp"
#include "onboard/secrets/keyring.hpp"
#include "onboard/storage/storage.hpp"

namespace onboard {
inline namespace v1 {

// Who is acting: a member of an organization.
struct Actor {
  std::string org_id;
  std::string user_id;
};

// An actor looked up: their organization, their record and their role.
struct ActorContext {
  Organization org;
  User user;
  Role role;
};

struct NewOrganization {
  std::string name;
  std::string base_url = "https://onboard.invalid";
  std::string time_zone = "UTC";
  std::string role_preset = "workspace";  // "workspace" or "it"
  std::vector<std::string> offices;       // empty: {"HQ"}
  std::string default_office;             // empty: the first office
  std::vector<std::string> teams;
  std::optional<std::int64_t> seat_limit;
  std::string admin_email;
  std::string admin_name;
  std::string admin_password;  // empty: one is generated and returned once
};

struct CreatedOrganization {
  Organization organization;
  User admin;
  std::string generated_password;  // set only when the password was generated; shown once
};

struct InviteRequest {
  std::string email;
  std::string role;    // empty: the catalog's default role
  std::string team;    // optional
  std::string office;  // empty: the organization's default office
};

// An invitation with its secret: the token and link exist only in this value.
struct IssuedInvitation {
  Invitation invitation;
  std::string token;
  std::string link;
};

struct AcceptRequest {
  std::string token;
  std::string name;      // full name; split into first and last
  std::string password;  // as typed
};

// A message ready to send: the body with its secret filled in.
struct ClaimedMessage {
  OutboxMessage message;
  std::string body;
  std::string html;  // the HTML body, secrets filled in; empty when the message has none
};

// A change to an organization (`onboard org set`): only what is set changes.
// Catalog edits apply in the order add, rename, remove; names match the
// catalog as typed (trimmed, case-insensitive).
struct OrganizationChange {
  std::optional<std::optional<std::int64_t>> seat_limit;  // set to nullopt: unlimited
  std::optional<std::chrono::seconds> invitation_ttl;
  std::vector<std::string> add_teams;
  std::vector<std::pair<std::string, std::string>> rename_teams;  // {old, new}
  std::vector<std::string> remove_teams;
  std::vector<std::string> add_offices;
  std::vector<std::pair<std::string, std::string>> rename_offices;
  std::vector<std::string> remove_offices;
  std::optional<std::string> default_office;
  std::optional<std::string> time_zone;
  std::optional<std::size_t> password_min_length;
  std::optional<std::string> locale;
  std::optional<bool> pending_hold_seats;
};

// Who holds the organization's seats.
struct SeatUsage {
  std::optional<std::int64_t> limit;     // nullopt: unlimited
  std::int64_t used = 0;                 // active and suspended members
  std::int64_t not_activated = 0;        // pre-created or imported, not activated yet
  std::int64_t pending_invitations = 0;  // sent, not accepted, revoked or expired
  bool pending_hold_seats = true;        // OrgSettings::pending_hold_seats
  // The seats the two above hold: both when pending_hold_seats, else none.
  std::int64_t reserved = 0;
  std::optional<std::int64_t> free;  // limit - used - reserved, at least 0; nullopt: unlimited
};

// How a Directory runs; the host chooses.
struct DirectoryOptions {
  // The threads one call may keep busy at once, the caller's included.
  // 1: onboard starts no thread at all (no background checkpoint, no second
  // core for an import: everything runs on the calling thread). 0: the
  // default, kDefaultThreads. An import may lower it per call
  // (ImportOptions::threads).
  unsigned threads = 0;
  std::shared_ptr<const Clock> clock;  // null: the system clock
};
// The threads a Directory uses when DirectoryOptions::threads is 0: the
// machine's cores, at least 1 and at most 4 (no stage of onboard gains from
// more; docs/performance.md).
unsigned default_threads() noexcept;

class Directory {
 public:
  Directory(std::shared_ptr<Storage> storage, Keyring keyring, std::shared_ptr<const Clock> clock);
  Directory(std::shared_ptr<Storage> storage, Keyring keyring, const DirectoryOptions& options);
  // Opens the storage at `uri` (see open_storage) with the system clock
  // unless one is given, and checks the key: the store keeps the key's check
  // value (Keyring::check_value, installed by the first open), and a store
  // sealed with another key is refused rather than read as "not valid"
  // everywhere. Errors: those of open_storage; storage for another key.
  static Result<std::unique_ptr<Directory>> open(std::string_view uri, Keyring keyring,
                                                 std::shared_ptr<const Clock> clock = nullptr);
  // As open, with the master key in `key_file` (64 hex digits, mode 0600).
  // The key file is created only for a store that holds nothing yet; for a
  // store that has an organization or a key check, a missing key file is an
  // error (storage), never a new key that would leave every secret unreadable.
  static Result<std::unique_ptr<Directory>> open_with_key_file(std::string_view uri,
                                                               const std::string& key_file,
                                                               std::shared_ptr<const Clock> clock = nullptr);
  // The same, with the host's options (threads, clock).
  static Result<std::unique_ptr<Directory>> open(std::string_view uri, Keyring keyring,
                                                 const DirectoryOptions& options);
  static Result<std::unique_ptr<Directory>> open_with_key_file(std::string_view uri,
                                                               const std::string& key_file,
                                                               const DirectoryOptions& options);

  Directory(const Directory&) = delete;
  Directory& operator=(const Directory&) = delete;

  // --- organizations ---
  // Creates an organization, its catalogs and its first administrator (the
  // highest role of the preset). Errors: invalid_input, weak_password.
  Result<CreatedOrganization> create_organization(const NewOrganization& request);
  Result<Organization> organization(std::string_view org_id);
  Result<std::vector<Organization>> organizations();
  // Replaces the settings (TTL, password policy, import limits, throttle),
  // base URL, time zone and seat limit. Needs manage_users.
  // Also takes the offices, teams, default office, locale and
  // pending_hold_seats of `changed`: entries added, entries removed (refused
  // while in use, as change_organization).
  Result<Organization> update_organization(const Actor& actor, const Organization& changed);
  // Applies `change` (`onboard org set`) as one transaction and audits it
  // with the values before and after. Renaming a team or office renames it
  // for every person, pending invitation, registration key and sign-up link
  // that has it. Removing one in use is refused, naming who uses it; the
  // default office cannot be removed. Needs manage_users. Errors:
  // permission_denied, invalid_input, already_exists (a rename onto another
  // entry), limit_exceeded (a seat limit below the seats taken).
  Result<Organization> change_organization(const Actor& actor, const OrganizationChange& change);
  // Seats used, reserved and free. Needs invite_users.
  Result<SeatUsage> seat_usage(const Actor& actor);
  // The same for the host (no actor), e.g. for check_seats.
  Result<SeatUsage> seats_of(const Organization& org);

  // --- invitations ---
  // Invites `email` with a role no higher than the actor's own. Needs
  // invite_users. Queues the invitation message; the token is returned once.
  // Errors: permission_denied, invalid_input, already_exists (member or
  // pending invitation), limit_exceeded (no seat left).
  Result<IssuedInvitation> invite(const Actor& actor, const InviteRequest& request);
  // Reads an invitation by its token without using it, to render an accept
  // page: safe for mail scanners that fetch links. Errors: invalid_input,
  // not_found (unknown or replaced link), expired, already_used, revoked.
  Result<Invitation> inspect_invitation(std::string_view org_id, std::string_view token);
  // Uses the invitation once: creates an active user with the invited email,
  // role, team and office. Errors as inspect_invitation, plus weak_password,
  // already_exists (the email became a member meanwhile), limit_exceeded.
  Result<User> accept_invitation(std::string_view org_id, const AcceptRequest& request);
  // A new token and expiry; the old link stops working. Errors: not_found,
  // already_used, revoked, permission_denied.
  Result<IssuedInvitation> resend_invitation(const Actor& actor, std::string_view invitation_id);
  Result<Invitation> revoke_invitation(const Actor& actor, std::string_view invitation_id);
  // Every invitation of the organization, newest first. Needs invite_users.
  Result<std::vector<Invitation>> list_invitations(const Actor& actor);
  // Those with this status now (nullopt: every one), newest first.
  Result<std::vector<Invitation>> list_invitations(const Actor& actor,
                                                   std::optional<InvitationStatus> status);

  // --- sign-in ---
  // Checks an email or a username (`email` may be either: looked up as an
  // email, then as a username) and a password. Errors: authentication_failed
  // (same answer for an unknown email or username and a wrong password),
  // must_change_password
  // (the password is right but must be replaced first: call change_password),
  // permission_denied (suspended), throttled. Rehashes when the policy's
  // cost rose.
  //
  // Throttled (docs/ways-in.md): per account, at most
  // OrgSettings::throttle.per_source_max_failures (≤ 100, NIST SP 800-63B
  // 5.2.2) consecutive failures, then a lock that doubles with each further
  // failure; per `source` (the client's IP address or device id; only its
  // keyed hash is stored) the same; and while the organization's hourly
  // budget is spent, sources with failures slow down. Checked before the
  // password, so a throttled answer (Errc::throttled, saying when to try
  // again) tells nothing about it. A success resets the account's and the
  // source's counts. Without a source only the account is counted.
  Result<User> authenticate(std::string_view org_id, std::string_view email, std::string_view password,
                            std::string_view source);
  Result<User> authenticate(std::string_view org_id, std::string_view email, std::string_view password);
  // Replaces a password after checking the current one (the account named
  // by its email or username, as authenticate); clears
  // must_change_password. Errors: authentication_failed, weak_password,
  // throttled (counted like sign-in: it checks the current password).
  Result<User> change_password(std::string_view org_id, std::string_view email,
                               std::string_view current_password, std::string_view new_password,
                               std::string_view source);
  Result<User> change_password(std::string_view org_id, std::string_view email,
                               std::string_view current_password, std::string_view new_password);

  // --- users ---
  Result<std::vector<User>> list_users(const Actor& actor, const UserFilter& filter);
  // The active member with the highest role (the administrator the
  // organization was created with, unless a higher one took over; the first
  // made among equals), for a host that acts on its own behalf, as the CLI
  // does without --as. Errors: not_found (no active member with a role).
  Result<User> highest_ranked_member(std::string_view org_id);
  Result<User> user(const Actor& actor, std::string_view user_id);
  // The active (or not yet activated) member with this email, for hosts that
  // sign people in by email. Errors: invalid_input, not_found.
  Result<User> find_user_by_email(std::string_view org_id, std::string_view email);

  // The members matching `filter` as a CSV or XLSX file that imports back
  // with --existing update as "nothing changes" (export_users_file: the
  // template's columns, every attribute, Status; no secret). Deleted and
  // pending_verification people are left out unless `filter.status` asks
  // for them. Needs manage_users; audited ("users.exported", with the count
  // and format). Errors: permission_denied, internal.
  Result<std::string> export_users(const Actor& actor, const UserFilter& filter, ExportFormat format);
  // The same, written to `path` as a private file (write_secret_file: 0600,
  // never through a link, never over an existing file unless `replace`): it
  // holds personal data. Returns how many people it holds. Errors: those of
  // export_users and write_secret_file.
  Result<std::size_t> export_users_to_file(const Actor& actor, const UserFilter& filter, ExportFormat format,
                                           const std::string& path, bool replace = false);

  // --- outbox (the host sends the mail) ---
  // Messages as stored; secrets stay hidden ("{secret}" is shown as
  // "[sealed]"). Needs manage_users.
  Result<std::vector<OutboxMessage>> list_outbox(const Actor& actor, std::optional<OutboxState> state);
  // Claims up to `limit` messages for `lease` and returns them ready to send;
  // acknowledge each after sending. An unacknowledged claim lapses and the
  // message is claimed again (at-least-once delivery).
  Result<std::vector<ClaimedMessage>> claim_outbox(std::string_view org_id, std::size_t limit,
                                                   std::chrono::seconds lease = std::chrono::minutes{5});
  Result<void> ack_outbox(std::string_view org_id, std::string_view message_id);

  // --- audit ---
  Result<std::vector<AuditEvent>> audit_log(const Actor& actor, std::size_t limit);
  // The event feed (events.hpp, docs/events.md): up to `limit` (1 to 1000;
  // 0: 100) events after `cursor` ("" : from the first), in commit order.
  // At least once: a host stores next_cursor after handling the page, and
  // de-duplicates by Event::id if it may have handled some twice. Needs
  // manage_users. Errors: permission_denied, invalid_input (a cursor that is
  // not one, a limit above 1000).
  Result<EventPage> events_since(const Actor& actor, std::string_view cursor, std::size_t limit = 100);
  // Writes the feed's `invitation.expired`: one audit event (actor "system",
  // target the invitation, details {"email","expires_at"}) for each invitation
  // of the organization past its expiry, neither accepted nor revoked, and not
  // yet noted for that expiry (a resend clears the mark), the earliest expiry
  // first, at most `limit` (0: 1000) in one transaction. Returns how many.
  // A maintenance call like Importer::purge_expired_credentials: no actor,
  // and the library starts no thread; the host calls it when it likes (the
  // CLI's `onboard events` does, docs/events.md). A read (events_since,
  // list_invitations) never writes.
  Result<std::size_t> note_expired_invitations(std::string_view org_id, std::size_t limit = 1000);

  // Looks the actor up: an active member of the organization whose role has
  // `needed` (when given). The building block of every use case that a
  // member performs, also for the use-case classes beside the Directory
  // (registration keys, links, import). Errors: permission_denied, not_found.
  Result<ActorContext> authorize(const Actor& actor, std::optional<Permission> needed);
  // Refuses when `additional` more users would exceed the organization's
  // seat limit, counting what seats_of reserves. Errors: limit_exceeded.
  Result<void> check_seats(const Organization& org, std::int64_t additional);

  const Clock& clock() const { return *clock_; }
  const Keyring& keyring() const { return keyring_; }
  // DirectoryOptions::threads, resolved: 1 or more.
  unsigned threads() const noexcept { return threads_; }

 private:
  // The storage, past every rule: only the use cases beside the Directory
  // (registration keys, links, import, …) reach it, through DirectoryAccess
  // (src/service/directory_access.hpp). A host has its own Storage only if
  // it made one (the Directory(shared_ptr<Storage>, …) constructor).
  friend struct DirectoryAccess;
  Storage& storage() { return *storage_; }

  Result<Invitation> find_by_token(std::string_view org_id, std::string_view token, std::string& hash_out);
  Result<IssuedInvitation> issue_token(const Organization& org, Invitation inv);

  std::shared_ptr<Storage> storage_;
  Keyring keyring_;
  std::shared_ptr<const Clock> clock_;
  unsigned threads_ = 1;
};

}  // namespace v1
}  // namespace onboard
