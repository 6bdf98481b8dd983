// What the parts of the SCIM handler share: the call being served and the
// dispatch that Bulk re-enters for each of its operations.
#pragma once

#include <boost/json.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "onboard/scim.hpp"

namespace onboard {
inline namespace v1 {
namespace scim {

struct Call {
  Directory& dir;
  const Actor& actor;
  const HandlerOptions& options;
  std::string via;  // the token's name, or "host" for a call without a token
};

// One operation: a parsed body (null when none), the If-Match header.
struct Operation {
  std::string method;  // upper case
  std::string path;    // decoded segments joined with '/', no trailing '/'
  std::string query;
  std::string if_match;
  std::string if_none_match;
  const boost::json::value* body = nullptr;
};

Response dispatch(Call& call, const Operation& op);

// /Users, /Users/ID
Response users_endpoint(Call& call, const Operation& op, std::string_view id);
// Every member (not deleted, not waiting for their email's confirmation), in creation order.
std::vector<User> list_all_users(Call& call, Result<void>& status);

// /Groups, /Groups/ID
Response groups_endpoint(Call& call, const Operation& op, std::string_view id);
// /ServiceProviderConfig, /ResourceTypes[/X], /Schemas[/URN]
Response service_provider_config(const HandlerOptions& options);
Response resource_types(std::string_view which, const HandlerOptions& options);
Response schemas(std::string_view which);
// /Bulk
Response bulk(Call& call, const boost::json::value& body, std::size_t body_bytes);

// "%20" and "+" decoded; false when an escape is malformed.
bool percent_decode(std::string_view in, std::string& out, bool plus_is_space);
// The value of `name` in a query string (decoded), or empty.
std::string query_param(std::string_view query, std::string_view name);

}  // namespace scim
}  // namespace v1
}  // namespace onboard
