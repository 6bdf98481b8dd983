// Showing and editing one person (UserAdmin::show, UserAdmin::edit).
#include <doctest/doctest.h>

#include <boost/json.hpp>

#include "onboard/registrations.hpp"
#include "onboard/user_admin.hpp"
#include "service_fixture.hpp"

using namespace onboard;
using namespace onboard::test;

TEST_CASE("an admin edits a person's role, teams, office, names, email, username and external id") {
  for (const char* backend : {"memory", "sqlite"}) {
    CAPTURE(backend);
    auto w = make_world(backend);
    const User pat = add_member(w, "pat@acme.example", "User");
    UserChanges changes;
    changes.role = "manager";
    changes.teams = std::vector<std::string>{"sales", "Support", "Sales"};
    changes.office = "london";
    changes.first_name = "Patricia";
    changes.last_name = "Jones";
    changes.email = "Patricia.Jones@acme.example";
    changes.username = "pjones";
    changes.external_id = "E-42";
    auto edited = UserAdmin(*w.dir).edit(w.admin_actor(), "pat@acme.example", changes);
    REQUIRE_MESSAGE(edited.ok(), (edited.ok() ? "" : edited.error().message));
    CHECK(edited->role == "Manager");
    CHECK(edited->teams == std::vector<std::string>{"Sales", "Support"});
    CHECK(edited->office == "London");
    CHECK(edited->display_name == "Patricia Jones");
    CHECK(edited->email == "Patricia.Jones@acme.example");
    CHECK(edited->username == "pjones");
    CHECK(edited->external_id == "E-42");
    CHECK(edited->password_hash.empty());  // never handed out

    // Stored, and found again by the new email and by the username.
    auto stored = w.storage->get_user(w.org.id, pat.id);
    REQUIRE(stored.ok());
    CHECK(stored->email_key == "patricia.jones@acme.example");
    CHECK(stored->username_key == "pjones");
    CHECK(!stored->password_hash.empty());  // the password is untouched
    CHECK(UserAdmin(*w.dir).show(w.admin_actor(), "patricia.jones@ACME.example")->id == pat.id);
    CHECK(UserAdmin(*w.dir).show(w.admin_actor(), "PJones")->id == pat.id);
    CHECK(w.dir->authenticate(w.org.id, "patricia.jones@acme.example", kGoodPassword).ok());

    // One audit event with each field before and after, and no secret.
    auto audit = w.dir->audit_log(w.admin_actor(), 1);
    REQUIRE(audit.ok());
    REQUIRE(audit->size() == 1);
    const AuditEvent& ev = audit->front();
    CHECK(ev.action == "user.edited");
    CHECK(ev.target == pat.id);
    const auto details = boost::json::parse(ev.details);
    const auto& c = details.at("changes").as_object();
    CHECK(c.at("role").at("before") == "User");
    CHECK(c.at("role").at("after") == "Manager");
    CHECK(c.at("email").at("before") == "pat@acme.example");
    CHECK(c.at("teams").at("after") == "Sales, Support");
    CHECK(c.at("external_id").at("after") == "E-42");
    CHECK(ev.details.find("argon2") == std::string::npos);
  }
}

TEST_CASE("an edit that changes nothing writes nothing") {
  auto w = make_world();
  const User pat = add_member(w, "pat@acme.example", "User");
  const auto before = w.dir->audit_log(w.admin_actor(), 100)->size();
  UserChanges same;
  same.role = "User";
  same.email = "pat@acme.example";
  CHECK(UserAdmin(*w.dir).edit(w.admin_actor(), pat.id, same).ok());
  CHECK(w.dir->audit_log(w.admin_actor(), 100)->size() == before);
}

TEST_CASE("a Manager cannot edit an Admin nor give anyone a role above their own") {
  auto w = make_world();
  const User manager = add_member(w, "max@acme.example", "Manager");
  // In the workspace preset only Admins manage users: give the Manager the permission, so rank alone decides.
  Organization org = *w.storage->get_organization(w.org.id);
  for (Role& role : org.roles.roles)
    if (role.name == "Manager") role.permissions = all_permissions;
  REQUIRE(w.storage->update_organization(org).ok());
  const Actor as_manager{w.org.id, manager.id};
  const User pat = add_member(w, "pat@acme.example", "User");
  UserChanges office;
  office.office = "London";
  auto on_admin = UserAdmin(*w.dir).edit(as_manager, w.admin.id, office);
  REQUIRE(!on_admin.ok());
  CHECK(on_admin.error().code == Errc::permission_denied);
  CHECK(on_admin.error().message ==
        "You cannot edit this user: their role Admin ranks above your own role Manager.");
  UserChanges promote;
  promote.role = "Admin";
  auto up = UserAdmin(*w.dir).edit(as_manager, pat.id, promote);
  REQUIRE(!up.ok());
  CHECK(up.error().message ==
        "You cannot give this user the role Admin, which ranks above your own role Manager.");
  CHECK(w.storage->get_user(w.org.id, pat.id)->role == "User");
  // Within the rank it works.
  promote.role = "Super User";
  CHECK(UserAdmin(*w.dir).edit(as_manager, pat.id, promote).ok());
}

TEST_CASE("nobody changes their own role") {
  auto w = make_world();
  UserChanges demote;
  demote.role = "User";
  auto r = UserAdmin(*w.dir).edit(w.admin_actor(), w.admin.id, demote);
  REQUIRE(!r.ok());
  CHECK(r.error().code == Errc::permission_denied);
  CHECK(r.error().message == "You cannot change your own role; ask another administrator.");
  UserChanges office;
  office.office = "London";
  CHECK(UserAdmin(*w.dir).edit(w.admin_actor(), w.admin.id, office).ok());
}

TEST_CASE("the names of a pre-created person are locked") {
  auto w = make_world();
  NewPrecreatedUser req;
  req.first_name = "Kim";
  req.last_name = "Lee";
  auto kim = Registrations(*w.dir).create_user(w.admin_actor(), req);
  REQUIRE(kim.ok());
  UserChanges rename;
  rename.first_name = "Kimberly";
  auto r = UserAdmin(*w.dir).edit(w.admin_actor(), kim->user.id, rename);
  REQUIRE(!r.ok());
  CHECK(r.error().detail_code == "user.name_locked");
  CHECK(r.error().message ==
        "The name of Kim Lee is locked: it was set when the account was created for them and is printed on "
        "their registration document, so it cannot be edited.");
  // The same name again is no change; other fields still edit.
  UserChanges same;
  same.first_name = "Kim";
  same.office = "London";
  auto ok = UserAdmin(*w.dir).edit(w.admin_actor(), kim->user.id, same);
  REQUIRE(ok.ok());
  CHECK(ok->office == "London");
  CHECK(ok->activation_key_hash.empty());  // the key's hash is not handed out
  CHECK(!w.storage->get_user(w.org.id, kim->user.id)->activation_key_hash.empty());  // and still works
}

TEST_CASE("an email, username or external id someone else holds is refused, naming it") {
  auto w = make_world();
  const User pat = add_member(w, "pat@acme.example", "User");
  const User sam = add_member(w, "sam@acme.example", "User");
  UserChanges ids;
  ids.username = "sam";
  ids.external_id = "E-1";
  REQUIRE(UserAdmin(*w.dir).edit(w.admin_actor(), sam.id, ids).ok());

  UserChanges email;
  email.email = "SAM@acme.example";
  auto r = UserAdmin(*w.dir).edit(w.admin_actor(), pat.id, email);
  REQUIRE(!r.ok());
  CHECK(r.error().code == Errc::already_exists);
  CHECK(r.error().detail_code == "user.email_taken");
  CHECK(r.error().message.find("The email SAM@acme.example is already used by Member User") == 0);

  UserChanges username;
  username.username = "Sam";
  r = UserAdmin(*w.dir).edit(w.admin_actor(), pat.id, username);
  REQUIRE(!r.ok());
  CHECK(r.error().detail_code == "user.username_taken");
  CHECK(r.error().message.find("The username Sam is already used") == 0);

  UserChanges external;
  external.external_id = "E-1";
  r = UserAdmin(*w.dir).edit(w.admin_actor(), pat.id, external);
  REQUIRE(!r.ok());
  CHECK(r.error().detail_code == "user.external_id_taken");
  CHECK(r.error().message.find("The external id E-1 is already used") == 0);

  // A pending invitation holds its address too.
  REQUIRE(w.dir->invite(w.admin_actor(), {"new@acme.example", "User", "", ""}).ok());
  email.email = "new@acme.example";
  r = UserAdmin(*w.dir).edit(w.admin_actor(), pat.id, email);
  REQUIRE(!r.ok());
  CHECK(r.error().detail_code == "user.invited");
  CHECK(w.storage->get_user(w.org.id, pat.id)->email == "pat@acme.example");
}

TEST_CASE("an active person keeps an email or a username to sign in with") {
  auto w = make_world();
  const User pat = add_member(w, "pat@acme.example", "User");
  UserChanges none;
  none.email = "";
  auto r = UserAdmin(*w.dir).edit(w.admin_actor(), pat.id, none);
  REQUIRE(!r.ok());
  CHECK(r.error().detail_code == "user.sign_in_name");
  none.username = "pat";
  CHECK(UserAdmin(*w.dir).edit(w.admin_actor(), pat.id, none).ok());
}

TEST_CASE("an edit leaves the seats as they were") {
  auto w = make_world("memory", 2);
  const User pat = add_member(w, "pat@acme.example", "User");
  const auto before = w.dir->seat_usage(w.admin_actor());
  REQUIRE(before.ok());
  CHECK(before->free == std::optional<std::int64_t>{0});
  UserChanges changes;
  changes.role = "Manager";
  changes.office = "London";
  REQUIRE(UserAdmin(*w.dir).edit(w.admin_actor(), pat.id, changes).ok());
  const auto after = w.dir->seat_usage(w.admin_actor());
  CHECK(after->used == before->used);
  CHECK(after->free == before->free);
}

TEST_CASE("show finds a person by id, email or username and says who was not found") {
  auto w = make_world();
  const User pat = add_member(w, "pat@acme.example", "User");
  UserAdmin admin(*w.dir);
  auto by_id = admin.show(w.admin_actor(), pat.id);
  REQUIRE(by_id.ok());
  CHECK(by_id->email == "pat@acme.example");
  CHECK(by_id->password_hash.empty());
  CHECK(admin.show(w.admin_actor(), " PAT@acme.example ")->id == pat.id);
  auto missing = admin.show(w.admin_actor(), "nobody@acme.example");
  REQUIRE(!missing.ok());
  CHECK(missing.error().code == Errc::not_found);
  CHECK(missing.error().message == "No one in Acme has the id, email or username \"nobody@acme.example\".");
  // Only those who manage users may look.
  auto as_pat = admin.show({w.org.id, pat.id}, w.admin.id);
  REQUIRE(!as_pat.ok());
  CHECK(as_pat.error().code == Errc::permission_denied);
}

TEST_CASE("a deleted person cannot be edited") {
  auto w = make_world();
  const User pat = add_member(w, "pat@acme.example", "User");
  const std::vector<std::string> ids = {pat.id};
  REQUIRE(UserAdmin(*w.dir).delete_users(w.admin_actor(), ids).ok());
  UserChanges office;
  office.office = "London";
  auto r = UserAdmin(*w.dir).edit(w.admin_actor(), pat.id, office);
  REQUIRE(!r.ok());
  CHECK(r.error().detail_code == "user.deleted");
}
