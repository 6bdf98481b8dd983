// Showing and editing one person (`onboard users show|edit`).
#include <algorithm>

#include "onboard/model/catalog.hpp"
#include "onboard/model/email.hpp"
#include "onboard/model/name.hpp"
#include "onboard/user_admin.hpp"
#include "service/service_support.hpp"

namespace onboard {
inline namespace v1 {
namespace {

constexpr std::size_t kMaxUsernameChars = 100;
constexpr std::size_t kMaxExternalIdChars = 200;

bool blank(std::string_view text) { return text.find_first_not_of(" \t") == std::string_view::npos; }

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

// The person `who` names: an id, else an email, else a username. Deleted
// people are found by id only (their email and username are free again).
Result<User> find_person(Storage& storage, const Organization& org, std::string_view who) {
  std::string_view text = who;
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  if (text.empty())
    return Error{Errc::invalid_input, "Please name the person: an id or an email.", "user.who"};
  auto by_id = storage.get_user(org.id, text);
  if (by_id) return by_id;
  if (by_id.error().code != Errc::not_found) return by_id.error();
  if (text.find('@') != std::string_view::npos) {
    if (auto email = Email::parse(text)) {
      const std::string keys[] = {email->key()};
      ONB_ASSIGN(auto found, storage.find_users(org.id, UserKeyField::email_key, keys));
      if (!found.empty()) return found.front();
    }
  } else {
    const std::string keys[] = {fold_key(text)};
    ONB_ASSIGN(auto found, storage.find_users(org.id, UserKeyField::username_key, keys));
    if (!found.empty()) return found.front();
  }
  return Error{
      Errc::not_found,
      "No one in " + org.name + " has the id, email or username \"" + excerpt_for_message(text) + "\".",
      "user.unknown"};
}

// Refuses `value` of `field` when someone other than `self` holds it.
Result<void> is_free(Storage& storage, const Organization& org, UserKeyField field, const std::string& key,
                     const std::string& shown, std::string_view what, const std::string& self) {
  if (key.empty()) return success();
  const std::string keys[] = {key};
  ONB_ASSIGN(auto holders, storage.find_users(org.id, field, keys));
  for (const auto& holder : holders)
    if (holder.id != self)
      return Error{Errc::already_exists,
                   "The " + std::string(what) + " " + shown + " is already used by " + holder.display_name +
                       " (" + holder.id + ") in " + org.name + ".",
                   "user." + std::string(what == "external id" ? "external_id" : what) + "_taken"};
  return success();
}

// The changes applied to `user`, each field's value before and after.
struct Applied {
  boost::json::object changes;
  void note(std::string_view field, const std::string& before, const std::string& after) {
    if (before != after) changes[field] = boost::json::object{{"before", before}, {"after", after}};
  }
};

}  // namespace

Result<User> UserAdmin::show(const Actor& actor, std::string_view who) {
  ONB_ASSIGN(auto ctx, dir_.authorize(actor, Permission::manage_users));
  ONB_ASSIGN(auto user, find_person(DirectoryAccess::storage(dir_), ctx.org, who));
  // A copy without its secrets: the hashes and the sealed key stay inside.
  user.password_hash.clear();
  user.activation_key_hash.clear();
  user.activation_key_sealed.clear();
  return user;
}

Result<User> UserAdmin::edit(const Actor& actor, std::string_view who, const UserChanges& changes) {
  ONB_ASSIGN(auto ctx, dir_.authorize(actor, Permission::manage_users));
  auto& storage = DirectoryAccess::storage(dir_);
  const Clock& clock = dir_.clock();
  User result;
  ONB_TRY(storage.transaction([&]() -> Result<void> {
    ONB_ASSIGN(auto user, find_person(storage, ctx.org, who));
    const User before = user;
    // A pre-created person not yet activated is a grant of their role with a key.
    const GrantObject object =
        user.status == UserStatus::pending_activation && !user.activation_key_hash.empty()
            ? GrantObject::precreated_user
            : GrantObject::member;
    ONB_TRY(authorize_grant(ctx, GrantAction::edit, object, user.role));
    if (user.status == UserStatus::deleted)
      return Error{Errc::invalid_input, user.display_name + " was deleted and cannot be edited.",
                   "user.deleted"};
    Applied applied;

    if (changes.role) {
      if (blank(*changes.role))
        return Error{Errc::invalid_input, "Please name the role to give.", "role.required"};
      ONB_ASSIGN(auto role, grantable_role(ctx, *changes.role, object, GrantAction::assign_role));
      if (role.name != user.role && user.id == ctx.user.id)
        return Error{Errc::permission_denied, "You cannot change your own role; ask another administrator.",
                     "user.self"};
      applied.note("role", user.role, role.name);
      user.role = role.name;
    }
    if (changes.teams) {
      std::vector<std::string> teams;
      for (const auto& team : *changes.teams) {
        ONB_ASSIGN(auto t, catalog_value(ctx.org.teams, team, "team", false, ""));
        if (!t.empty() && std::find(teams.begin(), teams.end(), t) == teams.end()) teams.push_back(t);
      }
      applied.note("teams", join(user.teams), join(teams));
      user.teams = std::move(teams);
    }
    if (changes.office) {
      ONB_ASSIGN(auto office,
                 catalog_value(ctx.org.offices, *changes.office, "office", true, ctx.org.default_office));
      applied.note("office", user.office, office);
      user.office = office;
    }
    if (changes.first_name || changes.last_name) {
      std::string first = user.first_name;
      std::string last = user.last_name;
      if (changes.first_name) {
        ONB_ASSIGN(first, clean_name(*changes.first_name, "first name"));
      }
      if (changes.last_name) {
        ONB_ASSIGN(last, clean_name(*changes.last_name, "last name"));
      }
      if (first != user.first_name || last != user.last_name) {
        if (user.name_locked)
          return Error{Errc::invalid_input,
                       "The name of " + user.display_name +
                           " is locked: it was set when the account was created for them and is printed on "
                           "their registration document, so it cannot be edited.",
                       "user.name_locked"};
        if (first.empty() && last.empty())
          return Error{Errc::invalid_input, "Please give the person's first and last name.", "name.required"};
        applied.note("first_name", user.first_name, first);
        applied.note("last_name", user.last_name, last);
        user.first_name = std::move(first);
        user.last_name = std::move(last);
        const std::string display = user.first_name.empty() || user.last_name.empty()
                                        ? user.first_name + user.last_name
                                        : user.first_name + " " + user.last_name;
        applied.note("display_name", user.display_name, display);
        user.display_name = display;
      }
    }
    if (changes.email) {
      std::string address, key;
      if (!blank(*changes.email)) {
        ONB_ASSIGN(auto email, Email::parse(*changes.email));
        address = email.address();
        key = email.key();
      }
      if (key != user.email_key) {
        ONB_TRY(is_free(storage, ctx.org, UserKeyField::email_key, key, address, "email", user.id));
        if (!key.empty()) {
          const std::string keys[] = {key};
          ONB_ASSIGN(auto pending, storage.find_pending_invitations(ctx.org.id, keys));
          for (const auto& inv : pending)
            if (inv.status_at(clock.now()) == InvitationStatus::pending)
              return Error{Errc::already_exists,
                           address + " has a pending invitation; revoke it before giving the address to " +
                               user.display_name + ".",
                           "user.invited"};
        }
      }
      applied.note("email", user.email, address);
      user.email = std::move(address);
      user.email_key = std::move(key);
    }
    if (changes.username) {
      std::string name;
      if (!blank(*changes.username)) {
        ONB_ASSIGN(name, clean_text(*changes.username, "username", kMaxUsernameChars));
        if (name.find_first_of(" \t") != std::string::npos)
          return Error{Errc::invalid_input,
                       "The username \"" + excerpt_for_message(name) + "\" must not contain spaces.",
                       "username.invalid"};
      }
      const std::string key = name.empty() ? std::string() : fold_key(name);
      if (key != user.username_key)
        ONB_TRY(is_free(storage, ctx.org, UserKeyField::username_key, key, name, "username", user.id));
      applied.note("username", user.username, name);
      user.username = std::move(name);
      user.username_key = key;
    }
    if (changes.external_id) {
      ONB_ASSIGN(auto id, clean_text(*changes.external_id, "external id", kMaxExternalIdChars));
      if (id != user.external_id)
        ONB_TRY(is_free(storage, ctx.org, UserKeyField::external_id, id, id, "external id", user.id));
      applied.note("external_id", user.external_id, id);
      user.external_id = std::move(id);
    }
    // Someone who signs in keeps a way to: an email or a username.
    if (user.status != UserStatus::pending_activation && user.email.empty() && user.username.empty() &&
        (!before.email.empty() || !before.username.empty()))
      return Error{Errc::invalid_input,
                   user.display_name + " signs in with an email or a username; keep at least one of them.",
                   "user.sign_in_name"};

    result = user;
    // The seat count cannot change: the status is not edited, and every
    // status but deleted holds its seat whatever the role.
    if (applied.changes.empty()) return success();
    ONB_TRY(storage.update_users(std::span<const User>(&user, 1)));
    const AuditEvent ev[] = {make_audit(clock, ctx.org.id, ctx.user.id, "user.edited", user.id,
                                        {{"changes", std::move(applied.changes)}})};
    return storage.append_audit(ev);
  }));
  result.password_hash.clear();
  result.activation_key_hash.clear();
  result.activation_key_sealed.clear();
  return result;
}

}  // namespace v1
}  // namespace onboard
