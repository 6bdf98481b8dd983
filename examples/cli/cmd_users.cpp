// onboard users: list the members, pre-create people with 29-digit keys,
// print their registration documents, resend, delete, suspend, reactivate.
#include <fstream>
#include <iostream>

#include "cli.hpp"
#include "onboard/model/json.hpp"
#include "onboard/registrations.hpp"
#include "onboard/user_admin.hpp"

namespace onboard::cli {
namespace {

std::optional<UserStatus> status_option(const Args& a) {
  auto st = a.option("status");
  if (!st) return std::nullopt;
  auto parsed = parse_user_status(*st);
  if (!parsed)
    throw UsageError{"--status is pending_activation, active, suspended, deleted or pending_verification"};
  return parsed;
}

void print_user(const User& u) {
  std::cout << u.id << "  " << to_string(u.status) << "  " << (u.email.empty() ? "(no email)" : u.email)
            << "  " << u.display_name << "  " << u.role << "  " << u.office << "\n";
}

int list(const Args& a, const Globals& g, Session& s) {
  a.allow({"status", "role", "office", "team", "search", "after", "limit"});
  UserQuery query;
  query.status = status_option(a);
  query.role = a.option_or("role", "");
  query.office = a.option_or("office", "");
  query.team = a.option_or("team", "");
  query.text = a.option_or("search", "");
  query.after = a.option_or("after", "");
  if (auto l = a.option("limit")) query.limit = static_cast<std::size_t>(parse_number(*l, "limit"));
  auto page = UserAdmin(*s.directory).list(s.as_actor(), query);
  if (!page) return fail(page.error(), g);
  if (g.json) {
    boost::json::array arr;
    for (const auto& u : page->users) arr.push_back(to_json(u));
    print_json_list(std::move(arr), page->next_after);
    return exit_ok;
  }
  if (page->users.empty()) std::cout << "No users.\n";
  for (const auto& u : page->users) print_user(u);
  if (!page->next_after.empty()) std::cout << "More: --after " << page->next_after << "\n";
  return exit_ok;
}

// users export: the filters of users list, every match (no page), to a private file.
int export_users(const Args& a, const Globals& g, Session& s) {
  a.allow({"status", "role", "office", "team", "search", "format", "output", "force"});
  UserFilter filter;
  filter.status = status_option(a);
  filter.role = a.option_or("role", "");
  filter.office = a.option_or("office", "");
  filter.team = a.option_or("team", "");
  filter.text = a.option_or("search", "");
  const std::string path = a.option_or("output", "");
  if (path.empty()) throw UsageError{"missing -o FILE.csv or FILE.xlsx"};
  std::string format_name = a.option_or("format", "");
  if (format_name.empty()) format_name = path.ends_with(".xlsx") ? "xlsx" : "csv";
  auto format = parse_export_format(format_name);
  if (!format) throw UsageError{format.error().message};
  auto count = s.directory->export_users_to_file(s.as_actor(), filter, *format, path, a.flag("force"));
  if (!count) return fail(count.error(), g);
  if (g.json)
    print_json(boost::json::object{{"file", path}, {"users", static_cast<std::int64_t>(*count)}});
  else
    std::cout << "Wrote " << plural(static_cast<std::int64_t>(*count), "person", "people") << " to " << path
              << " (readable by you only; it holds personal data). Import it back with --existing update.\n";
  return exit_ok;
}

void print_issued(const IssuedUserKey& issued, const Globals& g) {
  if (g.json) {
    auto o = to_json(issued.user);
    o["key"] = issued.grouped;
    o["digits"] = issued.digits;
    print_json(o);
    return;
  }
  std::cout << issued.user.display_name << " (" << issued.user.id << ") waits for activation as "
            << issued.user.role << ".\nRegistration key (shown once"
            << (issued.user.email.empty() ? "" : "; also queued in the outbox") << "): " << issued.grouped
            << "\n";
}

int create(const Args& a, const Globals& g, Session& s) {
  a.allow({"first", "last", "email", "role", "teams", "office", "external-id"});
  NewPrecreatedUser req;
  req.first_name = a.required("first");
  req.last_name = a.required("last");
  req.email = a.option_or("email", "");
  req.role = a.option_or("role", "");
  req.teams = a.list("teams");
  req.office = a.option_or("office", "");
  req.external_id = a.option_or("external-id", "");
  auto issued = Registrations(*s.directory).create_user(s.as_actor(), req);
  if (!issued) return fail(issued.error(), g);
  print_issued(*issued, g);
  return exit_ok;
}

int documents(const Args& a, const Globals& g, Session& s) {
  a.allow({"status", "ids", "output", "force"});
  if (auto st = status_option(a); st && *st != UserStatus::pending_activation)
    throw UsageError{"documents are only for --status pending_activation"};
  const std::string path = a.option_or("output", "");
  if (path.empty()) throw UsageError{"missing -o FILE.pdf or FILE.html"};
  DocumentRequest req;
  req.user_ids = a.list("ids");
  const bool html = path.size() >= 5 && (path.ends_with(".html") || path.ends_with(".htm"));
  if (!html && !path.ends_with(".pdf")) throw UsageError{"-o needs a .pdf or .html file name"};
  req.format = html ? DocumentFormat::html : DocumentFormat::pdf;
  auto doc = Registrations(*s.directory).documents(s.as_actor(), req);
  if (!doc) return fail(doc.error(), g);
  // Keys in clear: a private file, never over another unless --force.
  if (auto written = write_secret_file(path, doc->content, a.flag("force")); !written)
    return fail(written.error(), g);
  if (g.json)
    print_json(boost::json::object{{"file", path}, {"pages", doc->pages}});
  else
    std::cout << "Wrote " << plural(static_cast<std::int64_t>(doc->pages), "page", "pages") << " to " << path
              << "; it holds keys in clear, so print it and delete it.\n";
  return exit_ok;
}

}  // namespace

// cmd_users_edit.cpp
int users_show(const Args& a, const Globals& g, Session& s);
int users_edit(const Args& a, const Globals& g, Session& s);

int cmd_users(const Args& a, const Globals& g) {
  const std::string sub =
      a.positional(0, "list, export, show, edit, create, resend, delete, suspend, reactivate or documents");
  if (sub != "list" && sub != "export" && sub != "show" && sub != "edit" && sub != "create" &&
      sub != "resend" && sub != "delete" && sub != "suspend" && sub != "reactivate" && sub != "documents")
    throw UsageError{
        "users takes list, export, show, edit, create, resend, delete, suspend, reactivate or documents"};
  if (sub == "show")
    a.allow({});
  else if (sub == "edit")
    a.allow({"role", "teams", "office", "first", "last", "email", "username", "external-id"});
  else if (sub == "resend")
    a.allow({"email"});
  else if (sub == "delete" || sub == "suspend" || sub == "reactivate")
    a.allow({});
  auto s = open_session(g);
  if (!s) return fail(s.error(), g);
  if (sub == "list") return list(a, g, *s);
  if (sub == "export") return export_users(a, g, *s);
  if (sub == "show") return users_show(a, g, *s);
  if (sub == "edit") return users_edit(a, g, *s);
  if (sub == "create") return create(a, g, *s);
  if (sub == "documents") return documents(a, g, *s);
  if (sub == "resend") {
    auto issued = Registrations(*s->directory)
                      .resend_user_key(s->as_actor(), a.positional(1, "ID"), a.option_or("email", ""));
    if (!issued) return fail(issued.error(), g);
    print_issued(*issued, g);
    return exit_ok;
  }
  if (sub == "delete") {
    std::vector<std::string> ids(a.positionals().begin() + 1, a.positionals().end());
    if (ids.empty()) throw UsageError{"missing ID"};
    auto deleted = UserAdmin(*s->directory).delete_users(s->as_actor(), ids);
    if (!deleted) return fail(deleted.error(), g);
    if (g.json) {
      boost::json::array arr;
      for (const auto& u : *deleted) arr.push_back(to_json(u));
      print_json_list(std::move(arr));
    } else {
      for (const auto& u : *deleted) std::cout << "Deleted " << u.display_name << " (" << u.id << ").\n";
    }
    return exit_ok;
  }
  UserAdmin admin(*s->directory);
  auto user = sub == "suspend" ? admin.suspend(s->as_actor(), a.positional(1, "ID"))
                               : admin.reactivate(s->as_actor(), a.positional(1, "ID"));
  if (!user) return fail(user.error(), g);
  if (g.json)
    print_json(to_json(*user));
  else
    print_user(*user);
  return exit_ok;
}

namespace {
const CommandRegistration cmd_users_registration{
    "users", cmd_users,
    R"(  users list [--status S] [--role R] [--office O] [--team T] [--search TEXT] [--after ID] [--limit N]
  users export [--format csv|xlsx] -o FILE [--force] [--status S] [--role R] [--office O] [--team T]
               [--search TEXT]
  users show ID|EMAIL
  users edit ID|EMAIL [--role R] [--teams A,B] [--office O] [--first F] [--last L] [--email E]
             [--username U] [--external-id X]
  users create --first F --last L [--email E] [--role R] [--teams A,B] [--office O] [--external-id X]
  users resend ID [--email E] | delete ID... | suspend ID | reactivate ID
  users documents [--status pending_activation] [--ids A,B] -o FILE.pdf|FILE.html [--force]
)",
    50};
}  // namespace

}  // namespace onboard::cli
