// The users export: a file that imports back as "nothing changes".
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "import_test_fixture.hpp"
#include "onboard/registrations.hpp"
#include "onboard/user_admin.hpp"

using namespace onboard;
using namespace onboard::test;

namespace {

// Every stored field of every user, secrets included, to compare before and after.
std::string dump(const std::vector<User>& users) {
  std::ostringstream out;
  for (const auto& u : users) {
    out << u.id << '|' << u.email << '|' << u.email_key << '|' << u.username << '|' << u.username_key << '|'
        << u.first_name << '|' << u.last_name << '|' << u.display_name << '|' << u.name_locked << '|'
        << u.role << '|' << u.office << '|';
    for (const auto& t : u.teams) out << t << ';';
    out << '|' << u.external_id << '|';
    for (const auto& [k, v] : u.attributes) out << k << '=' << v << ';';
    out << '|' << to_string(u.status) << '|' << u.must_change_password << '|' << u.password_hash << '|'
        << u.activation_key_hash << '|' << u.activation_key_sealed << '|' << u.registered_via << '|'
        << u.created_at.time_since_epoch().count() << '|'
        << (u.activated_at ? u.activated_at->time_since_epoch().count() : -1) << '|' << to_string(u.source)
        << '|' << u.created_by << '\n';
  }
  return out.str();
}

std::vector<User> all_users(ImportWorld& w) {
  UserFilter f;
  f.include_deleted = true;
  auto users = w.dir->list_users(w.admin_actor(), f);
  REQUIRE(users.ok());
  return *users;
}

// People with teams, attributes with line breaks, accents, formula-looking
// text, a suspended member and a pre-created member who has not activated.
void add_people(ImportWorld& w) {
  auto r = w.run(
      "Full Name,Email,Username,Role,Office,Team,External ID,Phone,Address,Notes\r\n"
      "J\xC3\xBCrgen M\xC3\xBCller,juergen@example.com,jm,Manager,London,Engineering; Sales,E-100,+49 30 "
      "1234,"
      "\"Hauptstra\xC3\x9F"
      "e 1\nBerlin\",=SUM(A1:A2)\r\n"
      "Zo\xC3\xAB Ng,zoe@example.com,,User,HQ,Sales,-200,@zoe,,''=already quoted\r\n"
      "Mary Ann van Berg,mary@example.com,mvb,,,,,\"=HYPERLINK(\"\"http://x\"\")\",,\"a \"\"quote\"\", a "
      "comma\"\r\n");
  REQUIRE(r.ok());
  REQUIRE_MESSAGE(r->committed, codes(*r));
  // A surname of two words: only the First name / Last name columns keep it.
  UserAdmin admin(*w.dir);
  UserChanges names;
  names.first_name = "Mary Ann";
  names.last_name = "van Berg";
  REQUIRE(admin.edit(w.admin_actor(), "mary@example.com", names).ok());
  REQUIRE(admin.suspend(w.admin_actor(), w.user_by_email("zoe@example.com").id).ok());
  NewPrecreatedUser pre;
  pre.first_name = "\xC3\x85sa";
  pre.last_name =
      "\xC3\x96"
      "berg";
  pre.email = "asa@example.com";
  pre.teams = {"Engineering"};
  pre.external_id = "P-7";
  pre.attributes = {{"Notes", "+1 555 0100"}};
  auto issued = Registrations(*w.dir).create_user(w.admin_actor(), pre);
  REQUIRE_MESSAGE(issued.ok(), (issued.ok() ? "" : issued.error().message));
}

ImportOptions updating() {
  ImportOptions o;
  o.existing = ExistingUsers::update;
  return o;
}

void check_round_trip(const std::string& backend, ExportFormat format) {
  ImportWorldSpec spec;
  spec.backend = backend;
  auto w = make_import_world(spec);
  add_people(w);
  const std::string before = dump(all_users(w));
  auto bytes = w.dir->export_users(w.admin_actor(), {}, format);
  REQUIRE_MESSAGE(bytes.ok(), (bytes.ok() ? "" : bytes.error().message));
  const std::string name = format == ExportFormat::xlsx ? "users.xlsx" : "users.csv";
  auto preview = w.preview(*bytes, updating(), name);
  REQUIRE(preview.ok());
  CHECK_MESSAGE(preview->errors.empty(), codes(*preview));
  for (const auto& p : preview->plan)
    for (const auto& c : p.changes)
      FAIL_CHECK(p.email << " " << c.field << ": " << c.before << " -> " << c.after);
  auto r = w.run(*bytes, updating(), name);
  REQUIRE(r.ok());
  CHECK_MESSAGE(r->errors.empty(), codes(*r));
  CHECK(r->rows == 5);
  CHECK(r->created == 0);
  CHECK(r->updated == 0);
  CHECK(r->skipped == 5);
  CHECK(dump(all_users(w)) == before);
}

}  // namespace

TEST_CASE("an unchanged CSV export imports back with --existing update as nothing changed") {
  for (const char* backend : {"memory", "sqlite"}) {
    CAPTURE(backend);
    check_round_trip(backend, ExportFormat::csv);
  }
}

TEST_CASE("an unchanged XLSX export imports back with --existing update as nothing changed") {
  check_round_trip("memory", ExportFormat::xlsx);
}

TEST_CASE("the export holds the template's headers, status and no secret") {
  auto w = make_import_world();
  add_people(w);
  auto bytes = w.dir->export_users(w.admin_actor(), {}, ExportFormat::csv);
  REQUIRE(bytes.ok());
  const std::string& csv = *bytes;
  CHECK(csv.starts_with(
      "\xEF\xBB\xBF\"Full Name\",\"First name\",\"Last name\",\"Email\",\"Username\",\"Role\","
      "\"Office\",\"Team\",\"External ID\",\"Phone\",\"Address\",\"Notes\","
      "\"Change password next time\",\"Status\"\r\n"));
  CHECK(csv.find("\"suspended\"") != std::string::npos);
  CHECK(csv.find("\"pending_activation\"") != std::string::npos);
  CHECK(csv.find("\"'=SUM(A1:A2)\"") != std::string::npos);
  CHECK(csv.find("\"''=already quoted\"") != std::string::npos);
  CHECK(csv.find("\"'-200\"") != std::string::npos);
  CHECK(csv.find("argon2") == std::string::npos);
  CHECK(csv.find("blake2b") == std::string::npos);
  for (const auto& u : all_users(w)) {
    if (!u.password_hash.empty()) CHECK(csv.find(u.password_hash) == std::string::npos);
    if (!u.activation_key_hash.empty()) CHECK(csv.find(u.activation_key_hash) == std::string::npos);
    if (!u.activation_key_sealed.empty()) CHECK(csv.find(u.activation_key_sealed) == std::string::npos);
  }
  CHECK(csv.find("Password\"") == std::string::npos);
}

TEST_CASE("the export follows the users list filter") {
  auto w = make_import_world();
  add_people(w);
  UserFilter f;
  f.status = UserStatus::suspended;
  auto bytes = w.dir->export_users(w.admin_actor(), f, ExportFormat::csv);
  REQUIRE(bytes.ok());
  CHECK(bytes->find("zoe@example.com") != std::string::npos);
  CHECK(bytes->find("juergen@example.com") == std::string::npos);
  UserFilter team;
  team.team = "Engineering";
  auto engineers = w.dir->export_users(w.admin_actor(), team, ExportFormat::csv);
  REQUIRE(engineers.ok());
  CHECK(engineers->find("juergen@example.com") != std::string::npos);
  CHECK(engineers->find("asa@example.com") != std::string::npos);
  CHECK(engineers->find("mary@example.com") == std::string::npos);
}

TEST_CASE("a member without manage_users cannot export") {
  auto w = make_import_world();
  add_people(w);
  const User zoe = w.user_by_email("juergen@example.com");  // a Manager: no manage_users
  auto bytes = w.dir->export_users({w.org.id, zoe.id}, {}, ExportFormat::csv);
  REQUIRE_FALSE(bytes.ok());
  CHECK(bytes.error().code == Errc::permission_denied);
}

TEST_CASE("an export written to a file is private and never follows a link") {
  auto w = make_import_world();
  add_people(w);
  const auto dir = temp_dir();
  const std::string path = (dir / "people.csv").string();
  auto n = w.dir->export_users_to_file(w.admin_actor(), {}, ExportFormat::csv, path);
  REQUIRE(n.ok());
  CHECK(*n == 5);
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  // A second export refuses to replace it unless asked.
  auto again = w.dir->export_users_to_file(w.admin_actor(), {}, ExportFormat::csv, path);
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().code == Errc::already_exists);
  // A link planted at the name is never written through.
  const std::string target = (dir / "elsewhere.txt").string();
  const std::string link = (dir / "link.csv").string();
  std::filesystem::create_symlink(target, link);
  auto through = w.dir->export_users_to_file(w.admin_actor(), {}, ExportFormat::csv, link);
  CHECK_FALSE(through.ok());
  CHECK_FALSE(std::filesystem::exists(target));
  // The export is audited, with its count.
  auto log = w.dir->audit_log(w.admin_actor(), 5);
  REQUIRE(log.ok());
  CHECK(log->front().action == "users.exported");
  CHECK(log->front().details.find("\"count\":5") != std::string::npos);
}
