// onboard set-password: what a host's page does with the one-use
// set-password link an import with generated passwords mails (--notify).
#include <iostream>

#include "cli.hpp"
#include "onboard/model/json.hpp"
#include "onboard/password_links.hpp"

namespace onboard::cli {

int cmd_set_password(const Args& a, const Globals& g) {
  a.allow({"inspect", "password-stdin"});
  // The token, or the whole link: its last path segment is the token.
  const std::string token = a.positional(0, "TOKEN (or the set-password link)");
  auto s = open_session(g);
  if (!s) return fail(s.error(), g);
  PasswordLinks links(*s->directory);
  if (a.flag("inspect")) {
    auto seen = links.inspect(s->org.id, token);
    if (!seen) return fail(seen.error(), g);
    if (g.json)
      print_json(boost::json::object{{"user", to_json(seen->user)},
                                     {"expires_at", format_iso8601(seen->expires_at)}});
    else
      std::cout << "This link sets the password of " << seen->user.email << " at " << s->org.name
                << "; it works until " << format_iso8601(seen->expires_at) << ".\n";
    return exit_ok;
  }
  if (!a.flag("password-stdin"))
    throw UsageError{"set-password needs --password-stdin (the new password; --inspect needs none)"};
  const std::string password = read_password_stdin();
  auto user = links.set_password(s->org.id, token, password);
  if (!user) return fail(user.error(), g);
  if (g.json)
    print_json(to_json(*user));
  else
    std::cout << "Your password is set, " << user->display_name << ". Sign in as "
              << (user->username.empty() ? user->email : user->username) << " at " << s->org.name << ".\n";
  return exit_ok;
}

namespace {
const CommandRegistration cmd_set_password_registration{
    "set-password", cmd_set_password,
    R"(  set-password TOKEN|LINK --password-stdin   (the one-use link an import with --notify mails)
  set-password TOKEN|LINK --inspect          (reads the link without using it)
)",
    62};
}  // namespace

}  // namespace onboard::cli
