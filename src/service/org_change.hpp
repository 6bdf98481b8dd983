// Changing an organization: shared by Directory::update_organization and
// Directory::change_organization (src/service/org_settings.cpp).
#pragma once

#include "onboard/directory.hpp"

namespace onboard {
inline namespace v1 {

// Validates `change` over `org` (ctx.org with any settings already
// validated by the caller), applies it in one transaction with the renames
// and in-use checks, and audits before/after against ctx.org.
Result<Organization> apply_organization_change(Directory& dir, const ActorContext& ctx, Organization org,
                                               const OrganizationChange& change);
// The catalog entries, default office, locale and seat reservation that
// `changed` adds, removes or sets compared with `current`.
OrganizationChange catalog_difference(const Organization& current, const Organization& changed);

}  // namespace v1
}  // namespace onboard
