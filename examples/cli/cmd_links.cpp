// onboard links: self-registration links (create, edit, list, enable,
// disable, QR code) and `join`, what a host's sign-up page does with one.
#include <fstream>
#include <iostream>

#include "cli.hpp"
#include "onboard/model/json.hpp"
#include "onboard/signup_links.hpp"

namespace onboard::cli {
namespace {

// `-o FILE` (or --output FILE).
std::string output_path(const Args& a) {
  if (auto o = a.option("output")) return *o;
  throw UsageError{"missing -o FILE"};
}

void print_link(const SignupLink& link, Timestamp now, const std::string& tz) {
  const std::string status(to_json(link, now).at("status").as_string());
  std::cout << link.id << "  " << status << "  \"" << link.label << "\"  " << link.role << "  used "
            << link.use_count << (link.max_uses ? "/" + std::to_string(*link.max_uses) : "") << "  expires "
            << (link.expires_at ? local_time(*link.expires_at, tz) : "never");
  if (!link.allowed_domains.empty()) {
    std::cout << "  only";
    for (const auto& d : link.allowed_domains) std::cout << " " << d;
  }
  std::cout << "\n";
}

}  // namespace

int cmd_links(const Args& a, const Globals& g) {
  const std::string sub = a.positional(0, "create, edit, list, enable, disable or qr");
  if (sub == "create" || sub == "edit")
    a.allow({"label", "role", "team", "office", "expires", "uses", "domains"});
  else if (sub == "qr")
    a.allow({"output", "force"});
  else
    a.allow({});
  auto s = open_session(g);
  if (!s) return fail(s.error(), g);
  SignupLinks links(*s->directory);
  const auto now = s->directory->clock().now();

  if (sub == "create") {
    NewSignupLink req;
    req.label = a.option_or("label", "");
    req.role = a.option_or("role", "");
    req.team = a.option_or("team", "");
    req.office = a.option_or("office", "");
    req.expires = a.option_or("expires", "");
    if (auto uses = a.option("uses")) req.max_uses = parse_number(*uses, "uses");
    req.allowed_domains = a.list("domains");
    auto issued = links.create(s->as_actor(), req);
    if (!issued) return fail(issued.error(), g);
    if (g.json) {
      auto o = to_json(issued->link, now);
      o["url"] = issued->url;
      o["token"] = issued->token;
      print_json(o);
      return exit_ok;
    }
    std::cout << "Link " << issued->link.id << " for " << issued->link.role << " in " << issued->link.office
              << ".\nURL (shown once; `links qr` draws it again): " << issued->url << "\n";
    return exit_ok;
  }
  if (sub == "edit") {
    SignupLinkChanges changes;
    for (const char* name : {"label", "role", "team", "office", "expires"}) {
      auto v = a.option(name);
      if (!v) continue;
      const std::string n = name;
      if (n == "label") changes.label = *v;
      if (n == "role") changes.role = *v;
      if (n == "team") changes.team = *v;
      if (n == "office") changes.office = *v;
      if (n == "expires") changes.expires = *v == "never" ? "" : *v;
    }
    if (auto uses = a.option("uses"))
      changes.max_uses = *uses == "unlimited" ? 0 : parse_number(*uses, "uses");
    if (a.option("domains")) changes.allowed_domains = a.list("domains");
    auto link = links.edit(s->as_actor(), a.positional(1, "ID"), changes);
    if (!link) return fail(link.error(), g);
    if (g.json)
      print_json(to_json(*link, now));
    else
      print_link(*link, now, s->org.time_zone);
    return exit_ok;
  }
  if (sub == "list") {
    auto list = links.list(s->as_actor());
    if (!list) return fail(list.error(), g);
    if (g.json) {
      boost::json::array arr;
      for (const auto& l : *list) arr.push_back(to_json(l, now));
      print_json_list(std::move(arr));
      return exit_ok;
    }
    if (list->empty()) std::cout << "No registration links.\n";
    for (const auto& l : *list) print_link(l, now, s->org.time_zone);
    return exit_ok;
  }
  if (sub == "enable" || sub == "disable") {
    auto link = sub == "enable" ? links.enable(s->as_actor(), a.positional(1, "ID"))
                                : links.disable(s->as_actor(), a.positional(1, "ID"));
    if (!link) return fail(link.error(), g);
    if (g.json)
      print_json(to_json(*link, now));
    else
      std::cout << (link->enabled ? "Enabled" : "Disabled") << " the link \"" << link->label << "\".\n";
    return exit_ok;
  }
  if (sub == "qr") {
    const std::string id = a.positional(1, "ID");
    const std::string path = output_path(a);
    auto svg = links.qr_svg(s->as_actor(), id);
    if (!svg) return fail(svg.error(), g);
    // The QR code holds a live link: a private file, never over another unless --force.
    if (auto written = write_secret_file(path, *svg, a.flag("force")); !written)
      return fail(written.error(), g);
    std::cout << "Wrote the QR code to " << path << ".\n";
    return exit_ok;
  }
  throw UsageError{"links takes create, edit ID, list, enable ID, disable ID or qr ID -o FILE.svg"};
}

int cmd_join(const Args& a, const Globals& g) {
  a.allow({"email", "name", "password-stdin", "email-verified"});
  if (!a.flag("password-stdin"))
    throw UsageError{"join needs --password-stdin (passwords never go on the command line)"};
  // --email-verified: the host checked the address itself; the account is active at once.
  // The token, or the whole link (https://…/join/TOKEN).
  LinkRedemption req{token_of(a.positional(0, "TOKEN or LINK")), a.required("email"), a.required("name"),
                     read_password_stdin(), a.flag("email-verified")};
  auto s = open_session(g);
  if (!s) return fail(s.error(), g);
  auto r = SignupLinks(*s->directory).redeem(s->org.id, req);
  if (!r) return fail(r.error(), g);
  if (g.json)
    print_json(boost::json::object{{"check_email", r->check_email}, {"email", r->email}});
  else
    std::cout << "Thank you. Check the inbox of " << r->email << " for the next step.\n";
  return exit_ok;
}

namespace {
const CommandRegistration cmd_links_registration{
    "links", cmd_links,
    R"(  links create [--label L] [--role R] [--team T] [--office O] [--expires DATE|INSTANT] [--uses N]
               [--domains a.example,b.example]
  links edit ID [same options; --expires never, --uses unlimited]
  links list | enable ID | disable ID | qr ID -o FILE.svg [--force]
)",
    40};
const CommandRegistration cmd_join_registration{
    "join", cmd_join,
    R"(  join TOKEN|LINK --email E --name N --password-stdin [--email-verified]
)",
    41};
}  // namespace

}  // namespace onboard::cli
