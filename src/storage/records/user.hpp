// The users table, and the email confirmations that activate a
// self-registered user.
#pragma once

#include "onboard/model/email_confirmation.hpp"
#include "onboard/model/user.hpp"
#include "storage/organization_codec.hpp"
#include "storage/records/field.hpp"

namespace onboard {
inline namespace v1 {
namespace records {

template <>
struct Table<User> {
  static constexpr std::string_view name = "users";
  static constexpr std::size_t key_fields = 2;
  static constexpr auto fields = std::tuple{
      column<Kind::text, &User::org_id>("org_id"),
      column<Kind::text, &User::id>("id"),
      column<Kind::text, &User::email>("email"),
      column<Kind::text, &User::email_key>("email_key"),
      column<Kind::text, &User::username>("username"),
      column<Kind::text, &User::username_key>("username_key"),
      column<Kind::text, &User::first_name>("first_name"),
      column<Kind::text, &User::last_name>("last_name"),
      column<Kind::text, &User::display_name>("display_name"),
      column<Kind::boolean, &User::name_locked>("name_locked"),
      column<Kind::text, &User::role>("role"),
      column<Kind::text, &User::office>("office"),
      json_column<&User::teams, encode_string_list, decode_string_list>("teams"),
      column<Kind::text, &User::external_id>("external_id"),
      json_column<&User::attributes, encode_string_map, decode_string_map>("attributes"),
      enum_column<&User::status, parse_user_status>("status", "user status"),
      column<Kind::boolean, &User::must_change_password>("must_change_password"),
      column<Kind::text, &User::password_hash>("password_hash"),
      column<Kind::blob, &User::activation_key_hash>("activation_key_hash"),
      column<Kind::blob, &User::activation_key_sealed>("activation_key_sealed"),
      column<Kind::text, &User::registered_via>("registered_via"),
      column<Kind::time, &User::created_at>("created_at"),
      column<Kind::time, &User::activated_at>("activated_at"),
      enum_column<&User::source, parse_user_source>("source", "user source"),
      column<Kind::text, &User::created_by>("created_by"),
  };
};

template <>
struct Table<EmailConfirmation> {
  static constexpr std::string_view name = "email_confirmations";
  static constexpr std::size_t key_fields = 2;
  static constexpr auto fields = std::tuple{
      column<Kind::text, &EmailConfirmation::org_id>("org_id"),
      column<Kind::text, &EmailConfirmation::user_id>("user_id"),
      column<Kind::blob, &EmailConfirmation::token_hash>("token_hash"),
      column<Kind::time, &EmailConfirmation::created_at>("created_at"),
      column<Kind::time, &EmailConfirmation::expires_at>("expires_at"),
  };
};

}  // namespace records
}  // namespace v1
}  // namespace onboard
