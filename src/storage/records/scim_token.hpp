// The SCIM bearer tokens (stored as their hash only).
#pragma once

#include "onboard/model/scim_token.hpp"
#include "storage/records/field.hpp"

namespace onboard {
inline namespace v1 {
namespace records {

template <>
struct Table<ScimToken> {
  static constexpr std::string_view name = "scim_tokens";
  static constexpr std::size_t key_fields = 2;
  static constexpr auto fields = std::tuple{
      column<Kind::text, &ScimToken::org_id>("org_id"),
      column<Kind::text, &ScimToken::id>("id"),
      column<Kind::text, &ScimToken::name>("name"),
      column<Kind::blob, &ScimToken::token_hash>("token_hash"),
      column<Kind::text, &ScimToken::created_by>("created_by"),
      column<Kind::time, &ScimToken::created_at>("created_at"),
      column<Kind::time, &ScimToken::last_used_at>("last_used_at"),
      column<Kind::boolean, &ScimToken::revoked>("revoked"),
  };
};

}  // namespace records
}  // namespace v1
}  // namespace onboard
