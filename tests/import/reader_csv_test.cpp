// The CSV reader: encodings, delimiters, RFC 4180 quoting and the refusals.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "onboard/import/csv_reader.hpp"
#include "onboard/import/table_reader.hpp"
#include "test_support.hpp"

using namespace onboard;

namespace {

struct Row {
  std::int64_t number;
  std::vector<std::string> cells;
};

struct Table {
  TableInfo info;
  std::vector<Row> rows;
};

Result<Table> read_table(std::string_view bytes, const ReaderLimits& limits = {}) {
  ONB_ASSIGN(auto reader, open_csv(bytes, limits));
  Table table;
  table.info = reader->info();
  std::vector<std::string_view> cells;
  std::int64_t number = 0;
  for (;;) {
    ONB_ASSIGN(bool more, reader->next(cells, number));
    if (!more) break;
    table.rows.push_back({number, std::vector<std::string>(cells.begin(), cells.end())});
  }
  return table;
}

Table must_read(std::string_view bytes) {
  auto table = read_table(bytes);
  REQUIRE_MESSAGE(table.ok(), (table.ok() ? "" : table.error().message));
  return std::move(table).value();
}

Table read_fixture(const std::string& name) { return must_read(test::read_file(test::data_path(name))); }

using Cells = std::vector<std::string>;

}  // namespace

TEST_CASE("a UTF-8 CSV fixture reads to its exact cells") {
  Table t = read_fixture("clearooms_users_utf8.csv");
  CHECK(t.info.format == "csv");
  CHECK(t.info.encoding == "UTF-8");
  CHECK(t.info.delimiter == ",");
  CHECK(t.info.warnings.empty());
  REQUIRE(t.rows.size() == 4);
  CHECK(t.rows[0].cells == Cells{"Full Name", "Email", "Role", "Office", "Team", "Password"});
  CHECK(t.rows[2].number == 3);
  CHECK(t.rows[2].cells == Cells{"Åsa Öberg", "asa.oberg@example.com", "Manager", "", "Engineering", ""});
  CHECK(t.rows[3].cells[0] == "François Lefèvre");
  CHECK(t.rows[3].cells[5] == "Enigma-Bombe-1940-Bletchley");
}

TEST_CASE("a semicolon Windows-1252 CSV from Excel is decoded with a warning") {
  Table t = read_fixture("clearooms_users_excel_windows1252_semicolon.csv");
  CHECK(t.info.encoding == "Windows-1252");
  CHECK(t.info.delimiter == ";");
  REQUIRE(t.info.warnings.size() == 1);
  CHECK(t.info.warnings[0] == "The file is not UTF-8; it was read as Windows-1252.");
  REQUIRE(t.rows.size() == 4);
  CHECK(t.rows[0].cells == Cells{"Full Name", "Email", "Role", "Office", "Team", "Password"});
  CHECK(t.rows[2].cells[0] == "Åsa Öberg");
  CHECK(t.rows[3].cells ==
        Cells{"François Lefèvre", "francois@example.com", "", "London", "", "Enigma-Bombe-1940-Bletchley"});
}

TEST_CASE("the IT Connect CSV and its UTF-16 tab-separated twin read to the same cells") {
  Table csv = read_fixture("it_connect_users.csv");
  Table utf16 = read_fixture("it_connect_users_excel_unicode_utf16.txt");
  CHECK(utf16.info.encoding == "UTF-16LE");
  CHECK(utf16.info.delimiter == "\t");
  REQUIRE(csv.rows.size() == 5);
  CHECK(csv.rows[0].cells == Cells{"User name*", "Email*", "User type", "Site"});
  CHECK(csv.rows[1].cells[0] == "Maria García");
  CHECK(csv.rows[2].cells == Cells{"Tomás Díaz", "tomas.diaz@example.org", "", ""});
  REQUIRE(utf16.rows.size() == csv.rows.size());
  for (std::size_t i = 0; i < csv.rows.size(); ++i) {
    CHECK(utf16.rows[i].number == csv.rows[i].number);
    CHECK(utf16.rows[i].cells == csv.rows[i].cells);
  }
}

TEST_CASE("the Claromentis CSV keeps phone numbers and flags as text") {
  Table t = read_fixture("claromentis_people.csv");
  REQUIRE(t.rows.size() == 4);
  CHECK(t.rows[0].cells.back() == "Change password next time");
  CHECK(t.rows[1].cells == Cells{"jbloggs", "Joe", "Bloggs", "joe.bloggs@example.net", "0161 496 0000", "1"});
  CHECK(t.rows[2].cells[4] == "");
}

TEST_CASE("a UTF-8 BOM before the first header is not part of the header") {
  Table t = read_fixture("messenger_users_semicolon_bom.csv");
  CHECK(t.info.encoding == "UTF-8 with BOM");
  CHECK(t.info.delimiter == ";");
  REQUIRE(t.rows.size() == 4);
  CHECK(t.rows[0].cells == Cells{"Vorname", "Nachname", "E-Mail", "Kontaktgruppe", "Externe ID"});
  CHECK(t.rows[1].cells == Cells{"Jürgen", "Weiß", "juergen.weiss@example.de", "Vertrieb", "A-17"});
  CHECK(t.rows[2].cells[2] == "");
}

TEST_CASE("UTF-16 big-endian with a BOM is converted") {
  std::u16string text = u"Name,Email\nJürgen,j@x.de\n";
  std::string bytes = "\xFE\xFF";
  for (char16_t c : text) {
    bytes.push_back(static_cast<char>(c >> 8));
    bytes.push_back(static_cast<char>(c & 0xFF));
  }
  Table t = must_read(bytes);
  CHECK(t.info.encoding == "UTF-16BE");
  REQUIRE(t.rows.size() == 2);
  CHECK(t.rows[1].cells == Cells{"Jürgen", "j@x.de"});
}

TEST_CASE("Windows-1252 Müller with the euro sign becomes UTF-8") {
  Table t = must_read("Name,Note\nM\xFCller,\x80 5\n");
  CHECK(t.info.encoding == "Windows-1252");
  REQUIRE(t.rows.size() == 2);
  CHECK(t.rows[1].cells == Cells{"Müller", "€ 5"});
}

TEST_CASE("bytes that are neither UTF-8 nor Windows-1252 are refused") {
  for (std::string bytes : {std::string("Name\nM\x81ller\n"), std::string("Name\n\x9D\n"),
                            std::string("Name\nA\0B\n", 9), std::string("\xEF\xBB\xBFName\n\xFF\n")}) {
    auto t = read_table(bytes);
    REQUIRE_FALSE(t.ok());
    CHECK(t.error().code == Errc::unsupported_format);
    CHECK_FALSE(t.error().message.empty());
  }
}

TEST_CASE("a damaged UTF-16 file is refused") {
  std::string lone_surrogate(
      "\xFF\xFE"
      "A\0\x00\xD8"
      "B\0",
      8);
  auto t = read_table(lone_surrogate);
  REQUIRE_FALSE(t.ok());
  CHECK(t.error().code == Errc::unsupported_format);
}

TEST_CASE("semicolon, tab and pipe delimiters are detected from the header") {
  CHECK(must_read("a;b;c\n1;2;3\n").rows[1].cells == Cells{"1", "2", "3"});
  CHECK(must_read("a\tb\n1,5\t2\n").rows[1].cells == Cells{"1,5", "2"});
  Table pipe = must_read("a|b|c\nx|y,z|w\n");
  CHECK(pipe.info.delimiter == "|");
  CHECK(pipe.rows[1].cells == Cells{"x", "y,z", "w"});
  // Delimiters inside quotes do not count.
  CHECK(must_read("\"a;b;c\",d\n1,2\n").info.delimiter == ",");
}

TEST_CASE("an Excel sep= first line names the delimiter and still counts as a row") {
  Table t = must_read("sep=;\r\nName;Email\r\nAda;ada@x.com\r\n");
  CHECK(t.info.delimiter == ";");
  REQUIRE(t.rows.size() == 2);
  CHECK(t.rows[0].number == 2);
  CHECK(t.rows[0].cells == Cells{"Name", "Email"});
  CHECK(t.rows[1].number == 3);
}

TEST_CASE("a quoted field keeps CRLF, delimiters and doubled quotes") {
  Table t = must_read(
      "Name,Address,Note\r\n\"Ada\",\"1 Main St\r\nLondon, UK\",\"She said \"\"hi\"\"\"\r\nBob,x,y\r\n");
  REQUIRE(t.rows.size() == 3);
  CHECK(t.rows[1].cells == Cells{"Ada", "1 Main St\r\nLondon, UK", "She said \"hi\""});
  // A record spanning two lines is still one spreadsheet row.
  CHECK(t.rows[2].number == 3);
  CHECK(must_read("a\n\"\"\"\"\n").rows[1].cells == Cells{"\""});
}

TEST_CASE("an unbalanced quote at the end of the file names the row where it opened") {
  auto t = read_table("Name,Email\nAda,a@x.com\n\nBob,\"b@x.com\nCarl,c@x.com\n");
  REQUIRE_FALSE(t.ok());
  CHECK(t.error().code == Errc::invalid_input);
  REQUIRE(t.error().row.has_value());
  CHECK(*t.error().row == 4);
  CHECK(t.error().message == "Row 4: a quoted field is never closed.");
}

TEST_CASE("a bare CR ends a line like LF and CRLF do") {
  Table t = must_read("a,b\rc,d\r\ne,f\ng,h");
  REQUIRE(t.rows.size() == 4);
  CHECK(t.rows[1].cells == Cells{"c", "d"});
  CHECK(t.rows[3].number == 4);
  CHECK(t.rows[3].cells == Cells{"g", "h"});
}

TEST_CASE("blank lines and empty rows are skipped but keep their row numbers") {
  Table t = must_read("\nName,Email\n\r\n,\n\"\",\"\"\nAda,a@x.com\n\n");
  REQUIRE(t.rows.size() == 2);
  CHECK(t.rows[0].number == 2);
  CHECK(t.rows[1].number == 6);
  CHECK(t.rows[1].cells == Cells{"Ada", "a@x.com"});
}

TEST_CASE("ragged rows and duplicate headers are returned as they are") {
  Table t = must_read("Email,Email,Name\na@x.com\nb@x.com,c@x.com,Bob,extra,\n");
  REQUIRE(t.rows.size() == 3);
  CHECK(t.rows[0].cells == Cells{"Email", "Email", "Name"});
  CHECK(t.rows[1].cells == Cells{"a@x.com"});
  CHECK(t.rows[2].cells == Cells{"b@x.com", "c@x.com", "Bob", "extra", ""});
}

TEST_CASE("cells that look like formulas or padding are read verbatim") {
  Table t = must_read("A,B,C,D,E\n\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",-2+3,@SUM(1),\t=1,  spaced  \n");
  REQUIRE(t.rows.size() == 2);
  CHECK(t.rows[1].cells == Cells{"=HYPERLINK(\"http://x\",\"y\")", "-2+3", "@SUM(1)", "\t=1", "  spaced  "});
}

TEST_CASE("text after a closing quote and quotes inside plain fields are kept") {
  Table t = must_read("a,b\n\"ab\"cd,x\"y\"z\n");
  CHECK(t.rows[1].cells == Cells{"abcd", "x\"y\"z"});
}

TEST_CASE("a 10 MB cell is refused by the default limit with its row") {
  for (bool quoted : {false, true}) {
    std::string big(10 * 1000 * 1000, 'x');
    std::string bytes = "Name,Note\nAda,ok\nBob," + (quoted ? "\"" + big + "\"" : big) + "\n";
    auto t = read_table(bytes);
    REQUIRE_FALSE(t.ok());
    CHECK(t.error().code == Errc::limit_exceeded);
    REQUIRE(t.error().row.has_value());
    CHECK(*t.error().row == 3);
    CHECK(t.error().message == "Row 3: a cell holds more than 1 MiB of text.");
  }
}

TEST_CASE("a cell at the limit is accepted") {
  ReaderLimits limits;
  limits.max_cell_bytes = 8;
  auto t = read_table("a\n12345678\n\"1234\"\"678\"\n", limits);
  REQUIRE(t.ok());
  CHECK(t->rows[2].cells[0] == "1234\"678");
  limits.max_cell_bytes = 7;
  CHECK_FALSE(read_table("a\n12345678\n", limits).ok());
}

TEST_CASE("200,000 generated rows stream through with their row numbers") {
  std::string bytes = "Email,First name,Last name,Role\n";
  constexpr int kRows = 200'000;
  for (int i = 0; i < kRows; ++i) {
    bytes += "user" + std::to_string(i) + "@example.com,First" + std::to_string(i) + ",\"Last, " +
             std::to_string(i) + "\",User\r\n";
  }
  auto reader = open_csv(bytes);
  REQUIRE(reader.ok());
  std::vector<std::string_view> cells;
  std::int64_t number = 0;
  std::int64_t count = 0;
  std::int64_t misshapen = 0;
  std::string last_name;
  while (true) {
    auto more = (*reader)->next(cells, number);
    REQUIRE(more.ok());
    if (!*more) break;
    ++count;
    misshapen += cells.size() != 4;
    if (count == kRows + 1) last_name = cells[2];
  }
  CHECK(count == kRows + 1);
  CHECK(misshapen == 0);
  CHECK(number == kRows + 1);
  CHECK(last_name == "Last, " + std::to_string(kRows - 1));
  CHECK((*reader)->bytes_consumed() == (*reader)->bytes_total());
}

TEST_CASE("plain UTF-8 cells are views into the caller's bytes") {
  std::string bytes = "Name,Email\nAda,ada@x.com\n";
  auto reader = open_csv(bytes);
  REQUIRE(reader.ok());
  std::vector<std::string_view> cells;
  std::int64_t number = 0;
  REQUIRE(*(*reader)->next(cells, number));
  REQUIRE(*(*reader)->next(cells, number));
  CHECK(cells[1].data() == bytes.data() + bytes.find("ada@"));
  CHECK((*reader)->bytes_consumed() == bytes.size());
}

TEST_CASE("open_table reads a CSV renamed .xlsx as CSV and says so") {
  std::string bytes = "Name,Email\nAda,ada@x.com\n";
  auto reader = open_table(bytes, "users.xlsx");
  REQUIRE(reader.ok());
  CHECK((*reader)->info().format == "csv");
  REQUIRE((*reader)->info().warnings.size() == 1);
  CHECK((*reader)->info().warnings[0] ==
        "The file is named like a workbook but holds text; it was read as CSV.");
  auto plain = open_table(bytes, "users.csv");
  REQUIRE(plain.ok());
  CHECK((*plain)->info().warnings.empty());
}

TEST_CASE("an empty file has no rows") {
  Table t = must_read("");
  CHECK(t.rows.empty());
  CHECK(must_read("\xEF\xBB\xBF").rows.empty());
}

TEST_CASE("after an error the reader keeps reporting it") {
  auto reader = open_csv("a\n\"open\nb\n");
  REQUIRE(reader.ok());
  std::vector<std::string_view> cells;
  std::int64_t number = 0;
  REQUIRE(*(*reader)->next(cells, number));
  auto first = (*reader)->next(cells, number);
  REQUIRE_FALSE(first.ok());
  auto again = (*reader)->next(cells, number);
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().message == first.error().message);
}

TEST_CASE("an empty file, even one given as a null view, is refused with a sentence") {
  for (std::string_view bytes : {std::string_view{}, std::string_view{"", 0}}) {
    auto table = onboard::open_csv(bytes);
    if (table.ok()) {
      std::vector<std::string_view> cells;
      std::int64_t row = 0;
      auto next = (*table)->next(cells, row);
      CHECK((!next.ok() || !*next));  // no rows, or a clear error: never a crash
    } else {
      CHECK_FALSE(table.error().message.empty());
    }
  }
}
