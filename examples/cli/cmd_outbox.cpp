// onboard outbox / audit: what a host's mail sender and audit page do.
#include <iostream>

#include "cli.hpp"
#include "onboard/model/json.hpp"

namespace onboard::cli {

int cmd_outbox(const Args& a, const Globals& g) {
  const std::string sub = a.positional(0, "list, claim or ack");
  auto s = open_session(g);
  if (!s) return fail(s.error(), g);
  if (sub == "list") {
    a.allow({"state"});
    std::optional<OutboxState> state;
    if (auto st = a.option("state")) {
      state = parse_outbox_state(*st);
      if (!state) throw UsageError{"--state is queued, claimed, sent or cancelled"};
    }
    auto list = s->directory->list_outbox(s->as_actor(), state);
    if (!list) return fail(list.error(), g);
    if (g.json) {
      boost::json::array arr;
      for (const auto& m : *list) arr.push_back(to_json(m));
      print_json_list(std::move(arr));
      return exit_ok;
    }
    if (list->empty()) std::cout << "The outbox is empty.\n";
    for (const auto& m : *list)
      std::cout << m.id << "  " << to_string(m.state) << "  " << m.kind << "  to " << m.recipient << "  \""
                << m.subject << "\"\n";
    return exit_ok;
  }
  if (sub == "claim") {
    a.allow({"limit"});
    const auto limit = static_cast<std::size_t>(parse_number(a.option_or("limit", "10"), "limit"));
    auto claimed = s->directory->claim_outbox(s->org.id, limit);
    if (!claimed) return fail(claimed.error(), g);
    if (g.json) {
      boost::json::array arr;
      for (const auto& c : *claimed) {
        auto o = to_json(c.message);
        o["body"] = c.body;
        o["html"] = c.html;
        arr.push_back(std::move(o));
      }
      print_json_list(std::move(arr));
      return exit_ok;
    }
    if (claimed->empty()) std::cout << "Nothing to send.\n";
    for (const auto& c : *claimed)
      std::cout << "--- message " << c.message.id << " (" << c.message.kind
                << ")\nTo: " << c.message.recipient << "\nSubject: " << c.message.subject << "\n\n"
                << c.body << "\n";
    return exit_ok;
  }
  if (sub == "ack") {
    a.allow({});
    if (a.positionals().size() < 2) throw UsageError{"outbox ack needs at least one message ID"};
    for (std::size_t i = 1; i < a.positionals().size(); ++i) {
      auto r = s->directory->ack_outbox(s->org.id, a.positionals()[i]);
      if (!r) return fail(r.error(), g);
    }
    if (g.json)
      print_json(boost::json::object{{"acknowledged", a.positionals().size() - 1}});
    else
      std::cout << "Marked " << a.positionals().size() - 1 << " message(s) as sent.\n";
    return exit_ok;
  }
  throw UsageError{"outbox takes list, claim or ack"};
}

int cmd_audit(const Args& a, const Globals& g) {
  a.allow({"limit"});
  const auto limit = static_cast<std::size_t>(parse_number(a.option_or("limit", "50"), "limit"));
  auto s = open_session(g);
  if (!s) return fail(s.error(), g);
  auto events = s->directory->audit_log(s->as_actor(), limit);
  if (!events) return fail(events.error(), g);
  if (g.json) {
    boost::json::array arr;
    for (const auto& e : *events) arr.push_back(to_json(e));
    print_json_list(std::move(arr));
    return exit_ok;
  }
  for (const auto& e : *events)
    std::cout << local_time(e.at, s->org.time_zone) << "  " << e.action << "  target " << e.target << "  by "
              << e.actor << "  " << e.details << "\n";
  return exit_ok;
}

namespace {
const CommandRegistration cmd_outbox_registration{
    "outbox", cmd_outbox,
    R"(  outbox list [--state queued|claimed|sent|cancelled] | claim [--limit N] | ack ID...
)",
    80};
const CommandRegistration cmd_audit_registration{"audit", cmd_audit,
                                                 R"(  audit [--limit N]
)",
                                                 81};
}  // namespace

}  // namespace onboard::cli
