// SCIM responses and errors.
#include "scim/scim_error.hpp"

namespace onboard {
inline namespace v1 {
namespace scim {

namespace json = boost::json;

Response json_response(int status, const json::value& body) {
  Response r;
  r.status = status;
  r.headers.emplace_back("Content-Type", std::string(kContentType));
  r.body = json::serialize(body);
  return r;
}

Response error_response(int status, std::string_view scim_type, std::string_view detail) {
  json::object body;
  body["schemas"] = json::array{json::string(kErrorUrn)};
  body["status"] = std::to_string(status);
  if (!scim_type.empty()) body["scimType"] = scim_type;
  body["detail"] = detail;
  Response r = json_response(status, body);
  if (status == 401) r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"SCIM\"");
  return r;
}

Response error_response(const Error& error) {
  static constexpr std::string_view scim_types[] = {
      "invalidFilter", "tooMany",  "uniqueness",   "mutability",  "invalidSyntax",
      "invalidPath",   "noTarget", "invalidValue", "invalidVers", "sensitive"};
  std::string_view type;
  for (auto t : scim_types)
    if (error.detail_code == t) type = t;
  switch (error.code) {
    case Errc::invalid_input:
    case Errc::unsupported_format:
      return error_response(400, type.empty() ? "invalidValue" : type, error.message);
    case Errc::not_found: return error_response(404, type, error.message);
    case Errc::already_exists: return error_response(409, "uniqueness", error.message);
    case Errc::permission_denied: return error_response(403, "", error.message);
    case Errc::authentication_failed: return error_response(401, "", error.message);
    case Errc::limit_exceeded: return error_response(400, type, error.message);
    case Errc::throttled: return error_response(429, "", error.message);
    case Errc::busy: return error_response(503, "", error.message);
    default: return error_response(500, "", error.message);
  }
}

}  // namespace scim
}  // namespace v1
}  // namespace onboard
