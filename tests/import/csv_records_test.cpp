// The CSV reader splits a plain record in one vector pass and falls back to
// a field-by-field parse for anything else (quotes, the last bytes of the
// text, long records). Both must read every text the same way: here random
// texts made of the characters that matter are read by the reader and by a
// plain reference parser written from the reader's documented rules, and
// the rows compared.
#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include "onboard/import/csv_reader.hpp"

using namespace onboard;

namespace {

struct Row {
  std::int64_t number;
  std::vector<std::string> cells;
  bool operator==(const Row&) const = default;
};

// RFC 4180 as the reader documents it: a quote opens a quoted cell only at
// the start of a cell, "" inside is one quote, text after the closing quote
// is kept; CRLF, LF or a lone CR ends a record; records without any text
// (or only spaces, tabs and no-break spaces) are skipped but counted. Returns false for a quote never closed.
bool reference_rows(const std::string& text, char delimiter, std::vector<Row>& rows) {
  std::size_t i = 0;
  std::int64_t record = 0;
  while (i < text.size()) {
    ++record;
    std::vector<std::string> cells;
    for (;;) {
      std::string cell;
      if (i < text.size() && text[i] == '"') {
        ++i;
        for (;;) {
          if (i >= text.size()) return false;
          if (text[i] == '"') {
            if (i + 1 < text.size() && text[i + 1] == '"') {
              cell += '"';
              i += 2;
              continue;
            }
            ++i;
            break;
          }
          cell += text[i++];
        }
      }
      while (i < text.size() && text[i] != delimiter && text[i] != '\r' && text[i] != '\n') cell += text[i++];
      cells.push_back(cell);
      if (i >= text.size()) break;
      const char c = text[i++];
      if (c == delimiter) continue;
      if (c == '\r' && i < text.size() && text[i] == '\n') ++i;
      break;
    }
    bool any = false;
    // Spaces, tabs and no-break spaces alone are no text.
    for (const auto& c : cells) {
      std::string rest = c;
      for (std::size_t at; (at = rest.find("\xC2\xA0")) != std::string::npos;) rest.erase(at, 2);
      any = any || rest.find_first_not_of(" \t") != std::string::npos;
    }
    if (any) rows.push_back({record, cells});
  }
  return true;
}

// The reader's rows, or false when it reported an error.
bool reader_rows(const std::string& text, std::vector<Row>& rows) {
  auto reader = open_csv(text);
  REQUIRE(reader.ok());
  std::vector<std::string_view> cells;
  std::int64_t number = 0;
  for (;;) {
    auto more = (*reader)->next(cells, number);
    if (!more) return false;
    if (!*more) return true;
    rows.push_back({number, std::vector<std::string>(cells.begin(), cells.end())});
  }
}

}  // namespace

TEST_CASE("the CSV reader reads random texts as the reference parser does") {
  // A header without quotes fixes the delimiter; the body is random.
  // '~' stands for a no-break space (two bytes).
  const std::string alphabet = "ab,,,\"\r\n\n ;x\t\t~";
  std::mt19937 random(20261122);
  int compared = 0;
  for (int n = 0; n < 4000; ++n) {
    std::string text = "h1,h2,h3\n";
    const int length = static_cast<int>(random() % 120);
    for (int k = 0; k < length; ++k) {
      const char c = alphabet[random() % alphabet.size()];
      text += c == '~' ? std::string("\xC2\xA0") : std::string(1, c);
    }
    // Long plain stretches too, so records span several 16-byte blocks.
    if (n % 3 == 0) text += std::string(random() % 40, 'y') + "," + std::string(random() % 20, 'z') + "\r\n";
    std::vector<Row> expected, actual;
    const bool expected_ok = reference_rows(text, ',', expected);
    const bool actual_ok = reader_rows(text, actual);
    CAPTURE(text);
    REQUIRE(expected_ok == actual_ok);
    if (expected_ok) {
      REQUIRE(expected.size() == actual.size());
      for (std::size_t r = 0; r < expected.size(); ++r) {
        CHECK(expected[r].number == actual[r].number);
        CHECK(expected[r].cells == actual[r].cells);
      }
      ++compared;
    }
  }
  CHECK(compared > 1000);
}

TEST_CASE("a plain record longer than the cell limit is read cell by cell") {
  ReaderLimits limits;
  limits.max_cell_bytes = 8;
  const std::string fits = "a,b\n1234567,1234567,1234567\nlast,row,here,and,more,text\n";
  auto reader = open_csv(fits, limits);
  REQUIRE(reader.ok());
  std::vector<std::string_view> cells;
  std::int64_t number = 0;
  REQUIRE(*(*reader)->next(cells, number));
  REQUIRE(*(*reader)->next(cells, number));
  CHECK(cells.size() == 3);
  CHECK(cells[2] == "1234567");
  const std::string too_long = "a,b\n123456789,x,yyyyyyyyyyyyyyyyyyyy\n";
  auto refusing = open_csv(too_long, limits);
  REQUIRE(refusing.ok());
  REQUIRE(*(*refusing)->next(cells, number));
  auto failed = (*refusing)->next(cells, number);
  REQUIRE_FALSE(failed.ok());
  CHECK(failed.error().detail_code == "file.cell_too_large");
}
