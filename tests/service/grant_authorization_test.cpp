// One rule for every operation on a grant (issue #13): an operation on an
// invitation, a 10-digit key, a self-registration link, a pre-created user or
// a member is allowed exactly when the actor's role has the operation's
// permission and ranks at or above the grant's role.
//
// The table below has one row per operation of the C++ API that acts on a
// grant, keyed by (GrantObject, GrantAction). Each row is run as every role
// of each preset ("workspace", "it", and "workspace" with every permission
// for every role, where only rank decides) against grants of every role, and
// the answer must be allowed ⇔ permission ∧ rank(actor) ≥ rank(grant).
//
// How a new operation gets its row:
//   1. If it is a new kind of action or object, add the value to GrantAction
//      or GrantObject (src/service/grant_rule.hpp) before `count_`; the test
//      "every action on every object has a row or is declared absent" fails
//      until the pair has a row in kOperations or an entry in kNoSuchOperation.
//   2. Add a row to kOperations: its public name as in the header
//      ("SignupLinks::rename"), its key, its permission, and a `run` that
//      makes a grant of the given role (as the administrator) and acts on it
//      as the given actor. The test "every public operation of the API is in
//      the table" reads include/onboard/*.hpp and fails for a member function
//      taking `const Actor&` that is neither a row nor in kNotOnAGrant.
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>

#include "onboard/importer.hpp"
#include "onboard/registrations.hpp"
#include "onboard/signup_links.hpp"
#include "onboard/user_admin.hpp"
#include "service/grant_rule.hpp"
#include "service/import/import_tuning.hpp"
#include "service_fixture.hpp"

using namespace onboard;
using namespace onboard::test;

namespace {

// An organization of one preset with an active member of every role.
struct Bench {
  World w;
  std::map<std::string, Actor> actor_of_role;  // role name -> a member with that role
  int serial = 0;                              // names made so far, for unique names

  Actor admin() const { return w.admin_actor(); }
  const RoleCatalog& roles() const { return w.org.roles; }
  const Role& role(const std::string& name) const { return *w.org.roles.find(name); }
  const Role& lowest() const {
    return *std::min_element(roles().roles.begin(), roles().roles.end(),
                             [](const Role& a, const Role& b) { return a.rank < b.rank; });
  }
  // "grantee-baf": a unique word of letters only (names refuse nothing here, but stay plain).
  std::string unique(const std::string& prefix) {
    std::string word;
    for (int n = ++serial; n > 0; n /= 26) word += static_cast<char>('a' + n % 26);
    return prefix + word;
  }
};

// `every_permission`: every role of the preset also gets every permission, so
// that the rank half of the rule is seen alone (in the presets only the
// highest role may manage users, for instance).
Bench make_bench(const std::string& preset, bool every_permission = false) {
  Bench b;
  World& w = b.w;
  w.clock = std::make_shared<ManualClock>(*parse_iso8601("2026-11-21T09:00:00Z"));
  w.storage = make_memory_storage();
  w.dir = std::make_unique<Directory>(w.storage, std::move(Keyring::from_bytes(kMasterKey)).value(), w.clock);
  NewOrganization req;
  req.name = "Acme";
  req.base_url = "https://acme.example/";
  req.role_preset = preset;
  req.offices = {"HQ", "London"};
  req.admin_email = "ada@acme.example";
  req.admin_name = "Ada Lovelace";
  req.admin_password = kAdminPassword;
  auto created = w.dir->create_organization(req);
  REQUIRE_MESSAGE(created.ok(), (created.ok() ? "" : created.error().message));
  w.org = created->organization;
  w.admin = created->admin;
  for (const Role& role : w.org.roles.roles) {
    if (role.name == w.admin.role) {
      b.actor_of_role[role.name] = w.admin_actor();
    } else {
      const User member = add_member(w, b.unique("actor-") + "@acme.example", role.name);
      b.actor_of_role[role.name] = {w.org.id, member.id};
    }
  }
  if (every_permission) {
    for (Role& role : w.org.roles.roles) role.permissions = all_permissions;
    REQUIRE(w.storage->update_organization(w.org).ok());
  }
  return b;
}

template <class T>
Result<void> as_void(const Result<T>& r) {
  if (r.ok()) return success();
  return r.error();
}

template <class T>
T value_of(Result<T> r) {
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
  return std::move(r).value();
}

// ---- grants made by the administrator ----

IssuedInvitation invitation_of(Bench& b, const std::string& role) {
  return value_of(b.w.dir->invite(b.admin(), {b.unique("invitee-") + "@acme.example", role, "", ""}));
}

IssuedRegistrationKey key_of(Bench& b, const std::string& role) {
  NewRegistrationKey req;
  req.label = b.unique("key-");
  req.role = role;
  return value_of(Registrations(*b.w.dir).create_key(b.admin(), req));
}

IssuedSignupLink link_of(Bench& b, const std::string& role) {
  NewSignupLink req;
  req.label = b.unique("link-");
  req.role = role;
  req.expires = "2026-12-31";
  req.max_uses = 1;
  return value_of(SignupLinks(*b.w.dir).create(b.admin(), req));
}

IssuedUserKey precreated_of(Bench& b, const std::string& role) {
  NewPrecreatedUser req;
  req.first_name = "Pat";
  req.last_name = b.unique("Grantee");
  req.role = role;
  return value_of(Registrations(*b.w.dir).create_user(b.admin(), req));
}

std::string member_csv(const std::string& name, const std::string& email, const std::string& role,
                       const std::string& office) {
  return "Full Name,Email,Role,Office\r\n" + name + "," + email + "," + role + "," + office + "\r\n";
}

// An active member (by import, whose generated passwords are cheap to make).
User member_of(Bench& b, const std::string& role) {
  const std::string email = b.unique("member-") + "@acme.example";
  auto report =
      value_of(Importer(*b.w.dir).run(b.admin(), member_csv("Pat Member", email, role, "HQ"), "m.csv", {}));
  REQUIRE(report.created == 1);
  return value_of(b.w.dir->find_user_by_email(b.w.org.id, email));
}

// An import's refusal of its one row as an Error, so that the table reads one kind of answer.
Result<void> row_outcome(const Result<ImportReport>& r) {
  if (!r.ok()) return r.error();
  if (r->error_rows == 0 && (r->created + r->updated) == 1) return success();
  REQUIRE(!r->errors.empty());
  const RowIssue& issue = r->errors.front();
  return Error{issue.code == "role.above_own" ? Errc::permission_denied : Errc::invalid_input, issue.message,
               issue.code};
}

// ---- the table ----

struct Operation {
  std::string_view api;  // as declared: "Class::function"
  GrantObject object;
  GrantAction action;
  Permission permission;
  std::string_view how;  // what this row does, for failure messages
  // Makes a grant of `grant_role` as the administrator, then acts on it as `actor`.
  std::function<Result<void>(Bench&, const Actor&, const std::string& grant_role)> run;
};

using O = GrantObject;
using A = GrantAction;
using P = Permission;

const std::vector<Operation>& operations() {
  static const std::vector<Operation> ops = {
      // invitations
      {"Directory::invite", O::invitation, A::create, P::invite_users, "invite with the role",
       [](Bench& b, const Actor& a, const std::string& role) {
         return as_void(b.w.dir->invite(a, {b.unique("new-") + "@acme.example", role, "", ""}));
       }},
      {"Directory::resend_invitation", O::invitation, A::resend, P::invite_users, "resend an invitation",
       [](Bench& b, const Actor& a, const std::string& role) {
         auto inv = invitation_of(b, role);
         return as_void(b.w.dir->resend_invitation(a, inv.invitation.id));
       }},
      {"Directory::revoke_invitation", O::invitation, A::revoke, P::invite_users, "revoke an invitation",
       [](Bench& b, const Actor& a, const std::string& role) {
         auto inv = invitation_of(b, role);
         return as_void(b.w.dir->revoke_invitation(a, inv.invitation.id));
       }},
      {"Directory::invite", O::invitation, A::revoke, P::invite_users,
       "invite an email whose expired invitation of the role the new one replaces",
       [](Bench& b, const Actor& a, const std::string& role) {
         auto old = invitation_of(b, role);
         b.w.clock->advance(std::chrono::hours{24 * 8});
         auto r = b.w.dir->invite(a, {old.invitation.email, b.lowest().name, "", ""});
         b.w.clock->advance(-std::chrono::hours{24 * 8});
         return as_void(r);
       }},
      // 10-digit keys
      {"Registrations::create_key", O::registration_key, A::create, P::add_users_by_link, "create a key",
       [](Bench& b, const Actor& a, const std::string& role) {
         NewRegistrationKey req;
         req.role = role;
         return as_void(Registrations(*b.w.dir).create_key(a, req));
       }},
      {"Registrations::revoke_key", O::registration_key, A::revoke, P::add_users_by_link, "revoke a key",
       [](Bench& b, const Actor& a, const std::string& role) {
         auto key = key_of(b, role);
         return as_void(Registrations(*b.w.dir).revoke_key(a, key.key.id));
       }},
      {"Registrations::update_key", O::registration_key, A::edit, P::add_users_by_link,
       "edit a key to never expire and take any number of uses",
       [](Bench& b, const Actor& a, const std::string& role) {
         auto key = key_of(b, role);
         RegistrationKeyChange change;
         change.valid_until = "";
         change.max_uses = 0;
         return as_void(Registrations(*b.w.dir).update_key(a, key.key.id, change));
       }},
      {"Registrations::update_key", O::registration_key, A::edit, P::add_users_by_link,
       "edit a key's role down to the lowest role",
       [](Bench& b, const Actor& a, const std::string& role) {
         auto key = key_of(b, role);
         RegistrationKeyChange change;
         change.role = b.lowest().name;
         return as_void(Registrations(*b.w.dir).update_key(a, key.key.id, change));
       }},
      {"Registrations::update_key", O::registration_key, A::assign_role, P::add_users_by_link,
       "edit a key of the lowest role up to the role",
       [](Bench& b, const Actor& a, const std::string& role) {
         auto key = key_of(b, b.lowest().name);
         RegistrationKeyChange change;
         change.role = role;
         return as_void(Registrations(*b.w.dir).update_key(a, key.key.id, change));
       }},
      // self-registration links
      {"SignupLinks::create", O::signup_link, A::create, P::manage_links, "create a link",
       [](Bench& b, const Actor& a, const std::string& role) {
         NewSignupLink req;
         req.role = role;
         return as_void(SignupLinks(*b.w.dir).create(a, req));
       }},
      {"SignupLinks::edit", O::signup_link, A::edit, P::manage_links,
       "edit a link to never expire and take any number of uses (the attack of issue #13)",
       [](Bench& b, const Actor& a, const std::string& role) {
         auto link = link_of(b, role);
         SignupLinkChanges changes;
         changes.expires = "";
         changes.max_uses = 0;
         return as_void(SignupLinks(*b.w.dir).edit(a, link.link.id, changes));
       }},
      {"SignupLinks::edit", O::signup_link, A::edit, P::manage_links,
       "edit a link's role down to the lowest role",
       [](Bench& b, const Actor& a, const std::string& role) {
         auto link = link_of(b, role);
         SignupLinkChanges changes;
         changes.role = b.lowest().name;
         return as_void(SignupLinks(*b.w.dir).edit(a, link.link.id, changes));
       }},
      {"SignupLinks::edit", O::signup_link, A::assign_role, P::manage_links,
       "edit a link of the lowest role up to the role",
       [](Bench& b, const Actor& a, const std::string& role) {
         auto link = link_of(b, b.lowest().name);
         SignupLinkChanges changes;
         changes.role = role;
         return as_void(SignupLinks(*b.w.dir).edit(a, link.link.id, changes));
       }},
      {"SignupLinks::enable", O::signup_link, A::enable, P::manage_links, "switch a link on",
       [](Bench& b, const Actor& a, const std::string& role) {
         auto link = link_of(b, role);
         REQUIRE(SignupLinks(*b.w.dir).disable(b.admin(), link.link.id).ok());
         return as_void(SignupLinks(*b.w.dir).enable(a, link.link.id));
       }},
      {"SignupLinks::disable", O::signup_link, A::disable, P::manage_links, "switch a link off",
       [](Bench& b, const Actor& a, const std::string& role) {
         auto link = link_of(b, role);
         return as_void(SignupLinks(*b.w.dir).disable(a, link.link.id));
       }},
      {"SignupLinks::qr_svg", O::signup_link, A::show_secret, P::manage_links, "draw a link's QR code",
       [](Bench& b, const Actor& a, const std::string& role) {
         auto link = link_of(b, role);
         return as_void(SignupLinks(*b.w.dir).qr_svg(a, link.link.id));
       }},
      // pre-created users and their 29-digit keys
      {"Registrations::create_user", O::precreated_user, A::create, P::add_users, "pre-create a user",
       [](Bench& b, const Actor& a, const std::string& role) {
         NewPrecreatedUser req;
         req.first_name = "Pat";
         req.last_name = b.unique("New");
         req.role = role;
         return as_void(Registrations(*b.w.dir).create_user(a, req));
       }},
      {"Registrations::resend_user_key", O::precreated_user, A::resend, P::add_users,
       "replace a pre-created user's key",
       [](Bench& b, const Actor& a, const std::string& role) {
         auto user = precreated_of(b, role);
         return as_void(Registrations(*b.w.dir).resend_user_key(a, user.user.id));
       }},
      {"Registrations::documents", O::precreated_user, A::show_secret, P::add_users,
       "print a pre-created user's registration document by id",
       [](Bench& b, const Actor& a, const std::string& role) {
         auto user = precreated_of(b, role);
         return as_void(Registrations(*b.w.dir).documents(a, {{user.user.id}, DocumentFormat::html}));
       }},
      {"Registrations::documents", O::precreated_user, A::show_secret, P::add_users,
       "print the documents of everyone waiting: the user's page is there only when allowed",
       [](Bench& b, const Actor& a, const std::string& role) -> Result<void> {
         auto user = precreated_of(b, role);
         auto doc = Registrations(*b.w.dir).documents(a, {{}, DocumentFormat::html});
         if (!doc.ok() && doc.error().detail_code != "documents.none") return doc.error();
         if (doc.ok() && doc->content.find(user.user.display_name) != std::string::npos) return success();
         return Error{Errc::permission_denied,
                      "The page of the user with the role " + role + " was left out.", "role.above_own"};
       }},
      // members
      {"UserAdmin::suspend", O::member, A::suspend, P::manage_users, "suspend a member",
       [](Bench& b, const Actor& a, const std::string& role) {
         auto user = member_of(b, role);
         return as_void(UserAdmin(*b.w.dir).suspend(a, user.id));
       }},
      {"UserAdmin::reactivate", O::member, A::reactivate, P::manage_users, "reactivate a member",
       [](Bench& b, const Actor& a, const std::string& role) {
         auto user = member_of(b, role);
         REQUIRE(UserAdmin(*b.w.dir).suspend(b.admin(), user.id).ok());
         return as_void(UserAdmin(*b.w.dir).reactivate(a, user.id));
       }},
      {"UserAdmin::delete_users", O::member, A::delete_, P::manage_users, "delete a member",
       [](Bench& b, const Actor& a, const std::string& role) {
         auto user = member_of(b, role);
         const std::vector<std::string> ids = {user.id};
         return as_void(UserAdmin(*b.w.dir).delete_users(a, ids));
       }},
      {"UserAdmin::edit", O::member, A::edit, P::manage_users, "edit a member's office",
       [](Bench& b, const Actor& a, const std::string& role) {
         auto user = member_of(b, role);
         UserChanges changes;
         changes.office = "London";
         return as_void(UserAdmin(*b.w.dir).edit(a, user.id, changes));
       }},
      {"UserAdmin::edit", O::member, A::edit, P::manage_users, "edit a member's role down to the lowest role",
       [](Bench& b, const Actor& a, const std::string& role) {
         auto user = member_of(b, role);
         UserChanges changes;
         changes.role = b.lowest().name;
         return as_void(UserAdmin(*b.w.dir).edit(a, user.email, changes));
       }},
      {"UserAdmin::edit", O::member, A::assign_role, P::manage_users,
       "edit a member of the lowest role up to the role",
       [](Bench& b, const Actor& a, const std::string& role) {
         auto user = member_of(b, b.lowest().name);
         UserChanges changes;
         changes.role = role;
         return as_void(UserAdmin(*b.w.dir).edit(a, user.id, changes));
       }},
      {"UserAdmin::edit", O::precreated_user, A::edit, P::manage_users,
       "edit the email of a pre-created user (whose key they hold)",
       [](Bench& b, const Actor& a, const std::string& role) {
         auto user = precreated_of(b, role);
         UserChanges changes;
         changes.email = b.unique("moved-") + "@acme.example";
         return as_void(UserAdmin(*b.w.dir).edit(a, user.user.id, changes));
       }},
      {"UserAdmin::edit", O::precreated_user, A::assign_role, P::manage_users,
       "edit a pre-created user of the lowest role up to the role",
       [](Bench& b, const Actor& a, const std::string& role) {
         auto user = precreated_of(b, b.lowest().name);
         UserChanges changes;
         changes.role = role;
         return as_void(UserAdmin(*b.w.dir).edit(a, user.user.id, changes));
       }},
      {"Importer::run", O::member, A::create, P::import_users,
       "import a member with the role in the Role column",
       [](Bench& b, const Actor& a, const std::string& role) {
         const std::string csv = member_csv("Pat Imported", b.unique("imp-") + "@acme.example", role, "HQ");
         return row_outcome(Importer(*b.w.dir).run(a, csv, "new.csv", {}));
       }},
      {"Importer::run", O::member, A::create, P::import_users, "import a member with --role",
       [](Bench& b, const Actor& a, const std::string& role) {
         const std::string csv = member_csv("Pat Imported", b.unique("imp-") + "@acme.example", "", "HQ");
         ImportOptions options;
         options.role = role;
         return row_outcome(Importer(*b.w.dir).run(a, csv, "new.csv", options));
       }},
      {"Importer::run", O::member, A::edit, P::import_users,
       "update a member of the role by import (office only)",
       [](Bench& b, const Actor& a, const std::string& role) {
         auto user = member_of(b, role);
         ImportOptions options;
         options.existing = ExistingUsers::update;
         return row_outcome(Importer(*b.w.dir).run(a, member_csv("Pat Member", user.email, "", "London"),
                                                   "upd.csv", options));
       }},
      {"Importer::run", O::member, A::edit, P::import_users,
       "update a member of the role down to the lowest role by import",
       [](Bench& b, const Actor& a, const std::string& role) {
         auto user = member_of(b, role);
         ImportOptions options;
         options.existing = ExistingUsers::update;
         return row_outcome(Importer(*b.w.dir).run(
             a, member_csv("Pat Member", user.email, b.lowest().name, "London"), "upd.csv", options));
       }},
      {"Importer::run", O::member, A::assign_role, P::import_users,
       "update a member of the lowest role up to the role by import",
       [](Bench& b, const Actor& a, const std::string& role) {
         auto user = member_of(b, b.lowest().name);
         ImportOptions options;
         options.existing = ExistingUsers::update;
         return row_outcome(Importer(*b.w.dir).run(a, member_csv("Pat Member", user.email, role, "London"),
                                                   "upd.csv", options));
       }},
  };
  return ops;
}

// Pairs with no operation in the API today. Adding one means moving its pair
// from here to a row of the table.
const std::set<std::pair<O, A>> kNoSuchOperation = {
    {O::invitation, A::edit},
    {O::invitation, A::assign_role},
    {O::invitation, A::enable},
    {O::invitation, A::disable},
    {O::invitation, A::show_secret},
    {O::invitation, A::delete_},
    {O::invitation, A::suspend},
    {O::invitation, A::reactivate},
    {O::registration_key, A::enable},
    {O::registration_key, A::disable},
    {O::registration_key, A::show_secret},
    {O::registration_key, A::resend},
    {O::registration_key, A::delete_},
    {O::registration_key, A::suspend},
    {O::registration_key, A::reactivate},
    {O::signup_link, A::resend},
    {O::signup_link, A::revoke},
    {O::signup_link, A::delete_},
    {O::signup_link, A::suspend},
    {O::signup_link, A::reactivate},
    {O::precreated_user, A::enable},
    {O::precreated_user, A::disable},
    {O::precreated_user, A::revoke},
    // Deleting, suspending and reactivating a pre-created user are the member rows (UserAdmin).
    {O::precreated_user, A::delete_},
    {O::precreated_user, A::suspend},
    {O::precreated_user, A::reactivate},
    {O::member, A::enable},
    {O::member, A::disable},
    {O::member, A::show_secret},
    {O::member, A::resend},
    {O::member, A::revoke},
};

// Public functions taking an Actor that act on no single grant, and why.
const std::map<std::string, std::string_view> kNotOnAGrant = {
    {"Directory::update_organization", "organization settings; needs manage_users"},
    {"Directory::change_organization",
     "organization settings and catalogs (org set); needs manage_users; org_settings_test"},
    {"Directory::seat_usage", "counts of seats, no record; needs invite_users"},
    {"Directory::list_invitations", "a listing without tokens"},
    {"Directory::list_users", "a listing without secrets"},
    {"Directory::export_users",
     "a listing without secrets, as a file; needs manage_users; users_export_test"},
    {"Directory::export_users_to_file", "export_users written to a 0600 file; users_export_test"},
    {"Directory::user", "reads one record, without secrets"},
    {"Directory::list_outbox", "secrets shown as [sealed]"},
    {"Directory::audit_log", "the audit log holds no secrets"},
    {"Directory::events_since", "the audit log as a feed, no secrets; needs manage_users; events_test"},
    {"MailTemplates::list", "organization settings (mail templates), no record; needs manage_users"},
    {"MailTemplates::change",
     "organization settings (mail templates); needs manage_users; mail_templates_test"},
    {"MailTemplates::preview", "sample values, no record; needs manage_users"},
    {"Directory::authorize", "the permission check every operation makes first"},
    {"Registrations::list_keys", "a listing without digits"},
    {"SignupLinks::list", "a listing without tokens"},
    {"UserAdmin::list", "a listing without secrets"},
    {"UserAdmin::show", "reads one record, without secrets (hashes and sealed key cleared); user_edit_test"},
    {"Importer::preview", "plans the rows run would write, with the same checks, and writes nothing"},
    {"Importer::execute", "private: preview and run"},
    {"Importer::take_credentials",
     "the credentials of one import, several members at once: authorize_grant (show_secret) against the role "
     "of the member who ran it, which bounds every role it gave; import_credentials_test"},
    {"Importer::discard_credentials",
     "deletes sealed credentials unread, by the same rule as take_credentials"},
    {"Importer::take", "private: take_credentials and discard_credentials"},
    {"scim::Tokens::create",
     "a SCIM token gives no role of its own: it acts as its maker, whose role every operation checks at each "
     "request; needs manage_users; scim_token_test"},
    {"scim::Tokens::list", "a listing without secrets (hashes cleared); needs manage_users"},
    {"scim::Tokens::revoke",
     "ends a token; refused when its maker ranks above the actor; needs manage_users; scim_token_test"},
};

bool allowed_by_rule(const Role& actor, const Role& grant, Permission p) {
  return actor.can(p) && actor.rank >= grant.rank;
}

std::string describe(const Operation& op) {
  return std::string(op.api) + " [" + std::string(to_string(op.object)) + " × " +
         std::string(to_string(op.action)) + "]: " + std::string(op.how);
}

}  // namespace

TEST_CASE("every action on every object has a row or is declared absent") {
  std::set<std::pair<O, A>> rows;
  for (const auto& op : operations()) rows.insert({op.object, op.action});
  const auto objects = static_cast<int>(O::count_);
  const auto actions = static_cast<int>(A::count_);
  CHECK(objects == 5);  // invitation, registration key, link, pre-created user, member
  for (int o = 0; o < objects; ++o)
    for (int a = 0; a < actions; ++a) {
      const std::pair<O, A> key{static_cast<O>(o), static_cast<A>(a)};
      CAPTURE(to_string(key.first));
      CAPTURE(to_string(key.second));
      CHECK_MESSAGE(rows.count(key) + kNoSuchOperation.count(key) == 1,
                    "each (object, action) needs exactly one of: a row in operations(), an entry in "
                    "kNoSuchOperation");
    }
}

TEST_CASE("every public operation of the API is in the table") {
  const std::filesystem::path include =
      std::filesystem::path(ONBOARD_TEST_DATA).parent_path().parent_path() / "include" / "onboard";
  const std::map<std::string, std::string> classes = {
      {"directory.hpp", "Directory"},      {"registrations.hpp", "Registrations"},
      {"signup_links.hpp", "SignupLinks"}, {"user_admin.hpp", "UserAdmin"},
      {"importer.hpp", "Importer"},        {"mail_templates.hpp", "MailTemplates"},
      {"scim.hpp", "scim::Tokens"}};
  std::set<std::string> in_table;
  for (const auto& op : operations()) in_table.insert(std::string(op.api));
  std::set<std::string> declared;
  for (const auto& entry : std::filesystem::directory_iterator(include)) {
    if (entry.path().extension() != ".hpp") continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    const std::string s = text.str();
    for (std::size_t at = s.find("(const Actor& actor"); at != std::string::npos;
         at = s.find("(const Actor& actor", at + 1)) {
      std::size_t begin = at;
      while (begin > 0 && (std::isalnum(static_cast<unsigned char>(s[begin - 1])) || s[begin - 1] == '_'))
        --begin;
      const auto cls = classes.find(entry.path().filename().string());
      const std::string header = entry.path().filename().string();
      INFO(header, " declares an operation taking an Actor: add its class to `classes`");
      REQUIRE(cls != classes.end());
      const std::string name = cls->second + "::" + s.substr(begin, at - begin);
      CAPTURE(name);
      CHECK_MESSAGE(in_table.count(name) + kNotOnAGrant.count(name) == 1,
                    "a new operation needs a row in operations() (or, if it acts on no grant, an entry in "
                    "kNotOnAGrant saying why)");
      declared.insert(name);
    }
  }
  CHECK(declared.size() >= 28);
  // And nothing in either list that the headers no longer declare.
  for (const auto& name : in_table) CHECK_MESSAGE(declared.count(name) == 1, name);
  for (const auto& [name, why] : kNotOnAGrant) CHECK_MESSAGE(declared.count(name) == 1, name);
}

TEST_CASE(
    "every operation on a grant is allowed exactly to roles with the permission ranked at or above it") {
  for (const auto& [preset, every_permission] :
       std::vector<std::pair<std::string, bool>>{{"workspace", false}, {"it", false}, {"workspace", true}}) {
    CAPTURE(preset);
    CAPTURE(every_permission);
    Bench b = make_bench(preset, every_permission);
    const std::vector<Role> roles = b.roles().roles;
    int allowed = 0, refused = 0;
    for (const Operation& op : operations()) {
      for (const Role& actor_role : roles) {
        for (const Role& grant_role : roles) {
          const bool expected = allowed_by_rule(actor_role, grant_role, op.permission);
          const Actor actor = b.actor_of_role.at(actor_role.name);
          auto r = op.run(b, actor, grant_role.name);
          const std::string what = describe(op) + " as " + actor_role.name + " on a grant of " +
                                   grant_role.name + ": " + (r.ok() ? "allowed" : r.error().message);
          INFO(what);
          CHECK(r.ok() == expected);
          if (!r.ok()) {
            CHECK(r.error().code == Errc::permission_denied);
            // A refusal for rank names the role (a refusal for want of permission names the permission).
            if (actor_role.can(op.permission)) {
              CHECK(r.error().detail_code == "role.above_own");
              CHECK(r.error().message.find(grant_role.name) != std::string::npos);
            }
          }
          (expected ? allowed : refused) += 1;
        }
      }
    }
    // The matrix has both answers, so a rule that allowed or refused everything would fail.
    CHECK(allowed > 0);
    CHECK(refused > 0);
  }
}

TEST_CASE("the refusal names the action, the thing and both roles") {
  Bench b = make_bench("workspace");
  auto ctx = value_of(b.w.dir->authorize(b.actor_of_role.at("Super User"), std::nullopt));
  auto r = authorize_grant(ctx, GrantAction::revoke, GrantObject::registration_key, "Admin");
  REQUIRE(!r.ok());
  CHECK(r.error().message ==
        "You cannot revoke this key: it grants the role Admin, which ranks above your own role Super User.");
  CHECK(r.error().code == Errc::permission_denied);
  auto manager = value_of(b.w.dir->authorize(b.actor_of_role.at("Manager"), std::nullopt));
  CHECK(
      authorize_grant(manager, GrantAction::show_secret, GrantObject::signup_link, "Admin").error().message ==
      "You cannot show the QR code of this link: it grants the role Admin, which ranks above your own role "
      "Manager.");
  CHECK(authorize_grant(manager, GrantAction::suspend, GrantObject::member, "admin").error().message ==
        "You cannot suspend this user: their role Admin ranks above your own role Manager.");
  CHECK(authorize_grant(manager, GrantAction::create, GrantObject::invitation, "Admin").error().message ==
        "You cannot create an invitation for the role Admin, which ranks above your own role Manager.");
  CHECK(
      authorize_grant(manager, GrantAction::assign_role, GrantObject::signup_link, "Admin").error().message ==
      "You cannot give this link the role Admin, which ranks above your own role Manager.");
  CHECK(authorize_grant(manager, GrantAction::edit, GrantObject::signup_link, "Manager").ok());
  CHECK(authorize_grant(manager, GrantAction::edit, GrantObject::signup_link, "User").ok());
}

TEST_CASE("a grant whose role left the catalog is for the highest role only") {
  Bench b = make_bench("workspace");
  auto link = link_of(b, "Super User");
  auto key = key_of(b, "Super User");
  auto inv = invitation_of(b, "Super User");
  // The catalog renames Super User: the grants now name a role that does not exist.
  Organization changed = b.w.org;
  changed.roles.roles[1].name = "Power User";
  REQUIRE(b.w.storage->update_organization(changed).ok());

  const Actor manager = b.actor_of_role.at("Manager");
  SignupLinks links(*b.w.dir);
  auto edit = links.edit(manager, link.link.id, {});
  REQUIRE(!edit.ok());
  CHECK(edit.error().code == Errc::permission_denied);
  CHECK(
      edit.error().message ==
      "You cannot edit this link: it grants the role \"Super User\", which is no longer in the role catalog, "
      "so only a member with the role Admin may do this.");
  CHECK(links.qr_svg(manager, link.link.id).error().code == Errc::permission_denied);
  CHECK(links.disable(manager, link.link.id).error().code == Errc::permission_denied);
  CHECK(Registrations(*b.w.dir).revoke_key(manager, key.key.id).error().code == Errc::permission_denied);
  CHECK(b.w.dir->resend_invitation(manager, inv.invitation.id).error().code == Errc::permission_denied);

  // The highest role may still clean up.
  CHECK(links.disable(b.admin(), link.link.id).ok());
  CHECK(Registrations(*b.w.dir).revoke_key(b.admin(), key.key.id).ok());
  CHECK(b.w.dir->revoke_invitation(b.admin(), inv.invitation.id).ok());
}

TEST_CASE("a Manager cannot turn an Admin's link into a way to become Admin") {
  Bench b = make_bench("workspace");
  auto link = link_of(b, "Admin");
  const Actor manager = b.actor_of_role.at("Manager");
  SignupLinks links(*b.w.dir);
  SignupLinkChanges forever;
  forever.expires = "";
  forever.max_uses = 0;
  auto edit = links.edit(manager, link.link.id, forever);
  REQUIRE(!edit.ok());
  CHECK(edit.error().message ==
        "You cannot edit this link: it grants the role Admin, which ranks above your own role Manager.");
  auto qr = links.qr_svg(manager, link.link.id);
  REQUIRE(!qr.ok());
  CHECK(qr.error().message.find("QR code") != std::string::npos);
  // Nothing changed: the link still expires and has one use.
  auto all = value_of(links.list(b.admin()));
  const auto it =
      std::find_if(all.begin(), all.end(), [&](const SignupLink& l) { return l.id == link.link.id; });
  REQUIRE(it != all.end());
  CHECK(it->expires_at.has_value());
  CHECK(it->max_uses == std::optional<std::int64_t>{1});
}

TEST_CASE("a default role above the actor's is not granted by leaving the role out") {
  Bench b = make_bench("workspace", true);
  b.w.org.roles.default_role = "Manager";
  REQUIRE(b.w.storage->update_organization(b.w.org).ok());
  const Actor super_user = b.actor_of_role.at("Super User");
  auto invited = b.w.dir->invite(super_user, {"x@acme.example", "", "", ""});
  REQUIRE(!invited.ok());
  CHECK(invited.error().message ==
        "You cannot create an invitation for the role Manager, which ranks above your own role Super User.");
  const std::string no_role = "Full Name,Email\r\nPat One,one@acme.example\r\n";
  auto r = Importer(*b.w.dir).run(super_user, no_role, "n.csv", {});
  REQUIRE(r.ok());
  CHECK(r->created == 0);
  REQUIRE(r->errors.size() == 1);
  CHECK(r->errors.front().code == "role.above_own");
  CHECK(r->errors.front().message.find("Manager") != std::string::npos);
  // The same on the two-thread path for big files, where most rows are counted without being read again.
  std::string many = "Full Name,Email\r\n";
  for (int i = 0; i < 60; ++i) many += "Pat Many," + b.unique("many-") + "@acme.example\r\n";
  ImportOptions big;
  big.mode = CommitMode::valid_rows;
  big.max_listed_plan_rows = 0;
  import_detail::ImportTuning split_always;
  split_always.two_threads_from_bytes = 1;
  auto split =
      import_detail::execute_import(*b.w.dir, super_user, many, "many.csv", big, {}, true, split_always);
  REQUIRE(split.ok());
  CHECK(split->created == 0);
  CHECK(split->error_rows == 60);
  // Naming a role within the actor's rank works; so does leaving it out for a Manager.
  auto named = Importer(*b.w.dir).run(super_user, member_csv("Pat Two", "two@acme.example", "User", "HQ"),
                                      "n.csv", {});
  REQUIRE(named.ok());
  CHECK(named->created == 1);
  auto by_manager = Importer(*b.w.dir).run(b.actor_of_role.at("Manager"), no_role, "n.csv", {});
  REQUIRE(by_manager.ok());
  CHECK(by_manager->created == 1);
}
