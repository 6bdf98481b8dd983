// Directory::export_users: the members as a file that imports back.
#include <algorithm>

#include "onboard/core/secret_file.hpp"
#include "onboard/directory.hpp"
#include "service/service_support.hpp"

namespace onboard {
inline namespace v1 {
namespace {

Result<std::vector<User>> exported_members(Storage& storage, const Organization& org, UserFilter filter) {
  // Catalog names as people type them, as users list takes them; an unknown
  // one is refused rather than exporting nobody.
  if (!filter.role.empty()) {
    const Role* role = org.roles.find(filter.role);
    if (role == nullptr)
      return Error{Errc::invalid_input, "There is no role called \"" + filter.role.substr(0, 60) + "\".",
                   "role.unknown"};
    filter.role = role->name;
  }
  ONB_ASSIGN(filter.office, catalog_value(org.offices, filter.office, "office", false, ""));
  ONB_ASSIGN(filter.team, catalog_value(org.teams, filter.team, "team", false, ""));
  ONB_ASSIGN(auto users, storage.list_users(org.id, filter));
  // Waiting for their email's confirmation: not members yet, and the import
  // would add them again; only when asked for by status.
  if (filter.status != UserStatus::pending_verification)
    std::erase_if(users, [](const User& u) { return u.status == UserStatus::pending_verification; });
  return users;
}

}  // namespace

Result<std::string> Directory::export_users(const Actor& actor, const UserFilter& filter,
                                            ExportFormat format) {
  ONB_ASSIGN(auto ctx, authorize(actor, Permission::manage_users));
  ONB_ASSIGN(const auto users, exported_members(*storage_, ctx.org, filter));
  ONB_ASSIGN(auto bytes, export_users_file(users, format));
  const AuditEvent event = make_audit(*clock_, ctx.org.id, ctx.user.id, "users.exported", ctx.org.id,
                                      {{"count", static_cast<std::int64_t>(users.size())},
                                       {"format", format == ExportFormat::xlsx ? "xlsx" : "csv"}});
  ONB_TRY(storage_->append_audit(std::span(&event, 1)));
  return bytes;
}

Result<std::size_t> Directory::export_users_to_file(const Actor& actor, const UserFilter& filter,
                                                    ExportFormat format, const std::string& path,
                                                    bool replace) {
  ONB_ASSIGN(auto ctx, authorize(actor, Permission::manage_users));
  ONB_ASSIGN(const auto users, exported_members(*storage_, ctx.org, filter));
  ONB_ASSIGN(auto bytes, export_users_file(users, format));
  ONB_TRY(write_secret_file(path, bytes, replace));
  const AuditEvent event = make_audit(*clock_, ctx.org.id, ctx.user.id, "users.exported", ctx.org.id,
                                      {{"count", static_cast<std::int64_t>(users.size())},
                                       {"format", format == ExportFormat::xlsx ? "xlsx" : "csv"}});
  ONB_TRY(storage_->append_audit(std::span(&event, 1)));
  return users.size();
}

}  // namespace v1
}  // namespace onboard
