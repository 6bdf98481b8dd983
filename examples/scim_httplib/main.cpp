// A SCIM 2.0 endpoint for one organization, served with cpp-httplib
// (Debian libcpp-httplib-dev): every request under /scim/v2 is handed to
// onboard::scim::Handler and its answer sent back. docs/scim.md.
//
//   onboard-scim-example --db sqlite:onboard.db --key-file onboard.db.key --org ORG_ID
//                        [--listen 127.0.0.1] [--port 8080] [--base-url https://idp-facing.example/scim/v2]
//
// Put TLS in front of it (a reverse proxy): the bearer token must never
// cross the network in clear.
#include <httplib.h>

#include <cstdlib>
#include <iostream>
#include <map>
#include <string>

#include "onboard/directory.hpp"
#include "onboard/scim.hpp"

namespace {

constexpr const char* kMount = "/scim/v2";

std::map<std::string, std::string> parse_args(int argc, char** argv) {
  std::map<std::string, std::string> args{{"listen", "127.0.0.1"}, {"port", "8080"}};
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string name = argv[i];
    if (name.rfind("--", 0) != 0) break;
    args[name.substr(2)] = argv[i + 1];
  }
  return args;
}

// The raw query string of a request ("filter=userName%20eq%20%22x%22").
std::string raw_query(const httplib::Request& req) {
  const auto q = req.target.find('?');
  return q == std::string::npos ? std::string() : req.target.substr(q + 1);
}

}  // namespace

int main(int argc, char** argv) {
  auto args = parse_args(argc, argv);
  if (!args.count("db") || !args.count("key-file") || !args.count("org")) {
    std::cerr
        << "usage: onboard-scim-example --db URI --key-file FILE --org ORG_ID [--listen ADDR] [--port N] "
           "[--base-url URL]\n";
    return 2;
  }
  auto directory = onboard::Directory::open_with_key_file(args["db"], args["key-file"]);
  if (!directory) {
    std::cerr << directory.error().message << "\n";
    return 1;
  }
  onboard::scim::HandlerOptions options;
  options.base_url =
      args.count("base-url") ? args["base-url"] : "http://" + args["listen"] + ":" + args["port"] + kMount;
  onboard::scim::Handler scim(**directory, args["org"], options);

  httplib::Server server;
  server.set_payload_max_length(options.max_payload_bytes + 1);
  auto serve = [&scim](const httplib::Request& req, httplib::Response& res) {
    onboard::scim::Request request;
    request.method = req.method;
    request.path = req.path.substr(std::string(kMount).size());  // "/Users/ID"
    request.query = raw_query(req);
    for (const auto& [name, value] : req.headers) request.headers.emplace_back(name, value);
    request.body = req.body;
    onboard::scim::Response response = scim.handle(request);
    res.status = response.status;
    std::string content_type = "application/scim+json";
    for (const auto& [name, value] : response.headers) {
      if (name == "Content-Type")
        content_type = value;
      else
        res.set_header(name, value);
    }
    if (!response.body.empty()) res.set_content(response.body, content_type);
  };
  const std::string pattern = std::string(kMount) + "(/.*)?";
  server.Get(pattern, serve);
  server.Post(pattern, serve);
  server.Put(pattern, serve);
  server.Patch(pattern, serve);
  server.Delete(pattern, serve);
  std::cout << "SCIM for organization " << args["org"] << " at " << options.base_url << "\n";
  if (!server.listen(args["listen"], std::atoi(args["port"].c_str()))) {
    std::cerr << "Cannot listen on " << args["listen"] << ":" << args["port"] << ".\n";
    return 1;
  }
  return 0;
}
