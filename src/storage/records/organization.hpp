// The organizations table. Settings, role catalog, offices and teams are one
// JSON column (organization_codec.hpp).
#pragma once

#include "onboard/model/organization.hpp"
#include "storage/organization_codec.hpp"
#include "storage/records/field.hpp"

namespace onboard {
inline namespace v1 {
namespace records {

template <>
struct Table<Organization> {
  static constexpr std::string_view name = "organizations";
  static constexpr std::size_t key_fields = 1;
  static constexpr auto fields = std::tuple{
      column<Kind::text, &Organization::id>("org_id"),
      column<Kind::text, &Organization::name>("name"),
      column<Kind::text, &Organization::base_url>("base_url"),
      column<Kind::text, &Organization::time_zone>("time_zone"),
      column<Kind::integer, &Organization::seat_limit>("seat_limit"),
      column<Kind::text, &Organization::default_office>("default_office"),
      field<Kind::json, false>(
          "details", [](const Organization& o) { return encode_organization_details(o); },
          [](Organization& o, std::string&& text) { return decode_organization_details(text, o); }),
      column<Kind::time, &Organization::created_at>("created_at"),
  };
};

}  // namespace records
}  // namespace v1
}  // namespace onboard
