// onboard org show / org set / orgs list: an organization's settings, its
// seats, and the organizations (tenants) of the database.
#include <iostream>

#include "cli.hpp"
#include "onboard/model/json.hpp"

namespace onboard::cli {
namespace {

boost::json::value number_or_null(const std::optional<std::int64_t>& n) {
  return n ? boost::json::value(*n) : boost::json::value(nullptr);
}

boost::json::object seats_json(const SeatUsage& s) {
  return {{"limit", number_or_null(s.limit)},
          {"used", s.used},
          {"not_activated", s.not_activated},
          {"pending_invitations", s.pending_invitations},
          {"pending_hold_seats", s.pending_hold_seats},
          {"reserved", s.reserved},
          {"free", number_or_null(s.free)}};
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out.empty() ? "(none)" : out;
}

void print_org(const Organization& org, const SeatUsage& seats) {
  const auto days = std::chrono::duration_cast<std::chrono::hours>(org.settings.invitation_ttl).count() / 24;
  std::cout << org.name << " (" << org.id << ")\n"
            << "  seats:        ";
  if (seats.limit)
    std::cout << *seats.limit << " (" << seats.used << " used, " << seats.reserved << " reserved, "
              << seats.free.value_or(0) << " free)\n";
  else
    std::cout << "unlimited (" << seats.used << " used, " << seats.reserved << " reserved)\n";
  std::cout << "  reserved by:  "
            << plural(seats.pending_invitations, "pending invitation", "pending invitations") << ", "
            << seats.not_activated << " not yet activated"
            << (seats.pending_hold_seats ? "" : " (they hold no seat: --pending-hold-seats off)") << "\n"
            << "  teams:        " << joined(org.teams) << "\n"
            << "  offices:      " << joined(org.offices) << " (default " << org.default_office << ")\n"
            << "  invitations:  valid " << plural(days, "day", "days") << "\n"
            << "  time zone:    " << org.time_zone << "\n"
            << "  passwords:    at least " << org.settings.password_policy.min_length << " characters\n"
            << "  locale:       " << org.settings.locale << "\n"
            << "  base URL:     " << org.base_url << "\n";
}

std::vector<std::pair<std::string, std::string>> renames(const Args& a, const std::string& name) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& item : a.list(name)) {
    const auto eq = item.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == item.size())
      throw UsageError{"--" + name + " takes OLD=NEW"};
    out.emplace_back(item.substr(0, eq), item.substr(eq + 1));
  }
  return out;
}

int org_show(const Globals& g, Session& s) {
  auto seats = s.directory->seat_usage(s.as_actor());
  if (!seats) return fail(seats.error(), g);
  if (g.json) {
    auto o = to_json(s.org);
    o["seats"] = seats_json(*seats);
    print_json(o);
    return exit_ok;
  }
  print_org(s.org, *seats);
  return exit_ok;
}

int org_set(const Args& a, const Globals& g, Session& s) {
  OrganizationChange c;
  if (auto seats = a.option("seats")) {
    if (*seats == "unlimited")
      c.seat_limit = std::optional<std::int64_t>{};
    else
      c.seat_limit = std::optional<std::int64_t>{parse_number(*seats, "seats")};
  }
  if (auto days = a.option("invitation-days")) {
    const auto n = parse_number(*days, "invitation-days");
    if (n > 3650) throw UsageError{"--invitation-days is at most 90"};
    c.invitation_ttl = std::chrono::hours{24 * n};
  }
  c.add_teams = a.list("add-team");
  c.rename_teams = renames(a, "rename-team");
  c.remove_teams = a.list("remove-team");
  c.add_offices = a.list("add-office");
  c.rename_offices = renames(a, "rename-office");
  c.remove_offices = a.list("remove-office");
  c.default_office = a.option("default-office");
  c.time_zone = a.option("time-zone");
  if (auto n = a.option("password-min-length"))
    c.password_min_length = static_cast<std::size_t>(parse_number(*n, "password-min-length"));
  c.locale = a.option("locale");
  if (auto hold = a.option("pending-hold-seats")) {
    if (*hold != "on" && *hold != "off") throw UsageError{"--pending-hold-seats takes on or off"};
    c.pending_hold_seats = *hold == "on";
  }
  auto changed = s.directory->change_organization(s.as_actor(), c);
  if (!changed) return fail(changed.error(), g);
  s.org = std::move(changed).value();
  if (!g.json) std::cout << "Updated " << s.org.name << ".\n";
  return org_show(g, s);
}

}  // namespace

int cmd_org(const Args& a, const Globals& g) {
  const std::string sub = a.positional(0, "show or set");
  if (sub == "show") {
    a.allow({});
  } else if (sub == "set") {
    a.allow({"seats", "invitation-days", "add-team", "rename-team", "remove-team", "add-office",
             "rename-office", "remove-office", "default-office", "time-zone", "password-min-length", "locale",
             "pending-hold-seats"});
  } else {
    throw UsageError{"org takes show or set"};
  }
  auto s = open_session(g);
  if (!s) return fail(s.error(), g);
  return sub == "show" ? org_show(g, *s) : org_set(a, g, *s);
}

int cmd_orgs(const Args& a, const Globals& g) {
  a.allow({});
  if (a.positional(0, "list") != "list") throw UsageError{"orgs takes list"};
  auto dir = open_directory(g, false);
  if (!dir) return fail(dir.error(), g);
  auto orgs = (*dir)->organizations();
  if (!orgs) return fail(orgs.error(), g);
  if (g.json) {
    boost::json::array items;
    for (const auto& org : *orgs)
      items.push_back(boost::json::object{{"id", org.id},
                                          {"name", org.name},
                                          {"seat_limit", number_or_null(org.seat_limit)},
                                          {"created_at", format_iso8601(org.created_at)}});
    print_json(boost::json::object{{"items", std::move(items)}, {"next_after", nullptr}});
    return exit_ok;
  }
  if (orgs->empty()) std::cout << "No organizations; run `onboard init`.\n";
  for (const auto& org : *orgs) std::cout << org.id << "  " << org.name << "\n";
  return exit_ok;
}

namespace {
const CommandRegistration cmd_org_registration{"org", cmd_org,
                                               R"(  org show
  org set [--seats N|unlimited] [--invitation-days D] [--add-team T] [--rename-team OLD=NEW]
       [--remove-team T] [--add-office O] [--rename-office OLD=NEW] [--remove-office O]
       [--default-office O] [--time-zone Z] [--password-min-length N] [--locale en|de]
       [--pending-hold-seats on|off]   (lists: A,B; renames: OLD=NEW,OLD2=NEW2)
)",
                                               11};
const CommandRegistration cmd_orgs_registration{"orgs", cmd_orgs,
                                                R"(  orgs list
)",
                                                12};
}  // namespace

}  // namespace onboard::cli
