// The outbox: the host claims messages, sends them, and acknowledges them.
#include <boost/json/array.hpp>

#include "capi_internal.hpp"
#include "onboard/model/json.hpp"

using namespace onboard;
using namespace onboard::capi;

extern "C" {

ONB_API onb_status onb_outbox_claim_json(char** out, onb_directory* dir, const char* org_id, size_t limit,
                                         int64_t lease_seconds) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    if (lease_seconds < 0) return fail(ONB_MISUSE, "onb_outbox_claim_json was given a negative lease.");
    const std::chrono::seconds lease{lease_seconds == 0 ? 300 : lease_seconds};
    auto claimed = dir->directory->claim_outbox(org_id, limit, lease);
    if (!claimed) return fail(claimed.error());
    boost::json::array list;
    for (const auto& c : *claimed) {
      auto json = to_json(c.message);
      json["body"] = c.body;  // ready to send: the secret filled in
      json["html"] = c.html;
      list.push_back(std::move(json));
    }
    *out = copy_json(list);
    return ONB_OK;
  });
}

ONB_API onb_status onb_outbox_ack(onb_directory* dir, const char* org_id, const char* message_id) {
  return guard(__func__, [&] {
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    ONB_C_REQUIRE(message_id);
    auto acked = dir->directory->ack_outbox(org_id, message_id);
    return acked ? ONB_OK : fail(acked.error());
  });
}

ONB_API onb_status onb_outbox_list_json(char** out, onb_directory* dir, const char* org_id,
                                        const char* actor_id, const char* state) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    ONB_C_REQUIRE(actor_id);
    std::optional<OutboxState> wanted;
    if (state != nullptr) {
      wanted = parse_outbox_state(state);
      if (!wanted)
        return fail(ONB_INVALID_INPUT,
                    "\"" + std::string(state).substr(0, 40) +
                        "\" is not an outbox state; use queued, claimed, sent or cancelled.");
    }
    auto messages = dir->directory->list_outbox(Actor{org_id, actor_id}, wanted);
    if (!messages) return fail(messages.error());
    boost::json::array list;
    for (const auto& m : *messages) list.push_back(to_json(m));
    *out = copy_json(list);
    return ONB_OK;
  });
}

}  // extern "C"
