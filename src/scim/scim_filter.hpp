// SCIM filters (RFC 7644 3.4.2.2) and attribute paths (3.5.2): parsed into
// a tree and evaluated against a resource's JSON, so one evaluator serves
// Users and Groups, list filters and PATCH path filters alike.
#pragma once

#include <boost/json.hpp>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "onboard/core/error.hpp"

namespace onboard {
inline namespace v1 {
namespace scim {

// "name.givenName", "emails", "urn:…:enterprise:2.0:User:employeeNumber".
struct AttrPath {
  std::string urn;   // the schema, empty for the core schema
  std::string name;  // "name", "emails", "employeeNumber"
  std::string sub;   // "givenName", "value"; empty when none
};

struct Filter;
using FilterPtr = std::shared_ptr<const Filter>;

struct Filter {
  enum class Kind { compare, present, and_, or_, not_, value_path };
  Kind kind = Kind::compare;
  AttrPath attr;
  std::string op;            // "eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le" (lower case)
  boost::json::value value;  // string, number, bool or null
  FilterPtr left, right;     // and/or: both; not: left; value_path: left (filter of the elements)
};

struct FilterLimits {
  std::size_t max_length = 2000;  // characters
  std::size_t max_terms = 50;     // comparisons and presence tests
  std::size_t max_depth = 16;     // nested parentheses and not
};

// Parses a filter. Errors: invalid_input (detail "invalidFilter") with a
// sentence naming where it went wrong, for a malformed filter or one beyond
// the limits.
Result<FilterPtr> parse_filter(std::string_view text, const FilterLimits& limits = {});

// A PATCH path: attrPath, attrPath[filter] or attrPath[filter].sub.
struct PatchPath {
  AttrPath attr;     // attr.sub is the sub-attribute after the filter, if any
  FilterPtr filter;  // null when none
};
// Errors: invalid_input (detail "invalidPath").
Result<PatchPath> parse_patch_path(std::string_view text);

// Whether `resource` (a SCIM resource's JSON object) matches.
bool matches(const Filter& filter, const boost::json::object& resource);

// The member of `object` named `name`, compared case-insensitively (SCIM
// attribute names are case-insensitive); null when none.
boost::json::value* find_member(boost::json::object& object, std::string_view name);
const boost::json::value* find_member(const boost::json::object& object, std::string_view name);
// The object holding `path`'s attribute: the resource, or its extension object.
const boost::json::object* container_of(const boost::json::object& resource, const AttrPath& path);
boost::json::object* container_of(boost::json::object& resource, const AttrPath& path, bool create);

bool iequals(std::string_view a, std::string_view b) noexcept;

}  // namespace scim
}  // namespace v1
}  // namespace onboard
