// onboard — the command-line host. See `onboard help`.
#include <cstring>
#include <iostream>
#include <map>

#include "cli.hpp"

namespace onboard::cli {
namespace {

const char* kUsage = R"(usage: onboard [--db PATH] [--json] [--as EMAIL] COMMAND ...

  init --org NAME --admin-email E --admin-name N [--offices HQ,London] [--default-office HQ]
       [--teams Sales,Support] [--roles workspace|it] [--seats N] [--base-url URL]
       [--time-zone Europe/Berlin] [--password-stdin]
  invite EMAIL [--role R] [--team T] [--office O]
  invitations list | resend ID | revoke ID
  accept TOKEN --name N --password-stdin
  login EMAIL --password-stdin
  password EMAIL --password-stdin          (two lines: the current and the new password)
  users list [--status S] [--role R] [--office O] [--team T] [--search TEXT] [--after ID] [--limit N]
  outbox list [--state queued|claimed|sent] | claim [--limit N] | ack ID...
  audit [--limit N]

--db PATH    the SQLite database (default ./onboard.db); its key is PATH.key
--json       machine-readable output
--as EMAIL   act as this member instead of the administrator
ONBOARD_NOW  pins the clock (ISO 8601), for demos and tests

exit status: 0 done, 1 refused (the message says why), 2 usage, 3 storage
)";

// Options that take no value.
const std::set<std::string> kFlags = {"json", "password-stdin", "dry-run", "notify", "help"};

using Handler = int (*)(const Args&, const Globals&);
const std::map<std::string, Handler> kCommands = {
    {"init", cmd_init},     {"invite", cmd_invite}, {"invitations", cmd_invitations},
    {"accept", cmd_accept}, {"login", cmd_login},   {"password", cmd_password},
    {"users", cmd_users},   {"outbox", cmd_outbox}, {"audit", cmd_audit},
};

int run(int argc, char** argv) {
  Globals g;
  std::vector<std::string> positionals;
  std::map<std::string, std::string> options;
  std::set<std::string> flags;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--") {
      for (++i; i < argc; ++i) positionals.emplace_back(argv[i]);
      break;
    }
    if (arg.rfind("--", 0) != 0 || arg.size() == 2) {
      positionals.push_back(arg);
      continue;
    }
    std::string name = arg.substr(2);
    std::optional<std::string> value;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    if (kFlags.count(name)) {
      if (value) throw UsageError{"--" + name + " takes no value"};
      if (name == "json") g.json = true;
      flags.insert(name);
      continue;
    }
    if (!value) {
      if (i + 1 >= argc) throw UsageError{"--" + name + " needs a value"};
      value = argv[++i];
    }
    if (name == "db") g.db = *value;
    else if (name == "as") g.as = *value;
    else options[name] = *value;
  }
  flags.erase("json");
  if (positionals.empty() || positionals.front() == "help" || flags.count("help")) {
    std::cout << kUsage;
    return positionals.empty() && !flags.count("help") ? exit_usage : exit_ok;
  }
  const std::string command = positionals.front();
  positionals.erase(positionals.begin());
  auto it = kCommands.find(command);
  if (it == kCommands.end()) throw UsageError{"unknown command \"" + command + "\""};
  return it->second(Args(std::move(positionals), std::move(options), std::move(flags)), g);
}

}  // namespace
}  // namespace onboard::cli

int main(int argc, char** argv) {
  try {
    return onboard::cli::run(argc, argv);
  } catch (const onboard::cli::UsageError& e) {
    std::cerr << "onboard: " << e.message << "\n(see `onboard help`)\n";
    return onboard::cli::exit_usage;
  } catch (const std::exception& e) {
    std::cerr << "onboard: internal error: " << e.what() << "\n";
    return onboard::cli::exit_storage;
  }
}
