// The sentences every backend returns for the same refusal, so a host sees
// the same words whichever store it runs on. None contains a stored value.
#pragma once

#include <string_view>

#include "onboard/storage/storage.hpp"

namespace onboard {
inline namespace v1 {
namespace storage_messages {

inline constexpr std::string_view duplicate_id = "A record with this id already exists.";
inline constexpr std::string_view duplicate_organization = "An organization with this id already exists.";
inline constexpr std::string_view no_organization = "No such organization.";
inline constexpr std::string_view no_user = "No such user in this organization.";
inline constexpr std::string_view no_invitation = "No such invitation in this organization.";
inline constexpr std::string_view no_registration_key = "No such registration key in this organization.";
inline constexpr std::string_view no_signup_link = "No such signup link in this organization.";
inline constexpr std::string_view no_throttle = "No throttle counter for this scope.";
inline constexpr std::string_view duplicate_invitation_token = "Another invitation already has this token.";
inline constexpr std::string_view duplicate_registration_key =
    "Another registration key already has these digits.";
inline constexpr std::string_view duplicate_signup_link = "Another signup link already has this token.";
inline constexpr std::string_view no_scim_token = "No such SCIM token in this organization.";
inline constexpr std::string_view duplicate_scim_token = "Another SCIM token already has this token.";
inline constexpr std::string_view no_email_confirmation = "No such email confirmation in this organization.";
inline constexpr std::string_view duplicate_email_confirmation =
    "This user already has an email confirmation, or another has this token.";

// The refusal for a user whose unique `field` is taken by another user.
inline std::string_view duplicate_user(UserKeyField field) {
  switch (field) {
    case UserKeyField::email_key: return "Another user in this organization already has this email address.";
    case UserKeyField::username_key: return "Another user in this organization already has this username.";
    case UserKeyField::external_id: return "Another user in this organization already has this external id.";
    case UserKeyField::activation_key_hash:
      return "Another user in this organization already has this activation key.";
  }
  return "Another user in this organization has the same unique value.";
}

}  // namespace storage_messages
}  // namespace v1
}  // namespace onboard
