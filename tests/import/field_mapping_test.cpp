#include <doctest/doctest.h>

#include <string_view>
#include <vector>

#include "onboard/import/field_mapping.hpp"

namespace onboard {
namespace {

MappingResult map(std::vector<std::string_view> headers, const ImportOptions& options = {}) {
  return map_headers(headers, options, true);
}

}  // namespace

TEST_CASE("headers match aliases ignoring case, spaces, stars and dashes, in English and German") {
  auto m = map({"E-Mail*", "Vorname", "NACHNAME", "Kontaktgruppe", "Externe ID", "Standort",
                "Passwort ändern", "Rolle"});
  CHECK(m.errors.empty());
  CHECK(m.mapping.column(Field::email) == 0);
  CHECK(m.mapping.column(Field::first_name) == 1);
  CHECK(m.mapping.column(Field::last_name) == 2);
  CHECK(m.mapping.column(Field::team) == 3);
  CHECK(m.mapping.column(Field::external_id) == 4);
  CHECK(m.mapping.column(Field::office) == 5);
  CHECK(m.mapping.column(Field::change_password) == 6);
  CHECK(m.mapping.column(Field::role) == 7);
}

TEST_CASE("User name is the full name unless the file has another name column") {
  auto alone = map({"User name*", "Email*"});
  CHECK(alone.mapping.column(Field::full_name) == 0);
  CHECK_FALSE(alone.mapping.has(Field::username));
  auto with_names = map({"Username", "First name", "Last name", "Email"});
  CHECK(with_names.mapping.column(Field::username) == 0);
  auto benutzer = map({"Benutzername", "Name", "E-Mail"});
  CHECK(benutzer.mapping.column(Field::username) == 0);
  CHECK(benutzer.mapping.column(Field::full_name) == 1);
}

TEST_CASE("known attribute columns keep the header's name") {
  auto m = map({"Full Name", "Email", "Phone*", "Start date"});
  REQUIRE(m.errors.empty());
  CHECK(m.mapping.columns[2].field == Field::attribute);
  CHECK(m.mapping.columns[2].attribute == "Phone");
  CHECK(m.mapping.columns[3].attribute == "Start date");
}

TEST_CASE("two columns for one field are an error naming both") {
  auto m = map({"Email", "Name", "E-Mail"});
  REQUIRE(m.errors.size() == 1);
  CHECK(m.errors[0].code == "header.duplicate");
  CHECK(m.errors[0].column == "E-Mail");
  CHECK(m.errors[0].message.find("\"Email\"") != std::string::npos);
}

TEST_CASE("overrides win over aliases and can ignore a column") {
  ImportOptions options;
  options.column_overrides = {{"Mail", "ignore"}, {"Contact", "email"}};
  auto m = map({"Name", "Mail", "Contact"}, options);
  CHECK(m.errors.empty());
  CHECK(m.mapping.column(Field::email) == 2);
  CHECK(m.mapping.columns[1].field == Field::ignore);
}

TEST_CASE("a blank header is ignored with a warning naming its column letter") {
  auto m = map({"Name", "Email", ""});
  CHECK(m.errors.empty());
  REQUIRE(m.warnings.size() == 1);
  CHECK(m.warnings[0].find("Column C") != std::string::npos);
}

TEST_CASE("column overrides parse from Header=field lists") {
  auto parsed = parse_column_overrides(" Mail = email , Notes=ignore,");
  REQUIRE(parsed.ok());
  REQUIRE(parsed->size() == 2);
  CHECK((*parsed)[0] == std::pair<std::string, std::string>{"Mail", "email"});
  CHECK_FALSE(parse_column_overrides("Mail").ok());
  CHECK_FALSE(parse_column_overrides("Mail=mailbox").ok());
}

TEST_CASE("option spellings parse and unknown ones are refused") {
  CHECK(parse_commit_mode("valid-rows").value() == CommitMode::valid_rows);
  CHECK(parse_existing_users("update").value() == ExistingUsers::update);
  CHECK(parse_password_source("none").value() == PasswordSource::none);
  CHECK(parse_activation("key").value() == Activation::key);
  CHECK_FALSE(parse_commit_mode("some").ok());
}

}  // namespace onboard
