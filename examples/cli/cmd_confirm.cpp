// onboard confirm: what a host's confirmation page does with the link mailed
// to a person who registered through a link or a 10-digit key.
#include <iostream>

#include "cli.hpp"
#include "onboard/email_confirmations.hpp"
#include "onboard/model/json.hpp"

namespace onboard::cli {

int cmd_confirm(const Args& a, const Globals& g) {
  a.allow({"inspect", "password-stdin", "source"});
  // The token, or the whole link: its last path segment is the token.
  const std::string token = a.positional(0, "TOKEN (or the confirmation link)");
  auto s = open_session(g);
  if (!s) return fail(s.error(), g);
  EmailConfirmations confirmations(*s->directory);
  if (a.flag("inspect")) {
    auto seen = confirmations.inspect_confirmation(s->org.id, token);
    if (!seen) return fail(seen.error(), g);
    if (g.json)
      print_json(boost::json::object{{"user", to_json(seen->user)},
                                     {"expires_at", format_iso8601(seen->expires_at)}});
    else
      std::cout << "This link confirms " << seen->user.email << " for " << s->org.name << "; it works until "
                << local_time(seen->expires_at, s->org.time_zone) << ".\n";
    return exit_ok;
  }
  // Confirming proves the mailbox and that the confirmer registered: the
  // password chosen then, from stdin (never on the command line).
  if (!a.flag("password-stdin"))
    throw UsageError{
        "confirm needs --password-stdin (the password chosen when registering; --inspect needs none)"};
  const std::string password = read_password_stdin();
  auto user = confirmations.confirm_email(s->org.id, token, password, a.option_or("source", "cli"));
  if (!user) return fail(user.error(), g);
  if (g.json)
    print_json(to_json(*user));
  else
    std::cout << "Thank you, " << user->display_name << ": " << user->email << " is confirmed and joined "
              << s->org.name << " as " << user->role << ". You can sign in now.\n";
  return exit_ok;
}

namespace {
const CommandRegistration cmd_confirm_registration{
    "confirm", cmd_confirm,
    R"(  confirm TOKEN|LINK --password-stdin [--source S]   (the link mailed after join or register,
                                    with the password chosen then; S: the client's address, for throttling)
  confirm TOKEN|LINK --inspect      (reads the link without using it)
)",
    42};
}  // namespace

}  // namespace onboard::cli
