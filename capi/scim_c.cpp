// SCIM 2.0 provisioning: tokens, and the handler as a function from a
// request to a response object with getters.
#include <string>
#include <utility>
#include <vector>

#include <boost/json.hpp>

#include "capi_internal.hpp"
#include "onboard/scim.hpp"

using namespace onboard;
using namespace onboard::capi;

struct onb_scim_response {
  scim::Response response;
};

namespace {

boost::json::object token_json(const ScimToken& t) {
  boost::json::object o;
  o["id"] = t.id;
  o["name"] = t.name;
  o["created_by"] = t.created_by;
  o["created_at"] = format_iso8601(t.created_at);
  if (t.last_used_at)
    o["last_used_at"] = format_iso8601(*t.last_used_at);
  else
    o["last_used_at"] = nullptr;
  o["revoked"] = t.revoked;
  return o;
}

}  // namespace

extern "C" {

ONB_API onb_status onb_scim_token_create(char** secret_out, char** id_out, onb_directory* dir,
                                         const char* org_id, const char* actor_id, const char* name) {
  return guard(__func__, [&] {
    ONB_C_OUT(secret_out);
    ONB_C_OUT(id_out);
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    ONB_C_REQUIRE(actor_id);
    ONB_C_REQUIRE(name);
    auto issued = scim::Tokens(*dir->directory).create(Actor{org_id, actor_id}, name);
    if (!issued) return fail(issued.error());
    char* id = copy_string(issued->token.id);
    try {
      *secret_out = copy_string(issued->secret);
    } catch (...) {
      std::free(id);
      wipe(issued->secret);
      throw;
    }
    wipe(issued->secret);
    *id_out = id;
    return ONB_OK;
  });
}

ONB_API onb_status onb_scim_token_list_json(char** out, onb_directory* dir, const char* org_id,
                                            const char* actor_id) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    ONB_C_REQUIRE(actor_id);
    auto tokens = scim::Tokens(*dir->directory).list(Actor{org_id, actor_id});
    if (!tokens) return fail(tokens.error());
    boost::json::array a;
    for (const auto& t : *tokens) a.push_back(token_json(t));
    *out = copy_json(a);
    return ONB_OK;
  });
}

ONB_API onb_status onb_scim_token_revoke(onb_directory* dir, const char* org_id, const char* actor_id,
                                         const char* token_id) {
  return guard(__func__, [&] {
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    ONB_C_REQUIRE(actor_id);
    ONB_C_REQUIRE(token_id);
    auto revoked = scim::Tokens(*dir->directory).revoke(Actor{org_id, actor_id}, token_id);
    if (!revoked) return fail(revoked.error());
    return ONB_OK;
  });
}

ONB_API onb_status onb_scim_options_init(onb_scim_options* opts, uint32_t version) {
  return guard(__func__, [&] {
    ONB_C_REQUIRE(opts);
    if (version != ONB_SCIM_OPTIONS_VERSION)
      return bad_version("SCIM options", version, ONB_SCIM_OPTIONS_VERSION);
    *opts = onb_scim_options ONB_SCIM_OPTIONS_INIT;
    return ONB_OK;
  });
}

ONB_API onb_status onb_scim_handle(onb_scim_response** out, onb_directory* dir, const char* org_id,
                                   const char* actor_id, const onb_scim_options* opts, const char* method,
                                   const char* path, const char* query, const char* const* header_names,
                                   const char* const* header_values, size_t header_count, const char* body,
                                   size_t body_size) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    ONB_C_REQUIRE(method);
    ONB_C_REQUIRE(path);
    if (header_count != 0) {
      ONB_C_REQUIRE(header_names);
      ONB_C_REQUIRE(header_values);
    }
    if (body_size != 0) ONB_C_REQUIRE(body);
    const onb_scim_options defaults ONB_SCIM_OPTIONS_INIT;
    const onb_scim_options& o = opts ? *opts : defaults;
    if (o.version != ONB_SCIM_OPTIONS_VERSION)
      return bad_version("SCIM options", o.version, ONB_SCIM_OPTIONS_VERSION);
    scim::HandlerOptions options;
    options.base_url = text(o.base_url);
    options.delete_removes = o.delete_removes != 0;
    if (o.max_bulk_operations != 0) options.max_bulk_operations = o.max_bulk_operations;
    if (o.max_payload_bytes != 0) options.max_payload_bytes = o.max_payload_bytes;
    scim::Request request;
    request.method = method;
    request.path = path;
    request.query = text(query);
    for (size_t i = 0; i < header_count; ++i) {
      if (header_names[i] == nullptr || header_values[i] == nullptr) return null_argument("a header");
      request.headers.emplace_back(header_names[i], header_values[i]);
    }
    if (body_size != 0) request.body.assign(body, body_size);
    scim::Handler handler(*dir->directory, org_id, options);
    scim::Response response =
        actor_id != nullptr ? handler.handle(request, Actor{org_id, actor_id}) : handler.handle(request);
    *out = make_handle<onb_scim_response>(kScimResponse, std::move(response));
    return ONB_OK;
  });
}

ONB_API int onb_scim_response_status(const onb_scim_response* response) {
  return read_field(__func__, response, [](const onb_scim_response& r) { return r.response.status; });
}

ONB_API size_t onb_scim_response_header_count(const onb_scim_response* response) {
  return read_field(__func__, response, [](const onb_scim_response& r) { return r.response.headers.size(); });
}

ONB_API const char* onb_scim_response_header_name(const onb_scim_response* response, size_t index) {
  return read_field(__func__, response, [&](const onb_scim_response& r) -> const char* {
    return index < r.response.headers.size() ? r.response.headers[index].first.c_str() : nullptr;
  });
}

ONB_API const char* onb_scim_response_header_value(const onb_scim_response* response, size_t index) {
  return read_field(__func__, response, [&](const onb_scim_response& r) -> const char* {
    return index < r.response.headers.size() ? r.response.headers[index].second.c_str() : nullptr;
  });
}

ONB_API const char* onb_scim_response_body(const onb_scim_response* response) {
  return read_field(__func__, response, [](const onb_scim_response& r) { return r.response.body.c_str(); });
}

ONB_API size_t onb_scim_response_body_size(const onb_scim_response* response) {
  return read_field(__func__, response, [](const onb_scim_response& r) { return r.response.body.size(); });
}

ONB_API void onb_scim_response_free(onb_scim_response* response) {
  free_handle(__func__, response, kScimResponse);
}

}  // extern "C"
