// Managing members: listing them page by page (any number, no page cap on
// selection), deleting, suspending and reactivating. Every call needs the
// manage_users permission and never touches a user ranked above the actor.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "onboard/core/error.hpp"
#include "onboard/directory.hpp"
#include "onboard/model/user.hpp"

namespace onboard {
inline namespace v1 {

struct UserQuery {
  std::optional<UserStatus> status;  // nullopt: every status but deleted (unless include_deleted)
  std::string role;                  // catalog name as people type it; empty = any
  std::string office;                // empty = any
  std::string team;                  // empty = any
  std::string text;                  // case-insensitive part of email, names or username
  bool include_deleted = false;
  std::string after;        // keyset pagination: the next_after of the previous page
  std::size_t limit = 100;  // users per page, 1 to 10,000
};

// A change to one person (`onboard users edit`): only what is set changes.
// Names are refused for a pre-created person whose names are locked; an
// empty email, username or external id removes it (a person keeps at least
// an email or a username to sign in with, once activated).
struct UserChanges {
  std::optional<std::string> role;                // a catalog role, at or below the actor's
  std::optional<std::vector<std::string>> teams;  // replaces every team; empty: none
  std::optional<std::string> office;
  std::optional<std::string> first_name;
  std::optional<std::string> last_name;
  std::optional<std::string> email;
  std::optional<std::string> username;
  std::optional<std::string> external_id;
};

struct UserPage {
  std::vector<User> users;  // in creation order
  std::string next_after;   // pass as UserQuery::after for the next page; empty on the last page
};

class UserAdmin {
 public:
  // Uses the directory's storage and clock; the directory must outlive this object.
  explicit UserAdmin(Directory& directory) : dir_(directory) {}

  // One page of the users matching the query. Errors: permission_denied,
  // invalid_input (an unknown role, office or team; a page size out of range).
  Result<UserPage> list(const Actor& actor, const UserQuery& query);
  // Deletes users, all or none: status deleted, their registration key killed,
  // pending invitations to their email revoked, one audit event each.
  // Deleting a deleted user again changes nothing. Errors: not_found (an
  // unknown id), permission_denied (yourself, or a role above your own).
  Result<std::vector<User>> delete_users(const Actor& actor, std::span<const std::string> user_ids);
  // A suspended user cannot sign in or redeem their key. Errors: not_found,
  // permission_denied, invalid_input (a deleted user).
  Result<User> suspend(const Actor& actor, std::string_view user_id);
  // Undoes suspend: active again, or waiting for activation if they never
  // activated. Errors: not_found, permission_denied, invalid_input (not suspended).
  Result<User> reactivate(const Actor& actor, std::string_view user_id);
  // One person by id, email or username (deleted ones by id only), without
  // secrets. Errors: permission_denied, not_found.
  Result<User> show(const Actor& actor, std::string_view who);
  // Changes one person (id, email or username), as one transaction audited
  // ("user.edited") with each changed field before and after. The rank rule
  // applies twice: to the person's current role (edit) and to a new role
  // (assign_role); nobody changes their own role. Errors: permission_denied,
  // not_found, invalid_input (a value the catalog does not hold, locked
  // names, a deleted person), already_exists (the email, username or
  // external id is someone else's, naming it).
  Result<User> edit(const Actor& actor, std::string_view who, const UserChanges& changes);

 private:
  Directory& dir_;
};

}  // namespace v1
}  // namespace onboard
