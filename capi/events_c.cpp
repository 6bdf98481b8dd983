// The event feed and webhook signatures.
#include <string>

#include <boost/json.hpp>

#include "capi_internal.hpp"
#include "onboard/events.hpp"

using namespace onboard;
using namespace onboard::capi;

extern "C" {

ONB_API onb_status onb_invitations_note_expired(int64_t* noted_out, onb_directory* dir, const char* org_id,
                                                size_t limit) {
  return guard(__func__, [&] {
    if (noted_out != nullptr) *noted_out = 0;
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    auto noted = dir->directory->note_expired_invitations(org_id, limit);
    if (!noted) return fail(noted.error());
    if (noted_out != nullptr) *noted_out = static_cast<int64_t>(*noted);
    return ONB_OK;
  });
}

ONB_API onb_status onb_events_since_json(char** out, char** next_cursor_out, onb_directory* dir,
                                         const char* org_id, const char* actor_id, const char* cursor,
                                         size_t limit) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    if (next_cursor_out != nullptr) *next_cursor_out = nullptr;
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    ONB_C_REQUIRE(actor_id);
    auto page = dir->directory->events_since(Actor{org_id, actor_id}, text(cursor), limit);
    if (!page) return fail(page.error());
    std::string json = "[";
    for (const Event& e : page->events) json += (json.size() == 1 ? "" : ",") + event_json(e);
    json += "]";
    // Both strings are made before either is handed out, so a failure leaks neither.
    char* events = copy_string(json);
    char* next = nullptr;
    if (next_cursor_out != nullptr) {
      try {
        next = copy_string(page->next_cursor);
      } catch (...) {
        std::free(events);
        throw;
      }
    }
    *out = events;
    if (next_cursor_out != nullptr) *next_cursor_out = next;
    return ONB_OK;
  });
}

ONB_API onb_status onb_webhook_sign(char** out, const char* secret, size_t secret_size, int64_t timestamp,
                                    const char* body, size_t body_size) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    if (secret == nullptr && secret_size != 0) return null_argument("secret");
    if (body == nullptr && body_size != 0) return null_argument("body");
    const std::string_view key =
        secret_size == 0 ? std::string_view() : std::string_view(secret, secret_size);
    const std::string_view payload = body_size == 0 ? std::string_view() : std::string_view(body, body_size);
    *out = copy_string(sign_webhook(key, timestamp, payload));
    return ONB_OK;
  });
}

ONB_API onb_status onb_webhook_verify(const char* secret, size_t secret_size, int64_t timestamp,
                                      const char* body, size_t body_size, const char* signature) {
  return guard(__func__, [&] {
    if (secret == nullptr && secret_size != 0) return null_argument("secret");
    if (body == nullptr && body_size != 0) return null_argument("body");
    ONB_C_REQUIRE(signature);
    const std::string_view key =
        secret_size == 0 ? std::string_view() : std::string_view(secret, secret_size);
    const std::string_view payload = body_size == 0 ? std::string_view() : std::string_view(body, body_size);
    if (!verify_webhook(key, timestamp, payload, signature))
      return fail(ONB_AUTHENTICATION_FAILED, "The webhook signature does not match its body and timestamp.");
    return ONB_OK;
  });
}

}  // extern "C"
