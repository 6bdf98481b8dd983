// onboard invite / invitations / accept.
#include <iostream>

#include "cli.hpp"
#include "onboard/model/json.hpp"

namespace onboard::cli {
namespace {

void print_issued(const IssuedInvitation& issued, const Globals& g, const char* verb, const std::string& tz) {
  if (g.json) {
    print_json(boost::json::object{{"id", issued.invitation.id},
                                   {"email", issued.invitation.email},
                                   {"role", issued.invitation.role},
                                   {"team", issued.invitation.team},
                                   {"office", issued.invitation.office},
                                   {"token", issued.token},
                                   {"link", issued.link},
                                   {"expires_at", format_iso8601(issued.invitation.expires_at)}});
    return;
  }
  std::cout << verb << " " << issued.invitation.email << " as " << issued.invitation.role << " (invitation "
            << issued.invitation.id << ").\n"
            << "Link (shown once; also queued in the outbox): " << issued.link << "\n"
            << "Expires: " << local_time(issued.invitation.expires_at, tz) << "\n";
}

}  // namespace

int cmd_invite(const Args& a, const Globals& g) {
  a.allow({"role", "team", "office"});
  auto s = open_session(g);
  if (!s) return fail(s.error(), g);
  InviteRequest req{a.positional(0, "EMAIL"), a.option_or("role", ""), a.option_or("team", ""),
                    a.option_or("office", "")};
  auto issued = s->directory->invite(s->as_actor(), req);
  if (!issued) return fail(issued.error(), g);
  print_issued(*issued, g, "Invited", s->org.time_zone);
  return exit_ok;
}

int cmd_invitations(const Args& a, const Globals& g) {
  const std::string sub = a.positional(0, "list, resend or revoke");
  if (sub == "list")
    a.allow({"status"});
  else
    a.allow({});
  // list shows the pending ones unless --status says otherwise.
  std::optional<InvitationStatus> status = InvitationStatus::pending;
  const std::string wanted = a.option_or("status", "pending");
  if (wanted == "all") {
    status.reset();
  } else {
    bool known = false;
    for (auto candidate : {InvitationStatus::pending, InvitationStatus::accepted, InvitationStatus::expired,
                           InvitationStatus::revoked})
      if (to_string(candidate) == wanted) {
        status = candidate;
        known = true;
      }
    if (!known) throw UsageError{"--status takes pending, accepted, expired, revoked or all"};
  }
  auto s = open_session(g);
  if (!s) return fail(s.error(), g);
  const auto now = s->directory->clock().now();
  if (sub == "list") {
    auto list = s->directory->list_invitations(s->as_actor(), status);
    if (!list) return fail(list.error(), g);
    if (g.json) {
      boost::json::array arr;
      for (const auto& inv : *list) arr.push_back(to_json(inv, now));
      print_json_list(std::move(arr));
      return exit_ok;
    }
    if (list->empty())
      std::cout << (status ? "No " + std::string(to_string(*status)) + " invitations"
                           : std::string("No invitations"))
                << (status == InvitationStatus::pending ? " (--status all shows the others).\n" : ".\n");
    for (const auto& inv : *list)
      std::cout << inv.id << "  " << to_string(inv.status_at(now)) << "  " << inv.email << "  " << inv.role
                << "  expires " << local_time(inv.expires_at, s->org.time_zone) << "  resent "
                << inv.resend_count << "x\n";
    return exit_ok;
  }
  if (sub == "resend") {
    auto issued = s->directory->resend_invitation(s->as_actor(), a.positional(1, "ID"));
    if (!issued) return fail(issued.error(), g);
    print_issued(*issued, g, "Resent to", s->org.time_zone);
    return exit_ok;
  }
  if (sub == "revoke") {
    auto inv = s->directory->revoke_invitation(s->as_actor(), a.positional(1, "ID"));
    if (!inv) return fail(inv.error(), g);
    if (g.json)
      print_json(to_json(*inv, now));
    else
      std::cout << "Revoked the invitation of " << inv->email << "; its link no longer works.\n";
    return exit_ok;
  }
  throw UsageError{"invitations takes list, resend ID or revoke ID"};
}

int cmd_accept(const Args& a, const Globals& g) {
  a.allow({"name", "password-stdin"});
  if (!a.flag("password-stdin"))
    throw UsageError{"accept needs --password-stdin (passwords never go on the command line)"};
  // The token, or the whole link the invitation printed (https://…/invite/TOKEN).
  AcceptRequest req{token_of(a.positional(0, "TOKEN or LINK")), a.required("name"), read_password_stdin()};
  auto s = open_session(g);
  if (!s) return fail(s.error(), g);
  auto user = s->directory->accept_invitation(s->org.id, req);
  if (!user) return fail(user.error(), g);
  if (g.json)
    print_json(to_json(*user));
  else
    std::cout << "Welcome, " << user->display_name << ": " << user->email << " joined " << s->org.name
              << " as " << user->role << ".\n";
  return exit_ok;
}

namespace {
const CommandRegistration cmd_invite_registration{"invite", cmd_invite,
                                                  R"(  invite EMAIL [--role R] [--team T] [--office O]
)",
                                                  20};
const CommandRegistration cmd_invitations_registration{
    "invitations", cmd_invitations,
    R"(  invitations list [--status pending|accepted|expired|revoked|all] | resend ID | revoke ID
)",
    21};
const CommandRegistration cmd_accept_registration{"accept", cmd_accept,
                                                  R"(  accept TOKEN|LINK --name N --password-stdin
)",
                                                  22};
}  // namespace

}  // namespace onboard::cli
