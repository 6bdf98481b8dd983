#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "onboard/import/spreadsheet_safe.hpp"

namespace onboard {

TEST_CASE("cells a spreadsheet would run are prefixed with a quote, and every field is quoted") {
  for (const char* cell :
       {"=HYPERLINK(\"http://x\",\"y\")", "-2+3", "+1", "@SUM(1)", "\t=1", "\r=1", "\n=1"}) {
    CAPTURE(cell);
    CHECK(looks_like_formula(cell));
    std::string out;
    append_safe_csv_field(out, cell);
    CHECK(out.substr(0, 2) == "\"'");
  }
  std::string out;
  append_safe_csv_field(out, "say \"hi\"");
  CHECK(out == "\"say \"\"hi\"\"\"");
  out.clear();
  append_safe_csv_field(out, "\"\"a\"b\"");  // quotes first, last and in a row
  CHECK(out == "\"\"\"\"\"a\"\"b\"\"\"");
  out.clear();
  append_safe_csv_field(out, "");
  CHECK(out == "\"\"");
  out.clear();
  append_safe_csv_field(out, std::string_view{});  // no data pointer at all
  CHECK(out == "\"\"");
  CHECK_FALSE(looks_like_formula("Ada"));
  CHECK_FALSE(looks_like_formula(""));
}

TEST_CASE("the credentials list keeps every field of every person") {
  ImportReport report;
  report.credentials.add(2, "a@example.com", "", "A B", "pw-one", "");
  report.credentials.add(3, "", "cd", "C D", "", "12345 67890");
  REQUIRE(report.credentials.size() == 2);
  const Credential second = report.credentials[1];
  CHECK(second.row == 3);
  CHECK(second.username == "cd");
  CHECK(second.activation_key == "12345 67890");
  const std::string csv = credentials_csv(report);
  CHECK(csv.find("\"2\",\"a@example.com\",\"\",\"A B\",\"pw-one\",\"\"\r\n") != std::string::npos);
  CHECK(csv.find("\"3\",\"\",\"cd\",\"C D\",\"\",\"12345 67890\"\r\n") != std::string::npos);
}

TEST_CASE("a credential viewed in place reads the same as its copy") {
  CredentialList list;
  list.add(7, "e@x.com", "user", "Name", "secret", "");
  list.add(4, "f@x.com", "", "Other", "", "key");
  const CredentialView v = list.view(1);
  const Credential c = list[1];
  CHECK(v.row == c.row);
  CHECK(v.email == c.email);
  CHECK(v.username == c.username);
  CHECK(v.display_name == c.display_name);
  CHECK(v.password == c.password);
  CHECK(v.activation_key == c.activation_key);
  CHECK_THROWS_AS((void)list.view(2), std::out_of_range);
  list.sort_by_row();
  CHECK(list.view(0).row == 4);
  CHECK(list.view(0).activation_key == "key");
  CHECK(list.view(1).password == "secret");
}

namespace {

// The rule, written the slow and obvious way: one more apostrophe in front
// of a cell that starts with a formula character after any apostrophes.
std::string reference_field(std::string_view cell) {
  std::string out = "\"";
  std::size_t first = 0;
  while (first < cell.size() && cell[first] == '\'') ++first;
  if (first < cell.size() && std::string_view("=+-@\t\r\n").find(cell[first]) != std::string_view::npos)
    out += '\'';
  for (char c : cell) {
    out += c;
    if (c == '"') out += '"';
  }
  return out + "\"";
}

std::string random_cell(std::mt19937& rng) {
  static constexpr std::string_view kAlphabet = "ab\"=+-@ \t\r\n,;'x\xC3\xA9";
  std::string cell;
  const auto size = std::uniform_int_distribution<std::size_t>(0, 40)(rng);
  for (std::size_t i = 0; i < size; ++i)
    cell += kAlphabet[std::uniform_int_distribution<std::size_t>(0, kAlphabet.size() - 1)(rng)];
  return cell;
}

}  // namespace

TEST_CASE("random cells are quoted and made safe exactly as the rule says") {
  std::mt19937 rng(7);
  for (int i = 0; i < 20000; ++i) {
    const std::string cell = random_cell(rng);
    std::string out = "prefix";
    append_safe_csv_field(out, cell);
    CHECK(out == "prefix" + reference_field(cell));
  }
}

TEST_CASE("a large credentials file is every entry, in row order, each field made safe") {
  // Past the text the list reserves for (it grows, keeping every entry), and
  // past the size from which the file's buffer asks for huge pages.
  std::mt19937 rng(11);
  constexpr int kPeople = 60000;
  std::vector<int> rows(kPeople);
  for (int i = 0; i < kPeople; ++i) rows[static_cast<std::size_t>(i)] = i + 2;
  std::shuffle(rows.begin(), rows.end(), rng);
  ImportReport report;
  report.credentials.reserve(100);
  std::vector<std::vector<std::string>> fields(kPeople + 2);
  for (int row : rows) {
    auto& f = fields[static_cast<std::size_t>(row)];
    for (int k = 0; k < 5; ++k) f.push_back(random_cell(rng));
    report.credentials.add(row, f[0], f[1], f[2], f[3], f[4]);
  }
  report.credentials.sort_by_row();
  std::string expected =
      "\xEF\xBB\xBF\"Row\",\"Email\",\"Username\",\"Name\",\"Password\",\"Activation key\"\r\n";
  for (int row = 2; row < kPeople + 2; ++row) {
    expected += reference_field(std::to_string(row));
    for (const auto& cell : fields[static_cast<std::size_t>(row)]) expected += "," + reference_field(cell);
    expected += "\r\n";
  }
  const std::string csv = credentials_csv(report);
  CHECK(csv.size() == expected.size());
  CHECK(csv == expected);
}

}  // namespace onboard

namespace onboard {

TEST_CASE("credentials sort into row order whether their rows are dense, sparse or repeated") {
  std::mt19937 rng(3);
  for (int shape = 0; shape < 3; ++shape) {
    CAPTURE(shape);
    // 0: distinct, nearly dense rows (with gaps); 1: sparse rows; 2: repeated rows.
    std::vector<std::int64_t> rows;
    for (int i = 0; i < 5000; ++i) {
      if (shape == 0 && i % 5 == 0) continue;
      rows.push_back(shape == 1 ? 10 + 1000 * static_cast<std::int64_t>(i) : shape == 2 ? 2 + i / 3 : 2 + i);
    }
    std::shuffle(rows.begin(), rows.end(), rng);
    CredentialList list;
    for (std::size_t k = 0; k < rows.size(); ++k)
      list.add(rows[k], "e" + std::to_string(rows[k]) + "@x.com", "", "N", "p" + std::to_string(k), "");
    list.sort_by_row();
    REQUIRE(list.size() == rows.size());
    for (std::size_t i = 0; i < list.size(); ++i) {
      const CredentialView v = list.view(i);
      CHECK(v.email == "e" + std::to_string(v.row) + "@x.com");
      if (i == 0) continue;
      const CredentialView before = list.view(i - 1);
      CHECK(before.row <= v.row);
      if (before.row == v.row)  // entries of one row keep the order they were added in
        CHECK(std::stoul(std::string(before.password.substr(1))) <
              std::stoul(std::string(v.password.substr(1))));
    }
  }
}

}  // namespace onboard

namespace onboard {

TEST_CASE("a guarded cell reads back from CSV exactly as written, apostrophes included") {
  const std::vector<std::string> cells = {"=1+2", "'=1+2", "''+49 30", "'plain", "plain",
                                          "-",    "'",     "''",       "@x"};
  std::string csv;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) csv.push_back(',');
    append_safe_csv_field(csv, cells[i]);
    std::string alone;  // no written cell starts with a formula character
    append_safe_csv_field(alone, cells[i]);
    CHECK_FALSE(looks_like_formula(alone.substr(1)));
  }
  csv += "\r\n";
  auto reader = open_table(csv, "round.csv");
  REQUIRE(reader.ok());
  std::vector<std::string_view> read;
  std::int64_t row = 0;
  auto more = (*reader)->next(read, row);
  REQUIRE(more.ok());
  REQUIRE(*more);
  REQUIRE(read.size() == cells.size());
  for (std::size_t i = 0; i < cells.size(); ++i) CHECK(std::string(read[i]) == cells[i]);
  CHECK(needs_formula_guard("''=x"));
  CHECK_FALSE(needs_formula_guard("'x"));
  CHECK(strip_formula_guard("'=x") == "=x");
  CHECK(strip_formula_guard("'x") == "'x");
}

}  // namespace onboard
