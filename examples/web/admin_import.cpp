// Admin pages: import.
#include "admin.hpp"

namespace onboard::web {

void add_import_routes(httplib::Server& /*server*/, App& /*app*/) {}

}  // namespace onboard::web
