#include <doctest/doctest.h>

#include "onboard/model/roles.hpp"

using namespace onboard;

namespace {
std::uint32_t bits(std::initializer_list<Permission> ps) {
  std::uint32_t out = 0;
  for (Permission p : ps) out |= static_cast<std::uint32_t>(p);
  return out;
}
}  // namespace

TEST_CASE("the workspace preset has User, Super User, Manager and Admin") {
  auto c = RoleCatalog::preset("workspace");
  REQUIRE(c.ok());
  REQUIRE(c->roles.size() == 4);
  CHECK(c->default_role == "User");
  CHECK(c->default_or_first().name == "User");
  CHECK(c->highest().name == "Admin");

  const Role* user = c->find("User");
  const Role* super_user = c->find("Super User");
  const Role* manager = c->find("Manager");
  const Role* admin = c->find("Admin");
  REQUIRE((user && super_user && manager && admin));
  CHECK(user->rank == 10);
  CHECK(user->permissions == 0);
  CHECK(super_user->rank == 20);
  CHECK(super_user->permissions == bits({Permission::invite_users, Permission::add_users_by_link}));
  CHECK(manager->rank == 30);
  CHECK(manager->permissions ==
        bits({Permission::invite_users, Permission::add_users, Permission::add_users_by_link,
              Permission::import_users, Permission::manage_links}));
  CHECK_FALSE(manager->can(Permission::manage_users));
  CHECK(admin->rank == 40);
  CHECK(admin->permissions == all_permissions);
  CHECK(validate_role_catalog(*c).ok());
}

TEST_CASE("the it preset has Standard and Privileged") {
  auto c = RoleCatalog::preset(" IT ");
  REQUIRE(c.ok());
  REQUIRE(c->roles.size() == 2);
  CHECK(c->default_or_first().name == "Standard");
  CHECK(c->find("standard")->permissions == 0);
  CHECK(c->find("Privileged")->permissions == all_permissions);
  CHECK(c->highest().name == "Privileged");
}

TEST_CASE("an unknown preset is refused with the list of presets") {
  auto c = RoleCatalog::preset("enterprise");
  REQUIRE_FALSE(c.ok());
  CHECK(c.error().code == Errc::invalid_input);
  CHECK(c.error().message.find("workspace") != std::string::npos);
  CHECK(c.error().message.find("\"it\"") != std::string::npos);
}

TEST_CASE("roles are found trimmed and case-insensitively") {
  auto c = RoleCatalog::preset("workspace");
  REQUIRE(c.ok());
  CHECK(c->find("  super user ")->name == "Super User");
  CHECK(c->find("ADMIN")->name == "Admin");
  CHECK(c->find("Admins") == nullptr);
  CHECK(c->find("") == nullptr);
}

TEST_CASE("without a valid default the first role is the default") {
  RoleCatalog c;
  c.roles = {Role{"Guest", 5, 0}, Role{"Owner", 50, all_permissions}};
  c.default_role = "Nobody";
  CHECK(c.default_or_first().name == "Guest");
  CHECK_FALSE(validate_role_catalog(c).ok());
  RoleCatalog empty;
  CHECK(empty.default_or_first().permissions == 0);
  CHECK(empty.highest().permissions == 0);
  CHECK_FALSE(validate_role_catalog(empty).ok());
}

TEST_CASE("a catalog with duplicate role names is refused") {
  RoleCatalog c;
  c.roles = {Role{"Admin", 5, 0}, Role{" admin", 50, 0}};
  c.default_role = "Admin";
  auto r = validate_role_catalog(c);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().detail_code == "roles.duplicate");
}

TEST_CASE("permission names follow the bit order") {
  auto names = permission_names(bits({Permission::manage_links, Permission::invite_users}));
  REQUIRE(names.size() == 2);
  CHECK(names[0] == "invite_users");
  CHECK(names[1] == "manage_links");
  CHECK(permission_names(all_permissions).size() == 6);
}
