// The public pages (issue 17): where people who are not members yet come in.
//
//   GET/POST /invite/TOKEN          an invitation: who invited you, to what, until when; accept
//   GET      /invite                the form for a code pasted from the mail
//   GET/POST /register              a 10-digit organization key (or a 29-digit one typed)
//   GET/POST /register/KEY          the link form of a key (the QR code of a registration document)
//   GET/POST /join/TOKEN            a self-registration link
//   GET/POST /confirm/TOKEN         the email confirmation after /register or /join
//   GET/POST /set-password/TOKEN    the one-use link an import with generated passwords mails
//
// Rules every page here keeps:
// - A GET never uses anything up: it only reads (inspect_*), renders a form,
//   and runs no script that posts. Mail scanners that follow links, even ones
//   that run scripts, leave the link as it was. Only a POST with the page's
//   CSRF token (web.hpp: post) acts.
// - A registration gets the same page whether the address was free, a
//   member's or waiting for a confirmation: the library answers alike and
//   this code never branches on anything that could tell them apart.
// - A dead link (expired, used, revoked, replaced) gets a page with the
//   library's sentence and what to do next, with HTTP 410, never a 404.
// - The client's address is the `source` of the library's throttles.
#include <string>
#include <string_view>

#include "onboard/email_confirmations.hpp"
#include "onboard/password_links.hpp"
#include "onboard/registrations.hpp"
#include "onboard/secrets/digit_key.hpp"
#include "onboard/signup_links.hpp"
#include "web.hpp"

namespace onboard::web {
namespace {

// Tokens are URL-safe base64 (and set-password tokens carry dots); keys are digits.
constexpr const char* kToken = "([A-Za-z0-9._~-]{1,200})";

enum class LinkKind { invitation, key, join, confirmation, password_link };

std::string p(const std::string& text) { return "<p>" + html_escape(text) + "</p>\n"; }

std::string alert(const std::string& sentence) {
  return sentence.empty() ? std::string()
                          : "<p class=\"error\" role=\"alert\">" + html_escape(sentence) + "</p>\n";
}

std::size_t count_digits(std::string_view typed) {
  std::size_t n = 0;
  for (const char c : typed) n += (c >= '0' && c <= '9') ? 1 : 0;
  return n;
}

std::string password_hint(const Organization& org) {
  return "At least " + std::to_string(org.settings.password_policy.min_length) +
         " characters. A few unrelated words make a strong password that is easy to type.";
}

std::string password_field(const Organization& org, const std::string& label = "Choose a password") {
  return text_field(label, "password", "", "password",
                    "required autocomplete=\"new-password\" minlength=\"" +
                        std::to_string(org.settings.password_policy.min_length) + "\"",
                    password_hint(org));
}

std::string name_field(const std::string& value) {
  return text_field("Your full name", "name", value, "text", "required autocomplete=\"name\"");
}

std::string email_field(const std::string& value) {
  return text_field("Your email address", "email", value, "email",
                    "required autocomplete=\"email\" autocapitalize=\"none\" spellcheck=\"false\"",
                    "A message with a link to finish goes to this address.");
}

std::string form_open(const Visit& visit, const std::string& action) {
  return "<form method=\"post\" action=\"" + html_escape(action) + "\" class=\"stack\" novalidate>" +
         csrf_field(visit);
}

// The page of a link that cannot be used (any more): what happened, in the
// library's words, and what the person can do now.
void send_dead_link(httplib::Response& res, const Visit& visit, LinkKind kind, const Error& e) {
  std::string title = "This link does not work";
  std::string todo;
  bool offer_signin = false;
  const bool gone = e.code == Errc::expired || e.code == Errc::already_used || e.code == Errc::revoked ||
                    e.code == Errc::not_found;
  switch (kind) {
    case LinkKind::invitation:
      switch (e.code) {
        case Errc::already_used:
          title = "This invitation was already used";
          todo = "If you accepted it, your account is ready: sign in with the address it was sent to.";
          offer_signin = true;
          break;
        case Errc::revoked:
          title = "This invitation was withdrawn";
          todo =
              "Ask the person who invited you, or an administrator of the organization, for a new "
              "invitation.";
          break;
        case Errc::expired:
          title = "This invitation has expired";
          todo =
              "Ask the person who invited you, or an administrator of the organization, for a new "
              "invitation.";
          break;
        default:
          title = "This invitation link does not work";
          todo =
              "Use the link in the most recent invitation email, copied whole; if it still does not work, "
              "ask for a new invitation.";
      }
      break;
    case LinkKind::join:
      title = e.code == Errc::revoked        ? "This registration link is switched off"
              : e.code == Errc::expired      ? "This registration link has expired"
              : e.code == Errc::already_used ? "This registration link has been used up"
                                             : "This registration link does not work";
      todo =
          "Ask the organization that gave you the link for a new one. If you already have an account, sign "
          "in.";
      offer_signin = true;
      break;
    case LinkKind::confirmation:
      title = e.code == Errc::expired ? "This confirmation link has expired"
                                      : "This confirmation link does not work";
      todo =
          "If you already confirmed your address, sign in. Otherwise register again: a new link is mailed "
          "to you, and only the newest one works.";
      offer_signin = true;
      break;
    case LinkKind::password_link:
      title = e.code == Errc::expired ? "This password link has expired" : "This password link does not work";
      todo =
          "If you already chose your password, sign in. Otherwise ask your administrator to send a new link.";
      offer_signin = true;
      break;
    case LinkKind::key:
      title = e.code == Errc::already_used ? "This key was already used" : "This key does not work";
      todo = e.code == Errc::already_used
                 ? "Your account is active: sign in with your email address and the password you chose."
                 : "Check the digits against your letter, or ask your administrator for a new key.";
      offer_signin = true;
      break;
  }
  std::string body = p(e.message) + p(todo);
  if (offer_signin) body += "<p><a class=\"button\" href=\"/signin\">Go to sign-in</a></p>\n";
  int status = gone ? 410 : status_of(e);
  if (e.code == Errc::throttled) res.set_header("Retry-After", "60");
  send_page(res, public_page(visit, title, body), status);
}

bool link_is_dead(const Error& e) {
  return e.code == Errc::expired || e.code == Errc::already_used || e.code == Errc::revoked ||
         e.code == Errc::not_found;
}

// The HTTP status of a form sent back with a refusal in place.
int form_status(const Error& e) { return e.code == Errc::throttled ? 429 : status_of(e); }

// ---------------- invitations ----------------

// Who invited: their name, read as the organization's highest member (the
// host acting on its own behalf, as the CLI does). Never fails the page.
std::string inviter_name(App& app, const std::string& user_id) {
  auto host = app.directory.highest_ranked_member(app.org_id);
  if (!host) return {};
  auto inviter = app.directory.user(Actor{app.org_id, host->id}, user_id);
  return inviter ? inviter->display_name : std::string();
}

std::string invitation_form(App& app, const Visit& visit, const std::string& token, const Invitation& inv,
                            const std::string& name, const std::string& error) {
  const Organization org = app.organization();
  const std::string who = inviter_name(app, inv.invited_by);
  std::string grant = inv.role;
  if (!inv.team.empty()) grant += " in the team " + inv.team;
  if (!inv.office.empty()) grant += ", office " + inv.office;
  std::string body = alert(error);
  body += "<p>" +
          (who.empty() ? std::string("You are invited")
                       : "<strong>" + html_escape(who) + "</strong> invited you") +
          " to join <strong>" + html_escape(org.name) + "</strong> as " + html_escape(grant) + ".</p>\n";
  body += "<p>Your account will use the address <strong>" + html_escape(inv.email) + "</strong>.</p>\n";
  body += "<p>The invitation works once, until <time datetime=\"" + format_iso8601(inv.expires_at) + "\">" +
          html_escape(local_time(inv.expires_at, org.time_zone)) + "</time> (" + html_escape(org.time_zone) +
          ").</p>\n";
  body += form_open(visit, "/invite/" + token) + name_field(name) + password_field(org) +
          "<button type=\"submit\">Accept the invitation</button></form>\n";
  body +=
      "<p class=\"hint\">Not for you? Leave this page: nothing happens until the button is pressed.</p>\n";
  return body;
}

void add_invitation_routes(httplib::Server& server, App& app) {
  // The page the mail names for a pasted code: a plain GET form, it only navigates.
  get(server, app, "/invite", [](const httplib::Request& req, httplib::Response& res, Visit& visit) {
    std::string code = req.get_param_value("code");
    if (const auto slash = code.find_last_of('/'); slash != std::string::npos) code = code.substr(slash + 1);
    while (!code.empty() && (code.back() == ' ' || code.back() == '\n' || code.back() == '\r'))
      code.pop_back();
    while (!code.empty() && code.front() == ' ') code.erase(0, 1);
    if (!code.empty()) {
      redirect(res, "/invite/" + url_encode(code));
      return;
    }
    const std::string body =
        "<p>Paste the code from your invitation email.</p>\n<form method=\"get\" action=\"/invite\" "
        "class=\"stack\">" +
        text_field("Invitation code", "code", "", "text",
                   "required autocomplete=\"off\" autocapitalize=\"none\" spellcheck=\"false\"") +
        "<button type=\"submit\">Continue</button></form>\n";
    send_page(res, public_page(visit, "Open an invitation", body));
  });

  get(server, app, std::string("/invite/") + kToken,
      [&app](const httplib::Request& req, httplib::Response& res, Visit& visit) {
        const std::string token = req.matches[1];
        auto inv = app.directory.inspect_invitation(app.org_id, token);
        if (!inv) {
          send_dead_link(res, visit, LinkKind::invitation, inv.error());
          return;
        }
        send_page(res, public_page(visit, "Join " + app.organization().name,
                                   invitation_form(app, visit, token, *inv, "", "")));
      });

  post(server, app, std::string("/invite/") + kToken, RateClass::invitation,
       [&app](const httplib::Request& req, httplib::Response& res, Visit& visit) {
         const std::string token = req.matches[1];
         const std::string name = field(req, "name");
         auto user = app.directory.accept_invitation(app.org_id, {token, name, field(req, "password")});
         if (!user) {
           const Error& e = user.error();
           auto inv = app.directory.inspect_invitation(app.org_id, token);
           if (link_is_dead(e) || !inv) {
             send_dead_link(res, visit, LinkKind::invitation, inv ? e : inv.error());
             return;
           }
           send_page(res,
                     public_page(visit, "Join " + app.organization().name,
                                 invitation_form(app, visit, token, *inv, name, e.message)),
                     form_status(e));
           return;
         }
         const Organization org = app.organization();
         std::string body = "<p>You joined <strong>" + html_escape(org.name) + "</strong> as " +
                            html_escape(user->role) + ".</p>\n";
         body += p("Sign in with " + user->email + " and the password you just chose.");
         body += "<p><a class=\"button\" href=\"/signin\">Go to sign-in</a></p>\n";
         send_page(res, public_page(visit, "Welcome, " + user->display_name, body));
       });
}

// ---------------- registration keys ----------------

// The same page for every accepted self-registration: it holds only what
// the person typed, never whether the address was known.
void send_check_email(httplib::Response& res, const Visit& visit, const SelfRegistration& done) {
  std::string body = "<p role=\"status\">Thank you. A message is on its way to <strong>" +
                     html_escape(done.email) + "</strong>.</p>\n";
  body +=
      p("Open the link in it to finish. It works for 24 hours; you will need the password you just chose.");
  body +=
      p("Nothing arrived after a few minutes? Check the spam folder and the address above, then register "
        "again: only the newest link works.");
  send_page(res, public_page(visit, "Check your email", body));
}

std::string key_form(App& app, const Visit& visit, const std::string& key, const std::string& email,
                     const std::string& name, const std::string& error) {
  const Organization org = app.organization();
  std::string body = alert(error);
  body += "<p>Join <strong>" + html_escape(org.name) +
          "</strong> with the registration key your organization gave you.</p>\n";
  body += form_open(visit, "/register") +
          text_field("Registration key", "key", key, "text",
                     "required inputmode=\"numeric\" autocomplete=\"off\" spellcheck=\"false\"",
                     "The 10 digits of your key; spaces and dashes are fine. A 29-digit personal key works "
                     "here too.") +
          email_field(email) + name_field(name) + password_field(org) +
          "<button type=\"submit\">Register</button></form>\n";
  body += "<p class=\"hint\">Already a member? <a href=\"/signin\">Sign in</a>.</p>\n";
  return body;
}

// The activation form of a pre-created user: the names the administrator
// set are shown read-only (the library keeps them locked), the address may
// be corrected, the password is chosen.
std::string user_key_form(App& app, const Visit& visit, const std::string& digits, const User& user,
                          const std::string& email, const std::string& error) {
  const Organization org = app.organization();
  std::string grouped;
  for (std::size_t i = 0; i < digits.size(); ++i)
    grouped += (i && i % 5 == 0 ? " " : "") + digits.substr(i, 1);
  std::string body = alert(error);
  body += "<p>Your administrator at <strong>" + html_escape(org.name) +
          "</strong> prepared an account for you. Choose a password to activate it.</p>\n";
  body += form_open(visit, "/register/" + digits) +
          "<p class=\"hint\">Your personal key: <span class=\"key\">" + html_escape(grouped) + "</span></p>" +
          text_field("First name", "first_name", user.first_name, "text", "readonly aria-readonly=\"true\"") +
          text_field("Last name", "last_name", user.last_name, "text", "readonly aria-readonly=\"true\"",
                     "Your name is as your administrator entered it; only they can change it.") +
          text_field("Email address", "email", email.empty() ? user.email : email, "email",
                     "autocomplete=\"email\" autocapitalize=\"none\" spellcheck=\"false\"",
                     "You sign in with it. Correct it if it is wrong.") +
          password_field(org) + "<button type=\"submit\">Activate my account</button></form>\n";
  return body;
}

void send_activated(httplib::Response& res, App& app, const Visit& visit, const User& user) {
  const Organization org = app.organization();
  std::string body = "<p>Your account at <strong>" + html_escape(org.name) + "</strong> is active.</p>\n";
  body += "<dl class=\"facts\"><dt>Name</dt><dd>" + html_escape(user.display_name) +
          "</dd><dt>Sign in as</dt><dd>" + html_escape(user.email.empty() ? user.username : user.email) +
          "</dd><dt>Role</dt><dd>" + html_escape(user.role) + "</dd></dl>\n";
  body += "<p><a class=\"button\" href=\"/signin\">Go to sign-in</a></p>\n";
  send_page(res, public_page(visit, "Welcome, " + user.display_name, body));
}

// A 29-digit key typed or linked: activates the pre-created user.
void redeem_user_key(App& app, const httplib::Request& req, httplib::Response& res, Visit& visit,
                     const std::string& key) {
  Registrations regs(app.directory);
  auto user =
      regs.redeem_user_key(app.org_id, {key, field(req, "password"), field(req, "email"), visit.client});
  if (!user) {
    const Error& e = user.error();
    // The key itself is dead (or the source throttled): its page. Otherwise
    // the form again, with the sentence in place.
    auto seen = regs.inspect_user_key(app.org_id, key, visit.client);
    auto digits = normalize_digit_key(key, user_key_digits);
    if (!seen || !digits) {
      send_dead_link(res, visit, LinkKind::key, seen ? e : seen.error());
      return;
    }
    send_page(res,
              public_page(visit, "Activate your account",
                          user_key_form(app, visit, *digits, *seen, field(req, "email"), e.message)),
              form_status(e));
    return;
  }
  send_activated(res, app, visit, *user);
}

void redeem_org_key(App& app, const httplib::Request& req, httplib::Response& res, Visit& visit,
                    const std::string& key) {
  Registrations regs(app.directory);
  const std::string email = field(req, "email");
  const std::string name = field(req, "name");
  auto done = regs.redeem_key(app.org_id, {key, email, name, field(req, "password"), visit.client, false});
  if (!done) {
    const Error& e = done.error();
    send_page(res, public_page(visit, "Register", key_form(app, visit, key, email, name, e.message)),
              form_status(e));
    return;
  }
  send_check_email(res, visit, *done);
}

void add_key_routes(httplib::Server& server, App& app) {
  get(server, app, "/register", [&app](const httplib::Request&, httplib::Response& res, Visit& visit) {
    send_page(res, public_page(visit, "Register", key_form(app, visit, "", "", "", "")));
  });
  post(server, app, "/register", RateClass::key,
       [&app](const httplib::Request& req, httplib::Response& res, Visit& visit) {
         const std::string key = field(req, "key");
         // Told apart by their length, as the CLI does; anything short is
         // treated (and explained) as a 10-digit key.
         if (count_digits(key) > 15)
           redeem_user_key(app, req, res, visit, key);
         else
           redeem_org_key(app, req, res, visit, key);
       });
  // The link form of a key (a registration document's QR code): only shows
  // the form with the key filled in; nothing is checked or counted on a GET.
  get(server, app, R"(/register/([0-9 -]{1,60}))",
      [&app](const httplib::Request& req, httplib::Response& res, Visit& visit) {
        const std::string key = req.matches[1];
        if (count_digits(key) > 15) {
          // Read, never used; a wrong key counts against the client's address.
          auto user = Registrations(app.directory).inspect_user_key(app.org_id, key, visit.client);
          auto digits = normalize_digit_key(key, user_key_digits);
          if (!user || !digits) {
            send_dead_link(res, visit, LinkKind::key, user ? digits.error() : user.error());
            return;
          }
          send_page(res, public_page(visit, "Activate your account",
                                     user_key_form(app, visit, *digits, *user, "", "")));
          return;
        }
        send_page(res, public_page(visit, "Register", key_form(app, visit, key, "", "", "")));
      });
  post(server, app, R"(/register/([0-9 -]{1,60}))", RateClass::key,
       [&app](const httplib::Request& req, httplib::Response& res, Visit& visit) {
         const std::string key = req.matches[1];
         if (count_digits(key) > 15)
           redeem_user_key(app, req, res, visit, key);
         else
           redeem_org_key(app, req, res, visit, key);
       });
}

// ---------------- self-registration links ----------------

std::string join_form(App& app, const Visit& visit, const std::string& token, const std::string& email,
                      const std::string& name, const std::string& error) {
  const Organization org = app.organization();
  std::string body = alert(error);
  body += "<p>Create your account at <strong>" + html_escape(org.name) + "</strong>.</p>\n";
  body += form_open(visit, "/join/" + token) + email_field(email) + name_field(name) + password_field(org) +
          "<button type=\"submit\">Create my account</button></form>\n";
  body += "<p class=\"hint\">Already a member? <a href=\"/signin\">Sign in</a>.</p>\n";
  return body;
}

void add_join_routes(httplib::Server& server, App& app) {
  get(server, app, std::string("/join/") + kToken,
      [&app](const httplib::Request& req, httplib::Response& res, Visit& visit) {
        const std::string token = req.matches[1];
        // Read, never used: a scanner's GET leaves the link as it was.
        if (auto link = SignupLinks(app.directory).inspect(app.org_id, token); !link) {
          send_dead_link(res, visit, LinkKind::join, link.error());
          return;
        }
        send_page(res, public_page(visit, "Join " + app.organization().name,
                                   join_form(app, visit, token, "", "", "")));
      });
  post(server, app, std::string("/join/") + kToken, RateClass::link,
       [&app](const httplib::Request& req, httplib::Response& res, Visit& visit) {
         const std::string token = req.matches[1];
         const std::string email = field(req, "email");
         const std::string name = field(req, "name");
         SignupLinks links(app.directory);
         auto done = links.redeem(app.org_id, {token, email, name, field(req, "password"), false});
         if (!done) {
           const Error& e = done.error();
           if (link_is_dead(e)) {
             send_dead_link(res, visit, LinkKind::join, e);
             return;
           }
           send_page(res,
                     public_page(visit, "Join " + app.organization().name,
                                 join_form(app, visit, token, email, name, e.message)),
                     form_status(e));
           return;
         }
         send_check_email(res, visit, *done);
       });
}

// ---------------- email confirmation ----------------

std::string confirm_form(App& app, const Visit& visit, const std::string& token,
                         const PendingConfirmation& seen, const std::string& error) {
  const Organization org = app.organization();
  std::string body = alert(error);
  body += "<p>Confirm <strong>" + html_escape(seen.user.email) + "</strong> to finish joining <strong>" +
          html_escape(org.name) + "</strong>.</p>\n";
  body += "<p>This link works until <time datetime=\"" + format_iso8601(seen.expires_at) + "\">" +
          html_escape(local_time(seen.expires_at, org.time_zone)) + "</time> (" + html_escape(org.time_zone) +
          ").</p>\n";
  body += form_open(visit, "/confirm/" + token) +
          text_field("The password you chose when registering", "password", "", "password",
                     "required autocomplete=\"current-password\"",
                     "It proves that you are the person who registered this address.") +
          "<button type=\"submit\">Confirm my address</button></form>\n";
  return body;
}

void add_confirm_routes(httplib::Server& server, App& app) {
  get(server, app, std::string("/confirm/") + kToken,
      [&app](const httplib::Request& req, httplib::Response& res, Visit& visit) {
        const std::string token = req.matches[1];
        EmailConfirmations confirmations(app.directory);
        auto seen = confirmations.inspect_confirmation(app.org_id, token);
        if (!seen) {
          send_dead_link(res, visit, LinkKind::confirmation, seen.error());
          return;
        }
        send_page(res, public_page(visit, "Confirm your email address",
                                   confirm_form(app, visit, token, *seen, "")));
      });
  post(server, app, std::string("/confirm/") + kToken, RateClass::link,
       [&app](const httplib::Request& req, httplib::Response& res, Visit& visit) {
         const std::string token = req.matches[1];
         EmailConfirmations confirmations(app.directory);
         auto user = confirmations.confirm_email(app.org_id, token, field(req, "password"), visit.client);
         if (!user) {
           const Error& e = user.error();
           auto seen = confirmations.inspect_confirmation(app.org_id, token);
           if (!seen) {
             send_dead_link(res, visit, LinkKind::confirmation, seen.error());
             return;
           }
           send_page(res,
                     public_page(visit, "Confirm your email address",
                                 confirm_form(app, visit, token, *seen, e.message)),
                     form_status(e));
           return;
         }
         const Organization org = app.organization();
         std::string body = "<p role=\"status\">Thank you, " + html_escape(user->display_name) +
                            ": <strong>" + html_escape(user->email) +
                            "</strong> is confirmed and you joined <strong>" + html_escape(org.name) +
                            "</strong> as " + html_escape(user->role) + ".</p>\n";
         body += "<p><a class=\"button\" href=\"/signin\">Go to sign-in</a></p>\n";
         send_page(res, public_page(visit, "Address confirmed", body));
       });
}

// ---------------- set-password links ----------------

std::string set_password_form(App& app, const Visit& visit, const std::string& token,
                              const PendingPasswordLink& seen, const std::string& error) {
  const Organization org = app.organization();
  std::string body = alert(error);
  body += "<p>Choose the password of <strong>" +
          html_escape(seen.user.email.empty() ? seen.user.username : seen.user.email) +
          "</strong> at <strong>" + html_escape(org.name) + "</strong>.</p>\n";
  body += "<p>This link works once, until <time datetime=\"" + format_iso8601(seen.expires_at) + "\">" +
          html_escape(local_time(seen.expires_at, org.time_zone)) + "</time> (" + html_escape(org.time_zone) +
          ").</p>\n";
  body += form_open(visit, "/set-password/" + token) + password_field(org, "New password") +
          "<button type=\"submit\">Set my password</button></form>\n";
  return body;
}

void add_set_password_routes(httplib::Server& server, App& app) {
  get(server, app, std::string("/set-password/") + kToken,
      [&app](const httplib::Request& req, httplib::Response& res, Visit& visit) {
        const std::string token = req.matches[1];
        PasswordLinks links(app.directory);
        auto seen = links.inspect(app.org_id, token);
        if (!seen) {
          send_dead_link(res, visit, LinkKind::password_link, seen.error());
          return;
        }
        send_page(
            res, public_page(visit, "Choose your password", set_password_form(app, visit, token, *seen, "")));
      });
  post(server, app, std::string("/set-password/") + kToken, RateClass::link,
       [&app](const httplib::Request& req, httplib::Response& res, Visit& visit) {
         const std::string token = req.matches[1];
         PasswordLinks links(app.directory);
         auto user = links.set_password(app.org_id, token, field(req, "password"));
         if (!user) {
           const Error& e = user.error();
           auto seen = links.inspect(app.org_id, token);
           if (!seen) {
             send_dead_link(res, visit, LinkKind::password_link, seen.error());
             return;
           }
           send_page(res,
                     public_page(visit, "Choose your password",
                                 set_password_form(app, visit, token, *seen, e.message)),
                     form_status(e));
           return;
         }
         std::string body = p("Your password is set, " + user->display_name + ".");
         body += p("Sign in as " + (user->username.empty() ? user->email : user->username) + ".");
         body += "<p><a class=\"button\" href=\"/signin\">Go to sign-in</a></p>\n";
         send_page(res, public_page(visit, "Password set", body));
       });
}

}  // namespace

void add_public_routes(httplib::Server& server, App& app) {
  add_invitation_routes(server, app);
  add_key_routes(server, app);
  add_join_routes(server, app);
  add_confirm_routes(server, app);
  add_set_password_routes(server, app);
}

}  // namespace onboard::web
