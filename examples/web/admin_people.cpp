// Admin pages: people.
#include "admin.hpp"

namespace onboard::web {

void add_people_routes(httplib::Server& /*server*/, App& /*app*/) {}

}  // namespace onboard::web
