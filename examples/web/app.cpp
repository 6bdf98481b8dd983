// The host's own machinery: sessions, CSRF, rate limits, security headers,
// the page layout and the route wrappers every page goes through.
#include <date/tz.h>
#include <sodium.h>

#include <algorithm>
#include <iomanip>
#include <sstream>

#include "web.hpp"

namespace onboard::web {
namespace {

using Clock = std::chrono::steady_clock;

std::string to_hex(const unsigned char* data, std::size_t size) {
  std::string out(size * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), data, size);
  out.pop_back();
  return out;
}

std::string random_hex(std::size_t bytes) {
  std::vector<unsigned char> raw(bytes);
  randombytes_buf(raw.data(), raw.size());
  std::string out = to_hex(raw.data(), raw.size());
  sodium_memzero(raw.data(), raw.size());
  return out;
}

// Sessions are found by a hash of their id, so a dump of the map (a core
// file, a debugger) holds no cookie that signs anyone in.
std::string session_key(std::string_view id) {
  unsigned char digest[32];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(id.data()), id.size(),
                     nullptr, 0);
  return to_hex(digest, sizeof digest);
}

bool same_secret(std::string_view a, std::string_view b) {
  return a.size() == b.size() && !a.empty() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

constexpr std::string_view kSessionCookie = "onb_session";
constexpr std::string_view kPreCookie = "onb_pre";

std::string cookie_value(const httplib::Request& req, std::string_view name) {
  const std::string header = req.get_header_value("Cookie");
  std::string_view rest = header;
  while (!rest.empty()) {
    std::string_view pair = rest.substr(0, rest.find(';'));
    rest.remove_prefix(std::min(rest.size(), pair.size() + 1));
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    const auto eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) return std::string(pair.substr(eq + 1));
  }
  return {};
}

std::string cookie(std::string_view name, std::string_view value, bool secure, bool clear = false) {
  std::string out = std::string(name) + "=" + std::string(value) + "; Path=/; HttpOnly; SameSite=Strict";
  if (secure) out += "; Secure";
  if (clear) out += "; Max-Age=0";
  return out;
}

// The origin (scheme://host[:port]) of a URL, lower-case; "" when none.
std::string origin_of(std::string_view url) {
  const auto scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  const auto end = url.find('/', scheme + 3);
  std::string out(url.substr(0, end));
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

// A form from another site is refused even with a valid token: the browser
// says where it comes from (Origin, Sec-Fetch-Site) and we believe it.
bool same_origin(const App& app, const httplib::Request& req) {
  if (req.has_header("Sec-Fetch-Site")) {
    // Decisive when sent: under Referrer-Policy no-referrer a browser's own
    // form POST carries "Origin: null" (Fetch spec), so Origin cannot be asked.
    const std::string site = req.get_header_value("Sec-Fetch-Site");
    return site == "same-origin" || site == "none";
  }
  if (!req.has_header("Origin")) return true;
  const std::string origin = origin_of(req.get_header_value("Origin"));
  if (origin.empty()) return false;  // "null": a sandboxed or privacy-stripped form
  if (!app.base_url.empty() && origin == origin_of(app.base_url)) return true;
  return origin == origin_of(std::string(app.tls ? "https://" : "http://") + req.get_header_value("Host"));
}

std::optional<Visit> resolve(App& app, const httplib::Request& req) {
  Visit v;
  v.client = req.remote_addr;
  // A signed-in session only through its own cookie, a pre-session only
  // through its own: an id never changes kind.
  if (auto id = cookie_value(req, kSessionCookie); !id.empty()) {
    if (auto s = app.sessions.find(id); s && s->signed_in) {
      v.session_id = id;
      v.session = *s;
      return v;
    }
  }
  if (auto id = cookie_value(req, kPreCookie); !id.empty()) {
    if (auto s = app.sessions.find(id); s && !s->signed_in) {
      v.session_id = id;
      v.session = *s;
      return v;
    }
  }
  return std::nullopt;
}

void refuse_form(httplib::Response& res, Nav nav) {
  send_error_page(res, 403, "This form has expired",
                  "The form was sent without the token this page gave it, with a token that is not yours, or "
                  "from another site, so nothing was done.",
                  "Reload the page and send the form again.", nav);
}

// Shared by get and admin_get: the flash is handed to the handler once.
void run_get(App& app, const httplib::Request& req, httplib::Response& res, Visit& visit,
             const Handler& handler) {
  visit.session.flash = app.sessions.take_flash(visit.session_id);
  handler(req, res, visit);
  // A redirect shows no page: the message waits for the next one.
  if (!visit.session.flash.empty() && res.status >= 300 && res.status < 400)
    app.sessions.set_flash(visit.session_id, visit.session.flash);
}

// Counts one request of class `rate` from the client; false (and a 429
// page saying when to try again) when its bucket is empty.
bool within_limit(App& app, RateClass rate, const httplib::Request& req, httplib::Response& res, Nav nav) {
  if (rate == RateClass::none) return true;
  const auto wait = app.limiter.take(rate, req.remote_addr);
  if (wait == 0) return true;
  res.set_header("Retry-After", std::to_string(wait));
  send_error_page(res, 429, "Too many attempts",
                  "This address sent this form too often in a short time, so it was not processed.",
                  "Wait " + std::to_string(wait) + (wait == 1 ? " second" : " seconds") + " and try again.",
                  nav);
  return false;
}

Handler guarded_post(App& app, RateClass rate, bool admin_only, Handler handler) {
  return [&app, rate, admin_only, handler = std::move(handler)](const httplib::Request& req,
                                                                httplib::Response& res, Visit&) {
    const Nav nav = admin_only ? Nav::admin : Nav::none;
    // The public classes were counted before routing (rate_class_of).
    if (rate != rate_class_of(req.path) && !within_limit(app, rate, req, res, nav)) return;
    auto visit = resolve(app, req);
    if (!visit || !same_origin(app, req) || !same_secret(field(req, "csrf"), visit->session.csrf)) {
      refuse_form(res, nav);
      return;
    }
    if (admin_only && !visit->signed_in()) {
      send_error_page(res, 403, "Please sign in", "This action is for signed-in members.",
                      "Sign in and try again.", Nav::none);
      return;
    }
    handler(req, res, *visit);
  };
}

}  // namespace

RateClass rate_class_of(std::string_view path) {
  if (path == "/signin") return RateClass::signin;
  if (path == "/register" || path.starts_with("/register/")) return RateClass::key;
  if (path.starts_with("/join/")) return RateClass::link;
  if (path.starts_with("/invite/") || path.starts_with("/confirm/") || path.starts_with("/set-password/"))
    return RateClass::invitation;
  return RateClass::none;
}

// ---- SessionStore ----

std::string SessionStore::create(bool signed_in, std::string user_id) {
  std::string id = random_hex(32);  // 256 bits
  const auto now = Clock::now();
  SessionData data;
  data.signed_in = signed_in;
  data.user_id = std::move(user_id);
  data.csrf = random_hex(32);
  data.created = now;
  data.last_seen = now;
  std::lock_guard lock(mutex_);
  sweep(now);
  sessions_[session_key(id)] = std::move(data);
  return id;
}

std::optional<SessionData> SessionStore::find(std::string_view id) {
  if (id.size() != 64) return std::nullopt;
  const auto now = Clock::now();
  std::lock_guard lock(mutex_);
  const auto it = sessions_.find(session_key(id));
  if (it == sessions_.end()) return std::nullopt;
  if (now - it->second.last_seen > idle_limit || now - it->second.created > absolute_limit) {
    sessions_.erase(it);
    return std::nullopt;
  }
  it->second.last_seen = now;
  return it->second;
}

void SessionStore::set_flash(std::string_view id, std::string message) {
  std::lock_guard lock(mutex_);
  if (const auto it = sessions_.find(session_key(id)); it != sessions_.end())
    it->second.flash = std::move(message);
}

std::string SessionStore::take_flash(std::string_view id) {
  std::lock_guard lock(mutex_);
  const auto it = sessions_.find(session_key(id));
  if (it == sessions_.end()) return {};
  return std::exchange(it->second.flash, {});
}

void SessionStore::erase(std::string_view id) {
  std::lock_guard lock(mutex_);
  sessions_.erase(session_key(id));
}

std::size_t SessionStore::size() {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

void SessionStore::sweep(Clock::time_point now) {
  // Every 256th session created looks for expired ones: cheap, and the map
  // never holds more than a few minutes of abandoned pre-sessions beyond the limits.
  static thread_local unsigned counter = 0;
  if (++counter % 256 != 0) return;
  std::erase_if(sessions_, [now](const auto& entry) {
    return now - entry.second.last_seen > idle_limit || now - entry.second.created > absolute_limit;
  });
}

// ---- RateLimiter ----

void RateLimiter::set_rule(RateClass c, Rule rule) {
  std::lock_guard lock(mutex_);
  rules_[c] = rule;
}

std::int64_t RateLimiter::take(RateClass c, const std::string& address) {
  const auto now = Clock::now();
  std::lock_guard lock(mutex_);
  const auto rule_it = rules_.find(c);
  const Rule rule = rule_it == rules_.end() ? Rule{} : rule_it->second;
  if (buckets_.size() > 100000)  // full buckets carry no information
    std::erase_if(buckets_, [&](const auto& b) {
      const auto r = rules_.count(b.first.first) ? rules_[b.first.first] : Rule{};
      return b.second.tokens + std::chrono::duration<double>(now - b.second.updated) /
                                   std::chrono::duration<double>(r.refill) >=
             r.burst;
    });
  auto [it, fresh] = buckets_.try_emplace({c, address}, Bucket{rule.burst, now});
  Bucket& b = it->second;
  if (!fresh) {
    const double refill =
        std::chrono::duration<double>(now - b.updated) / std::chrono::duration<double>(rule.refill);
    b.tokens = std::min(rule.burst, b.tokens + refill);
    b.updated = now;
  }
  if (b.tokens >= 1) {
    b.tokens -= 1;
    return 0;
  }
  const double wait = (1 - b.tokens) * std::chrono::duration<double>(rule.refill).count();
  return std::max<std::int64_t>(1, static_cast<std::int64_t>(wait + 0.999));
}

// ---- App ----

Organization App::organization() {
  auto org = directory.organization(org_id);
  if (org) return std::move(org).value();
  Organization none;
  none.id = org_id;
  return none;
}

// ---- HTML ----

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string url_encode(std::string_view text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (const unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string layout(const PageSpec& page) {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
      html_escape(page.title) +
      " · onboard</title>\n<link rel=\"stylesheet\" href=\"/static/app.css\">\n"
      "<script src=\"/static/app.js\" defer></script>\n</head>\n<body>\n"
      "<a class=\"skip\" href=\"#main\">Skip to content</a>\n";
  if (page.nav == Nav::admin) {
    static const std::pair<const char*, const char*> entries[] = {
        {"/admin/people", "People"}, {"/admin/import", "Import"}, {"/admin/invitations", "Invitations"},
        {"/admin/keys", "Keys"},     {"/admin/links", "Links"},   {"/admin/org", "Organization"},
    };
    out += "<header class=\"top\"><nav aria-label=\"Administration\"><ul>";
    for (const auto& [href, label] : entries) {
      out += "<li><a href=\"" + std::string(href) + "\"";
      if (page.current == href) out += " aria-current=\"page\"";
      out += ">" + std::string(label) + "</a></li>";
    }
    out += "</ul></nav><form method=\"post\" action=\"/signout\" class=\"signout\">" + page.signout_csrf +
           "<button type=\"submit\">Sign out</button></form></header>\n";
  }
  out += "<main id=\"main\" tabindex=\"-1\">\n";
  if (!page.flash.empty()) out += "<p class=\"flash\" role=\"status\">" + html_escape(page.flash) + "</p>\n";
  if (page.h1) out += "<h1>" + html_escape(page.title) + "</h1>\n";
  out += page.body;
  out += "\n</main>\n</body>\n</html>\n";
  return out;
}

PageSpec admin_page(const Visit& visit, std::string title, std::string body, std::string current) {
  PageSpec page;
  page.title = std::move(title);
  page.body = std::move(body);
  page.nav = Nav::admin;
  page.current = std::move(current);
  page.flash = visit.session.flash;
  page.signout_csrf = csrf_field(visit);
  return page;
}

PageSpec public_page(const Visit& visit, std::string title, std::string body) {
  PageSpec page;
  page.title = std::move(title);
  page.body = std::move(body);
  page.flash = visit.session.flash;
  return page;
}

std::string csrf_field(const Visit& visit) {
  return "<input type=\"hidden\" name=\"csrf\" value=\"" + html_escape(visit.session.csrf) + "\">";
}

std::string text_field(const std::string& label, const std::string& name, const std::string& value,
                       const std::string& type, const std::string& extra, const std::string& hint,
                       const std::string& field_id) {
  const std::string id = field_id.empty() ? "f-" + name : field_id;
  std::string out = "<div class=\"field\"><label for=\"" + id + "\">" + html_escape(label) + "</label>";
  out += "<input id=\"" + id + "\" name=\"" + html_escape(name) + "\" type=\"" + type + "\"";
  if (type != "password" && type != "file") out += " value=\"" + html_escape(value) + "\"";
  if (!hint.empty()) out += " aria-describedby=\"" + id + "-hint\"";
  if (!extra.empty()) out += " " + extra;
  out += ">";
  if (!hint.empty()) out += "<p class=\"hint\" id=\"" + id + "-hint\">" + html_escape(hint) + "</p>";
  return out + "</div>";
}

std::string select_field(const std::string& label, const std::string& name,
                         const std::vector<std::string>& choices, const std::string& selected,
                         const std::string& blank) {
  const std::string id = "f-" + name;
  std::string out = "<div class=\"field\"><label for=\"" + id + "\">" + html_escape(label) +
                    "</label><select id=\"" + id + "\" name=\"" + html_escape(name) + "\">";
  if (!blank.empty()) out += "<option value=\"\">" + html_escape(blank) + "</option>";
  for (const auto& c : choices) {
    out += "<option value=\"" + html_escape(c) + "\"";
    if (c == selected) out += " selected";
    out += ">" + html_escape(c) + "</option>";
  }
  return out + "</select></div>";
}

std::string button_form(const Visit& visit, const std::string& action, const std::string& label,
                        const std::string& css_class, const std::string& hidden_fields) {
  return "<form method=\"post\" action=\"" + html_escape(action) + "\" class=\"inline\">" +
         csrf_field(visit) + hidden_fields + "<button type=\"submit\"" +
         (css_class.empty() ? std::string() : " class=\"" + css_class + "\"") + ">" + html_escape(label) +
         "</button></form>";
}

std::string field(const httplib::Request& req, const std::string& name) {
  if (req.has_param(name.c_str())) return req.get_param_value(name.c_str());
  if (req.has_file(name.c_str())) return req.get_file_value(name.c_str()).content;
  return {};
}

bool has_field(const httplib::Request& req, const std::string& name) {
  return req.has_param(name.c_str()) || req.has_file(name.c_str());
}

// ---- answers ----

void send_page(httplib::Response& res, const PageSpec& page, int status) {
  res.status = status;
  res.set_content(layout(page), "text/html; charset=utf-8");
}

void redirect(httplib::Response& res, const std::string& to) {
  res.status = 303;
  res.set_header("Location", to);
}

void send_error_page(httplib::Response& res, int status, const std::string& title, const std::string& what,
                     const std::string& todo, Nav nav) {
  PageSpec page;
  page.title = title;
  page.nav = Nav::none;  // an error page has no form, so no sign-out either
  page.body = "<p>" + html_escape(what) + "</p>\n<p>" + html_escape(todo) + "</p>\n";
  page.body += nav == Nav::admin ? "<p><a href=\"/admin\">Back to the administration</a></p>"
                                 : "<p><a href=\"/\">Back to the start</a></p>";
  send_page(res, page, status);
}

int status_of(const Error& e) {
  switch (e.code) {
    case Errc::permission_denied: return 403;
    case Errc::not_found: return 404;
    case Errc::expired:
    case Errc::already_used:
    case Errc::revoked: return 410;
    case Errc::throttled: return 429;
    case Errc::already_exists: return 409;
    case Errc::authentication_failed: return 401;
    case Errc::storage:
    case Errc::busy: return 503;
    case Errc::internal:
    case Errc::misuse: return 500;
    default: return 400;
  }
}

void send_refusal(httplib::Response& res, const Error& e, Nav nav) {
  std::string title = "This could not be done";
  std::string todo = "Go back, correct what the sentence above names and try again.";
  switch (e.code) {
    case Errc::permission_denied:
      title = "Not allowed";
      todo = "Ask an administrator of your organization if you need this.";
      break;
    case Errc::not_found:
      title = "Not found";
      todo = "Check the address, or go back to the list and pick it from there.";
      break;
    case Errc::throttled:
      title = "Too many attempts";
      todo = "Wait a while and try again.";
      break;
    case Errc::storage:
    case Errc::busy:
      title = "Please try again";
      todo = "The database did not answer in time; try again in a moment.";
      break;
    default: break;
  }
  send_error_page(res, status_of(e), title, e.message, todo, nav);
}

void send_download(httplib::Response& res, const std::string& content, const std::string& type,
                   const std::string& file_name) {
  res.status = 200;
  res.set_header("Content-Disposition", "attachment; filename=\"" + file_name + "\"");
  res.set_header("Cache-Control", "no-store");
  res.set_content(content, type);
}

std::string local_time(Timestamp t, const std::string& time_zone) {
  const date::time_zone* zone = nullptr;
  try {
    zone = date::locate_zone(time_zone.empty() ? std::string("UTC") : time_zone);
  } catch (const std::exception&) {
    zone = date::locate_zone("UTC");
  }
  const auto seconds = std::chrono::floor<std::chrono::seconds>(t);
  const auto info = zone->get_info(seconds);
  const auto local = date::local_seconds{seconds.time_since_epoch() + info.offset};
  const auto offset = info.offset.count();
  const auto minutes = (offset < 0 ? -offset : offset) / 60;
  std::ostringstream out;
  out << date::format("%Y-%m-%d %H:%M", local) << " " << (offset < 0 ? '-' : '+') << std::setfill('0')
      << std::setw(2) << minutes / 60 << ":" << std::setw(2) << minutes % 60;
  return out.str();
}

// ---- routes ----

void get(httplib::Server& server, App& app, const std::string& pattern, Handler handler) {
  server.Get(pattern,
             [&app, handler = std::move(handler)](const httplib::Request& req, httplib::Response& res) {
               auto visit = resolve(app, req);
               if (!visit) {
                 Visit fresh;
                 fresh.client = req.remote_addr;
                 fresh.session_id = app.sessions.create(false, "");
                 fresh.session = *app.sessions.find(fresh.session_id);
                 res.set_header("Set-Cookie", cookie(kPreCookie, fresh.session_id, app.tls));
                 visit = std::move(fresh);
               }
               run_get(app, req, res, *visit, handler);
             });
}

void post(httplib::Server& server, App& app, const std::string& pattern, RateClass rate, Handler handler) {
  auto guarded = guarded_post(app, rate, false, std::move(handler));
  server.Post(pattern, [guarded = std::move(guarded)](const httplib::Request& req, httplib::Response& res) {
    Visit unused;
    guarded(req, res, unused);
  });
}

void admin_get(httplib::Server& server, App& app, const std::string& pattern, Handler handler) {
  server.Get(pattern,
             [&app, handler = std::move(handler)](const httplib::Request& req, httplib::Response& res) {
               auto visit = resolve(app, req);
               if (!visit || !visit->signed_in()) {
                 redirect(res, "/signin?next=" + url_encode(req.path));
                 return;
               }
               run_get(app, req, res, *visit, handler);
             });
}

void admin_post(httplib::Server& server, App& app, const std::string& pattern, RateClass rate,
                Handler handler) {
  auto guarded = guarded_post(app, rate, true, std::move(handler));
  server.Post(pattern, [guarded = std::move(guarded)](const httplib::Request& req, httplib::Response& res) {
    Visit unused;
    guarded(req, res, unused);
  });
}

void install(httplib::Server& server, App& app) {
  server.set_payload_max_length(std::size_t{64} * 1024 * 1024);
  // The public forms are limited by path before routing, so a form is
  // counted even when its token or route is wrong: guessing costs the same.
  server.set_pre_routing_handler([&app](const httplib::Request& req, httplib::Response& res) {
    if (req.method != "POST") return httplib::Server::HandlerResponse::Unhandled;
    if (within_limit(app, rate_class_of(req.path), req, res, Nav::none))
      return httplib::Server::HandlerResponse::Unhandled;
    return httplib::Server::HandlerResponse::Handled;
  });
  server.set_post_routing_handler([&app](const httplib::Request&, httplib::Response& res) {
    if (app.tls) res.set_header("Strict-Transport-Security", "max-age=31536000");
    res.set_header("Content-Security-Policy",
                   "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                   "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Referrer-Policy", "no-referrer");
    res.set_header("X-Frame-Options", "DENY");
    // Pages carry tokens and people's data: nothing is kept by a cache
    // unless the route said otherwise (the static files).
    if (!res.has_header("Cache-Control")) res.set_header("Cache-Control", "no-store");
  });
  server.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return;
    const int status = res.status;
    if (status == 404)
      send_error_page(res, 404, "Page not found", "There is no page at this address.",
                      "Check the address, or start again from the home page.");
    else if (status == 413)
      send_error_page(res, 413, "File too large", "The file is larger than this server accepts.",
                      "Split it into smaller files and send them one by one.");
    else if (status == 405)
      send_error_page(res, 405, "Not possible here", "This address does not take that kind of request.",
                      "Go back and use the page's own links and buttons.");
    else
      send_error_page(res, status, "Something went wrong", "The request could not be answered.",
                      "Go back and try again; if it keeps happening, tell your administrator.");
    res.status = status;
  });
  server.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, const std::exception_ptr&) {
        send_error_page(res, 500, "Something went wrong on our side",
                        "The server failed while answering; nothing you did caused it.",
                        "Try again in a moment; if it keeps happening, tell your administrator.");
      });
  // Rate limits per client address (docs/security.md, "The web host").
  app.limiter.set_rule(RateClass::signin, {10, std::chrono::seconds(6)});
  app.limiter.set_rule(RateClass::key, {10, std::chrono::seconds(6)});
  app.limiter.set_rule(RateClass::link, {10, std::chrono::seconds(6)});
  app.limiter.set_rule(RateClass::invitation, {10, std::chrono::seconds(6)});
  app.limiter.set_rule(RateClass::form, {120, std::chrono::milliseconds(500)});
  add_static_routes(server);
  add_signin_routes(server, app);
  add_admin_routes(server, app);
  add_public_routes(server, app);
}

void add_static_routes(httplib::Server& server) {
  server.Get(R"(/static/([A-Za-z0-9_.-]+))", [](const httplib::Request& req, httplib::Response& res) {
    const StaticFile* file = static_file(req.matches[1].str());
    if (file == nullptr) {
      res.status = 404;
      return;
    }
    res.set_header("Cache-Control", "public, max-age=300");
    res.set_content(std::string(file->content), std::string(file->type).c_str());
  });
}

}  // namespace onboard::web
