// JSON presentation of the model (Boost.JSON): what the C API, the CLI and
// reports show. Secrets and their hashes never appear in it.
#pragma once

#include <string>
#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "onboard/core/clock.hpp"
#include "onboard/core/error.hpp"
#include "onboard/model/audit_event.hpp"
#include "onboard/model/invitation.hpp"
#include "onboard/model/organization.hpp"
#include "onboard/model/outbox.hpp"
#include "onboard/model/registration_key.hpp"
#include "onboard/model/signup_link.hpp"
#include "onboard/model/user.hpp"

namespace onboard {
inline namespace v1 {

// A user without password hash or activation key (hash or sealed copy).
boost::json::object to_json(const User& user);
// An invitation with its status as of `now` ("pending", "expired"…); no token.
boost::json::object to_json(const Invitation& invitation, Timestamp now);
// A 10-digit key with its status as of `now` ("active", "expired",
// "used_up", "revoked"); never the digits, their hash or sealed copy.
boost::json::object to_json(const RegistrationKey& key, Timestamp now);
// A self-registration link with its status as of `now` ("active",
// "disabled", "expired", "used_up"); never the token, hash or sealed copy.
boost::json::object to_json(const SignupLink& link, Timestamp now);
// An audit event; `details` is embedded as JSON when it parses, else as text.
boost::json::object to_json(const AuditEvent& event);
// An outbox message without its sealed secret ("carries_secret" says if any).
boost::json::object to_json(const OutboxMessage& message);
// An organization with its settings and catalogs; organization_from_json
// reads it back to an equal Organization.
boost::json::object to_json(const Organization& org);

// The inverse of to_json(const Organization&). Missing keys keep their
// defaults; an unknown key, a wrong type, an out-of-range number, an unknown
// permission or time zone, a duplicate role or a default role that is not in
// the catalog is Errc::invalid_input ("organization.invalid") naming the key.
Result<Organization> organization_from_json(const boost::json::value& json);

// Compact JSON text of `json`.
std::string to_json_text(const boost::json::value& json);
// Parses JSON text; Errc::invalid_input ("json.invalid") when it is not JSON.
Result<boost::json::value> parse_json_text(std::string_view text);

}  // namespace v1
}  // namespace onboard
