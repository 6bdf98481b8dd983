// The users export: the members as a CSV or XLSX file that imports back.
#include <string>

#include "capi_internal.hpp"

using namespace onboard;
using namespace onboard::capi;

namespace {

// The C filter as the C++ one (as onb_users_list_json reads it); an error
// status when it is not valid.
onb_status read_filter(const onb_user_filter* filter, UserFilter& query) {
  const onb_user_filter defaults ONB_USER_FILTER_INIT;
  const onb_user_filter& f = filter ? *filter : defaults;
  if (f.version != ONB_USER_FILTER_VERSION)
    return bad_version("a user filter", f.version, ONB_USER_FILTER_VERSION);
  if (f.status != nullptr) {
    query.status = parse_user_status(f.status);
    if (!query.status)
      return fail(ONB_INVALID_INPUT,
                  "\"" + std::string(f.status).substr(0, 40) +
                      "\" is not a user status; use pending_activation, active, suspended, "
                      "deleted or pending_verification.");
  }
  query.role = text(f.role);
  query.office = text(f.office);
  query.team = text(f.team);
  query.text = text(f.text);
  query.registered_via = text(f.registered_via);
  query.include_deleted = f.include_deleted != 0;
  query.after_id = text(f.after_id);
  query.limit = f.limit;
  return ONB_OK;
}

}  // namespace

extern "C" {

ONB_API onb_status onb_users_export(char** out, size_t* size_out, onb_directory* dir, const char* org_id,
                                    const char* actor_id, const onb_user_filter* filter, const char* format) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    if (size_out != nullptr) *size_out = 0;
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    ONB_C_REQUIRE(actor_id);
    UserFilter query;
    if (const onb_status bad = read_filter(filter, query); bad != ONB_OK) return bad;
    auto kind = parse_export_format(format == nullptr ? "csv" : format);
    if (!kind) return fail(kind.error());
    auto bytes = dir->directory->export_users(Actor{org_id, actor_id}, query, *kind);
    if (!bytes) return fail(bytes.error());
    *out = copy_string(*bytes);
    if (size_out != nullptr) *size_out = bytes->size();
    return ONB_OK;
  });
}

ONB_API onb_status onb_users_export_file(size_t* count_out, onb_directory* dir, const char* org_id,
                                         const char* actor_id, const onb_user_filter* filter,
                                         const char* format, const char* path, int replace) {
  return guard(__func__, [&] {
    if (count_out != nullptr) *count_out = 0;
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    ONB_C_REQUIRE(actor_id);
    ONB_C_REQUIRE(path);
    UserFilter query;
    if (const onb_status bad = read_filter(filter, query); bad != ONB_OK) return bad;
    auto kind = parse_export_format(format == nullptr ? "csv" : format);
    if (!kind) return fail(kind.error());
    auto count =
        dir->directory->export_users_to_file(Actor{org_id, actor_id}, query, *kind, path, replace != 0);
    if (!count) return fail(count.error());
    if (count_out != nullptr) *count_out = *count;
    return ONB_OK;
  });
}

}  // extern "C"
