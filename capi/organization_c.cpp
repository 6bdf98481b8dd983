// Organizations: create, read, list, update, and the handle's accessors.
#include <boost/json/array.hpp>

#include "capi_internal.hpp"
#include "onboard/model/json.hpp"

using namespace onboard;
using namespace onboard::capi;

namespace {

std::vector<std::string> strings(const char* const* items, size_t count) {
  std::vector<std::string> out;
  for (size_t i = 0; i < count; ++i)
    if (items[i] != nullptr) out.emplace_back(items[i]);
  return out;
}

onb_organization* make_organization(Organization org) {
  return make_handle<onb_organization>(kOrganization, std::move(org));
}

}  // namespace

extern "C" {

ONB_API onb_status onb_organization_options_init(onb_organization_options* opts, uint32_t version) {
  return guard(__func__, [&] {
    ONB_C_REQUIRE(opts);
    if (version != ONB_ORGANIZATION_OPTIONS_VERSION)
      return bad_version("organization options", version, ONB_ORGANIZATION_OPTIONS_VERSION);
    *opts = onb_organization_options ONB_ORGANIZATION_OPTIONS_INIT;
    return ONB_OK;
  });
}

ONB_API onb_status onb_organization_create(onb_organization** out, onb_user** admin_out,
                                           char** generated_password_out, onb_directory* dir,
                                           const onb_organization_options* opts) {
  if (admin_out) *admin_out = nullptr;
  if (generated_password_out) *generated_password_out = nullptr;
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(opts);
    if (opts->version != ONB_ORGANIZATION_OPTIONS_VERSION)
      return bad_version("organization options", opts->version, ONB_ORGANIZATION_OPTIONS_VERSION);
    if ((opts->offices == nullptr && opts->offices_count > 0) ||
        (opts->teams == nullptr && opts->teams_count > 0))
      return fail(ONB_MISUSE,
                  "onb_organization_create was given a count for a NULL list of offices or teams.");
    NewOrganization request;
    request.name = text(opts->name);
    if (opts->base_url) request.base_url = opts->base_url;
    if (opts->time_zone) request.time_zone = opts->time_zone;
    if (opts->role_preset) request.role_preset = opts->role_preset;
    request.offices = strings(opts->offices, opts->offices_count);
    request.default_office = text(opts->default_office);
    request.teams = strings(opts->teams, opts->teams_count);
    if (opts->seat_limit != 0) request.seat_limit = opts->seat_limit;
    request.admin_email = text(opts->admin_email);
    request.admin_name = text(opts->admin_name);
    request.admin_password = text(opts->admin_password);

    auto created = dir->directory->create_organization(request);
    if (!created) return fail(created.error());
    // Allocate everything before handing anything out, so a failure leaks nothing.
    std::unique_ptr<char, decltype(&std::free)> password(nullptr, &std::free);
    if (!created->generated_password.empty() && generated_password_out)
      password.reset(copy_string(created->generated_password));
    std::unique_ptr<onb_user, decltype(&onb_user_free)> admin(nullptr, &onb_user_free);
    if (admin_out) admin.reset(make_user(created->admin));
    *out = make_organization(std::move(created->organization));
    if (admin_out) *admin_out = admin.release();
    if (generated_password_out) *generated_password_out = password.release();
    return ONB_OK;
  });
}

ONB_API onb_status onb_organization_get(onb_organization** out, onb_directory* dir, const char* org_id) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    auto org = dir->directory->organization(org_id);
    if (!org) return fail(org.error());
    *out = make_organization(std::move(org).value());
    return ONB_OK;
  });
}

ONB_API onb_status onb_organizations_list_json(char** out, onb_directory* dir) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    ONB_C_REQUIRE_DIRECTORY(dir);
    auto orgs = dir->directory->organizations();
    if (!orgs) return fail(orgs.error());
    boost::json::array list;
    for (const auto& org : *orgs) list.push_back(to_json(org));
    *out = copy_json(list);
    return ONB_OK;
  });
}

ONB_API onb_status onb_organization_update_json(onb_organization** out, onb_directory* dir,
                                                const char* org_id, const char* actor_id, const char* json) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    ONB_C_REQUIRE(actor_id);
    ONB_C_REQUIRE(json);
    auto parsed = parse_json_text(json);
    if (!parsed) return fail(parsed.error());
    auto changed = organization_from_json(*parsed);
    if (!changed) return fail(changed.error());
    auto updated = dir->directory->update_organization(Actor{org_id, actor_id}, *changed);
    if (!updated) return fail(updated.error());
    *out = make_organization(std::move(updated).value());
    return ONB_OK;
  });
}

ONB_API void onb_organization_free(onb_organization* org) { free_handle(__func__, org, kOrganization); }

ONB_API const char* onb_organization_id(const onb_organization* org) {
  return read_field(__func__, org, [](const onb_organization& h) { return h.organization.id.c_str(); });
}

ONB_API const char* onb_organization_name(const onb_organization* org) {
  return read_field(__func__, org, [](const onb_organization& h) { return h.organization.name.c_str(); });
}

ONB_API const char* onb_organization_base_url(const onb_organization* org) {
  return read_field(__func__, org, [](const onb_organization& h) { return h.organization.base_url.c_str(); });
}

ONB_API const char* onb_organization_time_zone(const onb_organization* org) {
  return read_field(__func__, org,
                    [](const onb_organization& h) { return h.organization.time_zone.c_str(); });
}

ONB_API const char* onb_organization_default_office(const onb_organization* org) {
  return read_field(__func__, org,
                    [](const onb_organization& h) { return h.organization.default_office.c_str(); });
}

ONB_API int64_t onb_organization_seat_limit(const onb_organization* org) {
  return read_field(__func__, org, [](const onb_organization& h) -> int64_t {
    return h.organization.seat_limit.value_or(0);
  });
}

ONB_API int64_t onb_organization_invitation_ttl(const onb_organization* org) {
  return read_field(__func__, org, [](const onb_organization& h) -> int64_t {
    return h.organization.settings.invitation_ttl.count();
  });
}

ONB_API onb_status onb_organization_json(char** out, const onb_organization* org) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    ONB_C_REQUIRE(org);
    *out = copy_json(to_json(org->organization));
    return ONB_OK;
  });
}

}  // extern "C"
