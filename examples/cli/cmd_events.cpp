// onboard events: the event feed a host reads (and forwards as webhooks),
// and the webhook signature: sign a body, verify one.
#include <chrono>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include <boost/json.hpp>

#include "cli.hpp"
#include "onboard/events.hpp"

namespace onboard::cli {
namespace {

// The webhook secret: the file's bytes without a final newline.
std::string read_secret(const Args& a) {
  const std::string path = a.option_or("secret-file", "");
  if (path.empty()) throw UsageError{"missing --secret-file FILE (the webhook secret)"};
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError{"cannot read the secret file " + path};
  std::string secret((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) secret.pop_back();
  if (secret.empty()) throw UsageError{"the secret file " + path + " is empty"};
  return secret;
}

std::string read_stdin() {
  std::ostringstream body;
  body << std::cin.rdbuf();
  return body.str();
}

std::int64_t timestamp_of(const Args& a) {
  if (auto t = a.option("timestamp")) return parse_number(*t, "timestamp");
  return std::chrono::duration_cast<std::chrono::seconds>(make_clock()->now().time_since_epoch()).count();
}

}  // namespace

int cmd_events(const Args& a, const Globals& g) {
  const std::string sub = a.positionals().empty() ? "" : a.positionals().front();
  if (sub == "sign") {
    a.allow({"secret-file", "timestamp"});
    const std::string secret = read_secret(a);
    const std::int64_t timestamp = timestamp_of(a);
    const std::string signature = sign_webhook(secret, timestamp, read_stdin());
    if (g.json)
      print_json(boost::json::object{{"timestamp", timestamp}, {"signature", signature}});
    else
      std::cout << "X-Onboard-Timestamp: " << timestamp << "\nX-Onboard-Signature: " << signature << "\n";
    return exit_ok;
  }
  if (sub == "verify") {
    a.allow({"secret-file", "timestamp", "signature"});
    const std::string secret = read_secret(a);
    const auto timestamp = a.option("timestamp");
    const auto signature = a.option("signature");
    if (!timestamp || !signature) throw UsageError{"verify needs --timestamp T and --signature sha256=HEX"};
    if (!verify_webhook(secret, parse_number(*timestamp, "timestamp"), read_stdin(), *signature)) {
      std::cerr << "The signature does not match the body and timestamp.\n";
      return exit_refused;
    }
    std::cout << "The signature matches.\n";
    return exit_ok;
  }
  if (!sub.empty()) throw UsageError{"events takes --after C [--limit N], sign or verify"};
  a.allow({"after", "limit"});
  auto s = open_session(g);
  if (!s) return fail(s.error(), g);
  std::size_t limit = 100;
  if (auto l = a.option("limit")) limit = static_cast<std::size_t>(parse_number(*l, "limit"));
  // The library starts no thread: the CLI writes the invitations whose time
  // ran out since the last look as invitation.expired before it reads.
  if (auto noted = s->directory->note_expired_invitations(s->org.id); !noted) return fail(noted.error(), g);
  auto page = s->directory->events_since(s->as_actor(), a.option_or("after", ""), limit);
  if (!page) return fail(page.error(), g);
  if (g.json) {
    boost::json::array events;
    for (const auto& e : page->events) events.push_back(boost::json::parse(event_json(e)));
    print_json(boost::json::object{{"events", std::move(events)}, {"next_cursor", page->next_cursor}});
    return exit_ok;
  }
  if (page->events.empty()) std::cout << "No new events.\n";
  for (const auto& e : page->events)
    std::cout << e.cursor << "  " << format_iso8601(e.at) << "  " << e.type << "  " << e.subject << "  by "
              << e.actor << "  " << e.data << "\n";
  std::cout << "Next: --after " << page->next_cursor << "\n";
  return exit_ok;
}

namespace {
const CommandRegistration cmd_events_registration{
    "events", cmd_events,
    R"(  events [--after CURSOR] [--limit N]   (the event feed: what happened, in order; docs/events.md;
                                           first writes invitation.expired for invitations whose time ran out)
  events sign --secret-file F [--timestamp T] < BODY   (X-Onboard-Signature of a webhook body)
  events verify --secret-file F --timestamp T --signature sha256=HEX < BODY
)",
    95};
}  // namespace

}  // namespace onboard::cli
