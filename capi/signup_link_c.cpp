// Self-registration links: create, edit, enable, disable, list, QR code,
// redeem, and the handle's accessors. The token and URL live only in the
// handle from create, wiped on free.
#include <algorithm>
#include <string>
#include <vector>

#include <boost/json/array.hpp>

#include "capi_internal.hpp"
#include "onboard/model/json.hpp"
#include "onboard/signup_links.hpp"

using namespace onboard;
using namespace onboard::capi;

struct onb_signup_link {
  SignupLink link;
  std::string status;  // as of when the handle was made
  std::optional<std::string> token;
  std::optional<std::string> url;
  ~onb_signup_link();
};

namespace {

// A copy of `secret` for the handle; the original is wiped, so it exists only once.
std::string take_secret(std::string& secret) {
  std::string copy = secret;
  wipe(secret);
  return copy;
}

onb_signup_link* make_link_handle(SignupLink link, Timestamp now) {
  std::string status(to_json(link, now).at("status").as_string());
  return make_handle<onb_signup_link>(kSignupLink, std::move(link), std::move(status), std::nullopt,
                                      std::nullopt);
}

onb_status deliver(Result<SignupLink> link, onb_signup_link** out, const onb_directory* dir) {
  if (!link) return fail(link.error());
  *out = make_link_handle(std::move(link).value(), dir->directory->clock().now());
  return ONB_OK;
}

// `count` strings from a C array; false when the array or an entry is NULL.
bool copy_strings(const char* const* items, size_t count, std::vector<std::string>& out) {
  if (count == 0) return true;
  if (items == nullptr) return false;
  for (size_t i = 0; i < count; ++i) {
    if (items[i] == nullptr) return false;
    out.emplace_back(items[i]);
  }
  return true;
}

std::optional<std::string> optional_text(const char* s) {
  return s ? std::optional<std::string>(s) : std::nullopt;
}

}  // namespace

// The token and URL are secrets: do not leave them in freed memory.
onb_signup_link::~onb_signup_link() {
  if (token) wipe(*token);
  if (url) wipe(*url);
}

extern "C" {

ONB_API onb_status onb_signup_link_options_init(onb_signup_link_options* opts, uint32_t version) {
  return guard(__func__, [&] {
    ONB_C_REQUIRE(opts);
    if (version != ONB_SIGNUP_LINK_OPTIONS_VERSION)
      return bad_version("link options", version, ONB_SIGNUP_LINK_OPTIONS_VERSION);
    *opts = onb_signup_link_options ONB_SIGNUP_LINK_OPTIONS_INIT;
    return ONB_OK;
  });
}

ONB_API onb_status onb_signup_link_changes_init(onb_signup_link_changes* changes, uint32_t version) {
  return guard(__func__, [&] {
    ONB_C_REQUIRE(changes);
    if (version != ONB_SIGNUP_LINK_CHANGES_VERSION)
      return bad_version("link changes", version, ONB_SIGNUP_LINK_CHANGES_VERSION);
    *changes = onb_signup_link_changes ONB_SIGNUP_LINK_CHANGES_INIT;
    return ONB_OK;
  });
}

ONB_API onb_status onb_signup_link_create(onb_signup_link** out, onb_directory* dir, const char* org_id,
                                          const char* actor_id, const onb_signup_link_options* opts) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    ONB_C_REQUIRE(actor_id);
    const onb_signup_link_options defaults ONB_SIGNUP_LINK_OPTIONS_INIT;
    const onb_signup_link_options& o = opts ? *opts : defaults;
    if (o.version != ONB_SIGNUP_LINK_OPTIONS_VERSION)
      return bad_version("link options", o.version, ONB_SIGNUP_LINK_OPTIONS_VERSION);
    NewSignupLink request;
    request.label = text(o.label);
    request.role = text(o.role);
    request.team = text(o.team);
    request.office = text(o.office);
    request.expires = text(o.expires);
    if (o.max_uses != 0) request.max_uses = o.max_uses;
    if (!copy_strings(o.allowed_domains, o.allowed_domains_count, request.allowed_domains))
      return null_argument("opts->allowed_domains");
    auto issued = SignupLinks(*dir->directory).create(Actor{org_id, actor_id}, request);
    if (!issued) return fail(issued.error());
    onb_signup_link* handle = make_link_handle(std::move(issued->link), dir->directory->clock().now());
    handle->token = take_secret(issued->token);
    handle->url = take_secret(issued->url);
    *out = handle;
    return ONB_OK;
  });
}

ONB_API onb_status onb_signup_link_edit(onb_signup_link** out, onb_directory* dir, const char* org_id,
                                        const char* actor_id, const char* link_id,
                                        const onb_signup_link_changes* changes) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    ONB_C_REQUIRE(actor_id);
    ONB_C_REQUIRE(link_id);
    const onb_signup_link_changes defaults ONB_SIGNUP_LINK_CHANGES_INIT;
    const onb_signup_link_changes& c = changes ? *changes : defaults;
    if (c.version != ONB_SIGNUP_LINK_CHANGES_VERSION)
      return bad_version("link changes", c.version, ONB_SIGNUP_LINK_CHANGES_VERSION);
    SignupLinkChanges request;
    request.label = optional_text(c.label);
    request.role = optional_text(c.role);
    request.team = optional_text(c.team);
    request.office = optional_text(c.office);
    request.expires = optional_text(c.expires);
    if (c.set_max_uses != 0) request.max_uses = c.max_uses;
    if (c.set_allowed_domains != 0) {
      request.allowed_domains.emplace();
      if (!copy_strings(c.allowed_domains, c.allowed_domains_count, *request.allowed_domains))
        return null_argument("changes->allowed_domains");
    }
    return deliver(SignupLinks(*dir->directory).edit(Actor{org_id, actor_id}, link_id, request), out, dir);
  });
}

ONB_API onb_status onb_signup_link_inspect(onb_signup_link** out, onb_directory* dir, const char* org_id,
                                           const char* token) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    ONB_C_REQUIRE(token);
    // The whole URL is accepted: its last path segment is the token.
    std::string_view t(token);
    if (const auto slash = t.find_last_of('/'); slash != std::string_view::npos) t.remove_prefix(slash + 1);
    return deliver(SignupLinks(*dir->directory).inspect(org_id, t), out, dir);
  });
}

ONB_API onb_status onb_signup_link_enable(onb_signup_link** out, onb_directory* dir, const char* org_id,
                                          const char* actor_id, const char* link_id) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    ONB_C_REQUIRE(actor_id);
    ONB_C_REQUIRE(link_id);
    return deliver(SignupLinks(*dir->directory).enable(Actor{org_id, actor_id}, link_id), out, dir);
  });
}

ONB_API onb_status onb_signup_link_disable(onb_signup_link** out, onb_directory* dir, const char* org_id,
                                           const char* actor_id, const char* link_id) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    ONB_C_REQUIRE(actor_id);
    ONB_C_REQUIRE(link_id);
    return deliver(SignupLinks(*dir->directory).disable(Actor{org_id, actor_id}, link_id), out, dir);
  });
}

ONB_API onb_status onb_signup_links_list_json(char** out, onb_directory* dir, const char* org_id,
                                              const char* actor_id) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    ONB_C_REQUIRE(actor_id);
    auto links = SignupLinks(*dir->directory).list(Actor{org_id, actor_id});
    if (!links) return fail(links.error());
    const auto now = dir->directory->clock().now();
    boost::json::array list;
    for (const auto& link : *links) list.push_back(to_json(link, now));
    *out = copy_json(list);
    return ONB_OK;
  });
}

ONB_API onb_status onb_signup_link_qr_svg(char** out, onb_directory* dir, const char* org_id,
                                          const char* actor_id, const char* link_id) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    ONB_C_REQUIRE(actor_id);
    ONB_C_REQUIRE(link_id);
    auto svg = SignupLinks(*dir->directory).qr_svg(Actor{org_id, actor_id}, link_id);
    if (!svg) return fail(svg.error());
    *out = copy_string(*svg);
    return ONB_OK;
  });
}

ONB_API onb_status onb_signup_link_redeem(onb_directory* dir, const char* org_id, const char* token,
                                          const char* email, const char* name, const char* password) {
  return guard(__func__, [&] {
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    ONB_C_REQUIRE(token);
    ONB_C_REQUIRE(email);
    ONB_C_REQUIRE(name);
    ONB_C_REQUIRE(password);
    LinkRedemption request{token, email, name, password};
    // Only the status goes back: the answer must not tell a new email from one with an account.
    auto registered = SignupLinks(*dir->directory).redeem(org_id, request);
    wipe(request.password);
    if (!registered) return fail(registered.error());
    return ONB_OK;
  });
}

ONB_API void onb_signup_link_free(onb_signup_link* link) { free_handle(__func__, link, kSignupLink); }

ONB_API const char* onb_signup_link_id(const onb_signup_link* link) {
  return read_field(__func__, link, [](const onb_signup_link& h) { return h.link.id.c_str(); });
}

ONB_API const char* onb_signup_link_label(const onb_signup_link* link) {
  return read_field(__func__, link, [](const onb_signup_link& h) { return h.link.label.c_str(); });
}

ONB_API const char* onb_signup_link_role(const onb_signup_link* link) {
  return read_field(__func__, link, [](const onb_signup_link& h) { return h.link.role.c_str(); });
}

ONB_API const char* onb_signup_link_team(const onb_signup_link* link) {
  return read_field(__func__, link, [](const onb_signup_link& h) { return h.link.team.c_str(); });
}

ONB_API const char* onb_signup_link_office(const onb_signup_link* link) {
  return read_field(__func__, link, [](const onb_signup_link& h) { return h.link.office.c_str(); });
}

ONB_API const char* onb_signup_link_status(const onb_signup_link* link) {
  return read_field(__func__, link, [](const onb_signup_link& h) { return h.status.c_str(); });
}

ONB_API int64_t onb_signup_link_expires_at(const onb_signup_link* link) {
  return read_field(__func__, link, [](const onb_signup_link& h) -> int64_t {
    return h.link.expires_at ? unix_seconds(*h.link.expires_at) : 0;
  });
}

ONB_API int64_t onb_signup_link_max_uses(const onb_signup_link* link) {
  return read_field(__func__, link,
                    [](const onb_signup_link& h) -> int64_t { return h.link.max_uses.value_or(0); });
}

ONB_API int64_t onb_signup_link_use_count(const onb_signup_link* link) {
  return read_field(__func__, link, [](const onb_signup_link& h) -> int64_t { return h.link.use_count; });
}

ONB_API int onb_signup_link_enabled(const onb_signup_link* link) {
  return read_field(__func__, link, [](const onb_signup_link& h) { return h.link.enabled ? 1 : 0; });
}

ONB_API const char* onb_signup_link_token(const onb_signup_link* link) {
  return read_field(__func__, link,
                    [](const onb_signup_link& h) { return h.token ? h.token->c_str() : nullptr; });
}

ONB_API const char* onb_signup_link_url(const onb_signup_link* link) {
  return read_field(__func__, link,
                    [](const onb_signup_link& h) { return h.url ? h.url->c_str() : nullptr; });
}

ONB_API onb_status onb_signup_link_json(char** out, const onb_signup_link* link) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    ONB_C_REQUIRE(link);
    // The status as the handle saw it, so the JSON and the accessor agree.
    auto json = to_json(link->link, Timestamp{});
    json["status"] = link->status;
    *out = copy_json(json);
    return ONB_OK;
  });
}

}  // extern "C"
