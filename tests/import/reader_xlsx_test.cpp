// The XLSX reader: cell values as people saw them, and refusals of damaged or
// hostile workbooks (zip bombs, unsafe names, DTDs, encryption).
#include <doctest/doctest.h>
#include <minizip/zip.h>
#include <xlsxwriter.h>

#include <cstring>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "onboard/import/table_reader.hpp"
#include "onboard/import/xlsx_reader.hpp"
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

Result<Table> read_table(std::string_view bytes, const ReaderLimits& limits = {}) {
  ONB_ASSIGN(auto reader, open_xlsx(bytes, limits));
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

Table must_read(std::string_view bytes) {
  auto table = read_table(bytes);
  REQUIRE_MESSAGE(table.ok(), (table.ok() ? "" : table.error().message));
  return std::move(table).value();
}

// Writes a workbook with libxlsxwriter, the way a host's template export or a
// real spreadsheet program would, and returns its bytes.
std::string write_workbook(const std::function<void(lxw_workbook*, lxw_worksheet*)>& fill,
                           bool constant_memory = false) {
  auto path = test::temp_dir() / "book.xlsx";
  lxw_workbook_options options{};
  options.constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE;
  lxw_workbook* book = workbook_new_opt(path.c_str(), &options);
  REQUIRE(book != nullptr);
  lxw_worksheet* sheet = workbook_add_worksheet(book, nullptr);
  fill(book, sheet);
  REQUIRE(workbook_close(book) == LXW_NO_ERROR);
  return test::read_file(path);
}

using Entries = std::vector<std::pair<std::string, std::string>>;

std::string make_zip(const Entries& entries) {
  auto path = test::temp_dir() / "crafted.zip";
  zipFile zip = zipOpen64(path.c_str(), APPEND_STATUS_CREATE);
  REQUIRE(zip != nullptr);
  for (const auto& [name, content] : entries) {
    REQUIRE(zipOpenNewFileInZip(zip, name.c_str(), nullptr, nullptr, 0, nullptr, 0, nullptr, Z_DEFLATED,
                                Z_BEST_COMPRESSION) == ZIP_OK);
    REQUIRE(zipWriteInFileInZip(zip, content.data(), static_cast<unsigned>(content.size())) == ZIP_OK);
    REQUIRE(zipCloseFileInZip(zip) == ZIP_OK);
  }
  REQUIRE(zipClose(zip, nullptr) == ZIP_OK);
  return test::read_file(path);
}

constexpr const char* kMain = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
constexpr const char* kRel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

std::string sheet_xml(const std::string& rows) {
  return std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"") + kMain +
         "\"><sheetData>" + rows + "</sheetData></worksheet>";
}

// A minimal hand-made workbook; `parts` replaces or adds entries, and an
// entry mapped to nullopt is left out.
std::string crafted_workbook(const std::map<std::string, std::optional<std::string>>& parts = {}) {
  std::map<std::string, std::optional<std::string>> all = {
      {"_rels/.rels", std::string("<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"
                                  "relationships\"><Relationship Id=\"rId1\" Type=\"") +
                          kRel + "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"},
      {"xl/workbook.xml", std::string("<workbook xmlns=\"") + kMain + "\" xmlns:r=\"" + kRel +
                              "\"><workbookPr/><sheets><sheet name=\"Users\" sheetId=\"1\" r:id=\"rId1\"/>"
                              "</sheets></workbook>"},
      {"xl/_rels/workbook.xml.rels",
       std::string("<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                   "<Relationship Id=\"rId1\" Type=\"") +
           kRel + "/worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"" + kRel +
           "/sharedStrings\" Target=\"sharedStrings.xml\"/><Relationship Id=\"rId3\" Type=\"" + kRel +
           "/styles\" Target=\"/xl/styles.xml\"/></Relationships>"},
      {"xl/sharedStrings.xml",
       std::string("<sst xmlns=\"") + kMain + "\"><si><t>Name</t></si><si><t>Ada</t></si></sst>"},
      {"xl/styles.xml", std::string("<styleSheet xmlns=\"") + kMain +
                            "\"><numFmts><numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\"/></numFmts>"
                            "<cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"164\"/><xf numFmtId=\"22\"/>"
                            "</cellXfs></styleSheet>"},
      {"xl/worksheets/sheet1.xml", sheet_xml("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"
                                             "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>1</v></c></row>")},
  };
  for (const auto& [name, content] : parts) all[name] = content;
  Entries entries;
  for (const auto& [name, content] : all) {
    if (content) entries.emplace_back(name, *content);
  }
  return make_zip(entries);
}

void check_refused(const Result<Table>& table, Errc code, std::string_view detail = {}) {
  REQUIRE_FALSE(table.ok());
  CHECK(table.error().code == code);
  CHECK_FALSE(table.error().message.empty());
  if (!detail.empty()) CHECK(table.error().detail_code == detail);
}

// Offset of the zip header with signature `signature` whose file name (at
// `name_offset` from the header) is `name`.
std::size_t find_header(const std::string& zip, std::string_view signature, std::size_t name_offset,
                        std::string_view name) {
  for (std::size_t at = zip.find(signature); at != std::string::npos; at = zip.find(signature, at + 1)) {
    if (zip.compare(at + name_offset, name.size(), name) == 0) return at;
  }
  FAIL("header not found");
  return 0;
}

void put_u32(std::string& bytes, std::size_t at, std::uint32_t value) {
  for (int i = 0; i < 4; ++i) bytes[at + i] = static_cast<char>((value >> (8 * i)) & 0xFF);
}

}  // namespace

TEST_CASE("the Clearooms workbook reads to the same cells as its CSV") {
  Table t = must_read(test::read_file(test::data_path("clearooms_users_utf8.xlsx")));
  CHECK(t.info.format == "xlsx");
  CHECK(t.info.delimiter.empty());
  REQUIRE(t.rows.size() == 4);
  CHECK(t.rows[0].cells == Cells{"Full Name", "Email", "Role", "Office", "Team", "Password"});
  // Missing cells become empty ones, placed by their reference.
  CHECK(t.rows[2].cells == Cells{"Åsa Öberg", "asa.oberg@example.com", "Manager", "", "Engineering"});
  CHECK(t.rows[3].number == 4);
  CHECK(t.rows[3].cells ==
        Cells{"François Lefèvre", "francois@example.com", "", "London", "", "Enigma-Bombe-1940-Bletchley"});
}

TEST_CASE("the IT Connect workbook reads to its cells") {
  Table t = must_read(test::read_file(test::data_path("it_connect_users.xlsx")));
  REQUIRE(t.rows.size() == 5);
  CHECK(t.rows[0].cells == Cells{"User name*", "Email*", "User type", "Site"});
  CHECK(t.rows[1].cells == Cells{"Maria García", "maria.garcia@example.org", "Privileged", "HQ"});
  CHECK(t.rows[2].cells[0] == "Tomás Díaz");
  CHECK(t.rows[4].cells == Cells{"Priya Patel", "priya.patel@example.org", "standard", "dublin"});
}

TEST_CASE("numbers come back as typed, never in scientific notation") {
  std::string bytes = write_workbook([](lxw_workbook* book, lxw_worksheet* sheet) {
    lxw_format* decimals = workbook_add_format(book);
    format_set_num_format(decimals, "0.00");
    worksheet_write_string(sheet, 0, 0, "Phone", nullptr);
    worksheet_write_number(sheet, 1, 0, 442071234567.0, nullptr);
    worksheet_write_number(sheet, 1, 1, 3.5, decimals);
    worksheet_write_number(sheet, 1, 2, -17, nullptr);
    worksheet_write_number(sheet, 1, 3, 0.1 + 0.2, nullptr);
    worksheet_write_number(sheet, 1, 4, 1234567890123456.0, nullptr);
    worksheet_write_number(sheet, 1, 5, 1e-7, nullptr);
  });
  Table t = must_read(bytes);
  REQUIRE(t.rows.size() == 2);
  // A number format shows what the cell showed: 3.5 under "0.00" is 3.50, as in its CSV.
  CHECK(t.rows[1].cells == Cells{"442071234567", "3.50", "-17", "0.3", "1234567890123456", "1e-07"});
}

TEST_CASE("dates and times are read from their number format") {
  std::string bytes = write_workbook([](lxw_workbook* book, lxw_worksheet* sheet) {
    lxw_format* iso = workbook_add_format(book);
    format_set_num_format(iso, "yyyy-mm-dd");
    lxw_format* european = workbook_add_format(book);
    format_set_num_format(european, "dd/mm/yyyy hh:mm");
    lxw_format* builtin = workbook_add_format(book);
    format_set_num_format_index(builtin, 14);
    lxw_format* clock = workbook_add_format(book);
    format_set_num_format(clock, "[$-409]h:mm AM/PM");
    lxw_format* quoted = workbook_add_format(book);
    format_set_num_format(quoted, "0 \"days\"");
    lxw_datetime day{2024, 3, 1, 0, 0, 0};
    lxw_datetime moment{2024, 3, 1, 13, 45, 0};
    worksheet_write_datetime(sheet, 0, 0, &day, iso);
    worksheet_write_datetime(sheet, 0, 1, &moment, european);
    worksheet_write_datetime(sheet, 0, 2, &day, builtin);
    worksheet_write_number(sheet, 0, 3, 0.5729166666666666, clock);
    worksheet_write_number(sheet, 0, 4, 45352, quoted);
    worksheet_write_number(sheet, 1, 0, 59, iso);
    worksheet_write_number(sheet, 1, 1, 60, iso);
    worksheet_write_number(sheet, 1, 2, 61, iso);
  });
  Table t = must_read(bytes);
  REQUIRE(t.rows.size() == 2);
  CHECK(t.rows[0].cells ==
        Cells{"2024-03-01", "2024-03-01 13:45:00", "2024-03-01", "13:45:00", "45352 days"});
  // Excel keeps Lotus 1-2-3's 29 February 1900.
  CHECK(t.rows[1].cells == Cells{"1900-02-28", "1900-02-29", "1900-03-01"});
}

TEST_CASE("the 1904 date system is honoured") {
  std::string workbook =
      std::string("<workbook xmlns=\"") + kMain + "\" xmlns:r=\"" + kRel +
      "\"><workbookPr date1904=\"1\"/><sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/>"
      "</sheets></workbook>";
  std::string sheet =
      sheet_xml("<row r=\"1\"><c r=\"A1\" s=\"1\"><v>0</v></c><c r=\"B1\" s=\"2\"><v>1.25</v></c></row>");
  Table t = must_read(crafted_workbook({{"xl/workbook.xml", workbook}, {"xl/worksheets/sheet1.xml", sheet}}));
  REQUIRE(t.rows.size() == 1);
  CHECK(t.rows[0].cells == Cells{"1904-01-01", "1904-01-02 06:00:00"});
}

TEST_CASE("booleans, formulas and errors show what the cell showed") {
  std::string bytes = write_workbook([](lxw_workbook*, lxw_worksheet* sheet) {
    worksheet_write_boolean(sheet, 0, 0, 1, nullptr);
    worksheet_write_boolean(sheet, 0, 1, 0, nullptr);
    worksheet_write_formula_num(sheet, 0, 2, "=1+1", nullptr, 2);
    worksheet_write_formula_str(sheet, 0, 3, "=\"A\"&\"B\"", nullptr, "AB");
    worksheet_write_formula_num(sheet, 0, 4, "=100000000000*4.42071234567", nullptr, 442071234567.0);
  });
  Table t = must_read(bytes);
  REQUIRE(t.rows.size() == 1);
  CHECK(t.rows[0].cells == Cells{"TRUE", "FALSE", "2", "AB", "442071234567"});

  std::string sheet = sheet_xml(
      "<row r=\"1\"><c r=\"A1\" t=\"e\"><f>VLOOKUP(1,B:B,2)</f><v>#N/A</v></c>"
      "<c r=\"B1\" t=\"d\"><v>2024-03-01T00:00:00</v></c></row>");
  Table errors = must_read(crafted_workbook({{"xl/worksheets/sheet1.xml", sheet}}));
  CHECK(errors.rows[0].cells == Cells{"#N/A", "2024-03-01"});
}

TEST_CASE("inline strings and shared strings read the same") {
  auto fill = [](lxw_workbook*, lxw_worksheet* sheet) {
    worksheet_write_string(sheet, 0, 0, "Email", nullptr);
    worksheet_write_string(sheet, 0, 1, "Name", nullptr);
    worksheet_write_string(sheet, 1, 0, "jurgen@example.de", nullptr);
    worksheet_write_string(sheet, 1, 1, "Jürgen Weiß", nullptr);
  };
  std::string shared = write_workbook(fill, false);
  std::string inlined = write_workbook(fill, true);
  CHECK(shared.find("sharedStrings.xml") != std::string::npos);
  Table a = must_read(shared);
  Table b = must_read(inlined);
  REQUIRE(a.rows.size() == 2);
  CHECK(a.rows[1].cells == Cells{"jurgen@example.de", "Jürgen Weiß"});
  REQUIRE(b.rows.size() == 2);
  CHECK(b.rows[1].cells == a.rows[1].cells);
}

TEST_CASE("rich text runs are joined and phonetic hints left out") {
  std::string strings = std::string("<sst xmlns=\"") + kMain +
                        "\"><si><r><rPr><b/></rPr><t>Fran</t></r><r><t xml:space=\"preserve\">çois L</t></r>"
                        "<r><t>efèvre</t></r><rPh sb=\"0\" eb=\"1\"><t>ふりがな</t></rPh></si>"
                        "<si><t>Line_x000D__x000A_two and _x005F_x0041_</t></si></sst>";
  std::string sheet = sheet_xml(
      "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
      "<c r=\"C1\" t=\"inlineStr\"><is><r><t>In</t></r><r><t>line</t></r></is></c></row>");
  Table t =
      must_read(crafted_workbook({{"xl/sharedStrings.xml", strings}, {"xl/worksheets/sheet1.xml", sheet}}));
  REQUIRE(t.rows.size() == 1);
  CHECK(t.rows[0].cells == Cells{"François Lefèvre", "Line\r\ntwo and _x0041_", "Inline"});
}

TEST_CASE("rows keep their sheet numbers and blank rows are skipped") {
  std::string sheet = sheet_xml(
      "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"
      "<row r=\"3\"><c r=\"A3\" s=\"1\"/><c r=\"B3\" t=\"inlineStr\"><is><t></t></is></c></row>"
      "<row r=\"7\"><c r=\"C7\" t=\"s\"><v>1</v></c><c><v>5</v></c></row>"
      "<row><c t=\"s\"><v>1</v></c></row>");
  Table t = must_read(crafted_workbook({{"xl/worksheets/sheet1.xml", sheet}}));
  REQUIRE(t.rows.size() == 3);
  CHECK(t.rows[0].number == 1);
  CHECK(t.rows[1].number == 7);
  CHECK(t.rows[1].cells == Cells{"", "", "Ada", "5"});
  CHECK(t.rows[2].number == 8);
  CHECK(t.rows[2].cells == Cells{"Ada"});
}

TEST_CASE("namespace prefixes on element names are understood") {
  std::string sheet = std::string("<x:worksheet xmlns:x=\"") + kMain +
                      "\"><x:sheetData><x:row r=\"1\"><x:c r=\"B1\" t=\"s\"><x:v>1</x:v></x:c></x:row>"
                      "</x:sheetData></x:worksheet>";
  Table t = must_read(crafted_workbook({{"xl/worksheets/sheet1.xml", sheet}}));
  REQUIRE(t.rows.size() == 1);
  CHECK(t.rows[0].cells == Cells{"", "Ada"});
}

TEST_CASE("a shared-string index out of range names its row and column") {
  std::string sheet = sheet_xml(
      "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"
      "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>1</v></c><c r=\"B2\" t=\"s\"><v>99</v></c></row>");
  auto t = read_table(crafted_workbook({{"xl/worksheets/sheet1.xml", sheet}}));
  check_refused(t, Errc::invalid_input, "file.bad_shared_string");
  REQUIRE(t.error().row.has_value());
  CHECK(*t.error().row == 2);
  CHECK(t.error().column == "B");
  CHECK(t.error().message ==
        "Row 2, column B: the cell refers to shared text number 99, which the workbook "
        "does not have.");
}

TEST_CASE("a cell beyond the last column or over the size limit is refused with its row") {
  std::string far = sheet_xml("<row r=\"4\"><c r=\"XFE4\"><v>1</v></c></row>");
  auto t = read_table(crafted_workbook({{"xl/worksheets/sheet1.xml", far}}));
  check_refused(t, Errc::invalid_input);
  CHECK(t.error().row == 4);

  std::string big = sheet_xml("<row r=\"5\"><c r=\"A5\" t=\"inlineStr\"><is><t>" + std::string(2000, 'x') +
                              "</t></is></c></row>");
  ReaderLimits limits;
  limits.max_cell_bytes = 1000;
  auto large = read_table(crafted_workbook({{"xl/worksheets/sheet1.xml", big}}), limits);
  check_refused(large, Errc::limit_exceeded, "file.cell_too_large");
  CHECK(large.error().row == 5);
}

TEST_CASE("a zip bomb is refused by the bytes it really inflates to") {
  // 8 MiB of whitespace inside valid XML compresses about 1000:1.
  std::string padded = std::string("<sst xmlns=\"") + kMain + "\">" + std::string(8 << 20, ' ') + "</sst>";
  std::string bomb = crafted_workbook({{"xl/sharedStrings.xml", padded}});
  CHECK(bomb.size() < 100'000);

  ReaderLimits small;
  small.max_uncompressed_bytes = 4 << 20;
  small.max_compression_ratio = 100'000;
  auto total = read_table(bomb, small);
  check_refused(total, Errc::limit_exceeded, "file.zip_bomb");
  CHECK(total.error().message ==
        "The workbook unzips to more than 4 MiB, so it was refused as a possible zip bomb.");

  auto ratio = read_table(bomb);  // default limits: 200:1 past the first MiB
  check_refused(ratio, Errc::limit_exceeded, "file.zip_bomb");
  CHECK(ratio.error().message ==
        "The workbook is compressed more than 200 to 1, so it was refused as a possible "
        "zip bomb.");

  // The same in the worksheet, which is streamed row by row.
  std::string sheet =
      sheet_xml("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>" + std::string(8 << 20, ' '));
  check_refused(read_table(crafted_workbook({{"xl/worksheets/sheet1.xml", sheet}}), small),
                Errc::limit_exceeded, "file.zip_bomb");
}

TEST_CASE("a workbook with too many entries is refused") {
  ReaderLimits limits;
  limits.max_zip_entries = 6;
  CHECK(read_table(crafted_workbook(), limits).ok());
  check_refused(read_table(crafted_workbook({{"docProps/app.xml", "<x/>"}}), limits), Errc::limit_exceeded);
}

TEST_CASE("a local header that lies about sizes is a damaged file") {
  std::string bytes = crafted_workbook();
  const std::string sheet = "xl/worksheets/sheet1.xml";
  std::size_t local = find_header(bytes, "PK\x03\x04", 30, sheet);
  std::size_t central = find_header(bytes, "PK\x01\x02", 46, sheet);

  std::string local_lies = bytes;
  put_u32(local_lies, local + 22, 7);
  check_refused(read_table(local_lies), Errc::unsupported_format, "file.damaged");

  // Both headers claim more than the data holds.
  std::string both_lie = bytes;
  put_u32(both_lie, local + 22, 100'000);
  put_u32(both_lie, central + 24, 100'000);
  check_refused(read_table(both_lie), Errc::unsupported_format);

  // Both claim less: reading stops there and the CRC no longer matches.
  std::string both_short = bytes;
  put_u32(both_short, local + 22, 12);
  put_u32(both_short, central + 24, 12);
  check_refused(read_table(both_short), Errc::unsupported_format);
}

TEST_CASE("entry names that leave the archive are refused") {
  for (std::string name : {"../evil.xml", "xl/../../evil.xml", "/etc/passwd", "xl\\..\\..\\evil.xml"}) {
    auto t = read_table(crafted_workbook({{name, "<x/>"}}));
    check_refused(t, Errc::unsupported_format, "file.unsafe_entry_name");
  }
}

TEST_CASE("a truncated workbook is refused") {
  std::string bytes = test::read_file(test::data_path("clearooms_users_utf8.xlsx"));
  for (std::size_t keep : {bytes.size() / 2, bytes.size() - 10, std::size_t{4}}) {
    check_refused(read_table(bytes.substr(0, keep)), Errc::unsupported_format);
  }
}

TEST_CASE("DTDs, entity declarations and external entities are refused in every part") {
  const std::string laughs =
      "<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
      "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>";
  const std::string external = "<!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>";
  const std::string external_dtd = "<!DOCTYPE x SYSTEM \"http://example.invalid/evil.dtd\">";

  // Each part, with text that would use the declared entities.
  std::map<std::string, std::string> originals = {
      {"xl/sharedStrings.xml",
       std::string("<sst xmlns=\"") + kMain + "\"><si><t>&lol3;</t></si><si><t>&xxe;</t></si></sst>"},
      {"xl/worksheets/sheet1.xml",
       sheet_xml("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&xxe;&lol3;</t></is></c></row>")},
      {"xl/workbook.xml",
       std::string("<workbook xmlns=\"") + kMain + "\" xmlns:r=\"" + kRel +
           "\"><sheets><sheet name=\"&lol3;\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"},
      {"xl/styles.xml", std::string("<styleSheet xmlns=\"") + kMain + "\"/>"},
      {"_rels/.rels",
       "<Relationships><Relationship Id=\"&lol3;\" Type=\"&xxe;\" Target=\"x\"/></Relationships>"},
      {"xl/_rels/workbook.xml.rels",
       "<Relationships><Relationship Id=\"rId1\" Type=\"&xxe;\"/></Relationships>"},
  };
  for (const auto& [part, body] : originals) {
    for (const std::string& doctype : {laughs, external, external_dtd}) {
      CAPTURE(part);
      CAPTURE(doctype);
      // After the XML declaration, where a DTD may legally stand.
      std::string hostile = body;
      auto prolog_end = hostile.find("?>");
      hostile.insert(prolog_end == std::string::npos ? 0 : prolog_end + 2, doctype);
      auto t = read_table(crafted_workbook({{part, hostile}}));
      check_refused(t, Errc::unsupported_format, "file.xml_dtd");
    }
  }
  // An entity reference with no declaration is simply malformed XML.
  auto undeclared =
      read_table(crafted_workbook({{"xl/sharedStrings.xml", originals["xl/sharedStrings.xml"]}}));
  check_refused(undeclared, Errc::unsupported_format, "file.xml_malformed");
}

TEST_CASE("encrypted workbooks are refused with a sentence about the password") {
  // An encrypted zip entry (general purpose flag bit 0).
  std::string zip = crafted_workbook();
  std::size_t central = find_header(zip, "PK\x01\x02", 46, "xl/workbook.xml");
  zip[central + 8] = static_cast<char>(zip[central + 8] | 1);
  auto t = read_table(zip);
  check_refused(t, Errc::unsupported_format, "file.encrypted");
  CHECK(t.error().message ==
        "This workbook is password-protected; save it without a password and try again.");

  // Excel's own encryption: an OLE2 container with an EncryptedPackage stream.
  std::string ole2 = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + std::string(504, '\0');
  std::string_view stream("E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0", 32);
  std::string encrypted = ole2 + std::string(stream) + std::string(512, '\0');
  auto e = read_table(encrypted);
  check_refused(e, Errc::unsupported_format, "file.encrypted");
  auto via_table = open_table(encrypted, "users.xlsx");
  REQUIRE_FALSE(via_table.ok());
  CHECK(via_table.error().message == e.error().message);

  // Any other OLE2 file is a legacy .xls workbook.
  check_refused(read_table(ole2), Errc::unsupported_format, "file.xls");
}

TEST_CASE("a CSV renamed .xlsx is refused by open_xlsx and read as CSV by open_table") {
  std::string csv = test::read_file(test::data_path("clearooms_users_utf8.csv"));
  auto t = read_table(csv);
  check_refused(t, Errc::unsupported_format, "file.not_xlsx");
  CHECK(t.error().message == "This file is not an XLSX workbook.");

  auto reader = open_table(csv, "clearooms_users_utf8.xlsx");
  REQUIRE(reader.ok());
  CHECK((*reader)->info().format == "csv");
  std::vector<std::string_view> cells;
  std::int64_t number = 0;
  REQUIRE(*(*reader)->next(cells, number));
  CHECK(cells[0] == "Full Name");
}

TEST_CASE("open_table reads a workbook whatever its name") {
  std::string bytes = test::read_file(test::data_path("it_connect_users.xlsx"));
  auto reader = open_table(bytes, "export.csv");
  REQUIRE(reader.ok());
  CHECK((*reader)->info().format == "xlsx");
  std::vector<std::string_view> cells;
  std::int64_t number = 0;
  std::uint64_t before = (*reader)->bytes_consumed();
  while (*(*reader)->next(cells, number)) {
  }
  CHECK(number == 5);
  CHECK(before < (*reader)->bytes_total());
  CHECK((*reader)->bytes_consumed() == (*reader)->bytes_total());
}

TEST_CASE("a zip that is not a workbook, or has no worksheet, is refused") {
  check_refused(read_table(make_zip({{"readme.txt", "hello"}})), Errc::unsupported_format, "file.not_xlsx");
  std::string no_sheets = std::string("<workbook xmlns=\"") + kMain + "\"><sheets/></workbook>";
  check_refused(read_table(crafted_workbook({{"xl/workbook.xml", no_sheets}})), Errc::unsupported_format,
                "file.no_worksheet");
  check_refused(read_table(crafted_workbook({{"xl/worksheets/sheet1.xml", std::nullopt}})),
                Errc::unsupported_format, "file.damaged");
}
