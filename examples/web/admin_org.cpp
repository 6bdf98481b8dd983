// Admin pages: org.
#include "admin.hpp"

namespace onboard::web {

void add_org_routes(httplib::Server& /*server*/, App& /*app*/) {}

}  // namespace onboard::web
