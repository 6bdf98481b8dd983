// onboard scim: SCIM tokens (create, list, revoke) and one SCIM request
// served by onboard::scim::Handler, for trying provisioning without an
// HTTP server: `onboard scim POST /Users < user.json`.
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "cli.hpp"
#include "onboard/scim.hpp"

namespace onboard::cli {
namespace {

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  s.erase(0, s.find_first_not_of(' '));
  return s;
}

int cmd_scim_token(const Args& a, const Globals& g) {
  const std::string sub = a.positional(1, "create, list or revoke");
  a.allow(sub == "create" ? std::initializer_list<const char*>{"output", "force"}
                          : std::initializer_list<const char*>{});
  auto s = open_session(g);
  if (!s) return fail(s.error(), g);
  scim::Tokens tokens(*s->directory);
  if (sub == "create") {
    auto issued = tokens.create(s->as_actor(), a.positional(2, "NAME"));
    if (!issued) return fail(issued.error(), g);
    const auto out = a.option("output");
    if (out) {
      auto written = write_secret_file(*out, issued->secret + "\n", a.flag("force"));
      if (!written) return fail(written.error(), g);
    }
    if (g.json) {
      boost::json::object o{{"id", issued->token.id}, {"name", issued->token.name}};
      if (!out) o["token"] = issued->secret;
      print_json(o);
      return exit_ok;
    }
    std::cout << "SCIM token " << issued->token.id << " \"" << issued->token.name << "\", acting as "
              << s->actor.display_name << ".\n";
    if (out)
      std::cout << "Token written to " << *out << " (mode 0600).\n";
    else
      std::cout << "Token (shown once): " << issued->secret << "\n";
    return exit_ok;
  }
  if (sub == "list") {
    auto listed = tokens.list(s->as_actor());
    if (!listed) return fail(listed.error(), g);
    boost::json::array items;
    for (const auto& t : *listed) {
      if (g.json) {
        items.push_back(boost::json::object{
            {"id", t.id},
            {"name", t.name},
            {"created_by", t.created_by},
            {"created_at", format_iso8601(t.created_at)},
            {"last_used_at", t.last_used_at ? boost::json::value(format_iso8601(*t.last_used_at)) : nullptr},
            {"revoked", t.revoked}});
        continue;
      }
      std::cout << t.id << "  \"" << t.name << "\"  " << (t.revoked ? "revoked" : "active") << "  created "
                << local_time(t.created_at, s->org.time_zone) << "  last used "
                << (t.last_used_at ? local_time(*t.last_used_at, s->org.time_zone) : "never") << "\n";
    }
    if (g.json) print_json_list(std::move(items));
    return exit_ok;
  }
  if (sub == "revoke") {
    auto revoked = tokens.revoke(s->as_actor(), a.positional(2, "ID"));
    if (!revoked) return fail(revoked.error(), g);
    if (g.json)
      print_json(boost::json::object{{"id", revoked->id}, {"revoked", true}});
    else
      std::cout << "SCIM token " << revoked->id << " \"" << revoked->name << "\" revoked.\n";
    return exit_ok;
  }
  throw UsageError{"scim token takes create, list or revoke"};
}

int cmd_scim(const Args& a, const Globals& g) {
  const std::string first = a.positional(0, "token, or an HTTP method");
  if (first == "token") return cmd_scim_token(a, g);
  a.allow({"token-file", "base-url"});
  const std::string path = a.positional(1, "PATH (such as /Users)");
  auto s = open_session(g);
  if (!s) return fail(s.error(), g);
  scim::Request request;
  request.method = first;
  request.path = path;
  if (const auto q = path.find('?'); q != std::string::npos) {
    request.path = path.substr(0, q);
    request.query = path.substr(q + 1);
  }
  if (request.method != "GET" && request.method != "DELETE")
    request.body.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  scim::HandlerOptions options;
  options.base_url = a.option_or("base-url", "");
  scim::Handler handler(*s->directory, s->org.id, options);
  scim::Response response;
  if (const auto file = a.option("token-file")) {
    std::ifstream in(*file);
    if (!in) return fail(Error{Errc::invalid_input, "The token file " + *file + " cannot be read."}, g);
    std::stringstream text;
    text << in.rdbuf();
    request.headers.emplace_back("Authorization", "Bearer " + trimmed(text.str()));
    response = handler.handle(request);
  } else {
    response = handler.handle(request, s->as_actor());
  }
  std::cerr << "HTTP " << response.status << "\n";
  std::cout << response.body;
  if (!response.body.empty()) std::cout << "\n";
  return response.status >= 200 && response.status < 300 ? exit_ok : exit_refused;
}

const CommandRegistration cmd_scim_registration{
    "scim", cmd_scim,
    R"(  scim METHOD PATH [--token-file F] [--base-url URL]   one SCIM request; body on stdin, response on stdout
  scim token create NAME [-o FILE [--force]] | token list | token revoke ID
)",
    75};

}  // namespace
}  // namespace onboard::cli
