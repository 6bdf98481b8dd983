// The public pages (issue 17), written on the skeleton's helpers (web.hpp):
// use get(…) and post(…, RateClass::…) so every form has its CSRF token and
// every POST its rate limit and origin check.
//
// Routes (owned by the public pages' engineer):
//   GET/POST /invite/TOKEN        (RateClass::invitation; GET never consumes)
//   GET/POST /register, /register/KEY29   (RateClass::key)
//   GET/POST /join/TOKEN          (RateClass::link)
//   GET/POST /confirm/TOKEN
//   GET/POST /set-password/TOKEN
//   expired, used and revoked pages: send_refusal / send_error_page
#include "web.hpp"

namespace onboard::web {

void add_public_routes(httplib::Server& /*server*/, App& /*app*/) {}

}  // namespace onboard::web
