// One-use set-password links (what an import with generated passwords mails
// instead of the passwords): read and use.
#include "capi_internal.hpp"
#include "onboard/password_links.hpp"

using namespace onboard;
using namespace onboard::capi;

extern "C" {

ONB_API onb_status onb_password_link_inspect(onb_user** out, int64_t* expires_at, onb_directory* dir,
                                             const char* org_id, const char* token) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    if (expires_at) *expires_at = 0;
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    ONB_C_REQUIRE(token);
    auto r = PasswordLinks(*dir->directory).inspect(org_id, token);
    if (!r) return fail(r.error());
    if (expires_at) *expires_at = r->expires_at.time_since_epoch().count();
    *out = make_user(std::move(r->user));
    return ONB_OK;
  });
}

ONB_API onb_status onb_password_link_use(onb_user** out, onb_directory* dir, const char* org_id,
                                         const char* token, const char* password) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    ONB_C_REQUIRE(token);
    ONB_C_REQUIRE(password);
    auto r = PasswordLinks(*dir->directory).set_password(org_id, token, password);
    if (!r) return fail(r.error());
    *out = make_user(std::move(r).value());
    return ONB_OK;
  });
}

}  // extern "C"
