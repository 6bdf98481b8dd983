// The outbox the host drains, and the audit log.
#include <algorithm>

#include "onboard/directory.hpp"
#include "service/service_support.hpp"

namespace onboard {
inline namespace v1 {
namespace {

std::string fill_secret(const std::string& body, std::string_view secret) {
  return fill_secrets(body, secret, secret);
}

// The body with the unsealed code and link filled in; both copies are wiped.
std::string fill_sealed(const std::string& body, std::string secret) {
  std::string code, link;
  unpack_secrets(secret, code, link);
  std::fill(secret.begin(), secret.end(), '\0');
  std::string out = fill_secrets(body, code, link);
  std::fill(code.begin(), code.end(), '\0');
  std::fill(link.begin(), link.end(), '\0');
  return out;
}

}  // namespace

Result<std::vector<OutboxMessage>> Directory::list_outbox(const Actor& actor,
                                                          std::optional<OutboxState> state) {
  ONB_ASSIGN(auto ctx, authorize(actor, Permission::manage_users));
  ONB_ASSIGN(auto messages, storage_->list_messages(ctx.org.id, state, 0));
  for (auto& m : messages) {
    m.body = fill_secret(m.body, "[sealed]");
    m.html_body = fill_secret(m.html_body, "[sealed]");
  }
  return messages;
}

Result<std::vector<ClaimedMessage>> Directory::claim_outbox(std::string_view org_id, std::size_t limit,
                                                            std::chrono::seconds lease) {
  const auto now = clock_->now();
  std::vector<ClaimedMessage> out;
  // The claim and the unsealing are one transaction: when a secret cannot be
  // opened (a key file that does not match this database) the claim is
  // rolled back, so the messages stay queued for a claim with the right key
  // instead of sitting claimed, undelivered, until the lease lapses.
  ONB_TRY(storage_->transaction([&]() -> Result<void> {
    out.clear();  // the transaction may be run again after contention
    ONB_ASSIGN(auto claimed, storage_->claim_messages(org_id, limit, now, now + lease));
    out.reserve(claimed.size());
    for (auto& m : claimed) {
      ClaimedMessage c;
      if (m.secret_sealed.empty()) {
        c.body = m.body;
        c.html = m.html_body;
      } else {
        ONB_ASSIGN(auto secret, keyring_.unseal(m.secret_sealed));
        c.html = fill_sealed(m.html_body, secret);
        c.body = fill_sealed(m.body, std::move(secret));
      }
      c.message = std::move(m);
      c.message.body = fill_secret(c.message.body, "[sealed]");
      c.message.html_body = fill_secret(c.message.html_body, "[sealed]");
      out.push_back(std::move(c));
    }
    return success();
  }));
  return out;
}

Result<void> Directory::ack_outbox(std::string_view org_id, std::string_view message_id) {
  ONB_ASSIGN(bool acked, storage_->ack_message(org_id, message_id, clock_->now()));
  if (!acked)
    return Error{Errc::not_found, "There is no claimed message with that id; claim it first.",
                 "outbox.not_claimed"};
  return success();
}

Result<std::vector<AuditEvent>> Directory::audit_log(const Actor& actor, std::size_t limit) {
  ONB_ASSIGN(auto ctx, authorize(actor, Permission::manage_users));
  return storage_->list_audit(ctx.org.id, limit);
}

}  // namespace v1
}  // namespace onboard
