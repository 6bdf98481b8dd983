// A person in an organization, from the moment an admin creates them (or they
// accept an invitation) until they are deleted.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "onboard/core/clock.hpp"

namespace onboard {
inline namespace v1 {

// pending_verification: registered through a link or a 10-digit key, waiting
// for the person to open the confirmation link mailed to the address (see
// EmailConfirmation); cannot sign in, holds no seat and never blocks the
// address for anyone else.
enum class UserStatus { pending_activation, active, suspended, deleted, pending_verification };
enum class UserSource { invite, import, key, link, manual };

std::string_view to_string(UserStatus s) noexcept;
std::optional<UserStatus> parse_user_status(std::string_view s) noexcept;
std::string_view to_string(UserSource s) noexcept;
std::optional<UserSource> parse_user_source(std::string_view s) noexcept;

struct User {
  std::string id;
  std::string org_id;
  std::string email;         // as given, used to send mail; empty when none
  std::string email_key;     // normalized identity for uniqueness; empty when none
  std::string username;      // optional
  std::string username_key;  // fold_key(username); empty when none
  std::string first_name;
  std::string last_name;
  std::string display_name;
  bool name_locked = false;  // names set by an admin that the person cannot change
  std::string role;
  std::string office;
  std::vector<std::string> teams;
  std::string external_id;
  std::map<std::string, std::string> attributes;  // phone, start date… by the header's name
  UserStatus status = UserStatus::active;
  bool must_change_password = false;
  // "" none; "$argon2id$…"; "blake2b-keyed$…" (generated); "legacy$…" (a
  // hash imported from another system, sealed: replaced at first sign-in).
  std::string password_hash;
  // 29-digit activation key of a not-activated user: its keyed hash and a
  // sealed copy for re-printing registration documents. Empty when none.
  std::string activation_key_hash;
  std::string activation_key_sealed;
  std::string registered_via;  // id of the key or link used to register, if any
  Timestamp created_at{};
  std::optional<Timestamp> activated_at;
  UserSource source = UserSource::manual;
  std::string created_by;  // user id of the actor; empty for the first admin
};

// Users that count against the seat limit: everyone not deleted and not
// waiting for their email's confirmation (the seat is checked again when
// they confirm).
inline bool takes_seat(const User& u) noexcept {
  return u.status != UserStatus::deleted && u.status != UserStatus::pending_verification;
}

}  // namespace v1
}  // namespace onboard
