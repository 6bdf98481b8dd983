// Managing members: one page of users at a time, delete, suspend, reactivate.
#include <string>
#include <vector>

#include <boost/json/array.hpp>

#include "capi_internal.hpp"
#include "onboard/model/json.hpp"
#include "onboard/user_admin.hpp"

using namespace onboard;
using namespace onboard::capi;

namespace {

constexpr std::size_t kDefaultPageSize = 100;

onb_status deliver(Result<User> user, onb_user** out) {
  if (!user) return fail(user.error());
  *out = make_user(std::move(user).value());
  return ONB_OK;
}

boost::json::array users_json(const std::vector<User>& users) {
  boost::json::array list;
  for (const auto& user : users) list.push_back(to_json(user));
  return list;
}

}  // namespace

extern "C" {

ONB_API onb_status onb_user_query_init(onb_user_query* query, uint32_t version) {
  return guard(__func__, [&] {
    ONB_C_REQUIRE(query);
    if (version != ONB_USER_QUERY_VERSION)
      return bad_version("a user query", version, ONB_USER_QUERY_VERSION);
    *query = onb_user_query ONB_USER_QUERY_INIT;
    return ONB_OK;
  });
}

ONB_API onb_status onb_users_page_json(char** out, char** next_after_out, onb_directory* dir,
                                       const char* org_id, const char* actor_id,
                                       const onb_user_query* query) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    if (next_after_out != nullptr) *next_after_out = nullptr;
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    ONB_C_REQUIRE(actor_id);
    const onb_user_query defaults ONB_USER_QUERY_INIT;
    const onb_user_query& q = query ? *query : defaults;
    if (q.version != ONB_USER_QUERY_VERSION)
      return bad_version("a user query", q.version, ONB_USER_QUERY_VERSION);
    UserQuery request;
    if (q.status != nullptr) {
      request.status = parse_user_status(q.status);
      if (!request.status)
        return fail(ONB_INVALID_INPUT,
                    "\"" + std::string(q.status).substr(0, 40) +
                        "\" is not a user status; use pending_activation, active, suspended or deleted.");
    }
    request.role = text(q.role);
    request.office = text(q.office);
    request.team = text(q.team);
    request.text = text(q.text);
    request.include_deleted = q.include_deleted != 0;
    request.after = text(q.after);
    request.limit = q.limit == 0 ? kDefaultPageSize : q.limit;
    auto page = UserAdmin(*dir->directory).list(Actor{org_id, actor_id}, request);
    if (!page) return fail(page.error());
    // Both strings are made before either is handed out, so a failure leaks neither.
    char* users = copy_json(users_json(page->users));
    char* next = nullptr;
    if (next_after_out != nullptr && !page->next_after.empty()) {
      try {
        next = copy_string(page->next_after);
      } catch (...) {
        std::free(users);
        throw;
      }
    }
    *out = users;
    if (next_after_out != nullptr) *next_after_out = next;
    return ONB_OK;
  });
}

ONB_API onb_status onb_users_delete_json(char** out, onb_directory* dir, const char* org_id,
                                         const char* actor_id, const char* const* user_ids, size_t count) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    ONB_C_REQUIRE(actor_id);
    std::vector<std::string> ids;
    if (count > 0) {
      ONB_C_REQUIRE(user_ids);
      ids.reserve(count);
      for (size_t i = 0; i < count; ++i) {
        if (user_ids[i] == nullptr) return null_argument("an entry of user_ids");
        ids.emplace_back(user_ids[i]);
      }
    }
    auto deleted = UserAdmin(*dir->directory).delete_users(Actor{org_id, actor_id}, ids);
    if (!deleted) return fail(deleted.error());
    *out = copy_json(users_json(*deleted));
    return ONB_OK;
  });
}

ONB_API onb_status onb_user_suspend(onb_user** out, onb_directory* dir, const char* org_id,
                                    const char* actor_id, const char* user_id) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    ONB_C_REQUIRE(actor_id);
    ONB_C_REQUIRE(user_id);
    return deliver(UserAdmin(*dir->directory).suspend(Actor{org_id, actor_id}, user_id), out);
  });
}

ONB_API onb_status onb_user_reactivate(onb_user** out, onb_directory* dir, const char* org_id,
                                       const char* actor_id, const char* user_id) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    ONB_C_REQUIRE(actor_id);
    ONB_C_REQUIRE(user_id);
    return deliver(UserAdmin(*dir->directory).reactivate(Actor{org_id, actor_id}, user_id), out);
  });
}

}  // extern "C"
