// Admin pages: 10-digit registration keys and self-registration links.
// Create (the secret shown once), list with who registered, edit (a key's
// digits stay; a revoked or expired key is not edited), the link's QR code
// shown and downloadable as SVG and PNG.
#include <algorithm>

#include "admin.hpp"
#include "onboard/registrations.hpp"
#include "onboard/signup_links.hpp"
#include "qr_png.hpp"

namespace onboard::web {
namespace {

std::string person_name(const User& u) {
  if (!u.display_name.empty()) return u.display_name;
  return u.email.empty() ? u.username : u.email;
}

std::string uses_of(std::int64_t used, const std::optional<std::int64_t>& max) {
  return std::to_string(used) + (max ? " of " + std::to_string(*max) : " (no limit)");
}

std::string when(const std::optional<Timestamp>& t, const Organization& org, const std::string& none) {
  return t ? local_time(*t, org.time_zone) : none;
}

std::optional<std::int64_t> uses_field(const httplib::Request& req, const std::string& name, bool& bad) {
  const std::string text = field(req, name);
  if (text.empty()) return std::nullopt;
  try {
    std::size_t used = 0;
    const long long v = std::stoll(text, &used);
    if (used == text.size()) return v;
  } catch (const std::exception&) {
  }
  bad = true;
  return std::nullopt;
}

std::vector<std::string> domains_of(const std::string& text) {
  std::vector<std::string> out;
  std::string item;
  for (const char c : text + ",") {
    if (c == ',' || c == ' ' || c == '\n' || c == '\r') {
      if (!item.empty()) out.push_back(item);
      item.clear();
    } else {
      item += c;
    }
  }
  return out;
}

std::string catalog_fields(const Organization& org, const std::string& role, const std::string& team,
                           const std::string& office) {
  return select_field("Role", "role", role_names(org), role.empty() ? org.roles.default_role : role) +
         select_field("Team", "team", org.teams, team, "No team") +
         select_field("Office", "office", org.offices, office.empty() ? org.default_office : office);
}

// ---- keys ----

void keys_page(App& app, httplib::Response& res, const Visit& visit, const std::string& error = "",
               int status = 200) {
  const Organization org = app.organization();
  auto keys = Registrations(app.directory).list_keys(visit.actor(app));
  if (!keys) return send_refusal(res, keys.error());
  std::string body;
  if (!error.empty()) body += "<p class=\"error\" role=\"alert\">" + html_escape(error) + "</p>";
  body += "<p>A registration key is 10 digits people type on the registration page (" +
          html_escape(Registrations::registration_page(org)) +
          ") to join with its role, team and office.</p>";
  body += "<h2>New key</h2><form method=\"post\" action=\"/admin/keys\">" + csrf_field(visit) +
          text_field("Label", "label", "", "text", "", "For you: where the key is handed out.") +
          catalog_fields(org, "", "", "") +
          text_field("Valid until", "valid_until", "", "date", "",
                     "Empty: no end. Ends at midnight after this day.") +
          text_field("Uses", "max_uses", "", "number", "min=\"1\"", "Empty: no limit.") +
          "<button type=\"submit\">Create key</button></form>";
  body += "<h2>Keys</h2>";
  if (keys->empty()) {
    body += "<p>No key yet.</p>";
  } else {
    body +=
        "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Table (scrolls "
        "sideways)\"><table><caption>Registration keys, newest first</caption><thead><tr>"
        "<th scope=\"col\">Label</th><th scope=\"col\">Role</th><th scope=\"col\">Valid until</th>"
        "<th scope=\"col\">Uses</th><th scope=\"col\">Registered</th><th "
        "scope=\"col\">State</th></tr></thead><tbody>";
    for (const auto& k : *keys) {
      std::string who;
      for (const auto& u : k.registered) who += (who.empty() ? "" : ", ") + person_name(u);
      body += "<tr><td><a href=\"/admin/keys/" + url_encode(k.key.id) + "\">" +
              html_escape(k.key.label.empty() ? "(no label)" : k.key.label) + "</a></td><td>" +
              html_escape(k.key.role) + "</td><td>" + html_escape(when(k.key.valid_until, org, "no end")) +
              "</td><td>" + html_escape(uses_of(k.key.use_count, k.key.max_uses)) + "</td><td>" +
              html_escape(who.empty() ? "nobody yet" : who) + "</td><td>" +
              (k.key.revoked ? "revoked" : "works") + "</td></tr>";
    }
    body += "</tbody></table></div>";
  }
  send_page(res, admin_page(visit, "Registration keys", body, "/admin/keys"), status);
}

// The day a key's end shows in the date field: a date's key ends at the following midnight.
std::string end_date(const std::optional<Timestamp>& end, const Organization& org) {
  return end ? local_time(*end - std::chrono::seconds(1), org.time_zone).substr(0, 10) : "";
}

std::string key_form(const Visit& visit, const Organization& org, const RegistrationKey& k) {
  const std::string until = end_date(k.valid_until, org);
  return "<form method=\"post\" action=\"/admin/keys/" + url_encode(k.id) + "\">" + csrf_field(visit) +
         "<input type=\"hidden\" name=\"action\" value=\"save\">"
         "<input type=\"hidden\" name=\"valid_until_was\" value=\"" +
         html_escape(until) + "\">" +
         text_field("Label", "label", k.label, "text", "", "For you: where the key is handed out.") +
         catalog_fields(org, k.role, k.team, k.office) +
         text_field("Valid until", "valid_until", until, "date", "",
                    "Empty: no end. Ends at midnight after this day.") +
         text_field("Uses", "max_uses", k.max_uses ? std::to_string(*k.max_uses) : "", "number",
                    "min=\"" + std::to_string(std::max<std::int64_t>(1, k.use_count)) + "\"",
                    "Empty: no limit. Not below the " + std::to_string(k.use_count) + " uses so far.") +
         "<button type=\"submit\">Save</button></form>";
}

void key_page(App& app, const std::string& id, httplib::Response& res, const Visit& visit,
              const std::string& error = "", int status = 200) {
  const Organization org = app.organization();
  auto keys = Registrations(app.directory).list_keys(visit.actor(app));
  if (!keys) return send_refusal(res, keys.error());
  const auto now = app.directory.clock().now();
  for (const auto& k : *keys) {
    if (k.key.id != id) continue;
    const bool expired = k.key.valid_until && now >= *k.key.valid_until;
    std::string body;
    if (!error.empty()) body += "<p class=\"error\" role=\"alert\">" + html_escape(error) + "</p>";
    body += "<dl class=\"facts\"><dt>Label</dt><dd>" + html_escape(k.key.label) + "</dd><dt>Role</dt><dd>" +
            html_escape(k.key.role) + "</dd><dt>Team</dt><dd>" + html_escape(k.key.team) +
            "</dd><dt>Office</dt><dd>" + html_escape(k.key.office) + "</dd><dt>Valid until</dt><dd>" +
            html_escape(when(k.key.valid_until, org, "no end")) + "</dd><dt>Uses</dt><dd>" +
            html_escape(uses_of(k.key.use_count, k.key.max_uses)) + "</dd><dt>Created</dt><dd>" +
            html_escape(local_time(k.key.created_at, org.time_zone)) + "</dd><dt>State</dt><dd>" +
            std::string(k.key.revoked ? "revoked" : (expired ? "expired" : "works")) + "</dd></dl>";
    body += "<h2>Registered with this key</h2>";
    if (k.registered.empty()) {
      body += "<p>Nobody yet.</p>";
    } else {
      body += "<ul>";
      for (const auto& u : k.registered)
        body += "<li><a href=\"/admin/people/" + url_encode(u.id) + "\">" + html_escape(person_name(u)) +
                "</a> (" + html_escape(local_time(u.created_at, org.time_zone)) + ")</li>";
      body += "</ul>";
    }
    if (!k.key.revoked && !expired)
      body +=
          "<h2>Settings</h2><p>The digits stay the same: people who have the key keep using it with "
          "the new settings.</p>" +
          key_form(visit, org, k.key);
    else
      body += "<p>This key " + std::string(k.key.revoked ? "was revoked" : "has expired") +
              " and cannot be edited; create a new key with the settings you want.</p>";
    if (!k.key.revoked)
      body += "<h2>Stop the key</h2><p>The digits were shown once, when the key was made.</p>" +
              button_form(visit, "/admin/keys/" + url_encode(k.key.id), "Revoke this key", "danger",
                          "<input type=\"hidden\" name=\"action\" value=\"revoke\">");
    body += "<p><a href=\"/admin/keys\">Back to the keys</a></p>";
    send_page(res,
              admin_page(visit, "Key " + (k.key.label.empty() ? k.key.id : k.key.label), body, "/admin/keys"),
              status);
    return;
  }
  send_refusal(res,
               Error{Errc::not_found, "There is no registration key with this id in your organization."});
}

// ---- links ----

Result<SignupLink> find_link(App& app, const Visit& visit, const std::string& id) {
  ONB_ASSIGN(auto links, SignupLinks(app.directory).list(visit.actor(app)));
  for (auto& l : links)
    if (l.id == id) return l;
  return Error{Errc::not_found, "There is no sign-up link with this id in your organization."};
}

std::string link_form(const Visit& visit, const Organization& org, const std::string& action,
                      const SignupLink* l, const std::string& button) {
  std::string domains;
  std::string expires;
  if (l != nullptr) {
    for (const auto& d : l->allowed_domains) domains += (domains.empty() ? "" : ", ") + d;
    // A date's link ends at the following midnight: the field shows that date.
    if (l->expires_at)
      expires = local_time(*l->expires_at - std::chrono::seconds(1), org.time_zone).substr(0, 10);
  }
  return "<form method=\"post\" action=\"" + action + "\">" + csrf_field(visit) +
         "<input type=\"hidden\" name=\"action\" value=\"save\">" +
         text_field("Label", "label", l ? l->label : "", "text", "", "For you: where the link is shared.") +
         catalog_fields(org, l ? l->role : "", l ? l->team : "", l ? l->office : "") +
         text_field("Expires", "expires", expires, "date", "",
                    "Empty: never. Ends at midnight after this day.") +
         text_field("Uses", "max_uses", l && l->max_uses ? std::to_string(*l->max_uses) : "", "number",
                    "min=\"1\"", "Empty: no limit.") +
         text_field("Allowed email domains", "domains", domains, "text", "",
                    "Comma-separated, e.g. acme.example; empty: any address.") +
         "<button type=\"submit\">" + button + "</button></form>";
}

void links_page(App& app, httplib::Response& res, const Visit& visit, const std::string& error = "",
                int status = 200) {
  const Organization org = app.organization();
  auto links = SignupLinks(app.directory).list(visit.actor(app));
  if (!links) return send_refusal(res, links.error());
  std::string body;
  if (!error.empty()) body += "<p class=\"error\" role=\"alert\">" + html_escape(error) + "</p>";
  body +=
      "<p>A sign-up link (and its QR code) lets anyone with it join, within its expiry, uses and email "
      "domains.</p><h2>New link</h2>" +
      link_form(visit, org, "/admin/links", nullptr, "Create link") + "<h2>Links</h2>";
  if (links->empty()) {
    body += "<p>No link yet.</p>";
  } else {
    body +=
        "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Table (scrolls "
        "sideways)\"><table><caption>Sign-up links, newest first</caption><thead><tr>"
        "<th scope=\"col\">Label</th><th scope=\"col\">Role</th><th scope=\"col\">Expires</th>"
        "<th scope=\"col\">Uses</th><th scope=\"col\">State</th></tr></thead><tbody>";
    for (const auto& l : *links)
      body += "<tr><td><a href=\"/admin/links/" + url_encode(l.id) + "\">" +
              html_escape(l.label.empty() ? "(no label)" : l.label) + "</a></td><td>" + html_escape(l.role) +
              "</td><td>" + html_escape(when(l.expires_at, org, "never")) + "</td><td>" +
              html_escape(uses_of(l.use_count, l.max_uses)) + "</td><td>" +
              (l.enabled ? "enabled" : "disabled") + "</td></tr>";
    body += "</tbody></table></div>";
  }
  send_page(res, admin_page(visit, "Sign-up links", body, "/admin/links"), status);
}

void link_page(App& app, const std::string& id, httplib::Response& res, const Visit& visit,
               const std::string& error = "", int status = 200, const std::string& url_once = "") {
  const Organization org = app.organization();
  auto link = find_link(app, visit, id);
  if (!link) return send_refusal(res, link.error());
  const std::string base = "/admin/links/" + url_encode(link->id);
  std::string body;
  if (!error.empty()) body += "<p class=\"error\" role=\"alert\">" + html_escape(error) + "</p>";
  if (!url_once.empty())
    body +=
        "<p class=\"flash\" role=\"status\">The link is ready. Its address (shown only now; the QR code "
        "below "
        "holds it and can be downloaded any time):</p><p class=\"secret\">" +
        html_escape(url_once) + "</p>";
  body += "<dl class=\"facts\"><dt>State</dt><dd>" + std::string(link->enabled ? "enabled" : "disabled") +
          "</dd><dt>Role</dt><dd>" + html_escape(link->role) + "</dd><dt>Expires</dt><dd>" +
          html_escape(when(link->expires_at, org, "never")) + "</dd><dt>Uses</dt><dd>" +
          html_escape(uses_of(link->use_count, link->max_uses)) + "</dd><dt>Created</dt><dd>" +
          html_escape(local_time(link->created_at, org.time_zone)) + "</dd></dl>";
  body += "<h2>QR code</h2><img class=\"qr\" src=\"" + base + "/qr.svg\" alt=\"QR code of the sign-up link " +
          html_escape(link->label) + "\" width=\"256\" height=\"256\"><p class=\"actions\"><a href=\"" +
          base + "/qr.svg\" download>Download SVG</a><a href=\"" + base +
          "/qr.png\" download>Download PNG</a></p>";
  body += "<h2>Settings</h2>" + link_form(visit, org, base, &*link, "Save");
  body += "<h2>" + std::string(link->enabled ? "Pause the link" : "Turn the link on again") + "</h2>" +
          button_form(visit, base, link->enabled ? "Disable" : "Enable", link->enabled ? "danger" : "",
                      std::string("<input type=\"hidden\" name=\"action\" value=\"") +
                          (link->enabled ? "disable" : "enable") + "\">");
  body += "<p><a href=\"/admin/links\">Back to the links</a></p>";
  send_page(res,
            admin_page(visit, "Link " + (link->label.empty() ? link->id : link->label), body, "/admin/links"),
            status);
}

}  // namespace

void add_key_link_routes(httplib::Server& server, App& app) {
  admin_get(
      server, app, "/admin/keys",
      [&app](const httplib::Request&, httplib::Response& res, Visit& visit) { keys_page(app, res, visit); });
  admin_post(
      server, app, "/admin/keys", RateClass::form,
      [&app](const httplib::Request& req, httplib::Response& res, Visit& visit) {
        NewRegistrationKey request;
        request.label = field(req, "label");
        request.role = field(req, "role");
        request.team = field(req, "team");
        request.office = field(req, "office");
        request.valid_until = field(req, "valid_until");
        bool bad = false;
        request.max_uses = uses_field(req, "max_uses", bad);
        if (bad)
          return keys_page(app, res, visit, "Uses must be a whole number of 1 or more, or empty.", 400);
        auto issued = Registrations(app.directory).create_key(visit.actor(app), request);
        if (!issued) {
          if (issued.error().code == Errc::permission_denied) return send_refusal(res, issued.error());
          return keys_page(app, res, visit, issued.error().message, status_of(issued.error()));
        }
        const Organization org = app.organization();
        std::string body =
            "<p class=\"flash\" role=\"status\">The key is ready. Write it down or hand it out now: it is "
            "shown only this once.</p><p class=\"secret\" aria-label=\"The key\">" +
            html_escape(issued->grouped) + "</p><p>People type it at " +
            html_escape(Registrations::registration_page(org)) + ", or open " +
            html_escape(Registrations::registration_link(org, issued->digits)) +
            ".</p><p><a href=\"/admin/keys/" + url_encode(issued->key.id) +
            "\">See the key</a> · <a href=\"/admin/keys\">Back to the keys</a></p>";
        send_page(res, admin_page(visit, "New registration key", body, "/admin/keys"));
      });
  admin_get(server, app, R"(/admin/keys/([A-Za-z0-9_-]+))",
            [&app](const httplib::Request& req, httplib::Response& res, Visit& visit) {
              key_page(app, req.matches[1].str(), res, visit);
            });
  admin_post(server, app, R"(/admin/keys/([A-Za-z0-9_-]+))", RateClass::form,
             [&app](const httplib::Request& req, httplib::Response& res, Visit& visit) {
               const std::string id = req.matches[1].str();
               const std::string action = field(req, "action");
               Registrations regs(app.directory);
               Result<RegistrationKey> done = Error{Errc::invalid_input, "The form did not say what to do."};
               if (action == "revoke") {
                 done = regs.revoke_key(visit.actor(app), id);
               } else if (action == "save") {
                 RegistrationKeyChange c;
                 c.label = field(req, "label");
                 c.role = field(req, "role");
                 c.team = field(req, "team");
                 c.office = field(req, "office");
                 // An untouched date keeps the key's own end (which may be an instant, not a midnight).
                 if (field(req, "valid_until") != field(req, "valid_until_was"))
                   c.valid_until = field(req, "valid_until");
                 bool bad = false;
                 auto uses = uses_field(req, "max_uses", bad);
                 if (bad || (uses && *uses < 1))
                   return key_page(app, id, res, visit, "Uses must be a whole number of 1 or more, or empty.",
                                   400);
                 c.max_uses = uses.value_or(0);
                 done = regs.update_key(visit.actor(app), id, c);
               }
               if (!done) {
                 const Errc code = done.error().code;
                 if (code == Errc::permission_denied || code == Errc::not_found)
                   return send_refusal(res, done.error());
                 return key_page(app, id, res, visit, done.error().message, status_of(done.error()));
               }
               app.sessions.set_flash(visit.session_id, action == "save"
                                                            ? "Saved the key; its digits stay the same."
                                                            : "The key is revoked; it no longer works.");
               redirect(res, "/admin/keys/" + id);
             });

  admin_get(
      server, app, "/admin/links",
      [&app](const httplib::Request&, httplib::Response& res, Visit& visit) { links_page(app, res, visit); });
  admin_post(server, app, "/admin/links", RateClass::form,
             [&app](const httplib::Request& req, httplib::Response& res, Visit& visit) {
               NewSignupLink request;
               request.label = field(req, "label");
               request.role = field(req, "role");
               request.team = field(req, "team");
               request.office = field(req, "office");
               request.expires = field(req, "expires");
               request.allowed_domains = domains_of(field(req, "domains"));
               bool bad = false;
               request.max_uses = uses_field(req, "max_uses", bad);
               if (bad)
                 return links_page(app, res, visit, "Uses must be a whole number of 1 or more, or empty.",
                                   400);
               auto issued = SignupLinks(app.directory).create(visit.actor(app), request);
               if (!issued) {
                 if (issued.error().code == Errc::permission_denied) return send_refusal(res, issued.error());
                 return links_page(app, res, visit, issued.error().message, status_of(issued.error()));
               }
               link_page(app, issued->link.id, res, visit, "", 200, issued->url);
             });
  admin_get(server, app, R"(/admin/links/([A-Za-z0-9_-]+))",
            [&app](const httplib::Request& req, httplib::Response& res, Visit& visit) {
              link_page(app, req.matches[1].str(), res, visit);
            });
  admin_post(server, app, R"(/admin/links/([A-Za-z0-9_-]+))", RateClass::form,
             [&app](const httplib::Request& req, httplib::Response& res, Visit& visit) {
               const std::string id = req.matches[1].str();
               const std::string action = field(req, "action");
               SignupLinks links(app.directory);
               Result<SignupLink> done = Error{Errc::invalid_input, "The form did not say what to do."};
               if (action == "enable") {
                 done = links.enable(visit.actor(app), id);
               } else if (action == "disable") {
                 done = links.disable(visit.actor(app), id);
               } else if (action == "save") {
                 SignupLinkChanges c;
                 c.label = field(req, "label");
                 c.role = field(req, "role");
                 c.team = field(req, "team");
                 c.office = field(req, "office");
                 c.expires = field(req, "expires");
                 bool bad = false;
                 auto uses = uses_field(req, "max_uses", bad);
                 if (bad)
                   return link_page(app, id, res, visit,
                                    "Uses must be a whole number of 1 or more, or empty.", 400);
                 c.max_uses = uses.value_or(0);
                 c.allowed_domains = domains_of(field(req, "domains"));
                 done = links.edit(visit.actor(app), id, c);
               }
               if (!done) {
                 const Errc code = done.error().code;
                 if (code == Errc::permission_denied || code == Errc::not_found)
                   return send_refusal(res, done.error());
                 return link_page(app, id, res, visit, done.error().message, status_of(done.error()));
               }
               app.sessions.set_flash(visit.session_id, action == "save"     ? "Saved the link."
                                                        : action == "enable" ? "The link works again."
                                                                             : "The link is disabled.");
               redirect(res, "/admin/links/" + id);
             });
  admin_get(server, app, R"(/admin/links/([A-Za-z0-9_-]+)/qr\.svg)",
            [&app](const httplib::Request& req, httplib::Response& res, Visit& visit) {
              auto svg = SignupLinks(app.directory).qr_svg(visit.actor(app), req.matches[1].str());
              if (!svg) return send_refusal(res, svg.error());
              res.set_header("Content-Disposition", "inline; filename=\"signup-link.svg\"");
              res.set_content(std::move(svg).value(), "image/svg+xml");
            });
  admin_get(server, app, R"(/admin/links/([A-Za-z0-9_-]+)/qr\.png)",
            [&app](const httplib::Request& req, httplib::Response& res, Visit& visit) {
              auto svg = SignupLinks(app.directory).qr_svg(visit.actor(app), req.matches[1].str());
              if (!svg) return send_refusal(res, svg.error());
              auto png = qr_png_from_svg(*svg);
              if (!png) return send_refusal(res, png.error());
              send_download(res, *png, "image/png", "signup-link.png");
            });
}

}  // namespace onboard::web
