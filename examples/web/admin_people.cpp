// Admin pages: people. List with filters and paging, edit, suspend and
// reactivate, delete with a confirmation page, resend a key to a corrected
// address, registration documents.
#include "admin.hpp"
#include "onboard/registrations.hpp"
#include "onboard/user_admin.hpp"

namespace onboard::web {
namespace {

constexpr std::size_t kPageSize = 25;

std::string status_label(UserStatus s) {
  switch (s) {
    case UserStatus::pending_activation: return "not activated";
    case UserStatus::active: return "active";
    case UserStatus::suspended: return "suspended";
    case UserStatus::deleted: return "deleted";
    case UserStatus::pending_verification: return "email not confirmed";
  }
  return "";
}

std::string name_of(const User& u) {
  if (!u.display_name.empty()) return u.display_name;
  const std::string full =
      u.first_name + (u.first_name.empty() || u.last_name.empty() ? "" : " ") + u.last_name;
  return full.empty() ? (u.email.empty() ? u.username : u.email) : full;
}

std::string person_path(const User& u) { return "/admin/people/" + url_encode(u.id); }

void people_list(App& app, const httplib::Request& req, httplib::Response& res, Visit& visit) {
  const Organization org = app.organization();
  UserQuery query;
  query.text = req.get_param_value("q");
  query.role = req.get_param_value("role");
  const std::string status = req.get_param_value("status");
  if (!status.empty()) query.status = parse_user_status(status);
  query.limit = kPageSize;
  long page = 1;
  try {
    if (req.has_param("page")) page = std::stol(req.get_param_value("page"));
  } catch (const std::exception&) {
    page = 1;
  }
  page = std::clamp(page, 1L, 100000L);
  UserAdmin admin(app.directory);
  Result<UserPage> result = UserPage{};
  // Keyset paging underneath; page numbers for people.
  for (long p = 1; p <= page; ++p) {
    result = admin.list(visit.actor(app), query);
    if (!result) return send_refusal(res, result.error());
    if (p < page) {
      if (result->next_after.empty()) {
        page = p;
        break;
      }
      query.after = result->next_after;
    }
  }
  std::string body =
      "<form method=\"get\" action=\"/admin/people\" class=\"filters\" role=\"search\">" +
      text_field("Search", "q", query.text, "search", "", "") +
      select_field("Status", "status", {"active", "pending_activation", "suspended", "pending_verification"},
                   status, "Any status") +
      select_field("Role", "role", role_names(org), query.role, "Any role") +
      "<div class=\"field\"><button type=\"submit\">Filter</button></div></form>";
  body +=
      "<p class=\"actions\"><a href=\"/admin/invitations\">Invite someone</a> <a "
      "href=\"/admin/import\">Import "
      "a spreadsheet</a> <a href=\"/admin/registration-documents.pdf\">Registration documents of everyone "
      "not "
      "activated (PDF)</a></p>";
  if (result->users.empty()) {
    body += "<p>Nobody matches these filters.</p>";
  } else {
    body +=
        "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Table (scrolls "
        "sideways)\"><table><caption>People, page " +
        std::to_string(page) +
        "</caption><thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Email or username</th>"
        "<th scope=\"col\">Role</th><th scope=\"col\">Status</th><th "
        "scope=\"col\">Added</th></tr></thead><tbody>";
    for (const auto& u : result->users)
      body += "<tr><td><a href=\"" + person_path(u) + "\">" + html_escape(name_of(u)) + "</a></td><td>" +
              html_escape(u.email.empty() ? u.username : u.email) + "</td><td>" + html_escape(u.role) +
              "</td><td>" + html_escape(status_label(u.status)) + "</td><td>" +
              html_escape(local_time(u.created_at, org.time_zone)) + "</td></tr>";
    body += "</tbody></table></div>";
  }
  const auto page_link = [&](long p) {
    return "/admin/people?q=" + url_encode(query.text) + "&amp;status=" + url_encode(status) +
           "&amp;role=" + url_encode(query.role) + "&amp;page=" + std::to_string(p);
  };
  body += "<nav aria-label=\"Pages\" class=\"actions\">";
  if (page > 1) body += "<a href=\"" + page_link(page - 1) + "\" rel=\"prev\">Previous page</a>";
  if (!result->next_after.empty())
    body += "<a href=\"" + page_link(page + 1) + "\" rel=\"next\">Next page</a>";
  body += "</nav>";
  send_page(res, admin_page(visit, "People", body, "/admin/people"));
}

void person_page(App& app, const std::string& id, httplib::Response& res, Visit& visit,
                 const std::string& error = "", int status = 200) {
  const Organization org = app.organization();
  auto user = UserAdmin(app.directory).show(visit.actor(app), id);
  if (!user) return send_refusal(res, user.error());
  const User& u = *user;
  const std::string base = person_path(u);
  std::string body;
  if (!error.empty()) body += "<p class=\"error\" role=\"alert\">" + html_escape(error) + "</p>";
  body += "<dl class=\"facts\"><dt>Status</dt><dd>" + html_escape(status_label(u.status)) +
          "</dd><dt>Added</dt><dd>" + html_escape(local_time(u.created_at, org.time_zone)) + " (" +
          html_escape(to_string(u.source)) + ")</dd>";
  if (u.activated_at)
    body += "<dt>Activated</dt><dd>" + html_escape(local_time(*u.activated_at, org.time_zone)) + "</dd>";
  body += "</dl>";
  if (u.status == UserStatus::deleted) {
    body += "<p>This person was deleted.</p>";
    send_page(res, admin_page(visit, name_of(u), body, "/admin/people"), status);
    return;
  }
  const std::string locked = u.name_locked ? "readonly aria-describedby=\"names-locked\"" : "";
  body += "<h2>Details</h2><form method=\"post\" action=\"" + base + "\">" + csrf_field(visit);
  if (u.name_locked)
    body +=
        "<p class=\"hint\" id=\"names-locked\">The names were set by an administrator when this person was "
        "created and cannot be changed.</p>";
  body += text_field("First name", "first_name", u.first_name, "text", locked) +
          text_field("Last name", "last_name", u.last_name, "text", locked) +
          text_field("Email", "email", u.email, "email", "autocomplete=\"off\"") +
          text_field("Username", "username", u.username, "text", "autocomplete=\"off\"") +
          select_field("Role", "role", role_names(org), u.role) +
          select_field("Office", "office", org.offices, u.office) +
          select_field("Team", "team", org.teams, u.teams.empty() ? "" : u.teams.front(), "No team") +
          text_field("External id", "external_id", u.external_id) +
          "<button type=\"submit\">Save</button></form>";
  body += "<h2>Access</h2><div class=\"actions\">";
  if (u.status == UserStatus::suspended)
    body += button_form(visit, base + "/reactivate", "Reactivate");
  else
    body += button_form(visit, base + "/suspend", "Suspend", "secondary");
  body += "<a class=\"button secondary\" href=\"" + base + "/delete\">Delete…</a></div>";
  if (u.status == UserStatus::pending_activation) {
    body +=
        "<h2>Not activated yet</h2><p>Send a new registration key (the old one stops working). Correct the "
        "address first if the mail did not arrive.</p><form method=\"post\" action=\"" +
        base + "/resend\">" + csrf_field(visit) +
        text_field("Send to", "email", u.email, "email", "autocomplete=\"off\"", "", "f-resend-email") +
        "<button type=\"submit\">Send a new key</button></form><p><a href=\"" + base +
        "/registration.pdf\">Registration document (PDF) to print</a></p>";
  }
  send_page(res, admin_page(visit, name_of(u), body, "/admin/people"), status);
}

std::optional<std::string> changed(const httplib::Request& req, const std::string& name,
                                   const std::string& now) {
  if (!has_field(req, name)) return std::nullopt;
  std::string v = field(req, name);
  if (v == now) return std::nullopt;
  return v;
}

}  // namespace

void add_people_routes(httplib::Server& server, App& app) {
  admin_get(server, app, "/admin/people",
            [&app](const httplib::Request& req, httplib::Response& res, Visit& visit) {
              people_list(app, req, res, visit);
            });
  admin_get(server, app, R"(/admin/people/([A-Za-z0-9_-]+))",
            [&app](const httplib::Request& req, httplib::Response& res, Visit& visit) {
              person_page(app, req.matches[1].str(), res, visit);
            });
  admin_post(server, app, R"(/admin/people/([A-Za-z0-9_-]+))", RateClass::form,
             [&app](const httplib::Request& req, httplib::Response& res, Visit& visit) {
               const std::string id = req.matches[1].str();
               UserAdmin admin(app.directory);
               auto user = admin.show(visit.actor(app), id);
               if (!user) return send_refusal(res, user.error());
               UserChanges c;
               if (!user->name_locked) {
                 c.first_name = changed(req, "first_name", user->first_name);
                 c.last_name = changed(req, "last_name", user->last_name);
               }
               c.email = changed(req, "email", user->email);
               c.username = changed(req, "username", user->username);
               c.role = changed(req, "role", user->role);
               c.office = changed(req, "office", user->office);
               c.external_id = changed(req, "external_id", user->external_id);
               if (auto team = changed(req, "team", user->teams.empty() ? "" : user->teams.front()))
                 c.teams = team->empty() ? std::vector<std::string>{} : std::vector<std::string>{*team};
               auto edited = admin.edit(visit.actor(app), id, c);
               if (!edited) {
                 if (edited.error().code == Errc::permission_denied || edited.error().code == Errc::not_found)
                   return send_refusal(res, edited.error());
                 return person_page(app, id, res, visit, edited.error().message, status_of(edited.error()));
               }
               app.sessions.set_flash(visit.session_id, "Saved the changes to " + name_of(*edited) + ".");
               redirect(res, "/admin/people/" + id);
             });
  admin_post(server, app, R"(/admin/people/([A-Za-z0-9_-]+)/suspend)", RateClass::form,
             [&app](const httplib::Request& req, httplib::Response& res, Visit& visit) {
               auto user = UserAdmin(app.directory).suspend(visit.actor(app), req.matches[1].str());
               if (!user) return send_refusal(res, user.error());
               app.sessions.set_flash(
                   visit.session_id, name_of(*user) + " is suspended: they cannot sign in or use their key.");
               redirect(res, "/admin/people/" + user->id);
             });
  admin_post(server, app, R"(/admin/people/([A-Za-z0-9_-]+)/reactivate)", RateClass::form,
             [&app](const httplib::Request& req, httplib::Response& res, Visit& visit) {
               auto user = UserAdmin(app.directory).reactivate(visit.actor(app), req.matches[1].str());
               if (!user) return send_refusal(res, user.error());
               app.sessions.set_flash(visit.session_id, name_of(*user) + " is no longer suspended.");
               redirect(res, "/admin/people/" + user->id);
             });
  admin_get(server, app, R"(/admin/people/([A-Za-z0-9_-]+)/delete)",
            [&app](const httplib::Request& req, httplib::Response& res, Visit& visit) {
              auto user = UserAdmin(app.directory).show(visit.actor(app), req.matches[1].str());
              if (!user) return send_refusal(res, user.error());
              const std::string base = person_path(*user);
              std::string body =
                  "<p>Delete <strong>" + html_escape(name_of(*user)) + "</strong> (" +
                  html_escape(user->email.empty() ? user->username : user->email) +
                  ")? They can no longer sign in, their registration key stops working and "
                  "pending invitations to their address are revoked.</p><div class=\"actions\">" +
                  button_form(visit, base + "/delete", "Delete " + name_of(*user), "danger") + "<a href=\"" +
                  base + "\">Cancel</a></div>";
              send_page(res, admin_page(visit, "Delete this person?", body, "/admin/people"));
            });
  admin_post(server, app, R"(/admin/people/([A-Za-z0-9_-]+)/delete)", RateClass::form,
             [&app](const httplib::Request& req, httplib::Response& res, Visit& visit) {
               const std::vector<std::string> ids{req.matches[1].str()};
               auto deleted = UserAdmin(app.directory).delete_users(visit.actor(app), ids);
               if (!deleted) return send_refusal(res, deleted.error());
               app.sessions.set_flash(visit.session_id, deleted->empty()
                                                            ? "Deleted."
                                                            : name_of(deleted->front()) + " was deleted.");
               redirect(res, "/admin/people");
             });
  admin_post(
      server, app, R"(/admin/people/([A-Za-z0-9_-]+)/resend)", RateClass::form,
      [&app](const httplib::Request& req, httplib::Response& res, Visit& visit) {
        const std::string id = req.matches[1].str();
        auto issued = Registrations(app.directory).resend_user_key(visit.actor(app), id, field(req, "email"));
        if (!issued) {
          const Errc code = issued.error().code;
          if (code == Errc::invalid_input || code == Errc::already_exists)
            return person_page(app, id, res, visit, issued.error().message, status_of(issued.error()));
          return send_refusal(res, issued.error());
        }
        app.sessions.set_flash(
            visit.session_id,
            issued->user.email.empty()
                ? "A new key was made; print the registration document for " + name_of(issued->user) + "."
                : "A new key was sent to " + issued->user.email + "; the old one no longer works.");
        redirect(res, "/admin/people/" + id);
      });
  admin_get(server, app, R"(/admin/people/([A-Za-z0-9_-]+)/registration\.pdf)",
            [&app](const httplib::Request& req, httplib::Response& res, Visit& visit) {
              DocumentRequest request;
              request.user_ids = {req.matches[1].str()};
              auto doc = Registrations(app.directory).documents(visit.actor(app), request);
              if (!doc) return send_refusal(res, doc.error());
              send_download(res, doc->content, "application/pdf",
                            "registration-" + request.user_ids[0] + ".pdf");
            });
  admin_get(server, app, "/admin/registration-documents.pdf",
            [&app](const httplib::Request&, httplib::Response& res, Visit& visit) {
              auto doc = Registrations(app.directory).documents(visit.actor(app), DocumentRequest{});
              if (!doc) return send_refusal(res, doc.error());
              send_download(res, doc->content, "application/pdf", "registration-documents.pdf");
            });
}

}  // namespace onboard::web
