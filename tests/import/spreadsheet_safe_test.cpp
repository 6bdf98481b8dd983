#include <doctest/doctest.h>

#include <stdexcept>

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

}  // namespace onboard
