// Role catalogs and their presets.
#include "onboard/model/roles.hpp"

#include <initializer_list>
#include <set>

#include "onboard/model/catalog.hpp"
#include "onboard/model/name.hpp"

namespace onboard {
inline namespace v1 {
namespace {

constexpr std::uint32_t bits(std::initializer_list<Permission> ps) {
  std::uint32_t out = 0;
  for (Permission p : ps) out |= static_cast<std::uint32_t>(p);
  return out;
}

// Returned for an empty catalog: a role that can do nothing is the safe answer
// to "which role" when there is none.
const Role& no_role() {
  static const Role empty{};
  return empty;
}

}  // namespace

const Role* RoleCatalog::find(std::string_view name) const {
  const std::string key = fold_key(name);
  if (key.empty()) return nullptr;
  for (const Role& role : roles)
    if (fold_key(role.name) == key) return &role;
  return nullptr;
}

const Role& RoleCatalog::default_or_first() const {
  if (const Role* role = find(default_role)) return *role;
  return roles.empty() ? no_role() : roles.front();
}

const Role& RoleCatalog::highest() const {
  const Role* best = nullptr;
  for (const Role& role : roles)
    if (best == nullptr || role.rank > best->rank) best = &role;
  return best == nullptr ? no_role() : *best;
}

Result<RoleCatalog> RoleCatalog::preset(std::string_view name) {
  using P = Permission;
  const std::string key = fold_key(name);
  RoleCatalog catalog;
  if (key == "workspace") {
    catalog.roles = {
        Role{"User", 10, 0},
        Role{"Super User", 20, bits({P::invite_users, P::add_users_by_link})},
        Role{"Manager", 30,
             bits({P::invite_users, P::add_users, P::add_users_by_link, P::import_users, P::manage_links})},
        Role{"Admin", 40, all_permissions},
    };
    catalog.default_role = "User";
    return catalog;
  }
  if (key == "it") {
    catalog.roles = {Role{"Standard", 10, 0}, Role{"Privileged", 20, all_permissions}};
    catalog.default_role = "Standard";
    return catalog;
  }
  return Error(Errc::invalid_input,
               "There is no role preset named \"" + excerpt_for_message(name) +
                   "\"; the presets are \"workspace\" and \"it\".",
               "roles.unknown_preset");
}

Result<void> validate_role_catalog(const RoleCatalog& catalog) {
  if (catalog.roles.empty())
    return Error(Errc::invalid_input, "The role catalog needs at least one role.", "roles.empty");
  std::set<std::string> seen;
  for (const Role& role : catalog.roles) {
    if (fold_key(role.name).empty())
      return Error(Errc::invalid_input, "Every role needs a name.", "roles.unnamed");
    if (!seen.insert(fold_key(role.name)).second)
      return Error(Errc::invalid_input,
                   "The role \"" + excerpt_for_message(role.name) + "\" appears more than once.",
                   "roles.duplicate");
    if ((role.permissions & ~all_permissions) != 0)
      return Error(
          Errc::invalid_input,
          "The role \"" + excerpt_for_message(role.name) + "\" has a permission onboard does not know.",
          "roles.unknown_permission");
  }
  if (catalog.find(catalog.default_role) == nullptr)
    return Error(
        Errc::invalid_input,
        "The default role \"" + excerpt_for_message(catalog.default_role) + "\" is not in the role catalog.",
        "roles.unknown_default");
  return success();
}

std::vector<std::string_view> permission_names(std::uint32_t permissions) {
  std::vector<std::string_view> out;
  for (std::uint32_t bit = 1; bit != 0 && bit <= all_permissions; bit <<= 1)
    if ((permissions & bit) != 0) out.push_back(to_string(static_cast<Permission>(bit)));
  return out;
}

}  // namespace v1
}  // namespace onboard
