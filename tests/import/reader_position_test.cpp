// SeekableReader::position()/seek() (the engine's internal reader
// interface, src/import/readers/seekable_reader.hpp): an import reads rows again out of file
// order (sorted by email), so a position must bring back exactly the row, and
// the row number, that followed it.
#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

#include "import/readers/seekable_reader.hpp"
#include "onboard/import/csv_reader.hpp"
#include "onboard/import/table_reader.hpp"
#include "onboard/import/xlsx_reader.hpp"
#include "test_support.hpp"

using namespace onboard;

namespace {

using Cells = std::vector<std::string>;

struct Row {
  readers::SeekableReader::Position at;
  std::int64_t number = 0;
  Cells cells;
};

std::unique_ptr<readers::SeekableReader> must_open(std::string_view bytes) {
  auto reader = readers::open_seekable(bytes, "users.csv", {}, 0);
  REQUIRE_MESSAGE(reader.ok(), (reader.ok() ? "" : reader.error().message));
  return std::move(reader).value();
}

// The next row, or nullopt at the end.
std::optional<Row> next_row(TableReader& reader) {
  std::vector<std::string_view> cells;
  Row row;
  auto more = reader.next(cells, row.number);
  REQUIRE_MESSAGE(more.ok(), (more.ok() ? "" : more.error().message));
  if (!*more) return std::nullopt;
  row.cells.assign(cells.begin(), cells.end());
  return row;
}

// Every row with the position recorded before reading it.
std::vector<Row> read_with_positions(readers::SeekableReader& reader) {
  std::vector<Row> rows;
  for (;;) {
    auto at = reader.position();
    REQUIRE(at.has_value());
    auto row = next_row(reader);
    if (!row) return rows;
    row->at = *at;
    rows.push_back(std::move(*row));
  }
}

// Header, blank lines (which count as rows), a quoted field holding a CRLF
// and a "" escape, CRLF endings, no newline at the end.
const char* kCsv =
    "Full Name,Email,Note\r\n"
    "Ann Lee,ann@x.com,plain\r\n"
    "\r\n"
    "Bob Ray,bob@x.com,\"two\r\nlines, \"\"quoted\"\"\"\r\n"
    "\r\n"
    "\r\n"
    "Cy Dee,cy@x.com,\r\n"
    ",,\r\n"
    "Di Eve,di@x.com,last";

void check_seeks_back_in_reverse(std::string_view bytes) {
  auto reader = must_open(bytes);
  const std::vector<Row> rows = read_with_positions(*reader);
  REQUIRE(rows.size() == 5);
  CHECK(rows[0].cells == Cells{"Full Name", "Email", "Note"});
  CHECK(rows[2].cells == Cells{"Bob Ray", "bob@x.com", "two\r\nlines, \"quoted\""});
  CHECK(rows[2].number == 4);
  CHECK(rows[3].number == 7);
  CHECK(rows[3].cells == Cells{"Cy Dee", "cy@x.com", ""});
  CHECK(rows[4].number == 9);
  CHECK(rows[4].cells == Cells{"Di Eve", "di@x.com", "last"});

  for (std::size_t i = rows.size(); i-- > 0;) {
    CAPTURE(i);
    REQUIRE(reader->seek(rows[i].at));
    auto again = next_row(*reader);
    REQUIRE(again.has_value());
    CHECK(again->number == rows[i].number);
    CHECK(again->cells == rows[i].cells);
    // And reading carries on from there in file order.
    auto following = next_row(*reader);
    if (i + 1 < rows.size()) {
      REQUIRE(following.has_value());
      CHECK(following->number == rows[i + 1].number);
      CHECK(following->cells == rows[i + 1].cells);
    } else {
      CHECK_FALSE(following.has_value());
    }
  }
}

std::string utf16le_with_bom(std::string_view ascii) {
  std::string out = "\xFF\xFE";
  for (char c : ascii) {
    out += c;
    out += '\0';
  }
  return out;
}

}  // namespace

TEST_CASE("a CSV reader seeks back to each recorded position and reads the same row and number") {
  check_seeks_back_in_reverse(kCsv);
}

TEST_CASE("positions of a CSV with a BOM or in UTF-16 bring back the same rows") {
  SUBCASE("UTF-8 with BOM") { check_seeks_back_in_reverse(std::string("\xEF\xBB\xBF") + kCsv); }
  SUBCASE("UTF-16LE") { check_seeks_back_in_reverse(utf16le_with_bom(kCsv)); }
  SUBCASE("sep= line") {
    const std::string bytes = "sep=;\r\nName;Email\r\nAnn;ann@x.com\r\n";  // outlives the reader
    auto reader = must_open(bytes);
    const auto rows = read_with_positions(*reader);
    REQUIRE(rows.size() == 2);
    REQUIRE(reader->seek(rows[1].at));
    auto again = next_row(*reader);
    REQUIRE(again.has_value());
    CHECK(again->number == 3);
    CHECK(again->cells == Cells{"Ann", "ann@x.com"});
  }
}

TEST_CASE("a CSV seek beyond the end is refused and changes nothing") {
  auto reader = must_open(kCsv);
  auto header = next_row(*reader);
  REQUIRE(header.has_value());
  const auto before = reader->position();
  REQUIRE(before.has_value());

  CHECK_FALSE(reader->seek({before->offset + 1'000'000, 3}));
  CHECK_FALSE(reader->seek({before->offset, -1}));
  const auto after = reader->position();
  REQUIRE(after.has_value());
  CHECK(after->offset == before->offset);
  CHECK(after->record == before->record);
  auto ann = next_row(*reader);
  REQUIRE(ann.has_value());
  CHECK(ann->number == 2);
  CHECK(ann->cells == Cells{"Ann Lee", "ann@x.com", "plain"});

  // The end itself is a place: seeking there leaves nothing to read.
  read_with_positions(*reader);
  const auto end = reader->position();
  REQUIRE(end.has_value());
  REQUIRE(reader->seek(*end));
  CHECK_FALSE(next_row(*reader).has_value());
  CHECK_FALSE(reader->seek({end->offset + 1, end->record}));
}

TEST_CASE("an XLSX reader has no position and refuses to seek") {
  const std::string bytes = test::read_file(test::data_path("clearooms_users_utf8.xlsx"));
  auto reader = readers::open_seekable(bytes, "users.xlsx", {}, 0);
  REQUIRE(reader.ok());
  CHECK_FALSE((*reader)->position().has_value());
  auto first = next_row(**reader);
  REQUIRE(first.has_value());
  CHECK_FALSE((*reader)->seek({0, 0}));
  auto second = next_row(**reader);  // still where it was
  REQUIRE(second.has_value());
  CHECK(second->number > first->number);
}

TEST_CASE("a CSV split point is the start of a line, and a clone reads from it on its own") {
  auto reader = must_open(kCsv);
  const auto header = next_row(*reader);
  REQUIRE(header.has_value());
  const std::string_view text(kCsv);
  for (double fraction : {0.3, 0.5, 0.7}) {
    CAPTURE(fraction);
    const auto split = reader->split_point(fraction);
    REQUIRE(split.has_value());
    CHECK(split->record == 0);
    REQUIRE(split->offset > 0);
    CHECK(text[split->offset - 1] == '\n');
    CHECK(split->offset >= static_cast<std::size_t>(static_cast<double>(text.size()) * fraction));
  }
  CHECK_FALSE(reader->split_point(0.0).has_value());
  CHECK_FALSE(reader->split_point(1.0).has_value());
  CHECK_FALSE(reader->split_point(0.99).has_value());  // no line break after it

  // The clone starts where it is sought, numbering rows from there; the
  // original reader carries on undisturbed.
  auto clone = reader->clone();
  REQUIRE(clone != nullptr);
  const std::size_t cy = text.find("Cy Dee");
  REQUIRE(clone->seek({cy, 0}));
  auto first = next_row(*clone);
  REQUIRE(first.has_value());
  CHECK(first->number == 1);
  CHECK(first->cells == Cells{"Cy Dee", "cy@x.com", ""});
  auto ann = next_row(*reader);
  REQUIRE(ann.has_value());
  CHECK(ann->cells == Cells{"Ann Lee", "ann@x.com", "plain"});

  // A split point inside a quoted cell is a line start all the same: the
  // caller finds out, because its own reading steps over it.
  const std::size_t inside = text.find("lines, ");
  REQUIRE(clone->seek({inside, 0}));
  auto odd = next_row(*clone);
  REQUIRE(odd.has_value());
  CHECK(odd->cells.front() == "lines");
}

TEST_CASE("a CSV read from converted text has no clone") {
  auto reader = must_open(utf16le_with_bom(kCsv));
  CHECK(reader->clone() == nullptr);
}
