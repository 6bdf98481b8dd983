// Role catalogs: named roles with a rank and a set of permissions. Presets
// follow the products onboard serves (a workplace app, an IT portal).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "onboard/core/error.hpp"

namespace onboard {
inline namespace v1 {

enum class Permission : std::uint32_t {
  invite_users = 1u << 0,       // invite by email
  add_users = 1u << 1,          // pre-create users with 29-digit keys
  add_users_by_link = 1u << 2,  // 10-digit organization keys
  import_users = 1u << 3,       // bulk import
  manage_links = 1u << 4,       // self-registration links
  manage_users = 1u << 5,       // list, suspend, delete users; organization settings
};
constexpr std::uint32_t all_permissions = 0x3Fu;

std::string_view to_string(Permission p) noexcept;
std::optional<Permission> parse_permission(std::string_view name) noexcept;

struct Role {
  std::string name;
  int rank = 0;                   // higher outranks lower
  std::uint32_t permissions = 0;  // bit set of Permission

  bool can(Permission p) const noexcept { return (permissions & static_cast<std::uint32_t>(p)) != 0; }
};

struct RoleCatalog {
  std::vector<Role> roles;
  std::string default_role;

  // Case-insensitive, trimmed match; nullptr when no role has that name.
  const Role* find(std::string_view name) const;
  const Role& default_or_first() const;
  // "workspace" (User, Super User, Manager, Admin; default User) or
  // "it" (Standard, Privileged; default Standard).
  static Result<RoleCatalog> preset(std::string_view name);
  // The highest-ranked role (the first administrator gets it).
  const Role& highest() const;
};

// Checks a catalog an administrator edits or a file supplies: at least one
// role, names non-empty and unique under fold_key, only known permission bits,
// and a default role that names one of them. Errc::invalid_input otherwise.
Result<void> validate_role_catalog(const RoleCatalog& catalog);
// The names of the permissions in a bit set ("invite_users"…), in bit order.
std::vector<std::string_view> permission_names(std::uint32_t permissions);

}  // namespace v1
}  // namespace onboard
