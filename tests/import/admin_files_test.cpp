// Files as admins really make them (issue 15): the readers and the validator
// on cells pasted with tabs, blank-looking rows, multi-line addresses, mixed
// encodings, formulas without values, number formats and ODS. The fixtures in
// tests/data/issue15 were written by openpyxl and LibreOffice (make_files.py).
#include <doctest/doctest.h>
#include <minizip/zip.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "import/readers/reader_messages.hpp"
#include "import/readers/xlsx_values.hpp"
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

// An ODS package with `content` as its content.xml, written with minizip.
std::string make_ods(const std::string& rows) {
  const std::string content =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content "
      "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
      "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" "
      "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"><office:body><office:spreadsheet>"
      "<table:table table:name=\"S\">" +
      rows +
      "</table:table><table:table table:name=\"Second\"><table:table-row><table:table-cell "
      "office:value-type=\"string\"><text:p>not read</text:p></table:table-cell></table:table-row>"
      "</table:table></office:spreadsheet></office:body></office:document-content>";
  auto path = test::temp_dir() / "crafted.ods";
  zipFile zip = zipOpen64(path.c_str(), APPEND_STATUS_CREATE);
  REQUIRE(zip != nullptr);
  for (const auto& [name, data] : std::vector<std::pair<std::string, std::string>>{
           {"mimetype", "application/vnd.oasis.opendocument.spreadsheet"}, {"content.xml", content}}) {
    REQUIRE(zipOpenNewFileInZip(zip, name.c_str(), nullptr, nullptr, 0, nullptr, 0, nullptr, Z_DEFLATED,
                                Z_BEST_COMPRESSION) == ZIP_OK);
    REQUIRE(zipWriteInFileInZip(zip, data.data(), static_cast<unsigned>(data.size())) == ZIP_OK);
    REQUIRE(zipCloseFileInZip(zip) == ZIP_OK);
  }
  REQUIRE(zipClose(zip, nullptr) == ZIP_OK);
  return test::read_file(path);
}

std::string ods_cell(const std::string& inner,
                     const std::string& attributes = "office:value-type=\"string\"") {
  return "<table:table-cell " + attributes + ">" + inner + "</table:table-cell>";
}

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

// Item 12.
TEST_CASE("a size is said in the unit of its limit") {
  CHECK(readers::describe_size(11534610) == "11.0 MiB");
  CHECK(readers::describe_size(std::uint64_t{10} << 20) == "10 MiB");
  CHECK(readers::describe_size(1536) == "1.5 KiB");
  CHECK(readers::describe_size(1000) == "1000 bytes");
}

// Item 1.
TEST_CASE("a UTF-8 file with one row saved as Windows-1252 is refused naming the row and column") {
  const std::string bytes = fixture("names_mixed_row4_windows1252.csv");
  auto t = read_bytes(bytes, "names.csv");
  REQUIRE_FALSE(t.ok());
  CHECK(t.error().detail_code == "file.mixed_encoding");
  CHECK(t.error().row == 4);
  CHECK(t.error().column == "Full Name");
  CHECK(t.error().message.find("Row 4, Full Name: these bytes are not UTF-8") != std::string::npos);
  CHECK(t.error().message.find("Row 2") == std::string::npos);
  CHECK(t.error().message.find("\xC3\x83") == std::string::npos);  // no Ã
}

TEST_CASE("valid UTF-8 is read as UTF-8 and only a file without any UTF-8 character as Windows-1252") {
  const Table utf8 = must_read_fixture("names_utf8.csv");
  CHECK(utf8.info.encoding == "UTF-8");
  const Table windows = must_read_fixture("names_windows1252.csv");
  CHECK(windows.info.encoding == "Windows-1252");
  CHECK_FALSE(windows.info.warnings.empty());
  REQUIRE(utf8.rows.size() == windows.rows.size());
  for (std::size_t r = 0; r < utf8.rows.size(); ++r) CHECK(utf8.rows[r].cells == windows.rows[r].cells);
  CHECK(utf8.rows[3].cells[0] == "J\xC3\xBCrgen M\xC3\xBCller");
  // A Windows-1252 file whose bytes happen to spell "Ã¼" holds a UTF-8
  // character: it is UTF-8 with one bad cell, not mojibake.
  auto mixed = read_bytes("Name,Email\nJ\xC3\xBCrgen,j@x.de\nM\xFCller,m@x.de\n");
  REQUIRE_FALSE(mixed.ok());
  CHECK(mixed.error().message.find("Row 3, Name: these bytes are not UTF-8") != std::string::npos);
}

TEST_CASE("many cells not in UTF-8 are named five at a time, with how many more") {
  std::string text = "Full Name,Email\nZo\xC3\xAB,z@x.de\n";
  for (int i = 0; i < 8; ++i) text += "M\xFCller,m" + std::to_string(i) + "@x.de\n";
  auto t = read_bytes(text);
  REQUIRE_FALSE(t.ok());
  CHECK(t.error().message.find("Row 7, Full Name") != std::string::npos);
  CHECK(t.error().message.find("Row 8, Full Name") == std::string::npos);
  CHECK(t.error().message.find("And 3 more cells.") != std::string::npos);
}

// Item 8.
TEST_CASE("a formula without a saved value names its cell and says to save the file in a spreadsheet") {
  const std::string bytes = fixture("formulas_without_values.xlsx");
  auto t = read_bytes(bytes, "formulas.xlsx");
  REQUIRE_FALSE(t.ok());
  CHECK(t.error().detail_code == "file.formula_without_value");
  CHECK(t.error().row == 2);
  CHECK(t.error().message.find("Row 2, column B (Email): the cell holds a formula with no saved value") !=
        std::string::npos);
  CHECK(t.error().message.find("save it") != std::string::npos);
  // Once LibreOffice opened and saved it, the values are there.
  const Table saved = must_read_fixture("formulas_saved_by_libreoffice.xlsx");
  REQUIRE(saved.rows.size() == 3);
  CHECK(saved.rows[1].cells == Cells{"Ada Lovelace", "ada@example.com"});
  CHECK(saved.rows[2].cells == Cells{"Grace Hopper", "grace@example.com"});
}

// Item 5.
TEST_CASE("an External ID under number format 00000 reads 00123 from XLSX, as from its CSV and ODS") {
  for (const char* name : {"cells_as_admins_leave_them.xlsx", "cells_as_admins_leave_them.csv",
                           "cells_as_admins_leave_them.ods"}) {
    CAPTURE(name);
    const Table t = must_read_fixture(name);
    REQUIRE(t.rows.size() == 4);
    CHECK(t.rows[1].cells[2] == "00123");
    CHECK(t.rows[2].cells[2] == "00042");
    CHECK(t.rows[3].cells[2] == "00007");
    CHECK(t.rows[1].cells[5] == "0201234567");
  }
}

TEST_CASE("plain number formats show what the cell showed") {
  const auto shown = [](std::string_view code, std::string_view stored) {
    auto format = readers::parse_plain_number_format(code);
    REQUIRE_MESSAGE(format.has_value(), code);
    std::string out;
    readers::append_formatted_number(out, stored, *format);
    return out;
  };
  CHECK(shown("00000", "123") == "00123");
  CHECK(shown("00000", "1234567") == "1234567");
  CHECK(shown("0.00", "3.5") == "3.50");
  CHECK(shown("0.00", "-0.001") == "0.00");
  CHECK(shown("#,##0", "1234567") == "1,234,567");
  CHECK(shown("#,##0.00", "-1234.5") == "-1,234.50");
  CHECK(shown("000-0000", "5551234") == "555-1234");
  CHECK(shown("\"ID \"0000", "42") == "ID 0042");
  CHECK(shown("0.0#", "2.5") == "2.5");
  CHECK(shown("#.00", "0.5") == ".50");
  CHECK(shown("0", "2.5") == "3");
  CHECK(shown("0.00", "1.005") == "1.01");
  CHECK(shown("00000", "1e15") == "1000000000000000");
  for (std::string_view not_plain :
       {"General", "0%", "0.00E+00", "yyyy-mm-dd", "@", "[Red]0", "# ?/?", "0,", ""})
    CHECK_MESSAGE(!readers::parse_plain_number_format(not_plain).has_value(), not_plain);
}

// Item 7.
TEST_CASE("an ODS spreadsheet from LibreOffice reads to the cells of its CSV") {
  const Table ods = must_read_fixture("cells_as_admins_leave_them.ods");
  const Table csv = must_read_fixture("cells_as_admins_leave_them.csv");
  CHECK(ods.info.format == "ods");
  REQUIRE(ods.rows.size() == csv.rows.size());
  for (std::size_t r = 0; r < ods.rows.size(); ++r) {
    CAPTURE(r);
    CHECK(ods.rows[r].number == csv.rows[r].number);
    Cells trimmed = ods.rows[r].cells;
    Cells expected = csv.rows[r].cells;
    while (!expected.empty() && expected.back().empty()) expected.pop_back();
    CHECK(trimmed == expected);
  }
}

TEST_CASE("ODS repeated rows and cells are bounded and blank ones take no room") {
  const std::string header = "<table:table-row>" + ods_cell("<text:p>Name</text:p>") +
                             ods_cell("<text:p>Email</text:p>") + "</table:table-row>";
  // A million blank cells and rows cost nothing; a repeated row with text is
  // handed out as often as it is repeated, with its numbers.
  const std::string bytes = make_ods(
      header +
      "<table:table-row table:number-rows-repeated=\"1000000\"><table:table-cell "
      "table:number-columns-repeated=\"16384\"/></table:table-row>"
      "<table:table-row table:number-rows-repeated=\"2\">" +
      ods_cell("<text:p>Same</text:p>", "office:value-type=\"string\" table:number-columns-repeated=\"2\"") +
      "</table:table-row>");
  auto t = read_bytes(bytes, "x.ods");
  REQUIRE_MESSAGE(t.ok(), (t.ok() ? "" : t.error().message));
  REQUIRE(t->rows.size() == 3);
  CHECK(t->rows[1].number == 1000002);
  CHECK(t->rows[2].number == 1000003);
  CHECK(t->rows[2].cells == Cells{"Same", "Same"});

  // Text beyond the last row or column a spreadsheet can have is refused.
  auto too_many_rows =
      read_bytes(make_ods(header + "<table:table-row table:number-rows-repeated=\"2000000\">" +
                          ods_cell("<text:p>x</text:p>") + "</table:table-row>"));
  REQUIRE_FALSE(too_many_rows.ok());
  CHECK(too_many_rows.error().detail_code == "file.bad_cell");
  auto too_many_columns = read_bytes(make_ods(
      "<table:table-row>" +
      ods_cell("<text:p>x</text:p>", "office:value-type=\"string\" table:number-columns-repeated=\"20000\"") +
      "</table:table-row>"));
  REQUIRE_FALSE(too_many_columns.ok());
  CHECK(too_many_columns.error().detail_code == "file.bad_cell");
  // A text:s asking for more spaces than a cell may hold.
  auto spaces =
      read_bytes(make_ods("<table:table-row>" + ods_cell("<text:p><text:s text:c=\"99999999\"/></text:p>") +
                          "</table:table-row>"));
  REQUIRE_FALSE(spaces.ok());
  CHECK(spaces.error().detail_code == "file.cell_too_large");
}

TEST_CASE("ODS values: numbers as shown, dates, times, booleans, lines and spaces, no comments") {
  const std::string bytes = make_ods(
      "<table:table-row>" +
      ods_cell("<text:p>00123</text:p>", "office:value-type=\"float\" office:value=\"123\"") +
      ods_cell("<text:p>4.42E+11</text:p>", "office:value-type=\"float\" office:value=\"442071234567\"") +
      ods_cell("<text:p>01/03/24</text:p>", "office:value-type=\"date\" office:date-value=\"2024-03-01\"") +
      ods_cell("<text:p>x</text:p>", "office:value-type=\"date\" office:date-value=\"2024-03-01T13:45:00\"") +
      ods_cell("<text:p>1:45 PM</text:p>", "office:value-type=\"time\" office:time-value=\"PT13H45M00S\"") +
      ods_cell("<text:p>WAHR</text:p>", "office:value-type=\"boolean\" office:boolean-value=\"true\"") +
      ods_cell("<office:annotation><text:p>a comment</text:p></office:annotation><text:p>a<text:s "
               "text:c=\"2\"/>b<text:tab/>c</text:p><text:p><text:span>second</text:span> line</text:p>") +
      "</table:table-row>");
  auto t = read_bytes(bytes);
  REQUIRE_MESSAGE(t.ok(), (t.ok() ? "" : t.error().message));
  REQUIRE(t->rows.size() == 1);
  CHECK(t->rows[0].cells == Cells{"00123", "442071234567", "2024-03-01", "2024-03-01 13:45:00", "13:45:00",
                                  "TRUE", "a  b\tc\nsecond line"});
}

TEST_CASE("an ODS formula without a saved value is named like an XLSX one") {
  auto t = read_bytes(make_ods("<table:table-row>" + ods_cell("<text:p>Email</text:p>") +
                               "</table:table-row><table:table-row>" +
                               ods_cell("", "table:formula=\"of:=LOWER([.A1])\"") + "</table:table-row>"));
  REQUIRE_FALSE(t.ok());
  CHECK(t.error().detail_code == "file.formula_without_value");
  CHECK(t.error().message.find("Row 2, column A (Email)") != std::string::npos);
}

TEST_CASE("an ODS content.xml with a DTD is refused as XLSX parts are") {
  auto path = test::temp_dir() / "dtd.ods";
  zipFile zip = zipOpen64(path.c_str(), APPEND_STATUS_CREATE);
  REQUIRE(zip != nullptr);
  const std::string content =
      "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaa\">]><office:document-content>&a;"
      "</office:document-content>";
  for (const auto& [name, data] : std::vector<std::pair<std::string, std::string>>{
           {"mimetype", "application/vnd.oasis.opendocument.spreadsheet"}, {"content.xml", content}}) {
    REQUIRE(zipOpenNewFileInZip(zip, name.c_str(), nullptr, nullptr, 0, nullptr, 0, nullptr, Z_DEFLATED, 9) ==
            ZIP_OK);
    REQUIRE(zipWriteInFileInZip(zip, data.data(), static_cast<unsigned>(data.size())) == ZIP_OK);
    REQUIRE(zipCloseFileInZip(zip) == ZIP_OK);
  }
  REQUIRE(zipClose(zip, nullptr) == ZIP_OK);
  auto t = read_bytes(test::read_file(path));
  REQUIRE_FALSE(t.ok());
  CHECK(t.error().code == Errc::unsupported_format);
}
