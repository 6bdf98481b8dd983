// A list request (RFC 7644 3.4.2): filter, sortBy/sortOrder, startIndex/count,
// attributes/excludedAttributes over resources' JSON, as a ListResponse.
#pragma once

#include <boost/json.hpp>

#include <string_view>
#include <vector>

#include "onboard/scim.hpp"

namespace onboard {
inline namespace v1 {
namespace scim {

// Errors come back as SCIM error responses (400 invalidFilter, invalidValue).
Response list_response(std::vector<boost::json::object> resources, std::string_view query,
                       const HandlerOptions& options);

// Keeps or drops attributes as `attributes`/`excludedAttributes` ask (id,
// schemas and meta are always kept).
void project(boost::json::object& resource, std::string_view query);

}  // namespace scim
}  // namespace v1
}  // namespace onboard
