// onboard login / password: what a host's sign-in page does.
#include <iostream>

#include "cli.hpp"
#include "onboard/model/json.hpp"

namespace onboard::cli {

int cmd_login(const Args& a, const Globals& g) {
  a.allow({"password-stdin", "source"});
  if (!a.flag("password-stdin")) throw UsageError{"login needs --password-stdin"};
  const std::string name = a.positional(0, "EMAIL or USERNAME");
  const std::string password = read_password_stdin();
  auto s = open_session(g);
  if (!s) return fail(s.error(), g);
  // The client's address or device id, for throttling (a host passes the caller's IP).
  auto user = s->directory->authenticate(s->org.id, name, password, a.option_or("source", "cli"));
  if (!user) return fail(user.error(), g);
  if (g.json)
    print_json(to_json(*user));
  else
    std::cout << "Signed in as " << user->display_name << " <"
              << (user->email.empty() ? user->username : user->email) << ">.\n";
  return exit_ok;
}

int cmd_password(const Args& a, const Globals& g) {
  a.allow({"password-stdin", "source"});
  if (!a.flag("password-stdin"))
    throw UsageError{"password needs --password-stdin (current, then new, one a line)"};
  const std::string email = a.positional(0, "EMAIL or USERNAME");
  const std::string current = read_password_stdin();
  const std::string fresh = read_password_stdin();
  auto s = open_session(g);
  if (!s) return fail(s.error(), g);
  auto user = s->directory->change_password(s->org.id, email, current, fresh, a.option_or("source", "cli"));
  if (!user) return fail(user.error(), g);
  if (g.json)
    print_json(to_json(*user));
  else
    std::cout << "Password changed for " << (user->email.empty() ? user->username : user->email) << ".\n";
  return exit_ok;
}

namespace {
const CommandRegistration cmd_login_registration{
    "login", cmd_login,
    R"(  login EMAIL|USERNAME --password-stdin [--source S]   (S: the client's address, for throttling)
)",
    60};
const CommandRegistration cmd_password_registration{
    "password", cmd_password,
    R"(  password EMAIL|USERNAME --password-stdin [--source S]   (two lines: the current and the new password)
)",
    61};
}  // namespace

}  // namespace onboard::cli
