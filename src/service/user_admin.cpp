// Managing members: list with paging, delete, suspend, reactivate.
#include "onboard/user_admin.hpp"

#include <set>

#include "service/service_support.hpp"

namespace onboard {
inline namespace v1 {
namespace {

constexpr std::size_t kMaxPage = 10000;

// The actor may do `action` to `target`: not to themselves, and only within
// their rank (authorize_grant: a member is a grant of their role).
Result<void> may_change(const ActorContext& ctx, const User& target, GrantAction action) {
  if (target.id == ctx.user.id)
    return Error{Errc::permission_denied, "You cannot do this to your own account.", "user.self"};
  return authorize_grant(ctx, action, GrantObject::member, target.role);
}

}  // namespace

Result<UserPage> UserAdmin::list(const Actor& actor, const UserQuery& query) {
  ONB_ASSIGN(auto ctx, dir_.authorize(actor, Permission::manage_users));
  if (query.limit < 1 || query.limit > kMaxPage)
    return Error{Errc::invalid_input, "A page holds between 1 and 10,000 users.", "page.size"};
  UserFilter filter;
  filter.status = query.status;
  if (!query.role.empty()) {
    const Role* role = ctx.org.roles.find(query.role);
    if (role == nullptr)
      return Error{Errc::invalid_input, "There is no role called \"" + query.role.substr(0, 60) + "\".",
                   "role.unknown"};
    filter.role = role->name;
  }
  ONB_ASSIGN(filter.office, catalog_value(ctx.org.offices, query.office, "office", false, ""));
  ONB_ASSIGN(filter.team, catalog_value(ctx.org.teams, query.team, "team", false, ""));
  filter.text = query.text;
  filter.include_deleted = query.include_deleted;
  filter.after_id = query.after;
  filter.limit = query.limit + 1;  // one more tells whether another page follows
  ONB_ASSIGN(auto users, DirectoryAccess::storage(dir_).list_users(ctx.org.id, filter));
  UserPage page;
  if (users.size() > query.limit) {
    users.resize(query.limit);
    page.next_after = users.back().id;
  }
  page.users = std::move(users);
  return page;
}

Result<std::vector<User>> UserAdmin::delete_users(const Actor& actor, std::span<const std::string> user_ids) {
  ONB_ASSIGN(auto ctx, dir_.authorize(actor, Permission::manage_users));
  auto& storage = DirectoryAccess::storage(dir_);
  const Clock& clock = dir_.clock();
  std::vector<User> result;
  ONB_TRY(storage.transaction([&]() -> Result<void> {
    result.clear();
    std::vector<User> changed;
    std::vector<AuditEvent> events;
    std::set<std::string> seen;
    std::vector<std::string> emails;
    for (const auto& id : user_ids) {
      if (!seen.insert(id).second) continue;
      ONB_ASSIGN(auto user, storage.get_user(ctx.org.id, id));
      if (user.status == UserStatus::deleted) {
        result.push_back(std::move(user));
        continue;
      }
      ONB_TRY(may_change(ctx, user, GrantAction::delete_));
      // An unconfirmed self-registration never held the address: deleting it
      // leaves the address's invitations alone.
      if (!user.email_key.empty() && user.status != UserStatus::pending_verification)
        emails.push_back(user.email_key);
      user.status = UserStatus::deleted;
      user.activation_key_hash.clear();  // their 29-digit key dies with them
      user.activation_key_sealed.clear();
      events.push_back(
          make_audit(clock, ctx.org.id, ctx.user.id, "user.deleted", user.id, {{"email", user.email}}));
      changed.push_back(user);
      result.push_back(std::move(user));
    }
    if (changed.empty()) return success();
    ONB_TRY(storage.update_users(changed));
    ONB_ASSIGN(auto pending, storage.find_pending_invitations(ctx.org.id, emails));
    for (auto& inv : pending) {
      inv.state = InvitationState::revoked;
      ONB_TRY(storage.update_invitation(inv));
      events.push_back(make_audit(clock, ctx.org.id, ctx.user.id, "invitation.revoked", inv.id,
                                  {{"email", inv.email}, {"reason", "user deleted"}}));
    }
    return storage.append_audit(events);
  }));
  return result;
}

Result<User> UserAdmin::suspend(const Actor& actor, std::string_view user_id) {
  ONB_ASSIGN(auto ctx, dir_.authorize(actor, Permission::manage_users));
  auto& storage = DirectoryAccess::storage(dir_);
  ONB_ASSIGN(auto user, storage.get_user(ctx.org.id, user_id));
  ONB_TRY(may_change(ctx, user, GrantAction::suspend));
  if (user.status == UserStatus::deleted)
    return Error{Errc::invalid_input, user.display_name + " was deleted and cannot be suspended.",
                 "user.deleted"};
  // An unconfirmed self-registration holds nothing to suspend (no sign-in, no
  // seat, no email): delete it instead.
  if (user.status == UserStatus::pending_verification)
    return Error{Errc::invalid_input,
                 user.display_name + " has not confirmed their email yet; delete the registration instead.",
                 "user.unverified"};
  if (user.status == UserStatus::suspended) return user;
  user.status = UserStatus::suspended;
  ONB_TRY(storage.transaction([&]() -> Result<void> {
    ONB_TRY(storage.update_users(std::span<const User>(&user, 1)));
    const AuditEvent ev[] = {
        make_audit(dir_.clock(), ctx.org.id, ctx.user.id, "user.suspended", user.id, {})};
    return storage.append_audit(ev);
  }));
  return user;
}

Result<User> UserAdmin::reactivate(const Actor& actor, std::string_view user_id) {
  ONB_ASSIGN(auto ctx, dir_.authorize(actor, Permission::manage_users));
  auto& storage = DirectoryAccess::storage(dir_);
  ONB_ASSIGN(auto user, storage.get_user(ctx.org.id, user_id));
  ONB_TRY(may_change(ctx, user, GrantAction::reactivate));
  if (user.status != UserStatus::suspended)
    return Error{Errc::invalid_input, user.display_name + " is not suspended.", "user.not_suspended"};
  // Someone suspended before activating still needs their key.
  user.status = user.activated_at ? UserStatus::active : UserStatus::pending_activation;
  ONB_TRY(storage.transaction([&]() -> Result<void> {
    ONB_TRY(storage.update_users(std::span<const User>(&user, 1)));
    const AuditEvent ev[] = {make_audit(dir_.clock(), ctx.org.id, ctx.user.id, "user.reactivated", user.id,
                                        {{"status", std::string(to_string(user.status))}})};
    return storage.append_audit(ev);
  }));
  return user;
}

}  // namespace v1
}  // namespace onboard
