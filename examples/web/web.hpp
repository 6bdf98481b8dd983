// onboard-web: an HTTP host of the library, the admin and registration pages
// a product would build (issue 17). cpp-httplib serves; every page is
// rendered here on the server; the library decides every rule.
//
// What the host owns, the library does not: sessions and their cookies, CSRF
// tokens, rate limits by client address, security headers, HTML. Threads are
// cpp-httplib's pool; the Directory is shared between them (it allows that).
#pragma once

#include <httplib.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "onboard/directory.hpp"

namespace onboard::web {

// ---- sessions ----

// One visitor's state. A pre-session (signed_in false, cookie onb_pre) only
// carries the CSRF token of the public forms and the sign-in form; a session
// (cookie onb_session) belongs to a signed-in member.
struct SessionData {
  bool signed_in = false;
  std::string user_id;  // signed in: the member
  std::string csrf;     // 64 hex digits, compared in constant time
  std::string flash;    // one message shown on the next page, then forgotten
  std::chrono::steady_clock::time_point created;
  std::chrono::steady_clock::time_point last_seen;
};

// Sessions in memory, keyed by a hash of their id: the ids themselves are
// only in the visitors' cookies. Idle 30 minutes, at most 12 hours.
class SessionStore {
 public:
  static constexpr std::chrono::minutes idle_limit{30};
  static constexpr std::chrono::hours absolute_limit{12};
  // A new session with a fresh random id (returned, for the cookie).
  std::string create(bool signed_in, std::string user_id);
  // The session of `id`, refreshing its idle time; nullopt when unknown or expired.
  std::optional<SessionData> find(std::string_view id);
  void set_flash(std::string_view id, std::string message);
  std::string take_flash(std::string_view id);
  void erase(std::string_view id);
  std::size_t size();

 private:
  std::mutex mutex_;
  std::map<std::string, SessionData> sessions_;           // key: hex of BLAKE2b(id)
  void sweep(std::chrono::steady_clock::time_point now);  // under mutex_
};

// ---- rate limits ----

// Route classes, each with its own bucket per client address.
enum class RateClass { none, signin, key, link, invitation, form };
// The class of a public form's path, counted before routing for every POST
// (/signin; /register…: key; /join/…: link; /invite/…, /confirm/…,
// /set-password/…: invitation); none for the others.
RateClass rate_class_of(std::string_view path);

// A token bucket per (class, address): `burst` requests at once, then one
// every `refill`. Memory stays small: full buckets are dropped.
class RateLimiter {
 public:
  struct Rule {
    double burst = 10;
    std::chrono::milliseconds refill{6000};
  };
  void set_rule(RateClass c, Rule rule);
  // Zero when allowed (and counted); otherwise the seconds until the next try.
  std::int64_t take(RateClass c, const std::string& address);

 private:
  struct Bucket {
    double tokens = 0;
    std::chrono::steady_clock::time_point updated;
  };
  std::mutex mutex_;
  std::map<RateClass, Rule> rules_;
  std::map<std::pair<RateClass, std::string>, Bucket> buckets_;
};

// ---- the application ----

struct App {
  Directory& directory;
  std::string org_id;
  std::string base_url;  // --base-url: the origin forms must come from (empty: the Host header's)
  bool tls = false;
  SessionStore sessions;
  RateLimiter limiter;
  // Import jobs of this process (admin_import.cpp).
  struct ImportJobs;
  std::shared_ptr<ImportJobs> imports;
  // --import-max-rows: the most rows an upload may have (nullopt: the organization's import limit).
  std::optional<std::uint64_t> import_max_rows;

  App(Directory& d, std::string org, std::string base, bool secure)
      : directory(d), org_id(std::move(org)), base_url(std::move(base)), tls(secure) {}
  Organization organization();  // the organization now (settings may change); throws never
};

// What a handler knows about who is asking.
struct Visit {
  std::string session_id;  // the cookie's value (session or pre-session)
  SessionData session;
  std::string client;  // the client's address, the `source` of the library's throttles
  bool signed_in() const { return session.signed_in; }
  Actor actor(const App& app) const { return {app.org_id, session.user_id}; }
};

// ---- HTML ----

std::string html_escape(std::string_view text);
// Percent-encodes a query parameter value.
std::string url_encode(std::string_view text);

enum class Nav { none, admin };

struct PageSpec {
  std::string title;  // the <title> and <h1>
  std::string body;   // HTML inside <main>, after the <h1>
  Nav nav = Nav::none;
  std::string flash;    // a message at the top of the page (escaped here)
  std::string current;  // the nav entry to mark (its path, "/admin/people")
  bool h1 = true;
  std::string signout_csrf;  // Nav::admin: the CSRF field of the sign-out form
};
std::string layout(const PageSpec& page);
// A page of the administration for this visit (nav, flash, sign-out form).
PageSpec admin_page(const Visit& visit, std::string title, std::string body, std::string current = "");
// A public page for this visit (no nav, its flash).
PageSpec public_page(const Visit& visit, std::string title, std::string body);

// The hidden CSRF field for a form of this visit.
std::string csrf_field(const Visit& visit);
// A labelled form field: <label for=ID>LABEL</label><input id=ID name=NAME …>.
// `extra` is raw attributes ("required autocomplete=\"email\""); `hint` a
// sentence under the field, tied to it by aria-describedby; `id` replaces
// the default "f-NAME" when a page has two fields of one name.
std::string text_field(const std::string& label, const std::string& name, const std::string& value = "",
                       const std::string& type = "text", const std::string& extra = "",
                       const std::string& hint = "", const std::string& id = "");
// A labelled <select>; `blank` adds a first empty choice with that text.
std::string select_field(const std::string& label, const std::string& name,
                         const std::vector<std::string>& choices, const std::string& selected = "",
                         const std::string& blank = "");
// A form that posts to `action` with the CSRF field and one button.
std::string button_form(const Visit& visit, const std::string& action, const std::string& label,
                        const std::string& css_class = "", const std::string& hidden_fields = "");
// A form field's value (url-encoded or multipart), trimmed of nothing; "" when absent.
std::string field(const httplib::Request& req, const std::string& name);
bool has_field(const httplib::Request& req, const std::string& name);

// ---- answers ----

void send_page(httplib::Response& res, const PageSpec& page, int status = 200);
void redirect(httplib::Response& res, const std::string& to);  // 303 See Other
// A page that says what happened and what to do (never bare status text).
void send_error_page(httplib::Response& res, int status, const std::string& title, const std::string& what,
                     const std::string& todo, Nav nav = Nav::none);
// The library's refusal as a page: 403 for permission_denied, 404 not_found,
// 410 expired/used/revoked, 429 throttled, 400 otherwise, 503 storage/busy.
void send_refusal(httplib::Response& res, const Error& e, Nav nav = Nav::admin);
int status_of(const Error& e);
// A file download: Content-Disposition attachment, no-store.
void send_download(httplib::Response& res, const std::string& content, const std::string& type,
                   const std::string& file_name);
// Times as the organization reads them ("2026-04-01 00:00 +02:00").
std::string local_time(Timestamp t, const std::string& time_zone);

// ---- routes ----

using Handler = std::function<void(const httplib::Request&, httplib::Response&, Visit&)>;
// GET for anyone: a visitor without a session gets a pre-session (its cookie
// is set on the answer) so the page's forms carry a CSRF token.
void get(httplib::Server& server, App& app, const std::string& pattern, Handler handler);
// POST for anyone: rate-limited by `rate` per client address (counted once:
// the public paths' classes already before routing, see rate_class_of), then
// refused (403) without the visit's CSRF token or from another origin.
void post(httplib::Server& server, App& app, const std::string& pattern, RateClass rate, Handler handler);
// The same for signed-in members only (GET: otherwise to /signin; POST: 403).
void admin_get(httplib::Server& server, App& app, const std::string& pattern, Handler handler);
void admin_post(httplib::Server& server, App& app, const std::string& pattern, RateClass rate,
                Handler handler);

// Installs the headers, error pages, static files, sign-in and every route.
void install(httplib::Server& server, App& app);
void add_static_routes(httplib::Server& server);
void add_signin_routes(httplib::Server& server, App& app);
void add_admin_routes(httplib::Server& server, App& app);   // admin_*.cpp
void add_public_routes(httplib::Server& server, App& app);  // public_pages.cpp

// The static files, compiled in (static_files.cpp).
struct StaticFile {
  std::string_view content;
  std::string_view type;
};
const StaticFile* static_file(std::string_view name);

}  // namespace onboard::web
