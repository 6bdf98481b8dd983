// PATCH (RFC 7644 3.5.2) applied to a resource's JSON: add, replace and
// remove, with or without a path, value filters ("emails[type eq
// \"work\"].value", "members[value eq \"ID\"]"). Operation names are
// case-insensitive, as Entra ID sends "Replace". The caller reads the
// patched JSON back as it reads a PUT.
#pragma once

#include <boost/json.hpp>

#include "onboard/core/error.hpp"

namespace onboard {
inline namespace v1 {
namespace scim {

// Errors: invalid_input with detail invalidSyntax (not a PatchOp),
// invalidPath, noTarget (remove without a path) or invalidValue.
Result<void> apply_patch(boost::json::object& resource, const boost::json::value& request);

}  // namespace scim
}  // namespace v1
}  // namespace onboard
