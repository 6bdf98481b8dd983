// Admin pages: invitations.
#include "admin.hpp"

namespace onboard::web {

void add_invitation_routes(httplib::Server& /*server*/, App& /*app*/) {}

}  // namespace onboard::web
