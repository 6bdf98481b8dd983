// onboard — the command-line host. See `onboard help`.
#include <algorithm>
#include <cstring>
#include <iostream>
#include <map>

#include "cli.hpp"

namespace onboard::cli {
namespace {

const char* kUsageHead =
    "usage: onboard [--db PATH|URI] [--key-file PATH] [--org NAME|ID] [--json] [--as EMAIL] [--threads N] "
    "COMMAND ...\n\n";
const char* kUsageTail = R"(
--db PATH        the SQLite database (default ./onboard.db; sqlite:PATH works too)
--db URI         a PostgreSQL database: postgresql://USER@HOST:PORT/DATABASE
                 (keep the password in PGPASSWORD or ~/.pgpass rather than in the URI)
--key-file PATH  the master key of the database's secrets, created by init with
                 mode 0600 (default PATH.key beside a SQLite file; required with a URI)
--org NAME|ID    the organization to act in, when the database holds several
                 (`onboard orgs list`); for init, the new organization's name
--json           machine-readable output
--as EMAIL       act as this member instead of the administrator
--threads N      the threads onboard may keep busy, this one included (default: the
                 machine's cores, 1 to 4); 1: onboard starts no thread of its own
ONBOARD_NOW      pins the clock (ISO 8601), for demos and tests

exit status: 0 done, 1 refused (the message says why), 2 usage, 3 storage
)";

std::map<std::string, Command>& registry() {
  static std::map<std::string, Command> r;
  return r;
}

void print_usage() {
  std::vector<const Command*> sorted;
  for (const auto& [name, c] : registry()) sorted.push_back(&c);
  std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->order < b->order; });
  std::cout << kUsageHead;
  for (const auto* c : sorted) std::cout << c->usage;
  std::cout << kUsageTail;
}

// `onboard COMMAND --help` and `onboard help COMMAND`: the command's own lines.
void print_command_usage(const Command& c) {
  std::cout << "usage: onboard [--db PATH|URI] [--key-file PATH] [--org NAME|ID] [--json] [--as EMAIL] "
               "[--threads N] ...\n\n"
            << c.usage << "\n(`onboard help` describes the global options and the other commands)\n";
}

// Options that take no value.
const std::set<std::string> kFlags = {
    "json",  "password-stdin", "dry-run", "notify",         "help",
    "force", "email-verified", "inspect", "mail-passwords", "allow-weak-hashes"};

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
    if (arg == "-o") {  // the one short option: an output file
      if (i + 1 >= argc) throw UsageError{"-o needs a file name"};
      options["output"] = argv[++i];
      continue;
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
    if (name == "db")
      g.db = *value;
    else if (name == "key-file")
      g.key_file = *value;
    else if (name == "as")
      g.as = *value;
    else if (name == "threads")
      g.threads = parse_threads(*value);
    else
      options[name] = *value;
  }
  flags.erase("json");
  // Help for one command: `onboard import --help`, `onboard help import`.
  const bool asks_help = !positionals.empty() && positionals.front() == "help";
  const std::size_t named = asks_help ? 1 : 0;
  if ((asks_help || flags.count("help")) && positionals.size() > named) {
    if (auto it = registry().find(positionals[named]); it != registry().end()) {
      print_command_usage(it->second);
      return exit_ok;
    }
    if (asks_help) throw UsageError{"unknown command \"" + positionals[named] + "\""};
  }
  if (positionals.empty() && !asks_help && !flags.count("help") && g.json)
    throw UsageError{"missing COMMAND"};
  if (positionals.empty() || asks_help || flags.count("help")) {
    print_usage();
    return positionals.empty() && !flags.count("help") ? exit_usage : exit_ok;
  }
  const std::string command = positionals.front();
  positionals.erase(positionals.begin());
  // --org picks the organization; for init it names the new one.
  if (auto org = options.find("org"); org != options.end() && command != "init") {
    g.org = org->second;
    options.erase(org);
  }
  auto it = registry().find(command);
  if (it == registry().end()) throw UsageError{"unknown command \"" + command + "\""};
  return it->second.handler(Args(std::move(positionals), std::move(options), std::move(flags)), g);
}

}  // namespace

CommandRegistration::CommandRegistration(const char* name, Handler handler, const char* usage, int order) {
  registry()[name] = Command{name, handler, usage, order};
}

const std::map<std::string, Command>& commands() { return registry(); }

}  // namespace onboard::cli

int main(int argc, char** argv) {
  try {
    return onboard::cli::run(argc, argv);
  } catch (const onboard::cli::UsageError& e) {
    // With --json, stdout says it too, in the shape of every refusal.
    for (int i = 1; i < argc && std::strcmp(argv[i], "--") != 0; ++i)
      if (std::strcmp(argv[i], "--json") == 0) {
        onboard::cli::print_json(
            boost::json::object{{"error", boost::json::object{{"code", "usage"}, {"message", e.message}}}});
        break;
      }
    std::cerr << "onboard: " << e.message << "\n(see `onboard help`)\n";
    return onboard::cli::exit_usage;
  } catch (const std::exception& e) {
    std::cerr << "onboard: internal error: " << e.what() << "\n";
    return onboard::cli::exit_storage;
  }
}
