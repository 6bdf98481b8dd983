// Invitations: create, inspect, accept, resend, revoke, list, and the
// handle's accessors.
#include <algorithm>

#include <boost/json/array.hpp>

#include "capi_internal.hpp"
#include "onboard/model/json.hpp"

using namespace onboard;
using namespace onboard::capi;

// The token is a secret: do not leave it in freed memory.
onb_invitation::~onb_invitation() {
  if (token) std::fill(token->begin(), token->end(), '\0');
  if (link) std::fill(link->begin(), link->end(), '\0');
}

namespace onboard::capi {

onb_invitation* make_invitation(Invitation invitation, Timestamp now) {
  std::string status(to_string(invitation.status_at(now)));
  return make_handle<onb_invitation>(kInvitation, std::move(invitation), std::move(status), std::nullopt,
                                     std::nullopt);
}

}  // namespace onboard::capi

namespace {

onb_status deliver(Result<Invitation> invitation, onb_invitation** out, const onb_directory* dir) {
  if (!invitation) return fail(invitation.error());
  *out = make_invitation(std::move(invitation).value(), dir->directory->clock().now());
  return ONB_OK;
}

onb_status deliver(Result<IssuedInvitation> issued, onb_invitation** out, const onb_directory* dir) {
  if (!issued) return fail(issued.error());
  onb_invitation* handle = make_invitation(std::move(issued->invitation), dir->directory->clock().now());
  handle->token = std::move(issued->token);
  handle->link = std::move(issued->link);
  *out = handle;
  return ONB_OK;
}

}  // namespace

extern "C" {

ONB_API onb_status onb_invite_options_init(onb_invite_options* opts, uint32_t version) {
  return guard(__func__, [&] {
    ONB_C_REQUIRE(opts);
    if (version != ONB_INVITE_OPTIONS_VERSION)
      return bad_version("invite options", version, ONB_INVITE_OPTIONS_VERSION);
    *opts = onb_invite_options ONB_INVITE_OPTIONS_INIT;
    return ONB_OK;
  });
}

ONB_API onb_status onb_invitation_create(onb_invitation** out, onb_directory* dir, const char* org_id,
                                         const char* actor_id, const char* email,
                                         const onb_invite_options* opts) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    ONB_C_REQUIRE(actor_id);
    ONB_C_REQUIRE(email);
    const onb_invite_options defaults ONB_INVITE_OPTIONS_INIT;
    const onb_invite_options& o = opts ? *opts : defaults;
    if (o.version != ONB_INVITE_OPTIONS_VERSION)
      return bad_version("invite options", o.version, ONB_INVITE_OPTIONS_VERSION);
    InviteRequest request{email, std::string(text(o.role)), std::string(text(o.team)),
                          std::string(text(o.office))};
    return deliver(dir->directory->invite(Actor{org_id, actor_id}, request), out, dir);
  });
}

ONB_API onb_status onb_invitation_inspect(onb_invitation** out, onb_directory* dir, const char* org_id,
                                          const char* token) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    ONB_C_REQUIRE(token);
    return deliver(dir->directory->inspect_invitation(org_id, token), out, dir);
  });
}

ONB_API onb_status onb_invitation_accept(onb_user** out, onb_directory* dir, const char* org_id,
                                         const char* token, const char* name, const char* password) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    ONB_C_REQUIRE(token);
    ONB_C_REQUIRE(name);
    ONB_C_REQUIRE(password);
    auto user = dir->directory->accept_invitation(org_id, AcceptRequest{token, name, password});
    if (!user) return fail(user.error());
    *out = make_user(std::move(user).value());
    return ONB_OK;
  });
}

ONB_API onb_status onb_invitation_resend(onb_invitation** out, onb_directory* dir, const char* org_id,
                                         const char* actor_id, const char* invitation_id) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    ONB_C_REQUIRE(actor_id);
    ONB_C_REQUIRE(invitation_id);
    return deliver(dir->directory->resend_invitation(Actor{org_id, actor_id}, invitation_id), out, dir);
  });
}

ONB_API onb_status onb_invitation_revoke(onb_invitation** out, onb_directory* dir, const char* org_id,
                                         const char* actor_id, const char* invitation_id) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    ONB_C_REQUIRE(actor_id);
    ONB_C_REQUIRE(invitation_id);
    return deliver(dir->directory->revoke_invitation(Actor{org_id, actor_id}, invitation_id), out, dir);
  });
}

ONB_API onb_status onb_invitations_list_json(char** out, onb_directory* dir, const char* org_id,
                                             const char* actor_id) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    ONB_C_REQUIRE(actor_id);
    auto invitations = dir->directory->list_invitations(Actor{org_id, actor_id});
    if (!invitations) return fail(invitations.error());
    const auto now = dir->directory->clock().now();
    boost::json::array list;
    for (const auto& invitation : *invitations) list.push_back(to_json(invitation, now));
    *out = copy_json(list);
    return ONB_OK;
  });
}

ONB_API void onb_invitation_free(onb_invitation* invitation) {
  free_handle(__func__, invitation, kInvitation);
}

ONB_API const char* onb_invitation_id(const onb_invitation* invitation) {
  return read_field(__func__, invitation, [](const onb_invitation& h) { return h.invitation.id.c_str(); });
}

ONB_API const char* onb_invitation_email(const onb_invitation* invitation) {
  return read_field(__func__, invitation, [](const onb_invitation& h) { return h.invitation.email.c_str(); });
}

ONB_API const char* onb_invitation_role(const onb_invitation* invitation) {
  return read_field(__func__, invitation, [](const onb_invitation& h) { return h.invitation.role.c_str(); });
}

ONB_API const char* onb_invitation_team(const onb_invitation* invitation) {
  return read_field(__func__, invitation, [](const onb_invitation& h) { return h.invitation.team.c_str(); });
}

ONB_API const char* onb_invitation_office(const onb_invitation* invitation) {
  return read_field(__func__, invitation,
                    [](const onb_invitation& h) { return h.invitation.office.c_str(); });
}

ONB_API const char* onb_invitation_status(const onb_invitation* invitation) {
  return read_field(__func__, invitation, [](const onb_invitation& h) { return h.status.c_str(); });
}

ONB_API int64_t onb_invitation_expires_at(const onb_invitation* invitation) {
  return read_field(__func__, invitation,
                    [](const onb_invitation& h) -> int64_t { return unix_seconds(h.invitation.expires_at); });
}

ONB_API int64_t onb_invitation_resend_count(const onb_invitation* invitation) {
  return read_field(__func__, invitation,
                    [](const onb_invitation& h) -> int64_t { return h.invitation.resend_count; });
}

ONB_API const char* onb_invitation_token(const onb_invitation* invitation) {
  return read_field(__func__, invitation,
                    [](const onb_invitation& h) { return h.token ? h.token->c_str() : nullptr; });
}

ONB_API const char* onb_invitation_link(const onb_invitation* invitation) {
  return read_field(__func__, invitation,
                    [](const onb_invitation& h) { return h.link ? h.link->c_str() : nullptr; });
}

ONB_API onb_status onb_invitation_json(char** out, const onb_invitation* invitation) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    ONB_C_REQUIRE(invitation);
    // The status as the handle saw it, so the JSON and the accessor agree.
    auto json = to_json(invitation->invitation, Timestamp{});
    json["status"] = invitation->status;
    *out = copy_json(json);
    return ONB_OK;
  });
}

}  // extern "C"
