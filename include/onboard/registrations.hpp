// Registration keys made of digits, for people who type them from paper or a
// phone: 10-digit organization keys that many people may use, and the
// 29-digit key of one pre-created user, with the printable documents that
// carry it. Keys are shown once, grouped ("12345 67890"); storage keeps only
// their keyed hash and a sealed copy for re-printing.
//
// Redeeming a key is throttled (see docs/ways-in.md): per source, at most
// OrgSettings::throttle.per_source_max_failures consecutive wrong keys, then
// a lock; per organization, at most org_max_failures_per_hour wrong keys an
// hour. A key with a wrong check digit is a typo and costs no attempt.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "onboard/core/error.hpp"
#include "onboard/directory.hpp"
#include "onboard/email_confirmations.hpp"
#include "onboard/model/registration_key.hpp"
#include "onboard/model/user.hpp"

namespace onboard {
inline namespace v1 {

struct NewRegistrationKey {
  std::string label;
  std::string role;    // empty: the catalog's default role
  std::string team;    // optional
  std::string office;  // empty: the organization's default office
  // Empty: no end. A date ("2026-12-31") ends at the following midnight in the
  // organization's time zone; an ISO 8601 instant is the first second it fails.
  std::string valid_until;
  std::optional<std::int64_t> max_uses;  // nullopt: unlimited; else at least 1
};

// What Registrations::update_key changes; a field left unset stays as it is.
// The digits never change.
struct RegistrationKeyChange {
  std::optional<std::string> label;
  std::optional<std::string> role;
  std::optional<std::string> team;  // "" removes the team
  std::optional<std::string> office;
  std::optional<std::string> valid_until;  // "" removes the end; otherwise as NewRegistrationKey's
  std::optional<std::int64_t> max_uses;    // 0 removes the limit; else at least the uses so far
};

// A key with its digits: they exist only in this value.
struct IssuedRegistrationKey {
  RegistrationKey key;
  std::string digits;   // "1234567890"
  std::string grouped;  // "12345 67890", as people should see it
};

// A key with the people who registered with it, for listings.
struct RegistrationKeyUsage {
  RegistrationKey key;
  std::vector<User> registered;
};

struct KeyRedemption {
  std::string key;  // as typed: spaces, dashes and full-width digits are fine
  std::string email;
  std::string name;      // full name; split into first and last
  std::string password;  // as typed
  std::string source;    // the caller's IP address or device id, for throttling; never stored in clear
  // The host checked the address itself (SSO, its own mail check): the
  // account is active at once, with no confirmation link.
  bool email_verified = false;
};

// The answer to every accepted key registration: the same whether the
// address was free, a member's or waiting for a confirmation.
using KeyRegistration = SelfRegistration;

struct NewPrecreatedUser {
  std::string first_name;  // locked: the person cannot change the names
  std::string last_name;
  std::string email;  // optional; when given, the key is also mailed (outbox)
  std::string role;   // empty: the catalog's default role
  std::vector<std::string> teams;
  std::string office;  // empty: the organization's default office
  std::string external_id;
  std::map<std::string, std::string> attributes;
};

// A pre-created user with their 29-digit key: the digits exist only in this value.
struct IssuedUserKey {
  User user;
  std::string digits;
  std::string grouped;  // "12345 67890 12345 67890 12345 6789"
};

struct UserKeyRedemption {
  std::string key;       // 29 digits as typed
  std::string password;  // as typed
  std::string email;     // optional: the person's own choice; empty keeps the one the admin gave
  std::string source;    // IP address or device id, for throttling
};

enum class DocumentFormat { pdf, html };

struct DocumentRequest {
  std::vector<std::string> user_ids;  // empty: every user waiting for activation
  DocumentFormat format = DocumentFormat::pdf;
};

// A printable file, one page per person. It carries keys in clear: hand it
// to the printer, never store it.
struct RegistrationDocument {
  DocumentFormat format = DocumentFormat::pdf;
  std::string content;  // the PDF bytes or the HTML text
  std::size_t pages = 0;
};

class Registrations {
 public:
  // Uses the directory's storage, keyring and clock; the directory must outlive this object.
  explicit Registrations(Directory& directory) : dir_(directory) {}

  // --- 10-digit organization keys (actor needs add_users_by_link) ---

  // Creates a key; its digits are returned once. Errors: permission_denied
  // (also for a role above the actor's), invalid_input (unknown role, team or
  // office; a bad date; max_uses below 1; a valid-until in the past).
  Result<IssuedRegistrationKey> create_key(const Actor& actor, const NewRegistrationKey& request);
  // Changes a key's label, role, team, office, end or use limit; its digits
  // stay. The rules are create_key's: the key's current role and a new one
  // must rank at or below the actor's; catalog values; an end after now; a
  // limit not below the uses so far. Audited ("key.edited") with the fields
  // before and after. Errors: not_found, permission_denied, invalid_input,
  // revoked (a withdrawn key), expired (an expired key: create a new one).
  Result<RegistrationKey> update_key(const Actor& actor, std::string_view key_id,
                                     const RegistrationKeyChange& change);
  // Every key, newest first, with the users who registered with it.
  Result<std::vector<RegistrationKeyUsage>> list_keys(const Actor& actor);
  // The key stops working at once; revoking twice changes nothing. Errors:
  // not_found, permission_denied (the key's role ranks above the actor's).
  Result<RegistrationKey> revoke_key(const Actor& actor, std::string_view key_id);
  // Creates a user with the key's role, team and office: pending_verification
  // with a confirmation link mailed to the address (see EmailConfirmations),
  // or active when email_verified. An earlier unconfirmed registration of the
  // address is replaced. For a member's address nobody is created, the owner
  // is told by mail and the answer is the same. Errors: invalid_input (a
  // malformed key or a typo: no attempt counted; email, name), throttled,
  // not_found (no such key: counted), revoked, expired, already_used (no uses
  // left), weak_password, limit_exceeded (no seat left).
  Result<KeyRegistration> redeem_key(std::string_view org_id, const KeyRedemption& request);

  // --- pre-created users with 29-digit keys (actor needs add_users) ---

  // Creates a user waiting for activation, with locked names, and their key
  // (returned once). With an email, queues a "registration_key" message
  // carrying the key. Errors: permission_denied, invalid_input,
  // already_exists (email or external id taken), limit_exceeded.
  Result<IssuedUserKey> create_user(const Actor& actor, const NewPrecreatedUser& request);
  // Activates the user the key belongs to with the chosen password (and
  // email, if given); the names stay as the admin set them. Errors as
  // redeem_key, plus permission_denied for a suspended account.
  Result<User> redeem_user_key(std::string_view org_id, const UserKeyRedemption& request);
  // Reads the user a 29-digit key belongs to without using the key, to show
  // the activation page its locked names: safe for scanners that fetch the
  // link of a registration document. An unknown key is counted against
  // `source` like redeem_user_key's (a valid one counts nothing). Errors:
  // invalid_input (a malformed key or a typo), throttled, not_found,
  // already_used (already active), permission_denied (suspended).
  Result<User> inspect_user_key(std::string_view org_id, std::string_view key, std::string_view source);
  // Replaces a not-activated user's key (the old one dies at once) and, when
  // the user has an email (or `email` corrects it), queues the message again.
  // A corrected address cancels every queued or claimed key and activation
  // message to the old one (Storage::cancel_messages): none is sent.
  // Errors: not_found, already_used (already active), invalid_input,
  // already_exists, permission_denied (the user's role ranks above the actor's).
  Result<IssuedUserKey> resend_user_key(const Actor& actor, std::string_view user_id,
                                        std::string_view email = {});
  // Renders registration documents for not-activated users (one page each),
  // from the sealed keys. Nothing is stored; an audit event records who
  // printed whose keys. Errors: not_found, invalid_input (a user already
  // active or without a key), permission_denied.
  Result<RegistrationDocument> documents(const Actor& actor, const DocumentRequest& request);

  // The page where people enter a key: "<base_url>/register".
  static std::string registration_page(const Organization& org);
  // The link a document's QR code holds: the page with the key filled in.
  static std::string registration_link(const Organization& org, std::string_view digits);

 private:
  Directory& dir_;
};

}  // namespace v1
}  // namespace onboard
