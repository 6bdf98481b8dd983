// Persistence encoding of the parts of records that are not single columns:
// an organization's settings and catalogs, a user's teams and attributes, a
// link's allowed domains. Private to the storage layer and versioned by the
// schema, not by the JSON presentation of records.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "onboard/core/error.hpp"
#include "onboard/model/organization.hpp"

namespace onboard {
inline namespace v1 {

// Settings, role catalog, offices and teams as one JSON object.
std::string encode_organization_details(const Organization& org);
// Fills those fields of `org` from encode_organization_details' text; a
// missing member keeps its default. Errors: storage when the text is damaged.
Result<void> decode_organization_details(std::string_view text, Organization& org);

std::string encode_string_list(const std::vector<std::string>& items);
Result<std::vector<std::string>> decode_string_list(std::string_view text);
std::string encode_string_map(const std::map<std::string, std::string>& items);
Result<std::map<std::string, std::string>> decode_string_map(std::string_view text);

}  // namespace v1
}  // namespace onboard
