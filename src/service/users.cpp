// Reading users.
#include "onboard/directory.hpp"
#include "onboard/model/email.hpp"
#include "service/service_support.hpp"

namespace onboard {
inline namespace v1 {

Result<std::vector<User>> Directory::list_users(const Actor& actor, const UserFilter& filter) {
  ONB_ASSIGN(auto ctx, authorize(actor, Permission::manage_users));
  return storage_->list_users(ctx.org.id, filter);
}

Result<User> Directory::user(const Actor& actor, std::string_view user_id) {
  ONB_ASSIGN(auto ctx, authorize(actor, std::nullopt));
  if (user_id != ctx.user.id && !ctx.role.can(Permission::manage_users))
    return Error{Errc::permission_denied, "Your role does not allow you to see other users.",
                 "permission.manage_users"};
  return storage_->get_user(ctx.org.id, user_id);
}

Result<User> Directory::find_user_by_email(std::string_view org_id, std::string_view email_text) {
  ONB_ASSIGN(auto email, Email::parse(email_text));
  const std::string keys[] = {email.key()};
  ONB_ASSIGN(auto found, storage_->find_users(org_id, UserKeyField::email_key, keys));
  if (found.empty())
    return Error{Errc::not_found, "Nobody with the email " + email.address() + " is a member.",
                 "user.unknown"};
  return std::move(found.front());
}

Result<User> Directory::highest_ranked_member(std::string_view org_id) {
  ONB_ASSIGN(const auto org, storage_->get_organization(org_id));
  UserFilter filter;
  filter.status = UserStatus::active;
  ONB_ASSIGN(auto active, storage_->list_users(org.id, filter));
  const User* best = nullptr;
  int best_rank = -1;
  for (const auto& u : active) {
    const Role* r = org.roles.find(u.role);
    if (r != nullptr && r->rank > best_rank) {
      best = &u;
      best_rank = r->rank;
    }
  }
  if (best == nullptr)
    return Error{Errc::not_found, "This organization has no active member with a role.", "user.no_admin"};
  return *best;
}

}  // namespace v1
}  // namespace onboard
