// Self-registration links: a URL (and its QR code) anyone may use to join an
// organization, within the link's expiry, uses and allowed email domains.
// Registering never tells a stranger whether an email already has an
// account: both get the same answer, and the existing owner gets a message.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "onboard/core/error.hpp"
#include "onboard/directory.hpp"
#include "onboard/email_confirmations.hpp"
#include "onboard/model/signup_link.hpp"

namespace onboard {
inline namespace v1 {

struct NewSignupLink {
  std::string label;
  std::string role;    // empty: the catalog's default role
  std::string team;    // optional
  std::string office;  // empty: the organization's default office
  // Empty: no expiry. A date ("2026-12-31") ends at the following midnight in
  // the organization's time zone; an ISO 8601 instant is the first second it fails.
  std::string expires;
  std::optional<std::int64_t> max_uses;      // nullopt: unlimited; else at least 1
  std::vector<std::string> allowed_domains;  // "acme.example", "bücher.example"; empty: any
};

// A link with its secret: the token and URL exist only in this value.
struct IssuedSignupLink {
  SignupLink link;
  std::string token;
  std::string url;  // <base_url>/join/<token>
};

// What to change; a field left unset stays as it is.
struct SignupLinkChanges {
  std::optional<std::string> label;
  std::optional<std::string> role;
  std::optional<std::string> team;  // "" removes the team
  std::optional<std::string> office;
  std::optional<std::string> expires;                       // "" removes the expiry
  std::optional<std::int64_t> max_uses;                     // 0 removes the limit
  std::optional<std::vector<std::string>> allowed_domains;  // {} allows any domain
};

struct LinkRedemption {
  std::string token;  // from the URL
  std::string email;
  std::string name;      // full name; split into first and last
  std::string password;  // as typed
  // The host checked the address itself (SSO, its own mail check): the
  // account is active at once, with no confirmation link.
  bool email_verified = false;
};

// The answer to every accepted registration, whether the email was new,
// already had an account or was waiting for a confirmation: it deliberately
// holds nothing that tells them apart.
using LinkRegistration = SelfRegistration;

class SignupLinks {
 public:
  // Uses the directory's storage, keyring and clock; the directory must outlive this object.
  explicit SignupLinks(Directory& directory) : dir_(directory) {}

  // Creates a link; its URL is returned once (the QR code can be drawn again).
  // Needs manage_links. Errors: permission_denied (also for a role above the
  // actor's), invalid_input (catalog values, dates, uses, domains).
  Result<IssuedSignupLink> create(const Actor& actor, const NewSignupLink& request);
  // Every call below on an existing link needs manage_links and a role
  // ranked at or above the link's (permission_denied otherwise).
  // Changes role, team, office, expiry, uses or domains; the URL stays; a new
  // role may not rank above the actor's either. Errors: not_found, and those of create.
  Result<SignupLink> edit(const Actor& actor, std::string_view link_id, const SignupLinkChanges& changes);
  // A disabled link refuses registrations until enabled again. Errors: not_found.
  Result<SignupLink> enable(const Actor& actor, std::string_view link_id);
  Result<SignupLink> disable(const Actor& actor, std::string_view link_id);
  // Every link of the organization, newest first, with its use count.
  Result<std::vector<SignupLink>> list(const Actor& actor);
  // The link's URL as a QR code, a standalone SVG document. Errors: not_found.
  Result<std::string> qr_svg(const Actor& actor, std::string_view link_id);

  // Reads a link by its token without using it, to render the registration
  // page: safe for mail scanners that fetch links, and needs no member.
  // Errors: as redeem's for the link itself (invalid_input for a malformed
  // token, not_found, revoked, expired, already_used).
  Result<SignupLink> inspect(std::string_view org_id, std::string_view token);
  // Registers through a link: a new user with the link's role, team and
  // office, pending_verification with a confirmation link mailed to the
  // address (see EmailConfirmations), or active with a welcome message when
  // email_verified. An earlier unconfirmed registration of the address is
  // replaced. For an email that already has an account the answer is the
  // same, nobody is created and the owner is told by mail. Errors: invalid_input (token, email, name; a
  // domain the link does not allow), not_found, revoked (disabled), expired, already_used (no uses left),
  // weak_password, limit_exceeded (no seat left).
  Result<LinkRegistration> redeem(std::string_view org_id, const LinkRedemption& request);

 private:
  Directory& dir_;
};

}  // namespace v1
}  // namespace onboard
