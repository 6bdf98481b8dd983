// --existing update --missing suspend: an HR file's sync suspends the members
// it no longer lists, previewed like every other change.
#include <doctest/doctest.h>

#include <algorithm>

#include "import_test_fixture.hpp"
#include "onboard/user_admin.hpp"

using namespace onboard;
using namespace onboard::test;

namespace {

ImportOptions syncing() {
  ImportOptions o;
  o.existing = ExistingUsers::update;
  o.missing = MissingMembers::suspend;
  return o;
}

// Ada (Admin, the actor), Mia (Manager), and four Users from a file.
void add_staff(ImportWorld& w) {
  auto r = w.run(
      "Full Name,Email,External ID,Role\n"
      "Ann One,ann@example.com,E-1,User\n"
      "Bob Two,bob@example.com,E-2,User\n"
      "Cat Three,cat@example.com,E-3,User\n"
      "Dan Four,dan@example.com,E-4,Admin\n");
  REQUIRE(r.ok());
  REQUIRE_MESSAGE(r->committed, codes(*r));
}

UserStatus status_of(ImportWorld& w, const std::string& email) {
  UserFilter f;
  f.text = email;
  auto users = w.dir->list_users(w.admin_actor(), f);
  REQUIRE(users.ok());
  REQUIRE(users->size() == 1);
  return users->front().status;
}

std::vector<std::string> suspended_in_plan(const ImportReport& r) {
  std::vector<std::string> out;
  for (const auto& p : r.plan)
    if (p.action == RowAction::suspend) out.push_back(p.email);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("a sync suspends exactly the members missing from the file, in the same commit") {
  auto w = make_import_world();
  add_staff(w);
  // Bob is matched by his external ID (a new email), Cat by her email; Ann and Dan are gone.
  const std::string file =
      "Full Name,Email,External ID\n"
      "Bob Two,bob.two@example.com,E-2\n"
      "Cat Three,cat@example.com,\n"
      "Eve Five,eve@example.com,E-5\n";
  auto r = w.run(file, syncing());
  REQUIRE(r.ok());
  REQUIRE_MESSAGE(r->committed, codes(*r));
  CHECK(r->created == 1);
  CHECK(r->updated == 1);
  CHECK(r->suspended == 2);
  CHECK(suspended_in_plan(*r) == std::vector<std::string>{"ann@example.com", "dan@example.com"});
  CHECK(status_of(w, "ann@example.com") == UserStatus::suspended);
  CHECK(status_of(w, "dan@example.com") == UserStatus::suspended);
  CHECK(status_of(w, "bob.two@example.com") == UserStatus::active);
  CHECK(status_of(w, "cat@example.com") == UserStatus::active);
  CHECK(status_of(w, "eve@example.com") == UserStatus::active);
  // The actor is never suspended, though absent from the file.
  CHECK(status_of(w, "admin@acme.example") == UserStatus::active);
  // One audit event per suspended member, naming the import.
  auto log = w.dir->audit_log(w.admin_actor(), 50);
  REQUIRE(log.ok());
  int suspensions = 0;
  for (const auto& e : *log)
    if (e.action == "user.suspended") {
      ++suspensions;
      CHECK(e.details.find(r->job_id) != std::string::npos);
    }
  CHECK(suspensions == 2);
  // Again: nothing more to do; the suspended stay as they are.
  auto again = w.run(file, syncing());
  REQUIRE(again.ok());
  CHECK(again->suspended == 0);
  CHECK(again->created == 0);
}

TEST_CASE("a sync dry run lists who would be suspended and changes nothing") {
  auto w = make_import_world();
  add_staff(w);
  auto r = w.preview("Full Name,Email\nAnn One,ann@example.com\n", syncing());
  REQUIRE(r.ok());
  CHECK(r->suspended == 3);
  CHECK(suspended_in_plan(*r) ==
        std::vector<std::string>{"bob@example.com", "cat@example.com", "dan@example.com"});
  for (const auto& p : r->plan)
    if (p.action == RowAction::suspend) {
      CHECK_FALSE(p.user_id.empty());
      CHECK_FALSE(p.name.empty());
    }
  for (const char* email : {"bob@example.com", "cat@example.com", "dan@example.com"})
    CHECK(status_of(w, email) == UserStatus::active);
}

TEST_CASE("a sync never suspends someone who outranks the actor, nor the actor") {
  auto w = make_import_world();
  add_staff(w);
  // Mia, a Manager with manage_users given for this test, runs the sync.
  const User mia = add_member_for_import(w);
  // (Set in storage: a custom catalog, which the host defines.)
  auto org = w.inner->get_organization(w.org.id);
  REQUIRE(org.ok());
  for (auto& role : org->roles.roles)
    if (role.name == "Manager") role.permissions |= static_cast<std::uint32_t>(Permission::manage_users);
  REQUIRE(w.inner->update_organization(*org).ok());
  auto r = Importer(*w.dir).run({w.org.id, mia.id}, "Full Name,Email\nAnn One,ann@example.com\n", "hr.csv",
                                syncing());
  REQUIRE(r.ok());
  REQUIRE_MESSAGE(r->committed, codes(*r));
  CHECK(r->suspended == 2);  // Bob and Cat (Users); not Dan or Ada (Admins), not Mia herself
  CHECK(status_of(w, "bob@example.com") == UserStatus::suspended);
  CHECK(status_of(w, "cat@example.com") == UserStatus::suspended);
  CHECK(status_of(w, "dan@example.com") == UserStatus::active);
  CHECK(status_of(w, "admin@acme.example") == UserStatus::active);
  CHECK(status_of(w, "manager@acme.example") == UserStatus::active);
  CHECK(std::any_of(r->warnings.begin(), r->warnings.end(), [](const std::string& s) {
    return s.find("2 members not in the file rank above you") == 0;
  }));
}

TEST_CASE("a sync is refused without --existing update, in valid-rows mode, and without manage_users") {
  auto w = make_import_world();
  add_staff(w);
  ImportOptions o = syncing();
  o.existing = ExistingUsers::skip;
  auto r = w.preview("Full Name,Email\nAnn One,ann@example.com\n", o);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == Errc::invalid_input);
  CHECK(r.error().message.find("--existing update") != std::string::npos);
  o = syncing();
  o.mode = CommitMode::valid_rows;
  auto v = w.run("Full Name,Email\nAnn One,ann@example.com\n", o);
  REQUIRE_FALSE(v.ok());
  CHECK(v.error().code == Errc::invalid_input);
  // A Manager imports but does not manage users.
  const User mia = add_member_for_import(w);
  auto m = Importer(*w.dir).run({w.org.id, mia.id}, "Full Name,Email\nAnn One,ann@example.com\n", "hr.csv",
                                syncing());
  REQUIRE_FALSE(m.ok());
  CHECK(m.error().code == Errc::permission_denied);
  CHECK(status_of(w, "bob@example.com") == UserStatus::active);
}

TEST_CASE("a sync file with a bad row suspends nobody") {
  auto w = make_import_world();
  add_staff(w);
  auto r = w.run("Full Name,Email\nAnn One,ann@example.com\nBob Two,not-an-email\n", syncing());
  REQUIRE(r.ok());
  CHECK_FALSE(r->committed);
  CHECK(r->suspended == 0);
  CHECK(status_of(w, "cat@example.com") == UserStatus::active);
}

TEST_CASE("an export of the members syncs back as nothing to suspend") {
  auto w = make_import_world();
  add_staff(w);
  auto bytes = w.dir->export_users(w.admin_actor(), {}, ExportFormat::csv);
  REQUIRE(bytes.ok());
  auto r = w.run(*bytes, syncing());
  REQUIRE(r.ok());
  CHECK_MESSAGE(r->errors.empty(), codes(*r));
  CHECK(r->suspended == 0);
  CHECK(r->updated == 0);
  CHECK(r->created == 0);
}
