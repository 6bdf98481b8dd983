// The administration: /admin and the areas' routes.
#include <algorithm>

#include "admin.hpp"

namespace onboard::web {

std::string count_of(std::int64_t n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::vector<std::string> role_names(const Organization& org) {
  std::vector<Role> roles = org.roles.roles;
  std::sort(roles.begin(), roles.end(), [](const Role& a, const Role& b) { return a.rank > b.rank; });
  std::vector<std::string> out;
  out.reserve(roles.size());
  for (const auto& r : roles) out.push_back(r.name);
  return out;
}

void add_admin_routes(httplib::Server& server, App& app) {
  admin_get(server, app, "/admin",
            [](const httplib::Request&, httplib::Response& res, Visit&) { redirect(res, "/admin/people"); });
  add_import_routes(server, app);
  add_people_routes(server, app);
  add_invitation_routes(server, app);
  add_key_link_routes(server, app);
  add_org_routes(server, app);
}

}  // namespace onboard::web
