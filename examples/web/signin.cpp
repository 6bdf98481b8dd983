// Sign-in and sign-out. A session id is issued only here, after the
// library accepted the password: an id the server did not issue, or one
// issued before sign-in (the pre-session), never becomes signed in.
#include "web.hpp"

namespace onboard::web {
namespace {

// Only a path of this site (never "//host" or a scheme) is followed after sign-in.
std::string safe_next(const std::string& next) {
  if (next.size() < 2 || next[0] != '/' || next[1] == '/' || next[1] == '\\') return "/admin";
  if (next.find_first_of("\r\n") != std::string::npos) return "/admin";
  return next;
}

std::string signin_form(const Visit& visit, const std::string& login, const std::string& next,
                        const std::string& error) {
  std::string body;
  if (!error.empty())
    body += "<p class=\"error\" role=\"alert\" id=\"signin-error\">" + html_escape(error) + "</p>";
  body += "<form method=\"post\" action=\"/signin\" class=\"stack\">" + csrf_field(visit) +
          "<input type=\"hidden\" name=\"next\" value=\"" + html_escape(next) + "\">" +
          text_field("Email or username", "login", login, "text",
                     "required autocomplete=\"username\" autocapitalize=\"none\" spellcheck=\"false\"") +
          text_field("Password", "password", "", "password", "required autocomplete=\"current-password\"") +
          "<button type=\"submit\">Sign in</button></form>";
  return body;
}

std::string cookie_header(std::string_view name, std::string_view value, bool secure, bool clear) {
  std::string out = std::string(name) + "=" + std::string(value) + "; Path=/; HttpOnly; SameSite=Strict";
  if (secure) out += "; Secure";
  if (clear) out += "; Max-Age=0";
  return out;
}

}  // namespace

void add_signin_routes(httplib::Server& server, App& app) {
  get(server, app, "/", [](const httplib::Request&, httplib::Response& res, Visit& visit) {
    redirect(res, visit.signed_in() ? "/admin" : "/signin");
  });
  get(server, app, "/signin", [](const httplib::Request& req, httplib::Response& res, Visit& visit) {
    if (visit.signed_in()) {
      redirect(res, "/admin");
      return;
    }
    send_page(res, public_page(visit, "Sign in",
                               signin_form(visit, "", safe_next(req.get_param_value("next")), "")));
  });
  post(server, app, "/signin", RateClass::signin,
       [&app](const httplib::Request& req, httplib::Response& res, Visit& visit) {
         const std::string login = field(req, "login");
         const std::string next = safe_next(field(req, "next"));
         auto user = app.directory.authenticate(app.org_id, login, field(req, "password"), visit.client);
         if (!user) {
           const Error& e = user.error();
           std::string message = e.message;
           if (e.code == Errc::must_change_password)
             message += " Set a new password with the link your administrator sent you, then sign in here.";
           if (e.code == Errc::throttled) {
             res.set_header("Retry-After", "60");
           }
           send_page(res, public_page(visit, "Sign in", signin_form(visit, login, next, message)),
                     status_of(e));
           return;
         }
         // A new id, never the one the visitor brought (session fixation).
         if (!visit.session_id.empty()) app.sessions.erase(visit.session_id);
         const std::string id = app.sessions.create(true, user->id);
         res.set_header("Set-Cookie", cookie_header("onb_session", id, app.tls, false));
         res.set_header("Set-Cookie", cookie_header("onb_pre", "", app.tls, true));
         redirect(res, next);
       });
  post(server, app, "/signout", RateClass::form,
       [&app](const httplib::Request&, httplib::Response& res, Visit& visit) {
         app.sessions.erase(visit.session_id);
         const std::string pre = app.sessions.create(false, "");
         app.sessions.set_flash(pre, "You are signed out.");
         res.set_header("Set-Cookie", cookie_header("onb_session", "", app.tls, true));
         res.set_header("Set-Cookie", cookie_header("onb_pre", pre, app.tls, false));
         redirect(res, "/signin");
       });
}

}  // namespace onboard::web
