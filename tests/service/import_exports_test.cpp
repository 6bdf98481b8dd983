// What an import hands back to people: credentials, annotated files, templates.
#include "import_test_fixture.hpp"
#include "onboard/import/csv_reader.hpp"
#include "onboard/import/field_mapping.hpp"
#include "onboard/import/spreadsheet_safe.hpp"
#include "onboard/import/templates.hpp"
#include "onboard/import/xlsx_reader.hpp"

namespace onboard::test {

TEST_CASE("the credentials CSV quotes every field and defuses formula-looking cells") {
  auto w = make_import_world();
  auto r = w.run(
      "Full Name,Email\n"
      "\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",a@example.com\n"
      "-2+3,b@example.com\n"
      "@SUM(1),c@example.com\n");
  REQUIRE(r.ok());
  REQUIRE_MESSAGE(r->committed, codes(*r));
  const std::string csv = credentials_csv(*r);
  CHECK(csv.rfind("\xEF\xBB\xBF\"Row\",\"Email\",\"Username\",\"Name\",\"Password\",\"Activation key\"\r\n",
                  0) == 0);
  CHECK(csv.find("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"") != std::string::npos);
  CHECK(csv.find("\"'-2+3\"") != std::string::npos);
  CHECK(csv.find("\"'@SUM(1)\"") != std::string::npos);
  CHECK(csv.find(r->credentials[0].password) != std::string::npos);
  CHECK(csv.find("\"2\",\"a@example.com\"") != std::string::npos);
}

TEST_CASE("a tab-led cell is trimmed on import, so no control character reaches an export") {
  // A tab pasted around a cell is trimmed like a space (issue 15); one inside
  // a name is still refused (tests/import/admin_files_test.cpp).
  auto w = make_import_world();
  auto r = w.run("Full Name,Email\n\"\t=1 Ada\t\",a@example.com\n");
  REQUIRE(r.ok());
  REQUIRE_MESSAGE(r->committed, codes(*r));
  CHECK(w.user_by_email("a@example.com").display_name == "=1 Ada");
  const std::string csv = credentials_csv(*r);
  CHECK(csv.find('\t') == std::string::npos);
  CHECK(csv.find("\"'=1 Ada\"") != std::string::npos);  // and defused as a formula
}

TEST_CASE("the annotated CSV adds an Errors column for fixing and uploading again") {
  auto w = make_import_world();
  const std::string file = "Full Name,Email,Role\nGood One,good@example.com,User\nBad One,bad,=1+1\n";
  auto r = w.preview(file);
  REQUIRE(r.ok());
  auto annotated = annotated_csv(file, "users.csv", *r);
  REQUIRE(annotated.ok());
  std::string note;
  append_safe_csv_field(note, r->errors[0].column + ": " + r->errors[0].message + " " + r->errors[1].column +
                                  ": " + r->errors[1].message);
  CHECK(*annotated ==
        "\xEF\xBB\xBF\"Full Name\",\"Email\",\"Role\",\"Errors\"\r\n"
        "\"Good One\",\"good@example.com\",\"User\",\"\"\r\n"
        "\"Bad One\",\"bad\",\"'=1+1\"," +
            note + "\r\n");
}

TEST_CASE("the CSV template's headers all map to known fields") {
  auto w = make_import_world();
  const std::string csv = template_csv(w.org);
  auto reader = open_csv(csv);
  REQUIRE(reader.ok());
  std::vector<std::string_view> cells;
  std::int64_t row = 0;
  REQUIRE((*reader)->next(cells, row).value());
  ImportOptions strict;
  strict.unknown_columns = UnknownColumns::error;
  const auto mapped = map_headers(cells, strict, true);
  CHECK(mapped.errors.empty());
  CHECK(mapped.mapping.has(Field::full_name));
  CHECK(mapped.mapping.has(Field::change_password));
  // Importing the untouched template creates nobody, and says the file has
  // no people in it (its headers are all known).
  auto r = w.preview(csv, strict);
  REQUIRE(r.ok());
  REQUIRE(r->errors.size() == 1);
  CHECK(r->errors[0].code == "file.no_people");
  CHECK(r->rows == 0);
}

TEST_CASE("the XLSX template reads back with the same headers and lists the catalogs") {
  auto w = make_import_world();
  auto xlsx = template_xlsx(w.org);
  REQUIRE(xlsx.ok());
  auto reader = open_xlsx(*xlsx);
  REQUIRE_MESSAGE(reader.ok(), (reader.ok() ? "" : reader.error().message));
  std::vector<std::string_view> cells;
  std::int64_t row = 0;
  REQUIRE((*reader)->next(cells, row).value());
  std::vector<std::string> xlsx_headers(cells.begin(), cells.end());
  const std::string csv = template_csv(w.org);  // the reader views it
  auto csv_reader = open_csv(csv);
  REQUIRE(csv_reader.ok());
  REQUIRE((*csv_reader)->next(cells, row).value());
  const std::vector<std::string> csv_headers(cells.begin(), cells.end());
  for (std::size_t i = 0; i < xlsx_headers.size() && i < csv_headers.size(); ++i)
    CHECK(xlsx_headers[i] == csv_headers[i]);
  CHECK(xlsx_headers.size() == 10);
}

}  // namespace onboard::test
