// Admin pages: the organization's settings and its seat usage.
#include <set>

#include "admin.hpp"
#include "onboard/model/catalog.hpp"

namespace onboard::web {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::string line;
  for (const char c : text + "\n") {
    if (c == '\n' || c == '\r') {
      while (!line.empty() && line.back() == ' ') line.pop_back();
      std::size_t start = line.find_first_not_of(' ');
      if (start != std::string::npos) out.push_back(line.substr(start));
      line.clear();
    } else {
      line += c;
    }
  }
  return out;
}

// What to add and what to remove to go from `now` to `wanted` (matching as the catalog does).
void diff(const std::vector<std::string>& now, const std::vector<std::string>& wanted,
          std::vector<std::string>& add, std::vector<std::string>& remove) {
  std::set<std::string> now_keys, wanted_keys;
  for (const auto& n : now) now_keys.insert(fold_key(n));
  for (const auto& w : wanted) {
    wanted_keys.insert(fold_key(w));
    if (!now_keys.count(fold_key(w))) add.push_back(w);
  }
  for (const auto& n : now)
    if (!wanted_keys.count(fold_key(n))) remove.push_back(n);
}

std::string textarea(const std::string& label, const std::string& name, const std::vector<std::string>& items,
                     const std::string& hint) {
  std::string text;
  for (const auto& i : items) text += i + "\n";
  return "<div class=\"field\"><label for=\"f-" + name + "\">" + html_escape(label) +
         "</label><textarea id=\"f-" + name + "\" name=\"" + name + "\" rows=\"4\" aria-describedby=\"f-" +
         name + "-hint\">" + html_escape(text) + "</textarea><p class=\"hint\" id=\"f-" + name + "-hint\">" +
         html_escape(hint) + "</p></div>";
}

void org_page(App& app, httplib::Response& res, const Visit& visit, const std::string& error = "",
              int status = 200) {
  const Organization org = app.organization();
  auto seats = app.directory.seat_usage(visit.actor(app));
  if (!seats) return send_refusal(res, seats.error());
  // Settings are for members who manage users: ask the library before showing the form.
  auto allowed = app.directory.authorize(visit.actor(app), Permission::manage_users);
  std::string body;
  if (!error.empty()) body += "<p class=\"error\" role=\"alert\">" + html_escape(error) + "</p>";
  body += "<h2>Seats</h2><dl class=\"facts\"><dt>Limit</dt><dd>" +
          (seats->limit ? std::to_string(*seats->limit) : std::string("none")) + "</dd><dt>Used</dt><dd>" +
          std::to_string(seats->used) + " (active and suspended members)</dd><dt>Not activated yet</dt><dd>" +
          std::to_string(seats->not_activated) + "</dd><dt>Pending invitations</dt><dd>" +
          std::to_string(seats->pending_invitations) + "</dd><dt>Reserved</dt><dd>" +
          std::to_string(seats->reserved) +
          (seats->pending_hold_seats ? " (pending people hold seats)" : " (pending people hold no seat)") +
          "</dd><dt>Free</dt><dd>" + (seats->free ? std::to_string(*seats->free) : std::string("unlimited")) +
          "</dd></dl>";
  if (seats->limit && *seats->limit > 0)
    body += "<label for=\"seat-meter\">Seats taken</label><meter id=\"seat-meter\" min=\"0\" max=\"" +
            std::to_string(*seats->limit) + "\" value=\"" + std::to_string(seats->used + seats->reserved) +
            "\">" + std::to_string(seats->used + seats->reserved) + " of " + std::to_string(*seats->limit) +
            "</meter>";
  if (!allowed) {
    body += "<p>" + html_escape(allowed.error().message) + "</p>";
    send_page(res, admin_page(visit, org.name, body, "/admin/org"), status);
    return;
  }
  const auto ttl_days =
      std::chrono::duration_cast<std::chrono::hours>(org.settings.invitation_ttl).count() / 24;
  body +=
      "<h2>Settings</h2><form method=\"post\" action=\"/admin/org\">" + csrf_field(visit) +
      text_field("Time zone", "time_zone", org.time_zone, "text", "autocomplete=\"off\"",
                 "An IANA name such as Europe/Berlin; times on these pages are shown in it.") +
      text_field("Seat limit", "seat_limit", org.seat_limit ? std::to_string(*org.seat_limit) : "", "number",
                 "min=\"0\"", "Empty: no limit.") +
      "<div class=\"field\"><input type=\"checkbox\" id=\"f-pending_hold_seats\" name=\"pending_hold_seats\" "
      "value=\"1\"" +
      (org.settings.pending_hold_seats ? " checked" : "") +
      "> <label for=\"f-pending_hold_seats\" class=\"inline\">Pending invitations and not-activated people "
      "hold a seat</label></div>" +
      text_field("Invitations expire after (days)", "invitation_ttl_days", std::to_string(ttl_days), "number",
                 "min=\"1\"") +
      text_field("Minimum password length", "password_min_length",
                 std::to_string(org.settings.password_policy.min_length), "number", "min=\"8\"") +
      textarea("Offices", "offices", org.offices, "One per line. An office in use cannot be removed.") +
      select_field("Default office", "default_office", org.offices, org.default_office) +
      textarea("Teams", "teams", org.teams, "One per line. A team in use cannot be removed.") +
      "<button type=\"submit\">Save</button></form>";
  send_page(res, admin_page(visit, org.name, body, "/admin/org"), status);
}

std::optional<std::int64_t> number(const std::string& text, bool& bad) {
  if (text.empty()) return std::nullopt;
  try {
    std::size_t used = 0;
    const long long v = std::stoll(text, &used);
    if (used == text.size() && v >= 0) return v;
  } catch (const std::exception&) {
  }
  bad = true;
  return std::nullopt;
}

}  // namespace

void add_org_routes(httplib::Server& server, App& app) {
  admin_get(server, app, "/admin/org", [&app](const httplib::Request&, httplib::Response& res, Visit& visit) {
    org_page(app, res, visit);
  });
  admin_post(server, app, "/admin/org", RateClass::form,
             [&app](const httplib::Request& req, httplib::Response& res, Visit& visit) {
               const Organization org = app.organization();
               OrganizationChange c;
               bool bad = false;
               const auto seat_limit = number(field(req, "seat_limit"), bad);
               if (seat_limit != org.seat_limit) c.seat_limit = seat_limit;
               if (const auto days = number(field(req, "invitation_ttl_days"), bad))
                 if (std::chrono::hours(24 * *days) != org.settings.invitation_ttl)
                   c.invitation_ttl = std::chrono::hours(24 * *days);
               if (const auto length = number(field(req, "password_min_length"), bad))
                 if (static_cast<std::size_t>(*length) != org.settings.password_policy.min_length)
                   c.password_min_length = static_cast<std::size_t>(*length);
               if (bad)
                 return org_page(app, res, visit, "Seat limit, days and length must be whole numbers.", 400);
               if (const auto tz = field(req, "time_zone"); !tz.empty() && tz != org.time_zone)
                 c.time_zone = tz;
               const bool hold = field(req, "pending_hold_seats") == "1";
               if (hold != org.settings.pending_hold_seats) c.pending_hold_seats = hold;
               if (has_field(req, "offices"))
                 diff(org.offices, lines_of(field(req, "offices")), c.add_offices, c.remove_offices);
               if (has_field(req, "teams"))
                 diff(org.teams, lines_of(field(req, "teams")), c.add_teams, c.remove_teams);
               if (const auto office = field(req, "default_office");
                   !office.empty() && office != org.default_office)
                 c.default_office = office;
               auto changed = app.directory.change_organization(visit.actor(app), c);
               if (!changed) {
                 if (changed.error().code == Errc::permission_denied)
                   return send_refusal(res, changed.error());
                 return org_page(app, res, visit, changed.error().message, status_of(changed.error()));
               }
               app.sessions.set_flash(visit.session_id, "Saved the organization's settings.");
               redirect(res, "/admin/org");
             });
}

}  // namespace onboard::web
