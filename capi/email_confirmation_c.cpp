// Self-registration proven by the mailbox: the _v2 registrations (links and
// 10-digit keys, with email_verified) and the confirmation link.
#include <algorithm>

#include "capi_internal.hpp"
#include "onboard/email_confirmations.hpp"
#include "onboard/registrations.hpp"
#include "onboard/signup_links.hpp"

using namespace onboard;
using namespace onboard::capi;

extern "C" {

ONB_API onb_status onb_self_registration_options_init(onb_self_registration_options* opts, uint32_t version) {
  return guard(__func__, [&] {
    ONB_C_REQUIRE(opts);
    if (version != ONB_SELF_REGISTRATION_OPTIONS_VERSION)
      return bad_version("self-registration options", version, ONB_SELF_REGISTRATION_OPTIONS_VERSION);
    *opts = onb_self_registration_options ONB_SELF_REGISTRATION_OPTIONS_INIT;
    return ONB_OK;
  });
}

ONB_API onb_status onb_signup_link_redeem_v2(onb_directory* dir, const char* org_id, const char* token,
                                             const char* email, const char* name, const char* password,
                                             const onb_self_registration_options* opts) {
  return guard(__func__, [&] {
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    ONB_C_REQUIRE(token);
    ONB_C_REQUIRE(email);
    ONB_C_REQUIRE(name);
    ONB_C_REQUIRE(password);
    const onb_self_registration_options defaults ONB_SELF_REGISTRATION_OPTIONS_INIT;
    const onb_self_registration_options& o = opts ? *opts : defaults;
    if (o.version != ONB_SELF_REGISTRATION_OPTIONS_VERSION)
      return bad_version("self-registration options", o.version, ONB_SELF_REGISTRATION_OPTIONS_VERSION);
    LinkRedemption request{token, email, name, password, o.email_verified != 0};
    auto r = SignupLinks(*dir->directory).redeem(org_id, request);
    wipe(request.token);
    wipe(request.password);
    if (!r) return fail(r.error());
    return ONB_OK;
  });
}

ONB_API onb_status onb_registration_key_redeem_v2(onb_directory* dir, const char* org_id, const char* key,
                                                  const char* email, const char* name, const char* password,
                                                  const char* source,
                                                  const onb_self_registration_options* opts) {
  return guard(__func__, [&] {
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    ONB_C_REQUIRE(key);
    ONB_C_REQUIRE(email);
    ONB_C_REQUIRE(name);
    ONB_C_REQUIRE(password);
    const onb_self_registration_options defaults ONB_SELF_REGISTRATION_OPTIONS_INIT;
    const onb_self_registration_options& o = opts ? *opts : defaults;
    if (o.version != ONB_SELF_REGISTRATION_OPTIONS_VERSION)
      return bad_version("self-registration options", o.version, ONB_SELF_REGISTRATION_OPTIONS_VERSION);
    KeyRedemption request{key, email, name, password, std::string(text(source)), o.email_verified != 0};
    auto r = Registrations(*dir->directory).redeem_key(org_id, request);
    wipe(request.key);
    wipe(request.password);
    if (!r) return fail(r.error());
    return ONB_OK;
  });
}

ONB_API onb_status onb_email_confirmation_inspect(onb_user** out, int64_t* expires_at, onb_directory* dir,
                                                  const char* org_id, const char* token) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    if (expires_at) *expires_at = 0;
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    ONB_C_REQUIRE(token);
    auto r = EmailConfirmations(*dir->directory).inspect_confirmation(org_id, token);
    if (!r) return fail(r.error());
    if (expires_at) *expires_at = r->expires_at.time_since_epoch().count();
    *out = make_user(std::move(r->user));
    return ONB_OK;
  });
}

ONB_API onb_status onb_email_confirm(onb_user** out, onb_directory* dir, const char* org_id,
                                     const char* token, const char* password, const char* source) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    ONB_C_REQUIRE(token);
    ONB_C_REQUIRE(password);
    auto r = EmailConfirmations(*dir->directory).confirm_email(org_id, token, password, text(source));
    if (!r) return fail(r.error());
    *out = make_user(std::move(r).value());
    return ONB_OK;
  });
}

}  // extern "C"
