// onboard users: list the members.
#include <iostream>

#include "cli.hpp"
#include "onboard/model/json.hpp"

namespace onboard::cli {

int cmd_users(const Args& a, const Globals& g) {
  const std::string sub = a.positional(0, "list");
  if (sub != "list") throw UsageError{"users takes list"};
  a.allow({"status", "role", "office", "team", "search", "after", "limit"});
  UserFilter filter;
  if (auto st = a.option("status")) {
    auto parsed = parse_user_status(*st);
    if (!parsed) throw UsageError{"--status is pending_activation, active, suspended or deleted"};
    filter.status = *parsed;
  }
  filter.role = a.option_or("role", "");
  filter.office = a.option_or("office", "");
  filter.team = a.option_or("team", "");
  filter.text = a.option_or("search", "");
  filter.after_id = a.option_or("after", "");
  if (auto l = a.option("limit")) filter.limit = static_cast<std::size_t>(parse_number(*l, "limit"));
  auto s = open_session(g);
  if (!s) return fail(s.error(), g);
  // Catalog names are matched as people type them.
  if (!filter.role.empty())
    if (const Role* r = s->org.roles.find(filter.role)) filter.role = r->name;
  auto users = s->directory->list_users(s->as_actor(), filter);
  if (!users) return fail(users.error(), g);
  if (g.json) {
    boost::json::array arr;
    for (const auto& u : *users) arr.push_back(to_json(u));
    print_json(arr);
    return exit_ok;
  }
  if (users->empty()) std::cout << "No users.\n";
  for (const auto& u : *users)
    std::cout << u.id << "  " << to_string(u.status) << "  " << (u.email.empty() ? "(no email)" : u.email) << "  "
              << u.display_name << "  " << u.role << "  " << u.office << "\n";
  return exit_ok;
}


namespace {
const CommandRegistration cmd_users_registration{"users", cmd_users,
    R"(  users list [--status S] [--role R] [--office O] [--team T] [--search TEXT] [--after ID] [--limit N]
)", 50};
}  // namespace

}  // namespace onboard::cli
