// Sign-in and sign-out. A session id is issued only here, after the
// library accepted the password: an id the server did not issue, or one
// issued before sign-in (the pre-session), never becomes signed in.
// A member whose password must be changed first (an imported person with
// "change password next time", a generated password) gets the page to
// choose a new one (Directory::change_password) and is signed in with it.
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

// The page for a right password that must be replaced first. The current
// password is asked again rather than carried: it never goes back into a page.
std::string new_password_form(const Visit& visit, const std::string& login, const std::string& next,
                              const std::string& error) {
  std::string body;
  if (!error.empty())
    body += "<p class=\"error\" role=\"alert\" id=\"new-password-error\">" + html_escape(error) + "</p>";
  body +=
      "<p>Your password was given to you by an administrator (or made for you): choose your own before "
      "you go on. Nobody else will know it.</p>"
      "<form method=\"post\" action=\"/signin/new-password\" class=\"stack\">" +
      csrf_field(visit) + "<input type=\"hidden\" name=\"next\" value=\"" + html_escape(next) + "\">" +
      text_field("Email or username", "login", login, "text",
                 "required autocomplete=\"username\" autocapitalize=\"none\" spellcheck=\"false\"") +
      text_field("Current password", "current_password", "", "password",
                 "required autocomplete=\"current-password\"", "The one you just signed in with.") +
      text_field("New password", "new_password", "", "password", "required autocomplete=\"new-password\"",
                 "Your own: a few words you remember are fine.") +
      text_field("New password again", "new_password_again", "", "password",
                 "required autocomplete=\"new-password\"") +
      "<button type=\"submit\">Set my password and sign in</button></form>";
  return body;
}

std::string cookie_header(std::string_view name, std::string_view value, bool secure, bool clear) {
  std::string out = std::string(name) + "=" + std::string(value) + "; Path=/; HttpOnly; SameSite=Strict";
  if (secure) out += "; Secure";
  if (clear) out += "; Max-Age=0";
  return out;
}

// Signs the visitor in as `user_id` with a new session id, never the one the
// visitor brought (session fixation).
void start_session(App& app, httplib::Response& res, const Visit& visit, const std::string& user_id,
                   const std::string& flash) {
  if (!visit.session_id.empty()) app.sessions.erase(visit.session_id);
  const std::string id = app.sessions.create(true, user_id);
  if (!flash.empty()) app.sessions.set_flash(id, flash);
  res.set_header("Set-Cookie", cookie_header("onb_session", id, app.tls, false));
  res.set_header("Set-Cookie", cookie_header("onb_pre", "", app.tls, true));
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
           if (e.code == Errc::must_change_password) {
             send_page(
                 res, public_page(visit, "Choose a new password", new_password_form(visit, login, next, "")));
             return;
           }
           std::string message = e.message;
           if (e.code == Errc::throttled) {
             res.set_header("Retry-After", "60");
           }
           send_page(res, public_page(visit, "Sign in", signin_form(visit, login, next, message)),
                     status_of(e));
           return;
         }
         start_session(app, res, visit, user->id, "");
         redirect(res, next);
       });
  get(server, app, "/signin/new-password",
      [](const httplib::Request& req, httplib::Response& res, Visit& visit) {
        send_page(res, public_page(visit, "Choose a new password",
                                   new_password_form(visit, "", safe_next(req.get_param_value("next")), "")));
      });
  // Counted with the sign-in form: it checks a password too.
  post(server, app, "/signin/new-password", RateClass::signin,
       [&app](const httplib::Request& req, httplib::Response& res, Visit& visit) {
         const std::string login = field(req, "login");
         const std::string next = safe_next(field(req, "next"));
         const auto again = [&](const std::string& message, int status) {
           send_page(
               res,
               public_page(visit, "Choose a new password", new_password_form(visit, login, next, message)),
               status);
         };
         if (field(req, "new_password") != field(req, "new_password_again"))
           return again("The two new passwords differ; type the same one twice.", 400);
         auto user = app.directory.change_password(app.org_id, login, field(req, "current_password"),
                                                   field(req, "new_password"), visit.client);
         if (!user) {
           const Error& e = user.error();
           if (e.code == Errc::throttled) res.set_header("Retry-After", "60");
           return again(e.message, status_of(e));
         }
         start_session(app, res, visit, user->id, "Your new password is set; you are signed in.");
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
