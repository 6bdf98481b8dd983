// SCIM responses: JSON bodies with application/scim+json, and errors in
// SCIM's error schema (RFC 7644 3.12) with onboard's sentence in `detail`.
#pragma once

#include <boost/json.hpp>

#include <string>
#include <string_view>

#include "onboard/core/error.hpp"
#include "onboard/scim.hpp"

namespace onboard {
inline namespace v1 {
namespace scim {

inline constexpr std::string_view kErrorUrn = "urn:ietf:params:scim:api:messages:2.0:Error";
inline constexpr std::string_view kContentType = "application/scim+json";

// {"schemas":[Error],"status":"<status>","scimType":…,"detail":…}; scimType omitted when empty.
Response error_response(int status, std::string_view scim_type, std::string_view detail);
// An onboard error as SCIM: invalid_input 400 (invalidValue, or the
// detail_code when it is a SCIM type such as invalidFilter), not_found 404,
// already_exists 409 uniqueness, permission_denied 403, authentication_failed
// 401, limit_exceeded 400 (a seat limit, a bulk limit: the sentence says
// which), throttled 429, busy 503, the rest 500.
Response error_response(const Error& error);
// A JSON body with the SCIM content type.
Response json_response(int status, const boost::json::value& body);

}  // namespace scim
}  // namespace v1
}  // namespace onboard
