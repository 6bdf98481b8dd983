// Users and sign-in: authenticate, change password, read, list, and the
// handle's accessors.
#include <boost/json/array.hpp>

#include "capi_internal.hpp"
#include "onboard/model/json.hpp"

using namespace onboard;
using namespace onboard::capi;

namespace onboard::capi {

onb_user* make_user(User user) {
  std::string status(to_string(user.status));
  return make_handle<onb_user>(kUser, std::move(user), std::move(status));
}

}  // namespace onboard::capi

namespace {

// Hands a Result<User> to the host as a handle.
onb_status deliver(Result<User> user, onb_user** out) {
  if (!user) return fail(user.error());
  *out = make_user(std::move(user).value());
  return ONB_OK;
}

}  // namespace

extern "C" {

ONB_API onb_status onb_user_filter_init(onb_user_filter* filter, uint32_t version) {
  return guard(__func__, [&] {
    ONB_C_REQUIRE(filter);
    if (version != ONB_USER_FILTER_VERSION)
      return bad_version("a user filter", version, ONB_USER_FILTER_VERSION);
    *filter = onb_user_filter ONB_USER_FILTER_INIT;
    return ONB_OK;
  });
}

ONB_API onb_status onb_user_authenticate(onb_user** out, onb_directory* dir, const char* org_id,
                                         const char* email, const char* password) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    ONB_C_REQUIRE(email);
    ONB_C_REQUIRE(password);
    return deliver(dir->directory->authenticate(org_id, email, password), out);
  });
}

ONB_API onb_status onb_user_change_password(onb_user** out, onb_directory* dir, const char* org_id,
                                            const char* email, const char* current_password,
                                            const char* new_password) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    ONB_C_REQUIRE(email);
    ONB_C_REQUIRE(current_password);
    ONB_C_REQUIRE(new_password);
    return deliver(dir->directory->change_password(org_id, email, current_password, new_password), out);
  });
}

ONB_API onb_status onb_user_authenticate_v2(onb_user** out, onb_directory* dir, const char* org_id,
                                            const char* email, const char* password, const char* source) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    ONB_C_REQUIRE(email);
    ONB_C_REQUIRE(password);
    return deliver(dir->directory->authenticate(org_id, email, password, text(source)), out);
  });
}

ONB_API onb_status onb_user_change_password_v2(onb_user** out, onb_directory* dir, const char* org_id,
                                               const char* email, const char* current_password,
                                               const char* new_password, const char* source) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    ONB_C_REQUIRE(email);
    ONB_C_REQUIRE(current_password);
    ONB_C_REQUIRE(new_password);
    return deliver(
        dir->directory->change_password(org_id, email, current_password, new_password, text(source)), out);
  });
}

ONB_API onb_status onb_user_get(onb_user** out, onb_directory* dir, const char* org_id, const char* actor_id,
                                const char* user_id) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    ONB_C_REQUIRE(actor_id);
    ONB_C_REQUIRE(user_id);
    return deliver(dir->directory->user(Actor{org_id, actor_id}, user_id), out);
  });
}

ONB_API onb_status onb_user_find_by_email(onb_user** out, onb_directory* dir, const char* org_id,
                                          const char* email) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    ONB_C_REQUIRE(email);
    return deliver(dir->directory->find_user_by_email(org_id, email), out);
  });
}

ONB_API onb_status onb_users_list_json(char** out, onb_directory* dir, const char* org_id,
                                       const char* actor_id, const onb_user_filter* filter) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    ONB_C_REQUIRE(actor_id);
    const onb_user_filter defaults ONB_USER_FILTER_INIT;
    const onb_user_filter& f = filter ? *filter : defaults;
    if (f.version != ONB_USER_FILTER_VERSION)
      return bad_version("a user filter", f.version, ONB_USER_FILTER_VERSION);
    UserFilter query;
    if (f.status != nullptr) {
      query.status = parse_user_status(f.status);
      if (!query.status)
        return fail(ONB_INVALID_INPUT,
                    "\"" + std::string(f.status).substr(0, 40) +
                        "\" is not a user status; use pending_activation, active, suspended or "
                        "deleted.");
    }
    query.role = text(f.role);
    query.office = text(f.office);
    query.team = text(f.team);
    query.text = text(f.text);
    query.registered_via = text(f.registered_via);
    query.include_deleted = f.include_deleted != 0;
    query.after_id = text(f.after_id);
    query.limit = f.limit;
    auto users = dir->directory->list_users(Actor{org_id, actor_id}, query);
    if (!users) return fail(users.error());
    boost::json::array list;
    for (const auto& user : *users) list.push_back(to_json(user));
    *out = copy_json(list);
    return ONB_OK;
  });
}

ONB_API void onb_user_free(onb_user* user) { free_handle(__func__, user, kUser); }

ONB_API const char* onb_user_id(const onb_user* user) {
  return read_field(__func__, user, [](const onb_user& h) { return h.user.id.c_str(); });
}

ONB_API const char* onb_user_email(const onb_user* user) {
  return read_field(__func__, user, [](const onb_user& h) { return h.user.email.c_str(); });
}

ONB_API const char* onb_user_display_name(const onb_user* user) {
  return read_field(__func__, user, [](const onb_user& h) { return h.user.display_name.c_str(); });
}

ONB_API const char* onb_user_first_name(const onb_user* user) {
  return read_field(__func__, user, [](const onb_user& h) { return h.user.first_name.c_str(); });
}

ONB_API const char* onb_user_last_name(const onb_user* user) {
  return read_field(__func__, user, [](const onb_user& h) { return h.user.last_name.c_str(); });
}

ONB_API const char* onb_user_role(const onb_user* user) {
  return read_field(__func__, user, [](const onb_user& h) { return h.user.role.c_str(); });
}

ONB_API const char* onb_user_office(const onb_user* user) {
  return read_field(__func__, user, [](const onb_user& h) { return h.user.office.c_str(); });
}

ONB_API const char* onb_user_status(const onb_user* user) {
  return read_field(__func__, user, [](const onb_user& h) { return h.status.c_str(); });
}

ONB_API int onb_user_must_change_password(const onb_user* user) {
  return read_field(__func__, user, [](const onb_user& h) { return h.user.must_change_password ? 1 : 0; });
}

ONB_API int64_t onb_user_created_at(const onb_user* user) {
  return read_field(__func__, user,
                    [](const onb_user& h) -> int64_t { return unix_seconds(h.user.created_at); });
}

ONB_API onb_status onb_user_json(char** out, const onb_user* user) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    ONB_C_REQUIRE(user);
    *out = copy_json(to_json(user->user));
    return ONB_OK;
  });
}

}  // extern "C"
