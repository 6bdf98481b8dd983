// The event feed's invitation.expired: written when the host asks
// (Directory::note_expired_invitations), once per invitation and expiry.
#include <algorithm>

#include "onboard/directory.hpp"
#include "service/service_support.hpp"

namespace onboard {
inline namespace v1 {
namespace {

constexpr std::size_t kDefaultExpiryBatch = 1000;

// Past its expiry, still pending, and its expiry not yet noted.
bool expiry_unnoted(const Invitation& inv, Timestamp now) noexcept {
  return inv.state == InvitationState::pending && now >= inv.expires_at && !inv.expired_noted_at;
}

}  // namespace

Result<std::size_t> Directory::note_expired_invitations(std::string_view org_id, std::size_t limit) {
  if (limit == 0) limit = kDefaultExpiryBatch;
  const auto now = clock_->now();
  ONB_ASSIGN(auto all, storage_->list_invitations(org_id));
  std::erase_if(all, [&](const Invitation& inv) { return !expiry_unnoted(inv, now); });
  if (all.empty()) return std::size_t{0};
  // The feed shows them in the order their time ran out.
  std::sort(all.begin(), all.end(), [](const Invitation& a, const Invitation& b) {
    return a.expires_at != b.expires_at ? a.expires_at < b.expires_at : a.id < b.id;
  });
  if (all.size() > limit) all.resize(limit);
  std::size_t noted = 0;
  ONB_TRY(storage_->transaction([&]() -> Result<void> {
    noted = 0;
    std::vector<AuditEvent> events;
    for (const Invitation& listed : all) {
      // Read again inside the transaction: one accepted, revoked, resent or
      // noted since the list is left alone.
      ONB_ASSIGN(Invitation inv, storage_->get_invitation(org_id, listed.id));
      if (!expiry_unnoted(inv, now)) continue;
      inv.expired_noted_at = now;
      ONB_TRY(storage_->update_invitation(inv));
      events.push_back(make_audit(*clock_, org_id, "system", "invitation.expired", inv.id,
                                  {{"email", inv.email}, {"expires_at", format_iso8601(inv.expires_at)}}));
    }
    noted = events.size();
    if (events.empty()) return success();
    return storage_->append_audit(events);
  }));
  return noted;
}

}  // namespace v1
}  // namespace onboard
