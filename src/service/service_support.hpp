// Pieces shared by the use cases: audit events, outbox messages, links.
#pragma once

#include <boost/json.hpp>

#include <string>
#include <string_view>

#include "onboard/core/clock.hpp"
#include "onboard/directory.hpp"
#include "onboard/mail_templates.hpp"
#include "onboard/model/audit_event.hpp"
#include "onboard/model/organization.hpp"
#include "onboard/model/outbox.hpp"
#include "onboard/model/roles.hpp"
#include "onboard/model/user.hpp"
#include "onboard/secrets/keyring.hpp"
#include "service/directory_access.hpp"  // the use cases reach the storage through it
#include "service/grant_rule.hpp"

namespace onboard {
inline namespace v1 {

AuditEvent make_audit(const Clock& clock, std::string_view org_id, std::string_view actor,
                      std::string_view action, std::string_view target, const boost::json::object& details);

// A message whose body may contain "{secret}"; the secret is sealed with the
// keyring and only filled in when the host claims the message.
OutboxMessage make_message(const Clock& clock, const Keyring& keyring, std::string_view org_id,
                           std::string_view kind, std::string_view recipient, std::string subject,
                           std::string body, std::string_view secret);
// The same for a message with a link and its code: the body may hold
// "{secret_link}" (the whole link, "<base_url>/<path>/<token>") and
// "{secret}" (the code a person types when the link does not open). Both
// are sealed together (pack_secrets) and filled in only on claim.
OutboxMessage make_link_message(const Clock& clock, const Keyring& keyring, std::string_view org_id,
                                std::string_view kind, std::string_view recipient, std::string subject,
                                std::string body, std::string_view code, std::string_view link);

// A message from a rendered template (subject, text, HTML): the code and
// link (either may be empty) sealed as make_link_message does.
OutboxMessage make_mail(const Clock& clock, const Keyring& keyring, std::string_view org_id,
                        std::string_view kind, std::string_view recipient, RenderedMail mail,
                        std::string_view code, std::string_view link);

// The sealed form of a code and its link, and back. A sealed secret without
// the pack's marker is a code alone (messages queued by earlier versions).
std::string pack_secrets(std::string_view code, std::string_view link);
void unpack_secrets(std::string_view packed, std::string& code, std::string& link);

// Replaces "{secret}" with `code` and "{secret_link}" with `link` in `body`.
std::string fill_secrets(std::string_view body, std::string_view code, std::string_view link);

// "<base_url>/<path>/<token>" with exactly one slash between the parts.
std::string make_link(const Organization& org, std::string_view path, std::string_view token);
// "<base_url>/<path>": the page where a person pastes a code.
std::string page_url(const Organization& org, std::string_view path);

// What a permission lets a person do, for refusals ("… does not allow you to invite people").
std::string_view permission_description(Permission p) noexcept;

// The role named `requested` (empty: the catalog's default), which the actor
// may give `object`: authorize_grant(actor, action, object, role) decides —
// `action` is create for a new grant, assign_role for a changed role.
// Errors: invalid_input (no such role), permission_denied (ranked above the actor's).
Result<Role> grantable_role(const ActorContext& actor, std::string_view requested, GrantObject object,
                            GrantAction action = GrantAction::create);
// The team and office from a catalog, or a refusal naming the field.
Result<std::string> catalog_value(const std::vector<std::string>& catalog, std::string_view value,
                                  std::string_view field, bool required, std::string_view fallback);

// The end a person gives for a key or link: empty is none; a date
// ("2026-12-31") ends at the following midnight in the organization's time
// zone; otherwise an ISO 8601 instant. `field` names it in refusals. Errors:
// invalid_input for other text or an end that is not after `now`.
Result<std::optional<Timestamp>> parse_end_time(const Organization& org, std::string_view text,
                                                std::string_view field, Timestamp now);

// A use limit: nullopt is unlimited, otherwise at least 1. Errors: invalid_input.
Result<void> check_max_uses(const std::optional<std::int64_t>& max_uses);

}  // namespace v1
}  // namespace onboard
