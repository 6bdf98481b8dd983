// Files as admins really make them (issue 15): the readers and the validator
// on cells pasted with tabs, blank-looking rows, multi-line addresses, mixed
// encodings, formulas without values, number formats and ODS. The fixtures in
// tests/data/issue15 were written by openpyxl and LibreOffice (make_files.py).
#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "onboard/import/csv_reader.hpp"
#include "onboard/import/row_validation.hpp"
#include "onboard/import/table_reader.hpp"
#include "test_support.hpp"

using namespace onboard;

namespace {

using Cells = std::vector<std::string>;

struct Row {
  std::int64_t number;
  Cells cells;
};

struct Table {
  TableInfo info;
  std::vector<Row> rows;
};

Result<Table> read_bytes(std::string_view bytes, std::string_view name = "") {
  ONB_ASSIGN(auto reader, open_table(bytes, name));
  Table table;
  table.info = reader->info();
  std::vector<std::string_view> cells;
  std::int64_t number = 0;
  for (;;) {
    ONB_ASSIGN(bool more, reader->next(cells, number));
    if (!more) break;
    table.rows.push_back({number, Cells(cells.begin(), cells.end())});
  }
  return table;
}

std::string fixture(const std::string& name) { return test::read_file(test::data_path("issue15/" + name)); }

Table must_read_fixture(const std::string& name) {
  const std::string bytes = fixture(name);
  auto table = read_bytes(bytes, name);
  REQUIRE_MESSAGE(table.ok(), (table.ok() ? "" : table.error().message));
  return std::move(table).value();
}

struct Setup {
  Organization org;
  ImportOptions options;
  HeaderMapping mapping;
  std::unique_ptr<RowValidator> validator;

  explicit Setup(std::vector<std::string_view> headers) {
    org.roles = RoleCatalog::preset("workspace").value();
    org.offices = {"HQ"};
    org.default_office = "HQ";
    org.teams = {"Sales", "Support"};
    auto m = map_headers(headers, options, true);
    REQUIRE(m.errors.empty());
    mapping = m.mapping;
    validator = std::make_unique<RowValidator>(mapping, org, options, 100, std::nullopt);
  }
  std::vector<RowIssue> check(std::vector<std::string_view> cells, CandidateRow& out) {
    std::vector<RowIssue> issues;
    validator->validate(cells, 4, out, issues);
    return issues;
  }
};

}  // namespace

// Item 6.
TEST_CASE("a tab pasted around an email or any cell is trimmed like spaces and no-break spaces") {
  Setup s({"Full Name", "Email", "External ID", "Team"});
  CandidateRow c;
  auto issues =
      s.check({"\tAda Lovelace\xC2\xA0", "\tada@example.com\t", " \t00123\t", "\tSales ;\tSupport\t"}, c);
  CHECK(issues.empty());
  CHECK(c.display_name == "Ada Lovelace");
  CHECK(c.email == "ada@example.com");
  CHECK(c.external_id == "00123");
  CHECK(c.teams == std::vector<int>{0, 1});
}

TEST_CASE("a tab inside a name or an email is still refused") {
  Setup s({"Full Name", "Email"});
  CandidateRow c;
  auto issues = s.check({"Ada\tLovelace", "ada@example.com"}, c);
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].code == "text.control_character");
  issues = s.check({"Ada Lovelace", "ada@exa\tmple.com"}, c);
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].code == "email.invalid");
}

TEST_CASE("LibreOffice's CSV with a tab pasted around an email reads to a valid row") {
  const Table t = must_read_fixture("cells_as_admins_leave_them.csv");
  Setup s({"Full Name", "Email", "External ID", "Address", "Notes", "Phone"});
  REQUIRE(t.rows.size() >= 2);
  CHECK(t.rows[1].cells[1] == "\tada@example.com\t");
  CandidateRow c;
  std::vector<std::string_view> cells(t.rows[1].cells.begin(), t.rows[1].cells.end());
  CHECK(s.check(cells, c).empty());
  CHECK(c.email == "ada@example.com");
}

// Item 2.
TEST_CASE("a CSV row of spaces, tabs and no-break spaces is a blank row") {
  const std::string text = "Full Name,Email\nAda,a@example.com\n  ,\t\n\xC2\xA0,\" \t\"\nBo,b@example.com\n";
  auto t = read_bytes(text);
  REQUIRE(t.ok());
  REQUIRE(t->rows.size() == 3);
  CHECK(t->rows[1].number == 2);
  CHECK(t->rows[2].number == 5);
}

TEST_CASE("an XLSX row of spaces, tabs and no-break spaces is a blank row, as in its CSV") {
  for (const char* name : {"cells_as_admins_leave_them.xlsx", "cells_as_admins_leave_them.csv"}) {
    CAPTURE(name);
    const Table t = must_read_fixture(name);
    REQUIRE(t.rows.size() == 4);
    CHECK(t.rows[1].number == 2);
    CHECK(t.rows[2].number == 4);
    CHECK(t.rows[3].number == 5);
  }
}

// Item 4.
TEST_CASE("line breaks are fine in an address or notes, not in a name, email, username or ID") {
  Setup s({"Full Name", "Email", "Username", "External ID", "Address", "Notes"});
  CandidateRow c;
  auto issues = s.check({"Ada Lovelace", "ada@example.com", "ada", "7", "1 Main Street\r\nLondon\r\n",
                         "first line\nsecond line\rthird"},
                        c);
  CHECK(issues.empty());
  REQUIRE(c.attributes.size() == 2);
  CHECK(c.attributes[0].second == "1 Main Street\nLondon");
  CHECK(c.attributes[1].second == "first line\nsecond line\nthird");
  for (std::size_t column = 0; column < 4; ++column) {
    std::vector<std::string_view> cells{"Ada Lovelace", "ada@example.com", "ada", "77", "", ""};
    const std::string broken =
        std::string(cells[column].substr(0, 2)) + "\n" + std::string(cells[column].substr(2));
    cells[column] = broken;
    CAPTURE(column);
    auto refused = s.check(cells, c);
    REQUIRE(refused.size() == 1);
    CHECK(refused[0].column == s.mapping.columns[column].header);
  }
  // Other control characters stay out of attributes too.
  CHECK(s.check({"Ada Lovelace", "ada@example.com", "ada", "7", "a\x1b[31mb", ""}, c)[0].code ==
        "text.control_character");
}

TEST_CASE("a two-line address written with Alt+Enter reads alike from XLSX and its CSV") {
  for (const char* name : {"cells_as_admins_leave_them.xlsx", "cells_as_admins_leave_them.csv"}) {
    CAPTURE(name);
    const Table t = must_read_fixture(name);
    Setup s({"Full Name", "Email", "External ID", "Address", "Notes", "Phone"});
    std::vector<std::string_view> cells(t.rows[1].cells.begin(), t.rows[1].cells.end());
    CandidateRow c;
    CHECK(s.check(cells, c).empty());
    REQUIRE(c.attributes.size() >= 2);
    CHECK(c.attributes[0].second == "1 Main Street\nLondon");
    CHECK(c.attributes[1].second == "first line\nsecond line");
  }
}
