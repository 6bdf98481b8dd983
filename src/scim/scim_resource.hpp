// Users and Groups as SCIM resources (RFC 7643), and back.
//
// User: id; userName = the username, or the email when there is none;
// name.givenName/familyName = first/last name; displayName (read only: it
// follows the names); active = not suspended; emails = the email (work,
// primary); roles = the role; groups = the teams (read only: change them
// through /Groups); externalId and the enterprise extension's employeeNumber
// = the external id; the enterprise department = the office. The onboard
// extension shows the status ("pending_activation"…).
// Group: id and displayName = the team's name; members = the users with it.
#pragma once

#include <boost/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "onboard/core/error.hpp"
#include "onboard/model/organization.hpp"
#include "onboard/model/user.hpp"

namespace onboard {
inline namespace v1 {
namespace scim {

inline constexpr std::string_view kUserUrn = "urn:ietf:params:scim:schemas:core:2.0:User";
inline constexpr std::string_view kGroupUrn = "urn:ietf:params:scim:schemas:core:2.0:Group";
inline constexpr std::string_view kEnterpriseUrn =
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
inline constexpr std::string_view kOnboardUrn = "urn:onboard:params:scim:schemas:extension:onboard:2.0:User";
inline constexpr std::string_view kListUrn = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
inline constexpr std::string_view kPatchUrn = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
inline constexpr std::string_view kBulkRequestUrn = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
inline constexpr std::string_view kBulkResponseUrn = "urn:ietf:params:scim:api:messages:2.0:BulkResponse";

// "<base>/Users/<id>" (each segment percent-encoded).
std::string location(std::string_view base_url, std::string_view type, std::string_view id);

boost::json::object user_to_json(const User& user, std::string_view base_url);

struct GroupMember {
  std::string id;
  std::string display;
};
boost::json::object group_to_json(std::string_view team, const std::vector<GroupMember>& members,
                                  Timestamp created, std::string_view base_url);

// W/"<16 hex digits>": a hash of the resource without its meta.
std::string etag_of(const boost::json::object& resource);
// Sets meta.version to etag_of(resource).
void stamp_version(boost::json::object& resource);

// What a client asks a user to be. nullopt: not given.
struct UserInput {
  std::optional<std::string> user_name;
  std::optional<std::string> given_name, family_name, display_name;
  std::optional<std::string> email;
  std::optional<std::string> external_id;
  std::optional<std::string> office;  // enterprise department
  std::optional<std::string> role;
  std::optional<bool> active;
};
// Reads a User resource. Errors: invalid_input naming the attribute.
Result<UserInput> read_user(const boost::json::object& resource);

// true/false, or the strings "True"/"False" Entra sends. nullopt otherwise.
std::optional<bool> as_bool(const boost::json::value& v);

// The text of a string value, or an error naming `what`.
Result<std::string> as_text(const boost::json::value& v, std::string_view what);

}  // namespace scim
}  // namespace v1
}  // namespace onboard
