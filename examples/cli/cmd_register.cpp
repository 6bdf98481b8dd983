// onboard register: what a host's registration page does with a digit key.
#include <iostream>

#include "cli.hpp"
#include "onboard/model/json.hpp"
#include "onboard/registrations.hpp"
#include "onboard/secrets/digit_key.hpp"

namespace onboard::cli {
namespace {

// 10-digit organization keys and 29-digit user keys are told apart by their digits.
std::size_t count_digits(const std::string& key) {
  std::size_t n = 0;
  for (char c : key) n += (c >= '0' && c <= '9') ? 1 : 0;
  return n;
}

}  // namespace

int cmd_register(const Args& a, const Globals& g) {
  a.allow({"key", "email", "name", "password-stdin", "source", "email-verified"});
  // The key, or the whole link a key was printed with (https://…/register/DIGITS).
  const std::string key = token_of(a.required("key"));
  // A key a spreadsheet turned into a number ("2.90428E+28") gets the
  // sentence that says so, whatever else the command line lacks: it is what
  // the person must fix first.
  if (key.find_first_of("eE") != std::string::npos)
    if (auto digits = normalize_digit_key(key, user_key_digits); !digits) return fail(digits.error(), g);
  if (!a.flag("password-stdin"))
    throw UsageError{"register needs --password-stdin (passwords never go on the command line)"};
  const bool org_key =
      count_digits(key) <= 15;  // anything short is treated (and explained) as a 10-digit key
  if (org_key && !a.option("name")) throw UsageError{"a 10-digit key needs --email and --name"};
  if (!org_key && a.flag("email-verified"))
    throw UsageError{"--email-verified is for 10-digit keys (a 29-digit key's email is the admin's)"};
  const std::string password = read_password_stdin();
  auto s = open_session(g);
  if (!s) return fail(s.error(), g);
  Registrations regs(*s->directory);
  // A host passes the client's IP address; the CLI stands for one terminal.
  const std::string source = a.option_or("source", "cli");
  if (org_key) {
    // The same answer whether the address was free, a member's or waiting for
    // a confirmation; what differs goes to the mailbox.
    auto r = regs.redeem_key(s->org.id, {key, a.required("email"), a.required("name"), password, source,
                                         a.flag("email-verified")});
    if (!r) return fail(r.error(), g);
    if (g.json)
      print_json(boost::json::object{{"check_email", r->check_email}, {"email", r->email}});
    else
      std::cout << "Thank you. Check the inbox of " << r->email << " for the next step.\n";
    return exit_ok;
  }
  Result<User> user = regs.redeem_user_key(s->org.id, {key, password, a.option_or("email", ""), source});
  if (!user) return fail(user.error(), g);
  if (g.json)
    print_json(to_json(*user));
  else
    std::cout << "Welcome, " << user->display_name << ": " << user->email << " joined " << s->org.name
              << " as " << user->role << ".\n";
  return exit_ok;
}

namespace {
const CommandRegistration cmd_register_registration{
    "register", cmd_register,
    R"(  register --key KEY|LINK --email E --name N --password-stdin [--source S] [--email-verified]
                                                                       (10-digit key)
  register --key KEY29|LINK --password-stdin [--email E] [--source S]       (29-digit key)
)",
    31};
}  // namespace

}  // namespace onboard::cli
