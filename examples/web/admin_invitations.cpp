// Admin pages: invitations. Invite, the pending list with resend and revoke,
// the expiry in the organization's time zone.
#include "admin.hpp"

namespace onboard::web {
namespace {

std::string invite_form(const Visit& visit, const Organization& org, const std::string& email = "",
                        const std::string& role = "", const std::string& team = "") {
  return "<form method=\"post\" action=\"/admin/invitations\">" + csrf_field(visit) +
         text_field("Email", "email", email, "email", "required autocomplete=\"off\"") +
         select_field("Role", "role", role_names(org), role.empty() ? org.roles.default_role : role) +
         select_field("Team", "team", org.teams, team, "No team") +
         "<button type=\"submit\">Invite</button></form>";
}

// The link exists only now: shown once, and mailed through the outbox.
void show_issued(App& app, httplib::Response& res, const Visit& visit, const IssuedInvitation& issued,
                 const std::string& title) {
  const Organization org = app.organization();
  std::string body =
      "<p class=\"flash\" role=\"status\">" + html_escape(title) + ": " +
      html_escape(issued.invitation.email) + ", as " + html_escape(issued.invitation.role) +
      ". The invitation mail is on its way; the link works until " +
      html_escape(local_time(issued.invitation.expires_at, org.time_zone)) + ".</p>" +
      "<p>The link, if you would rather hand it over yourself (shown only now):</p><p class=\"secret\">" +
      html_escape(issued.link) + "</p><p><a href=\"/admin/invitations\">Back to the invitations</a></p>";
  send_page(res, admin_page(visit, title, body, "/admin/invitations"));
}

void invitations_page(App& app, httplib::Response& res, const Visit& visit, const std::string& error = "",
                      const std::string& email = "", const std::string& role = "",
                      const std::string& team = "", int status = 200) {
  const Organization org = app.organization();
  auto pending = app.directory.list_invitations(visit.actor(app), InvitationStatus::pending);
  if (!pending) return send_refusal(res, pending.error());
  std::string body;
  if (!error.empty()) body += "<p class=\"error\" role=\"alert\">" + html_escape(error) + "</p>";
  body += "<h2>Invite someone</h2>" + invite_form(visit, org, email, role, team);
  body += "<h2>Pending</h2>";
  if (pending->empty()) {
    body += "<p>No invitation is waiting for an answer.</p>";
  } else {
    body +=
        "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Table (scrolls "
        "sideways)\"><table><caption>" +
        count_of(static_cast<std::int64_t>(pending->size()), "invitation waits", "invitations wait") +
        " for an answer (times in " + html_escape(org.time_zone) +
        ")</caption><thead><tr><th scope=\"col\">Email</th><th scope=\"col\">Role</th><th "
        "scope=\"col\">Team</th>"
        "<th scope=\"col\">Expires</th><th scope=\"col\">Actions</th></tr></thead><tbody>";
    for (const auto& inv : *pending) {
      const std::string base = "/admin/invitations/" + url_encode(inv.id);
      body += "<tr><td>" + html_escape(inv.email) + "</td><td>" + html_escape(inv.role) + "</td><td>" +
              html_escape(inv.team) + "</td><td>" + html_escape(local_time(inv.expires_at, org.time_zone)) +
              "</td><td><div class=\"actions\">" +
              button_form(visit, base + "/resend", "Resend", "secondary") +
              button_form(visit, base + "/revoke", "Revoke", "danger") + "</div></td></tr>";
    }
    body += "</tbody></table></div>";
  }
  send_page(res, admin_page(visit, "Invitations", body, "/admin/invitations"), status);
}

}  // namespace

void add_invitation_routes(httplib::Server& server, App& app) {
  admin_get(server, app, "/admin/invitations",
            [&app](const httplib::Request&, httplib::Response& res, Visit& visit) {
              invitations_page(app, res, visit);
            });
  admin_post(server, app, "/admin/invitations", RateClass::form,
             [&app](const httplib::Request& req, httplib::Response& res, Visit& visit) {
               InviteRequest request;
               request.email = field(req, "email");
               request.role = field(req, "role");
               request.team = field(req, "team");
               auto issued = app.directory.invite(visit.actor(app), request);
               if (!issued) {
                 if (issued.error().code == Errc::permission_denied) return send_refusal(res, issued.error());
                 return invitations_page(app, res, visit, issued.error().message, request.email, request.role,
                                         request.team, status_of(issued.error()));
               }
               show_issued(app, res, visit, *issued, "Invitation sent");
             });
  admin_post(server, app, R"(/admin/invitations/([A-Za-z0-9_-]+)/resend)", RateClass::form,
             [&app](const httplib::Request& req, httplib::Response& res, Visit& visit) {
               auto issued = app.directory.resend_invitation(visit.actor(app), req.matches[1].str());
               if (!issued) return send_refusal(res, issued.error());
               show_issued(app, res, visit, *issued, "Invitation sent again");
             });
  admin_post(server, app, R"(/admin/invitations/([A-Za-z0-9_-]+)/revoke)", RateClass::form,
             [&app](const httplib::Request& req, httplib::Response& res, Visit& visit) {
               auto revoked = app.directory.revoke_invitation(visit.actor(app), req.matches[1].str());
               if (!revoked) return send_refusal(res, revoked.error());
               app.sessions.set_flash(visit.session_id, "The invitation to " + revoked->email +
                                                            " is revoked; its link no longer works.");
               redirect(res, "/admin/invitations");
             });
}

}  // namespace onboard::web
