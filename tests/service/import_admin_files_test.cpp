// Issue 15, end to end: files made by openpyxl and LibreOffice
// (tests/data/issue15, make_files.py) import as the people in them, or are
// refused with a sentence naming the cell to fix.
#include <algorithm>

#include "import_test_fixture.hpp"

namespace onboard::test {
namespace {

std::string all_messages(const ImportReport& r) {
  std::string text;
  for (const auto& e : r.errors)
    text += "Row " + std::to_string(e.row) + ", " + e.column + ": " + e.message + "\n";
  return text;
}

std::string issue15(const std::string& name) { return read_file(data_path("issue15/" + name)); }

}  // namespace

TEST_CASE("the same sheet from openpyxl, LibreOffice's ODS and its CSV imports the same people") {
  for (const char* name : {"cells_as_admins_leave_them.xlsx", "cells_as_admins_leave_them.ods",
                           "cells_as_admins_leave_them.csv"}) {
    CAPTURE(name);
    auto w = make_import_world();
    auto r = w.run(issue15(name), {}, name);
    REQUIRE(r.ok());
    CHECK_MESSAGE(r->errors.empty(), all_messages(*r));
    CHECK(r->committed);
    CHECK(r->rows == 3);  // the row of spaces, tabs and no-break spaces is no one
    CHECK(r->created == 3);
    User ada = w.user_by_email("ada@example.com");  // the pasted tabs are gone
    CHECK(ada.external_id == "00123");              // number format 00000
    CHECK(ada.attributes["Address"] == "1 Main Street\nLondon");
    CHECK(ada.attributes["Notes"] == "first line\nsecond line");
    CHECK(ada.attributes["Phone"] == "0201234567");
    CHECK(w.user_by_email("juergen@example.com").display_name == "J\xC3\xBCrgen M\xC3\xBCller");
    const User zoe = w.user_by_email("zoe@example.com");  // a no-break space before it
    CHECK(zoe.display_name == "Zo\xC3\xAB \xC5\x81ukasz");
    CHECK(zoe.external_id == "00007");
  }
}

TEST_CASE("a UTF-8 file with one row saved as Windows-1252 imports no one and names the row") {
  auto w = make_import_world();
  auto r = w.run(issue15("names_mixed_row4_windows1252.csv"));
  REQUIRE(r.ok());
  CHECK_FALSE(r->committed);
  CHECK(r->created == 0);
  CHECK(all_messages(*r).find("Row 4, Full Name: these bytes are not UTF-8") != std::string::npos);
  for (const User& u : w.users()) CHECK(u.display_name.find("\xC3\x83") == std::string::npos);  // no Ã
  // The same names all in Windows-1252 are read as such, with the warning.
  auto windows = w.run(issue15("names_windows1252.csv"));
  REQUIRE(windows.ok());
  CHECK(windows->encoding == "Windows-1252");
  CHECK(windows->created == 4);
  CHECK(w.user_by_email("juergen@example.com").display_name == "J\xC3\xBCrgen M\xC3\xBCller");
}

TEST_CASE("formulas without saved values are named once, not as a missing email per row") {
  auto w = make_import_world();
  auto r = w.run(issue15("formulas_without_values.xlsx"), {}, "formulas.xlsx");
  REQUIRE(r.ok());
  CHECK_FALSE(r->committed);
  const std::string text = all_messages(*r);
  CHECK(text.find("formula with no saved value") != std::string::npos);
  CHECK(text.find("open the file in a spreadsheet program, save it") != std::string::npos);
  CHECK(text.find("email is missing") == std::string::npos);
  auto saved = w.run(issue15("formulas_saved_by_libreoffice.xlsx"), {}, "formulas.xlsx");
  REQUIRE(saved.ok());
  CHECK(saved->created == 2);
}

TEST_CASE("a column without a header is warned about once in a committed import") {
  auto w = make_import_world();
  auto r = w.run("Full Name,,Email\nAda Lovelace,x,ada@example.com\n");
  REQUIRE(r.ok());
  CHECK(r->committed);
  CHECK(std::count_if(r->warnings.begin(), r->warnings.end(), [](const std::string& s) {
          return s.find("Column B has no header") != std::string::npos;
        }) == 1);
}

TEST_CASE("a file over the size limit says both sizes in MiB") {
  auto w = make_import_world();
  ImportOptions options;
  options.max_bytes = std::uint64_t{1} << 20;
  const std::string big = "Full Name,Email\n" + std::string((std::size_t{3} << 19) - 16, 'a');
  auto r = w.run(big, options);
  REQUIRE(r.ok());
  CHECK_MESSAGE(all_messages(*r).find("The file is 1.5 MiB; the limit is 1 MiB.") != std::string::npos,
                all_messages(*r));
}

}  // namespace onboard::test
