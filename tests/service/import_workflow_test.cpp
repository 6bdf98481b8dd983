// Issue 15, the workflow half: files as admins have them (a title row above
// the header, a header with nobody under it), passwords from the file by
// default, update mode that never erases, and the plan a person reads.
#include <algorithm>

#include "import_test_fixture.hpp"
#include "onboard/secrets/password.hpp"

namespace onboard::test {
namespace {

TEST_CASE("a header-only file says it has no people in it") {
  auto w = make_import_world();
  for (const std::string file : {"Full Name,Email\n", "Full Name,Email\n,\n\n"}) {
    auto r = w.preview(file);
    REQUIRE(r.ok());
    REQUIRE(r->errors.size() == 1);
    CHECK(r->errors[0].code == "file.no_people");
    CHECK(r->errors[0].row == 0);
    CHECK(r->errors[0].message.starts_with("The file has no people in it"));
    auto run = w.run(file);
    REQUIRE(run.ok());
    CHECK_FALSE(run->committed);
  }
}

bool has_warning(const ImportReport& r, std::string_view text) {
  return std::any_of(r.warnings.begin(), r.warnings.end(), [&](const std::string& w) { return w == text; });
}

TEST_CASE("a title row above the header is skipped and rows are counted from the file's top") {
  auto w = make_import_world();
  const std::string file =
      "Staff list March 2026,,\n"
      "\n"
      "Full Name,Email,Office\n"
      "Ada Byron,ada@example.com,HQ\n"
      "Bad Email,nope,HQ\n";
  auto r = w.preview(file);
  REQUIRE(r.ok());
  CHECK(r->header_row == 3);
  CHECK(has_warning(*r, "The header is row 3; rows above it were skipped."));
  CHECK(r->rows == 2);
  CHECK(codes(*r) == "5:Email:email.invalid ");
  CHECK(r->headers == std::vector<std::string>{"Full Name", "Email", "Office"});
  ImportOptions valid_rows;
  valid_rows.mode = CommitMode::valid_rows;
  auto run = w.run(file, valid_rows);
  REQUIRE(run.ok());
  CHECK(run->committed);
  CHECK(run->created == 1);
  CHECK(w.user_by_email("ada@example.com").display_name == "Ada Byron");
}

TEST_CASE("the openpyxl workbook with a merged title row imports from its header in row 3") {
  auto w = make_import_world();
  auto r = w.preview(read_file(data_path("staff_list_title_row.xlsx")), {}, "staff_list_title_row.xlsx");
  REQUIRE(r.ok());
  CHECK(r->header_row == 3);
  CHECK(has_warning(*r, "The header is row 3; rows above it were skipped."));
  CHECK(r->rows == 3);
  CHECK(codes(*r) == "6:Email:email.invalid ");
  CHECK(r->created == 2);
}

TEST_CASE("a header found in row 1 costs nothing and says nothing") {
  auto w = make_import_world();
  auto r = w.preview("Full Name,Email\nAda Byron,ada@example.com\n");
  REQUIRE(r.ok());
  CHECK(r->header_row == 1);
  CHECK(r->warnings.empty());
  CHECK(r->errors.empty());
}

TEST_CASE("without a header in the first rows the error says it must be in the first row and shows it") {
  auto w = make_import_world();
  auto r = w.preview("Ada Byron,ada@example.com\nAlan Turing,alan@example.com\n");
  REQUIRE(r.ok());
  REQUIRE_FALSE(r->errors.empty());
  CHECK(r->errors[0].row == 1);
  CHECK(r->errors[0].code == "required.missing");
  CHECK(r->errors[0].message.find("The header must be in the first row; it holds \"Ada Byron\", "
                                  "\"ada@example.com\".") != std::string::npos);
  CHECK(r->header_row == 1);
  CHECK(r->rows == 0);
}

TEST_CASE("a header below row 10 is not looked for") {
  auto w = make_import_world();
  std::string file;
  for (int i = 0; i < 10; ++i) file += "Title line " + std::to_string(i) + "\n";
  file += "Full Name,Email\nAda Byron,ada@example.com\n";
  auto r = w.preview(file);
  REQUIRE(r.ok());
  CHECK(r->errors.size() == 2);
  CHECK(r->errors[0].code == "required.missing");
  CHECK(r->rows == 0);
}

TEST_CASE("the header row's own problems are reported on its row") {
  auto w = make_import_world();
  ImportOptions strict;
  strict.unknown_columns = UnknownColumns::error;
  auto r = w.preview("Staff list\nFull Name,Email,Emial\nAda Byron,ada@example.com,x\n", strict);
  REQUIRE(r.ok());
  CHECK(codes(*r) == "2:Emial:header.unknown ");
}

TEST_CASE("a column without a header is warned about once, also when the import commits") {
  auto w = make_import_world();
  auto r = w.run("Full Name,,Email\nAda Byron,x,ada@example.com\n");
  REQUIRE(r.ok());
  CHECK(r->committed);
  CHECK(std::count(r->warnings.begin(), r->warnings.end(),
                   std::string("Column B has no header; its cells were ignored.")) == 1);
}

TEST_CASE("by default a password given in the file is used and a blank one is generated once") {
  auto w = make_import_world();
  CHECK(ImportOptions{}.passwords == PasswordSource::automatic);
  auto r =
      w.run(read_file(data_path("passwords_given_and_blank.xlsx")), {}, "passwords_given_and_blank.xlsx");
  REQUIRE(r.ok());
  CHECK_MESSAGE(r->errors.empty(), codes(*r));
  CHECK(r->warnings.empty());
  CHECK(r->committed);
  REQUIRE(r->credentials.size() == 1);  // only the blank one: handed out once
  CHECK(r->credentials[0].email == "bo@example.com");
  const User pia = w.user_by_email("pia@example.com");
  CHECK(pia.password_hash.rfind("$argon2id$", 0) == 0);
  CHECK_FALSE(pia.must_change_password);
  CHECK(w.dir->authenticate(w.org.id, "pia@example.com", "violet tangerine kayak membrane 42").ok());
  CHECK(w.user_by_email("bo@example.com").must_change_password);
}

TEST_CASE("by default a weak password in the file is refused on its row, never repeated") {
  auto w = make_import_world();
  auto r = w.preview("Full Name,Email,Password\nPia Weak,pia@example.com,password1\n");
  REQUIRE(r.ok());
  REQUIRE(r->errors.size() == 1);
  CHECK(r->errors[0].row == 2);
  CHECK(r->errors[0].column == "Password");
  CHECK(r->errors[0].code.starts_with("password."));
  CHECK(r->errors[0].message.find("password1") == std::string::npos);
}

TEST_CASE("by default a file without a Password column gets generated passwords and no warning") {
  auto w = make_import_world();
  auto r = w.run("Full Name,Email\nAda Byron,ada@example.com\n");
  REQUIRE(r.ok());
  CHECK(r->warnings.empty());
  REQUIRE(r->credentials.size() == 1);
  CHECK(r->credentials[0].password.size() >= min_generated_password_length);
}

TEST_CASE("passwords generate ignores the Password column; none activates by key") {
  auto w = make_import_world();
  const std::string file =
      "Full Name,Email,Password\nPia Given,pia@example.com,violet tangerine kayak membrane 42\n";
  ImportOptions generate;
  generate.passwords = PasswordSource::generate;
  auto r = w.run(file, generate);
  REQUIRE(r.ok());
  CHECK(r->committed);
  REQUIRE(r->credentials.size() == 1);
  CHECK(r->credentials[0].password != "violet tangerine kayak membrane 42");
  CHECK(r->warnings ==
        std::vector<std::string>{"The Password column was not used, because passwords are generated."});
  CHECK_FALSE(w.dir->authenticate(w.org.id, "pia@example.com", "violet tangerine kayak membrane 42").ok());
  ImportOptions none;
  none.passwords = PasswordSource::none;
  auto n =
      w.preview("Full Name,Email,Password\nBo Key,bo@example.com,violet tangerine kayak membrane 42\n", none);
  REQUIRE(n.ok());
  CHECK(n->warnings == std::vector<std::string>{
                           "The Password column was not used, because people activate their accounts."});
}

TEST_CASE("the password source is spelled auto, generate, file or none") {
  CHECK(parse_password_source("auto").value() == PasswordSource::automatic);
  CHECK(parse_password_source("generate").value() == PasswordSource::generate);
  CHECK(parse_password_source("file").value() == PasswordSource::file);
  CHECK(parse_password_source("none").value() == PasswordSource::none);
  CHECK(parse_password_source("hash").value() == PasswordSource::hash);
  auto bad = parse_password_source("random");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message == "The password source must be one of auto, generate, file, hash, none.");
  CHECK(resolve_password_source(PasswordSource::automatic, true) == PasswordSource::file);
  CHECK(resolve_password_source(PasswordSource::automatic, false) == PasswordSource::generate);
  CHECK(resolve_password_source(PasswordSource::automatic, false, true) == PasswordSource::file);
  CHECK(resolve_password_source(PasswordSource::hash, true, true) == PasswordSource::hash);
  CHECK(resolve_password_source(PasswordSource::generate, true) == PasswordSource::generate);
}

ImportOptions updating() {
  ImportOptions o;
  o.existing = ExistingUsers::update;
  return o;
}

void add_two_people(ImportWorld& w) {
  auto r = w.run(
      "First name,Last name,Email,External ID\n"
      "J\xC3\xBCrgen,M\xC3\xBCller,juergen@example.com,E-100\n"
      "Zo\xC3\xAB,Ng,zoe@example.com,Z-200\n");
  REQUIRE(r.ok());
  REQUIRE_MESSAGE(r->committed, codes(*r));
}

TEST_CASE("update mode: a blank Last name keeps the stored surname and the full name") {
  auto w = make_import_world();
  add_two_people(w);
  auto r = w.run("First name,Last name,Email\nJ\xC3\xBCrgen,,juergen@example.com\n", updating());
  REQUIRE(r.ok());
  CHECK_MESSAGE(r->errors.empty(), codes(*r));
  CHECK(r->updated == 0);
  CHECK(r->skipped == 1);
  const User u = w.user_by_email("juergen@example.com");
  CHECK(u.last_name == "M\xC3\xBCller");
  CHECK(u.display_name == "J\xC3\xBCrgen M\xC3\xBCller");
  // A first name given changes it, and the full name joins it with the stored surname.
  auto renamed = w.run("First name,Last name,Email\nJurgen,,juergen@example.com\n", updating());
  REQUIRE(renamed.ok());
  CHECK(renamed->updated == 1);
  const User v = w.user_by_email("juergen@example.com");
  CHECK(v.first_name == "Jurgen");
  CHECK(v.last_name == "M\xC3\xBCller");
  CHECK(v.display_name == "Jurgen M\xC3\xBCller");
}

TEST_CASE("update mode: a file of Email and metadata only updates, matched by email or external ID") {
  auto w = make_import_world();
  add_two_people(w);
  auto preview =
      w.preview(read_file(data_path("update_metadata_only.xlsx")), updating(), "update_metadata_only.xlsx");
  REQUIRE(preview.ok());
  CHECK_MESSAGE(preview->errors.empty(), codes(*preview));
  CHECK(preview->updated == 2);
  REQUIRE(preview->plan.size() == 2);
  const PlannedRow& juergen = preview->plan[0];
  CHECK(juergen.row == 2);
  CHECK(juergen.action == RowAction::update);
  CHECK(juergen.email == "juergen@EXAMPLE.COM");
  // Each field's before and after; the email (the same address) and the name stay.
  REQUIRE(juergen.changes.size() == 2);
  CHECK(juergen.changes[0].field == "teams");
  CHECK(juergen.changes[0].before == "");
  CHECK(juergen.changes[0].after == "Engineering");
  CHECK(juergen.changes[1].field == "attribute:Phone");
  CHECK(juergen.changes[1].after == "+49 30 1234");
  const PlannedRow& zoe = preview->plan[1];
  CHECK(zoe.row == 3);
  CHECK(zoe.action == RowAction::update);
  CHECK(zoe.name == "Zo\xC3\xAB Ng");  // shown as the member the external ID matched
  CHECK(zoe.email == "zoe@example.com");
  REQUIRE(zoe.changes.size() == 1);
  CHECK(zoe.changes[0].field == "attribute:Phone");

  auto r = w.run(read_file(data_path("update_metadata_only.xlsx")), updating(), "update_metadata_only.xlsx");
  REQUIRE(r.ok());
  CHECK(r->committed);
  CHECK(r->updated == 2);
  const User u = w.user_by_email("juergen@example.com");
  CHECK(u.email == "juergen@example.com");
  CHECK(u.display_name == "J\xC3\xBCrgen M\xC3\xBCller");
  CHECK(u.teams == std::vector<std::string>{"Engineering"});
  CHECK(u.attributes.at("Phone") == "+49 30 1234");
  CHECK(w.user_by_email("zoe@example.com").attributes.at("Phone") == "+44 20 5678");
}

TEST_CASE("update mode: a row that matches no one still needs a name and an email") {
  auto w = make_import_world();
  add_two_people(w);
  auto r = w.preview("Email,Phone\nzoe@example.com,1\nnew@example.com,2\n", updating());
  REQUIRE(r.ok());
  CHECK(r->updated == 1);
  CHECK(r->error_rows == 1);
  CHECK(codes(*r) == "3::required.missing ");
  CHECK(r->errors[0].message.starts_with("The name is missing. It is needed to add a person"));
  auto keyless = w.preview("External ID,Phone\nX-1,1\n", updating());
  REQUIRE(keyless.ok());
  CHECK(codes(*keyless) == "2::required.missing 2::required.missing ");
}

TEST_CASE("update mode: a file with no column to match by says which to add") {
  auto w = make_import_world();
  auto r = w.preview("Phone,Office\n1,HQ\n", updating());
  REQUIRE(r.ok());
  REQUIRE(r->errors.size() == 1);
  CHECK(r->errors[0].code == "required.missing");
  CHECK(r->errors[0].message.starts_with("The file has no column to match people by"));
}

TEST_CASE("matching and duplicates are case-insensitive on the email's domain") {
  auto w = make_import_world();
  add_two_people(w);
  auto r = w.preview("Full Name,Email\nZ N,zoe@EXAMPLE.com\nA B,a@x.example\nA C,a@X.EXAMPLE\n");
  REQUIRE(r.ok());
  CHECK(codes(*r) == "2:Email:conflict.email 4:Email:duplicate.email ");
}

}  // namespace
}  // namespace onboard::test
