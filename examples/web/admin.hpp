// The admin pages, one file per area; add_admin_routes (admin_pages.cpp) installs them.
#pragma once

#include "web.hpp"

namespace onboard::web {

void add_import_routes(httplib::Server& server, App& app);      // admin_import.cpp
void add_people_routes(httplib::Server& server, App& app);      // admin_people.cpp
void add_invitation_routes(httplib::Server& server, App& app);  // admin_invitations.cpp
void add_key_link_routes(httplib::Server& server, App& app);    // admin_keys_links.cpp
void add_org_routes(httplib::Server& server, App& app);         // admin_org.cpp

// "3 people", "1 person".
std::string count_of(std::int64_t n, const std::string& one, const std::string& many);
// The organization's roles, by rank, highest first.
std::vector<std::string> role_names(const Organization& org);

}  // namespace onboard::web
