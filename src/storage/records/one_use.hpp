// The one-use and limited-use records: invitations, registration keys and
// signup links. Tokens and keys are stored as their hash (and, for keys and
// links, sealed so an admin can show them again).
#pragma once

#include "onboard/model/invitation.hpp"
#include "onboard/model/registration_key.hpp"
#include "onboard/model/signup_link.hpp"
#include "storage/organization_codec.hpp"
#include "storage/records/field.hpp"

namespace onboard {
inline namespace v1 {
namespace records {

template <>
struct Table<Invitation> {
  static constexpr std::string_view name = "invitations";
  static constexpr std::size_t key_fields = 2;
  static constexpr auto fields = std::tuple{
      column<Kind::text, &Invitation::org_id>("org_id"),
      column<Kind::text, &Invitation::id>("id"),
      column<Kind::text, &Invitation::email>("email"),
      column<Kind::text, &Invitation::email_key>("email_key"),
      column<Kind::text, &Invitation::role>("role"),
      column<Kind::text, &Invitation::team>("team"),
      column<Kind::text, &Invitation::office>("office"),
      column<Kind::text, &Invitation::invited_by>("invited_by"),
      column<Kind::blob, &Invitation::token_hash>("token_hash"),
      column<Kind::time, &Invitation::created_at>("created_at"),
      column<Kind::time, &Invitation::expires_at>("expires_at"),
      enum_column<&Invitation::state, parse_invitation_state>("state", "invitation state"),
      column<Kind::integer, &Invitation::resend_count>("resend_count"),
      column<Kind::time, &Invitation::accepted_at>("accepted_at"),
      column<Kind::text, &Invitation::accepted_user_id>("accepted_user_id"),
      column<Kind::text, &Invitation::locale>("locale"),
      column<Kind::time, &Invitation::expired_noted_at>("expired_noted_at"),
  };
};

template <>
struct Table<RegistrationKey> {
  static constexpr std::string_view name = "registration_keys";
  static constexpr std::size_t key_fields = 2;
  static constexpr auto fields = std::tuple{
      column<Kind::text, &RegistrationKey::org_id>("org_id"),
      column<Kind::text, &RegistrationKey::id>("id"),
      column<Kind::text, &RegistrationKey::label>("label"),
      column<Kind::blob, &RegistrationKey::key_hash>("key_hash"),
      column<Kind::blob, &RegistrationKey::key_sealed>("key_sealed"),
      column<Kind::text, &RegistrationKey::role>("role"),
      column<Kind::text, &RegistrationKey::team>("team"),
      column<Kind::text, &RegistrationKey::office>("office"),
      column<Kind::time, &RegistrationKey::valid_until>("valid_until"),
      column<Kind::integer, &RegistrationKey::max_uses>("max_uses"),
      column<Kind::integer, &RegistrationKey::use_count>("use_count"),
      column<Kind::boolean, &RegistrationKey::revoked>("revoked"),
      column<Kind::text, &RegistrationKey::created_by>("created_by"),
      column<Kind::time, &RegistrationKey::created_at>("created_at"),
  };
};

template <>
struct Table<SignupLink> {
  static constexpr std::string_view name = "signup_links";
  static constexpr std::size_t key_fields = 2;
  static constexpr auto fields = std::tuple{
      column<Kind::text, &SignupLink::org_id>("org_id"),
      column<Kind::text, &SignupLink::id>("id"),
      column<Kind::text, &SignupLink::label>("label"),
      column<Kind::blob, &SignupLink::token_hash>("token_hash"),
      column<Kind::blob, &SignupLink::token_sealed>("token_sealed"),
      column<Kind::text, &SignupLink::role>("role"),
      column<Kind::text, &SignupLink::team>("team"),
      column<Kind::text, &SignupLink::office>("office"),
      column<Kind::time, &SignupLink::expires_at>("expires_at"),
      column<Kind::integer, &SignupLink::max_uses>("max_uses"),
      column<Kind::integer, &SignupLink::use_count>("use_count"),
      json_column<&SignupLink::allowed_domains, encode_string_list, decode_string_list>("allowed_domains"),
      column<Kind::boolean, &SignupLink::enabled>("enabled"),
      column<Kind::text, &SignupLink::created_by>("created_by"),
      column<Kind::time, &SignupLink::created_at>("created_at"),
  };
};

}  // namespace records
}  // namespace v1
}  // namespace onboard
