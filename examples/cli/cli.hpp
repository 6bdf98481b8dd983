// The onboard CLI: a real host of the library. It owns what a host owns
// (the key file, the clock, who is acting, printing) and calls the Directory
// for everything else.
#pragma once

#include <boost/json.hpp>

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "onboard/core/secret_file.hpp"
#include "onboard/directory.hpp"

namespace onboard::cli {

// Exit codes: 0 done, 1 refused (the message says why), 2 usage, 3 storage.
enum Exit : int { exit_ok = 0, exit_refused = 1, exit_usage = 2, exit_storage = 3 };

struct UsageError {
  std::string message;
};

// Parsed command line: positionals and --options (global ones removed).
class Args {
 public:
  Args(std::vector<std::string> positionals, std::map<std::string, std::string> options,
       std::set<std::string> flags)
      : positionals_(std::move(positionals)), options_(std::move(options)), flags_(std::move(flags)) {}
  const std::vector<std::string>& positionals() const { return positionals_; }
  std::string positional(std::size_t i, const char* what) const;  // throws UsageError when missing
  std::optional<std::string> option(const std::string& name) const;
  std::string option_or(const std::string& name, const std::string& fallback) const;
  std::string required(const std::string& name) const;  // throws UsageError when missing
  bool flag(const std::string& name) const { return flags_.count(name) != 0; }
  // Refuses options and flags other than `allowed` (throws UsageError).
  void allow(std::initializer_list<const char*> allowed) const;
  std::vector<std::string> list(const std::string& name) const;  // "a,b" -> {a, b}

 private:
  std::vector<std::string> positionals_;
  std::map<std::string, std::string> options_;
  std::set<std::string> flags_;
};

struct Globals {
  std::string db = "onboard.db";  // a SQLite path, sqlite:PATH or a postgresql:// URI
  std::string key_file;           // --key-file; empty: <path>.key beside a SQLite file
  bool json = false;
  std::string as;        // act as this member's email
  std::string org;       // --org: the organization's name or id; empty: the only one
  unsigned threads = 0;  // --threads N: threads one call may keep busy; 0: the library's default
};

// Where --db and --key-file point, resolved once.
struct Store {
  std::string uri;       // for Directory::open
  std::string key_path;  // the keyring file
  std::string file;      // the SQLite file; empty for PostgreSQL
  // How to name the database to a person: the SQLite path, or "PostgreSQL
  // database D on H:P" (the URI itself may hold a password).
  std::string shown;
  bool is_file() const { return !file.empty(); }
};
// Throws UsageError for a PostgreSQL URI without --key-file.
Store resolve_store(const Globals& g);

// What every command after `init` needs: the directory, the organization and the actor.
struct Session {
  std::unique_ptr<Directory> directory;
  Organization org;
  User actor;
  Actor as_actor() const { return {org.id, actor.id}; }
};

// Opens the database and key file named by --db; `init` creates them.
Result<std::unique_ptr<Directory>> open_directory(const Globals& g, bool create);
// The organization --org names (by id, or by name ignoring case), or the
// only one when `wanted` is empty. Errors: invalid_input (several and none
// named, listing them), not_found.
Result<Organization> choose_organization(const std::vector<Organization>& orgs, const std::string& wanted);
// Opens the directory and resolves the organization and the acting member.
Result<Session> open_session(const Globals& g);
std::shared_ptr<const Clock> make_clock();  // ONBOARD_NOW pins it

// A non-negative whole number given for --name (throws UsageError).
std::int64_t parse_number(const std::string& text, const std::string& name);
// The N of --threads N: 1 or more (throws UsageError with a sentence that says so).
unsigned parse_threads(const std::string& text);

// Output.
int fail(const Error& e, const Globals& g);  // prints the refusal, returns the exit code
void print_json(const boost::json::value& v);
// Every list, with --json: {"items":[…],"next_after":"ID" or null (the last page)}.
void print_json_list(boost::json::array items, const std::string& next_after = "");
// A time as people of the organization read it: "2026-04-01 00:00 +02:00"
// in its time zone (JSON keeps UTC, format_iso8601). An unknown zone: UTC.
std::string local_time(Timestamp t, const std::string& time_zone);
// "1 row", "2 rows": a count with its noun in agreement.
std::string plural(std::int64_t n, const std::string& one, const std::string& many);
// The token or key in what a person pasted: the last path segment of a URL
// the CLI printed (https://host/invite/TOKEN), or the text itself.
std::string token_of(const std::string& typed);
std::string read_password_stdin();  // one line from standard input, without the line end

// Commands register themselves, each in its own cmd_*.cpp file:
//   static const CommandRegistration reg{"invite", cmd_invite, "invite EMAIL [--role R] ..."};
using Handler = int (*)(const Args&, const Globals&);
struct CommandRegistration {
  CommandRegistration(const char* name, Handler handler, const char* usage, int order);
};
struct Command {
  std::string name;
  Handler handler;
  std::string usage;  // lines for `onboard help`
  int order;          // position in `onboard help`
};
const std::map<std::string, Command>& commands();

}  // namespace onboard::cli
