// onboard users show ID|EMAIL and users edit ID|EMAIL [--role R] [--teams A,B] ...
#include <iostream>

#include "cli.hpp"
#include "onboard/model/json.hpp"
#include "onboard/user_admin.hpp"

namespace onboard::cli {
namespace {

std::string or_none(const std::string& value) { return value.empty() ? "(none)" : value; }

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return or_none(out);
}

void print_person(const User& u) {
  std::cout << u.display_name << " (" << u.id << ")\n"
            << "  status       " << to_string(u.status) << "\n"
            << "  email        " << or_none(u.email) << "\n"
            << "  username     " << or_none(u.username) << "\n"
            << "  role         " << u.role << "\n"
            << "  office       " << u.office << "\n"
            << "  teams        " << joined(u.teams) << "\n"
            << "  external id  " << or_none(u.external_id) << "\n"
            << "  name         " << u.first_name << " / " << u.last_name << (u.name_locked ? " (locked)" : "")
            << "\n";
  for (const auto& [name, value] : u.attributes) std::cout << "  " << name << ": " << value << "\n";
}

}  // namespace

int users_show(const Args& a, const Globals& g, Session& s) {
  auto user = UserAdmin(*s.directory).show(s.as_actor(), a.positional(1, "ID or EMAIL"));
  if (!user) return fail(user.error(), g);
  if (g.json)
    print_json(to_json(*user));
  else
    print_person(*user);
  return exit_ok;
}

int users_edit(const Args& a, const Globals& g, Session& s) {
  const std::string who = a.positional(1, "ID or EMAIL");
  UserChanges changes;
  changes.role = a.option("role");
  if (auto teams = a.option("teams")) changes.teams = a.list("teams");
  changes.office = a.option("office");
  changes.first_name = a.option("first");
  changes.last_name = a.option("last");
  changes.email = a.option("email");
  changes.username = a.option("username");
  changes.external_id = a.option("external-id");
  if (!changes.role && !changes.teams && !changes.office && !changes.first_name && !changes.last_name &&
      !changes.email && !changes.username && !changes.external_id)
    throw UsageError{
        "users edit needs something to change: --role, --teams, --office, --first, --last, --email, "
        "--username or --external-id"};
  auto user = UserAdmin(*s.directory).edit(s.as_actor(), who, changes);
  if (!user) return fail(user.error(), g);
  if (g.json) {
    print_json(to_json(*user));
  } else {
    std::cout << "Saved.\n";
    print_person(*user);
  }
  return exit_ok;
}

}  // namespace onboard::cli
