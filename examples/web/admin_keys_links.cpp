// Admin pages: keys_links.
#include "admin.hpp"

namespace onboard::web {

void add_key_link_routes(httplib::Server& /*server*/, App& /*app*/) {}

}  // namespace onboard::web
