// Text names of the model's enums: the words stored in databases and shown
// in JSON. They never change once released.
#include <array>
#include <utility>

#include "onboard/model/invitation.hpp"
#include "onboard/model/outbox.hpp"
#include "onboard/model/roles.hpp"
#include "onboard/model/user.hpp"

namespace onboard {
inline namespace v1 {
namespace {

template <class E, std::size_t N>
std::string_view name_of(const std::array<std::pair<E, std::string_view>, N>& table, E value) noexcept {
  for (const auto& [e, name] : table)
    if (e == value) return name;
  return "unknown";
}

template <class E, std::size_t N>
std::optional<E> value_of(const std::array<std::pair<E, std::string_view>, N>& table,
                          std::string_view text) noexcept {
  for (const auto& [e, name] : table)
    if (name == text) return e;
  return std::nullopt;
}

constexpr std::array<std::pair<UserStatus, std::string_view>, 5> kUserStatus{{
    {UserStatus::pending_activation, "pending_activation"},
    {UserStatus::active, "active"},
    {UserStatus::suspended, "suspended"},
    {UserStatus::deleted, "deleted"},
    {UserStatus::pending_verification, "pending_verification"},
}};
constexpr std::array<std::pair<UserSource, std::string_view>, 5> kUserSource{{
    {UserSource::invite, "invite"},
    {UserSource::import, "import"},
    {UserSource::key, "key"},
    {UserSource::link, "link"},
    {UserSource::manual, "manual"},
}};
constexpr std::array<std::pair<InvitationState, std::string_view>, 3> kInvitationState{{
    {InvitationState::pending, "pending"},
    {InvitationState::accepted, "accepted"},
    {InvitationState::revoked, "revoked"},
}};
constexpr std::array<std::pair<InvitationStatus, std::string_view>, 4> kInvitationStatus{{
    {InvitationStatus::pending, "pending"},
    {InvitationStatus::expired, "expired"},
    {InvitationStatus::accepted, "accepted"},
    {InvitationStatus::revoked, "revoked"},
}};
constexpr std::array<std::pair<OutboxState, std::string_view>, 4> kOutboxState{{
    {OutboxState::queued, "queued"},
    {OutboxState::claimed, "claimed"},
    {OutboxState::sent, "sent"},
    {OutboxState::cancelled, "cancelled"},
}};
constexpr std::array<std::pair<Permission, std::string_view>, 6> kPermission{{
    {Permission::invite_users, "invite_users"},
    {Permission::add_users, "add_users"},
    {Permission::add_users_by_link, "add_users_by_link"},
    {Permission::import_users, "import_users"},
    {Permission::manage_links, "manage_links"},
    {Permission::manage_users, "manage_users"},
}};

}  // namespace

std::string_view to_string(UserStatus s) noexcept { return name_of(kUserStatus, s); }
std::optional<UserStatus> parse_user_status(std::string_view s) noexcept { return value_of(kUserStatus, s); }
std::string_view to_string(UserSource s) noexcept { return name_of(kUserSource, s); }
std::optional<UserSource> parse_user_source(std::string_view s) noexcept { return value_of(kUserSource, s); }
std::string_view to_string(InvitationState s) noexcept { return name_of(kInvitationState, s); }
std::optional<InvitationState> parse_invitation_state(std::string_view s) noexcept {
  return value_of(kInvitationState, s);
}
std::string_view to_string(InvitationStatus s) noexcept { return name_of(kInvitationStatus, s); }
std::string_view to_string(OutboxState s) noexcept { return name_of(kOutboxState, s); }
std::optional<OutboxState> parse_outbox_state(std::string_view s) noexcept {
  return value_of(kOutboxState, s);
}
std::string_view to_string(Permission p) noexcept { return name_of(kPermission, p); }
std::optional<Permission> parse_permission(std::string_view s) noexcept { return value_of(kPermission, s); }

}  // namespace v1
}  // namespace onboard
