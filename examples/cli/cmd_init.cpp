// onboard init: a new database, its key file, an organization and its administrator.
#include <filesystem>
#include <iostream>

#include "cli.hpp"
#include "onboard/model/catalog.hpp"
#include "onboard/model/json.hpp"

namespace onboard::cli {

int cmd_init(const Args& a, const Globals& g) {
  a.allow({"org", "admin-email", "admin-name", "offices", "default-office", "teams", "roles", "seats",
           "base-url", "time-zone", "password-stdin"});
  NewOrganization req;
  req.name = a.required("org");
  req.admin_email = a.required("admin-email");
  req.admin_name = a.required("admin-name");
  req.offices = a.list("offices");
  req.default_office = a.option_or("default-office", "");
  req.teams = a.list("teams");
  req.role_preset = a.option_or("roles", "workspace");
  if (auto seats = a.option("seats")) req.seat_limit = parse_number(*seats, "seats");
  req.base_url = a.option_or("base-url", "https://onboard.invalid");
  req.time_zone = a.option_or("time-zone", "UTC");
  if (a.flag("password-stdin")) req.admin_password = read_password_stdin();

  const Store store = resolve_store(g);
  std::vector<Organization> tenants;
  if (!store.is_file() || std::filesystem::exists(store.file)) {
    // Listing organizations reads no secret, so the storage alone will do,
    // before any key file is created or read.
    StorageOptions storage_options;  // --threads 1: no thread of the storage's own, here too
    storage_options.background_threads = (g.threads == 0 ? default_threads() : g.threads) > 1;
    auto existing = open_storage(store.uri, storage_options);
    // A server we cannot reach is reported before the key file is created.
    if (!existing && !store.is_file()) return fail(existing.error(), g);
    if (existing) {
      auto orgs = (*existing)->list_organizations();
      if (!orgs && !store.is_file()) return fail(orgs.error(), g);
      if (orgs) tenants = std::move(orgs).value();
    }
  }
  // A database that holds organizations gets another (a tenant), opened
  // with its own key file: a missing one is refused (never a new key), and
  // the library refuses another database's key. Names stay unique, so that
  // --org NAME picks one.
  for (const auto& org : tenants)
    if (fold_key(org.name) == fold_key(req.name))
      return fail({Errc::already_exists,
                   store.shown + " already holds the organization " + org.name + "; choose another name.",
                   "cli.exists"},
                  g);
  auto dir = open_directory(g, tenants.empty());
  if (!dir) return fail(dir.error(), g);
  auto created = (*dir)->create_organization(req);
  if (!created) return fail(created.error(), g);

  if (g.json) {
    boost::json::object o{{"organization", to_json(created->organization)},
                          {"admin", to_json(created->admin)}};
    if (!created->generated_password.empty()) o["generated_password"] = created->generated_password;
    print_json(o);
    return exit_ok;
  }
  std::cout << "Created " << created->organization.name << " (" << created->organization.id
            << ") with administrator " << created->admin.display_name << " <" << created->admin.email << "> ("
            << created->admin.role << ").\n"
            << "Database: " << store.shown << "   key file: " << store.key_path
            << " (keep it safe; mode 0600)\n";
  if (!tenants.empty())
    std::cout << "The database now holds " << tenants.size() + 1
              << " organizations; pick one with --org NAME|ID (`onboard orgs list`).\n";
  if (!created->generated_password.empty())
    std::cout << "Generated password (shown once; change it at first sign-in): "
              << created->generated_password << "\n";
  return exit_ok;
}

namespace {
const CommandRegistration cmd_init_registration{
    "init", cmd_init,
    R"(  init --org NAME --admin-email E --admin-name N [--offices HQ,London] [--default-office HQ]
       [--teams Sales,Support] [--roles workspace|it] [--seats N] [--base-url URL]
       [--time-zone Europe/Berlin] [--password-stdin]
)",
    10};
}  // namespace

}  // namespace onboard::cli
