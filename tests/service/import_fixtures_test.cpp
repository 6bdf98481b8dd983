// Every fixture file from the products onboard serves imports as expected.
#include <algorithm>

#include "import_test_fixture.hpp"
#include "onboard/secrets/digit_key.hpp"
#include "onboard/secrets/password.hpp"

namespace onboard::test {
namespace {

void check_clearooms_people(ImportWorld& w) {
  const User ada = w.user_by_email("ada@example.com");
  CHECK(ada.display_name == "Ada Lovelace");
  CHECK(ada.first_name == "Ada");
  CHECK(ada.last_name == "Lovelace");
  CHECK(ada.role == "Admin");
  CHECK(ada.office == "London");
  CHECK(ada.teams == std::vector<std::string>{"Engineering"});
  CHECK(ada.source == UserSource::import);
  CHECK(ada.must_change_password);
  const User asa = w.user_by_email("asa.oberg@example.com");
  CHECK(asa.display_name ==
        "\xC3\x85sa \xC3\x96"
        "berg");
  CHECK(asa.role == "Manager");
  CHECK(asa.office == "HQ");  // blank: the default office
  const User francois = w.user_by_email("francois@example.com");
  CHECK(francois.last_name == "Lef\xC3\xA8vre");
  CHECK(francois.role == "User");  // blank: the default role
  CHECK(francois.teams.empty());
}

ImportWorldSpec clearooms_spec() { return {}; }

ImportWorldSpec it_connect_spec() {
  ImportWorldSpec spec;
  spec.preset = "it";
  spec.offices = {"HQ", "Dublin"};
  spec.teams = {};
  return spec;
}

void check_it_connect_people(ImportWorld& w, const ImportReport& r) {
  CHECK(r.created == 4);
  const User maria = w.user_by_email("maria.garcia@example.org");
  CHECK(maria.display_name ==
        "Maria Garc\xC3\xAD"
        "a");  // "User name*" holds the full name
  CHECK(maria.username.empty());
  CHECK(maria.role == "Privileged");
  CHECK(maria.office == "HQ");
  const User tomas = w.user_by_email("tomas.diaz@example.org");
  CHECK(tomas.role == "Standard");
  CHECK(tomas.office == "HQ");
  const User priya = w.user_by_email("priya.patel@example.org");
  CHECK(priya.role == "Standard");  // "standard": matched case-insensitively
  CHECK(priya.office == "Dublin");
}

}  // namespace

TEST_CASE("the Clearooms CSV imports its people with roles, offices and teams") {
  auto w = make_import_world(clearooms_spec());
  auto r = w.run(read_file(data_path("clearooms_users_utf8.csv")));
  REQUIRE(r.ok());
  CHECK_MESSAGE(r->errors.empty(), codes(*r));
  CHECK(r->committed);
  CHECK(r->format == "csv");
  CHECK(r->delimiter == ",");
  CHECK(r->rows == 3);
  CHECK(r->created == 3);
  // By default (auto) François's password from the file is used; the two
  // blank ones are generated and handed out.
  CHECK(r->credentials.size() == 2);
  check_clearooms_people(w);
  CHECK(w.dir->authenticate(w.org.id, "francois@example.com", "Enigma-Bombe-1940-Bletchley").ok());
  CHECK_FALSE(std::any_of(r->warnings.begin(), r->warnings.end(), [](const std::string& s) {
    return s.find("Password column") != std::string::npos;
  }));
}

TEST_CASE("the Windows-1252 semicolon file imports the same people with a warning") {
  auto w = make_import_world(clearooms_spec());
  auto r = w.run(read_file(data_path("clearooms_users_excel_windows1252_semicolon.csv")));
  REQUIRE(r.ok());
  CHECK_MESSAGE(r->errors.empty(), codes(*r));
  CHECK(r->encoding == "Windows-1252");
  CHECK(r->delimiter == ";");
  CHECK(std::any_of(r->warnings.begin(), r->warnings.end(),
                    [](const std::string& s) { return s.find("Windows-1252") != std::string::npos; }));
  check_clearooms_people(w);
}

TEST_CASE("the Clearooms workbook imports the same people") {
  auto w = make_import_world(clearooms_spec());
  auto r = w.run(read_file(data_path("clearooms_users_utf8.xlsx")), {}, "users.xlsx");
  REQUIRE(r.ok());
  CHECK_MESSAGE(r->errors.empty(), codes(*r));
  CHECK(r->format == "xlsx");
  check_clearooms_people(w);
}

TEST_CASE("passwords from the file are hashed with Argon2id and sign in") {
  auto w = make_import_world(clearooms_spec());
  ImportOptions options;
  options.passwords = PasswordSource::file;
  auto r = w.run(read_file(data_path("clearooms_users_utf8.csv")), options);
  REQUIRE(r.ok());
  CHECK_MESSAGE(r->errors.empty(), codes(*r));
  const User francois = w.user_by_email("francois@example.com");
  CHECK(francois.password_hash.rfind("$argon2id$", 0) == 0);
  CHECK_FALSE(francois.must_change_password);
  CHECK(w.dir->authenticate(w.org.id, "francois@example.com", "Enigma-Bombe-1940-Bletchley").ok());
  // The two without a password in the file got generated ones (in the credentials).
  CHECK(r->credentials.size() == 2);
}

TEST_CASE("the IT portal files (CSV, XLSX, UTF-16 text) import with User name as the full name") {
  for (const char* name :
       {"it_connect_users.csv", "it_connect_users.xlsx", "it_connect_users_excel_unicode_utf16.txt"}) {
    CAPTURE(name);
    auto w = make_import_world(it_connect_spec());
    auto r = w.run(read_file(data_path(name)), {}, name);
    REQUIRE(r.ok());
    CHECK_MESSAGE(r->errors.empty(), codes(*r));
    check_it_connect_people(w, *r);
  }
}

TEST_CASE("the Claromentis file keeps usernames, first and last names and the phone as an attribute") {
  auto w = make_import_world();
  auto r = w.run(read_file(data_path("claromentis_people.csv")));
  REQUIRE(r.ok());
  CHECK_MESSAGE(r->errors.empty(), codes(*r));
  CHECK(r->created == 3);
  const User joe = w.user_by_email("joe.bloggs@example.net");
  CHECK(joe.username == "jbloggs");
  CHECK(joe.first_name == "Joe");
  CHECK(joe.last_name == "Bloggs");
  CHECK(joe.display_name == "Joe Bloggs");
  CHECK(joe.attributes.at("Phone") == "0161 496 0000");
  const User alice = w.user_by_email("alice.smith@example.net");
  CHECK(alice.attributes.count("Phone") == 0);  // blank cells set nothing
}

TEST_CASE("the messenger file's row without email is an error when activation is by email") {
  ImportWorldSpec spec;
  spec.teams = {"Vertrieb"};
  auto w = make_import_world(spec);
  const auto before = w.users().size();
  auto r = w.run(read_file(data_path("messenger_users_semicolon_bom.csv")));
  REQUIRE(r.ok());
  CHECK_FALSE(r->committed);
  REQUIRE(r->errors.size() == 1);
  CHECK(r->errors[0].row == 3);
  CHECK(r->errors[0].column == "E-Mail");
  CHECK(r->errors[0].code == "required.missing");
  CHECK(w.users().size() == before);
}

TEST_CASE("the messenger file imports with 29-digit activation keys, also for the person without email") {
  ImportWorldSpec spec;
  spec.teams = {"Vertrieb"};
  auto w = make_import_world(spec);
  ImportOptions options;
  options.passwords = PasswordSource::none;
  options.activation = Activation::key;
  auto r = w.run(read_file(data_path("messenger_users_semicolon_bom.csv")), options);
  REQUIRE(r.ok());
  CHECK_MESSAGE(r->errors.empty(), codes(*r));
  CHECK(r->created == 3);
  REQUIRE(r->credentials.size() == 3);
  const Credential soren = r->credentials[1];
  CHECK(soren.row == 3);
  CHECK(soren.email.empty());
  CHECK(soren.display_name == "S\xC3\xB8ren Kierkegaard");
  auto digits = normalize_digit_key(soren.activation_key, user_key_digits);
  REQUIRE(digits.ok());
  // Stored the way key redemption looks it up.
  const std::string hash = w.dir->keyring().hmac(KeyPurpose::user_key, *digits);
  auto found =
      w.inner->find_users(w.org.id, UserKeyField::activation_key_hash, std::vector<std::string>{hash});
  REQUIRE(found.ok());
  REQUIRE(found->size() == 1);
  const User& u = found->front();
  CHECK(u.status == UserStatus::pending_activation);
  CHECK(u.external_id == "A-18");
  CHECK(u.teams == std::vector<std::string>{"Vertrieb"});
  CHECK(u.name_locked);
  CHECK(w.dir->keyring().unseal(u.activation_key_sealed).value() == *digits);
  const User juergen = w.user_by_email("juergen.weiss@example.de");
  CHECK(juergen.last_name == "Wei\xC3\x9F");
  CHECK(juergen.password_hash.empty());
}

}  // namespace onboard::test
