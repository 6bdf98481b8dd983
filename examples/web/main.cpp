// onboard-web --db PATH --listen ADDR:PORT [--org ID] [--base-url URL]
//             [--key-file F] [--tls-cert F --tls-key F] [--import-max-rows N]
// Serves the admin and registration pages of one organization.
#include <signal.h>
#include <sodium.h>

#include <atomic>
#include <filesystem>
#include <iostream>
#include <map>
#include <thread>

#include "onboard/model/catalog.hpp"
#include "web.hpp"

namespace {

using namespace onboard;

int usage(const std::string& message) {
  std::cerr
      << "onboard-web: " << message
      << "\nusage: onboard-web --db PATH --listen ADDR:PORT [--org ID|NAME] [--base-url URL]\n"
         "                   [--key-file PATH] [--tls-cert FILE --tls-key FILE] [--import-max-rows N]\n";
  return 2;
}

Result<Organization> choose(Directory& dir, const std::string& wanted) {
  ONB_ASSIGN(auto orgs, dir.organizations());
  if (orgs.empty())
    return Error{Errc::not_found, "This database has no organization yet; run `onboard init` first."};
  if (wanted.empty()) {
    if (orgs.size() == 1) return orgs.front();
    return Error{Errc::invalid_input, "This database holds several organizations; pick one with --org ID."};
  }
  for (const auto& org : orgs)
    if (org.id == wanted || fold_key(org.name) == fold_key(wanted)) return org;
  return Error{Errc::not_found, "There is no organization " + wanted.substr(0, 100) + " in this database."};
}

}  // namespace

int main(int argc, char** argv) {
  std::map<std::string, std::string> opt;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--help" || a == "-h") {
      std::cout
          << "usage: onboard-web --db PATH --listen ADDR:PORT [--org ID|NAME] [--base-url URL]\n"
             "                   [--key-file PATH] [--tls-cert FILE --tls-key FILE] [--import-max-rows N]\n";
      return 0;
    }
    if (!a.starts_with("--") || i + 1 >= argc) return usage("unexpected argument " + a);
    opt[a.substr(2)] = argv[++i];
  }
  for (const auto& [k, v] : opt)
    if (k != "db" && k != "listen" && k != "org" && k != "base-url" && k != "key-file" && k != "tls-cert" &&
        k != "tls-key" && k != "import-max-rows")
      return usage("unknown option --" + k);
  // The host's choice for every upload (ImportOptions::max_rows); without it the organization's limit.
  std::optional<std::uint64_t> import_max_rows;
  if (opt.count("import-max-rows")) {
    try {
      std::size_t used = 0;
      const long long n = std::stoll(opt["import-max-rows"], &used);
      if (used != opt["import-max-rows"].size() || n < 1) throw std::invalid_argument("rows");
      import_max_rows = static_cast<std::uint64_t>(n);
    } catch (const std::exception&) {
      return usage("--import-max-rows takes a whole number of 1 or more");
    }
  }
  if (!opt.count("db")) return usage("--db PATH is required");
  const std::string listen = opt.count("listen") ? opt["listen"] : "127.0.0.1:8080";
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos) return usage("--listen takes ADDR:PORT, e.g. 127.0.0.1:8080");
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  int port = 0;
  try {
    port = std::stoi(listen.substr(colon + 1));
  } catch (const std::exception&) {
    return usage("--listen takes ADDR:PORT, e.g. 127.0.0.1:8080");
  }
  if (port < 0 || port > 65535) return usage("the port must be 0 to 65535");
  const bool tls = opt.count("tls-cert") || opt.count("tls-key");
  if (tls && !(opt.count("tls-cert") && opt.count("tls-key")))
    return usage("--tls-cert and --tls-key go together");
  if (sodium_init() < 0) {
    std::cerr << "onboard-web: libsodium could not start\n";
    return 3;
  }

  // The same storage and key file setup as the CLI (examples/cli/session.cpp).
  std::string db = opt["db"];
  std::string uri, key_path = opt.count("key-file") ? opt["key-file"] : "";
  if (db.starts_with("postgresql://") || db.starts_with("postgres://")) {
    if (key_path.empty()) return usage("a PostgreSQL --db needs --key-file PATH");
    uri = db;
  } else {
    const std::string file = db.starts_with("sqlite:") ? db.substr(7) : db;
    if (!std::filesystem::exists(file)) {
      std::cerr << "onboard-web: there is no onboard database at " << file << "; run `onboard init` first.\n";
      return 1;
    }
    uri = "sqlite:" + file;
    if (key_path.empty()) key_path = file + ".key";
  }
  if (!std::filesystem::exists(key_path)) {
    std::cerr << "onboard-web: the key file " << key_path
              << " is missing; without it the database cannot be used.\n";
    return 3;
  }
  DirectoryOptions options;
  if (const char* pinned = std::getenv("ONBOARD_NOW"); pinned && *pinned) {
    if (auto t = parse_iso8601(pinned)) options.clock = std::make_shared<ManualClock>(*t);
  }
  auto directory = Directory::open_with_key_file(uri, key_path, options);
  if (!directory) {
    std::cerr << "onboard-web: " << directory.error().message << "\n";
    return 3;
  }
  auto org = choose(**directory, opt.count("org") ? opt["org"] : "");
  if (!org) {
    std::cerr << "onboard-web: " << org.error().message << "\n";
    return 1;
  }

  // Signals are taken by one thread that stops the server; the pool's
  // threads never see them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  std::unique_ptr<httplib::Server> server;
  if (tls)
    server = std::make_unique<httplib::SSLServer>(opt["tls-cert"].c_str(), opt["tls-key"].c_str());
  else
    server = std::make_unique<httplib::Server>();
  if (!server->is_valid()) {
    std::cerr << "onboard-web: the TLS certificate or key could not be loaded.\n";
    return 1;
  }
  web::App app(**directory, org->id, opt.count("base-url") ? opt["base-url"] : "", tls);
  app.import_max_rows = import_max_rows;
  web::install(*server, app);

  if (port == 0) {
    port = server->bind_to_any_port(host);
    if (port < 0) {
      std::cerr << "onboard-web: cannot listen on " << host << "\n";
      return 1;
    }
  } else if (!server->bind_to_port(host, port)) {
    std::cerr << "onboard-web: cannot listen on " << listen
              << " (in use, or not an address of this machine)\n";
    return 1;
  }
  const std::string shown_host = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  std::cout << "onboard-web: serving " << org->name << " on " << (tls ? "https" : "http") << "://"
            << shown_host << ":" << port << "/" << std::endl;

  std::atomic<bool> finished{false};
  std::thread stopper([&] {
    const timespec tick{0, 200'000'000};
    while (!finished.load()) {
      if (sigtimedwait(&signals, nullptr, &tick) > 0) {
        server->stop();
        return;
      }
    }
  });
  const bool ok = server->listen_after_bind();
  finished = true;  // a stop not caused by a signal: the stopper ends too
  stopper.join();
  return ok ? 0 : 1;
}
