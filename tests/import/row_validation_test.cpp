#include <doctest/doctest.h>

#include <memory>
#include <string_view>
#include <vector>

#include "import/key_index.hpp"
#include "onboard/import/row_validation.hpp"

namespace onboard {
namespace {

struct Setup {
  Organization org;
  ImportOptions options;
  HeaderMapping mapping;
  std::unique_ptr<RowValidator> validator;

  explicit Setup(std::vector<std::string_view> headers, ImportOptions opts = {}) : options(std::move(opts)) {
    org.roles = RoleCatalog::preset("workspace").value();
    org.offices = {"HQ", "London"};
    org.default_office = "HQ";
    org.teams = {"Sales", "Support", "Team, Europe"};
    auto m = map_headers(headers, options, true);
    REQUIRE(m.errors.empty());
    mapping = m.mapping;
    validator = std::make_unique<RowValidator>(mapping, org, options, 100, std::nullopt);
  }
  std::vector<RowIssue> check(std::vector<std::string_view> cells, CandidateRow& out) {
    std::vector<RowIssue> issues;
    validator->validate(cells, 7, out, issues);
    return issues;
  }
};

}  // namespace

TEST_CASE("a clean row becomes a candidate with catalog indexes") {
  Setup s({"Full Name", "Email", "Role", "Office", "Team"});
  CandidateRow c;
  auto issues = s.check({" Grace  Hopper ", "Grace@Example.COM", "manager ", "london", "Sales; support"}, c);
  CHECK(issues.empty());
  CHECK(c.display_name == "Grace  Hopper");
  CHECK(c.last_name == "Hopper");
  CHECK(c.email == "Grace@Example.COM");
  CHECK(c.email_key == "grace@example.com");
  CHECK(s.org.roles.roles[static_cast<std::size_t>(c.role)].name == "Manager");
  CHECK(s.org.offices[static_cast<std::size_t>(c.office)] == "London");
  CHECK(c.teams == std::vector<int>{0, 1});
}

TEST_CASE("a team name holding a comma matches as a whole") {
  Setup s({"Full Name", "Email", "Team"});
  CandidateRow c;
  CHECK(s.check({"A B", "a@example.com", "team, europe"}, c).empty());
  CHECK(c.teams == std::vector<int>{2});
}

TEST_CASE("blank catalog cells stay blank so that the defaults apply") {
  Setup s({"Full Name", "Email", "Role", "Office"});
  CandidateRow c;
  CHECK(s.check({"A B", "a@example.com", "", "  "}, c).empty());
  CHECK(c.role == -1);
  CHECK(c.office == -1);
}

TEST_CASE("every problem in a row is reported with its row, column and code") {
  Setup s({"Full Name", "Email", "Role", "Office", "Team", "Change password next time"});
  CandidateRow c;
  auto issues = s.check({"", "a..b@x.com", "Overlord", "Lundon", "Nope", "maybe"}, c);
  REQUIRE(issues.size() == 6);
  CHECK(issues[0].code == "required.missing");
  CHECK(issues[0].column == "Full Name");
  CHECK(issues[1].code == "email.invalid");
  CHECK(issues[1].message.find("two dots in a row") != std::string::npos);
  CHECK(issues[2].code == "role.unknown");
  CHECK(issues[3].code == "office.unknown");
  CHECK(issues[3].message.find("did you mean \"London\"") != std::string::npos);
  CHECK(issues[4].code == "team.unknown");
  CHECK(issues[5].code == "change_password.invalid");
  for (const auto& i : issues) CHECK(i.row == 7);
}

TEST_CASE("the change-password flag reads 1/0, yes/no, true/false and ja/nein") {
  Setup s({"Full Name", "Email", "Change password next time"});
  for (auto [text, expected] : {std::pair{"1", true},
                                {"0", false},
                                {"Yes", true},
                                {"no", false},
                                {"TRUE", true},
                                {"false", false},
                                {"ja", true},
                                {"Nein", false}}) {
    CAPTURE(text);
    CandidateRow c;
    CHECK(s.check({"A B", "a@example.com", text}, c).empty());
    CHECK(c.change_password == expected);
  }
}

TEST_CASE("first and last name columns make the display name") {
  Setup s({"First name", "Last name", "Email"});
  CandidateRow c;
  CHECK(s.check({"Joe", "Bloggs", "joe@example.net"}, c).empty());
  CHECK(c.display_name == "Joe Bloggs");
}

TEST_CASE("a row with more cells than headers is reported") {
  Setup s({"Full Name", "Email"});
  CandidateRow c;
  auto issues = s.check({"A B", "a@example.com", "extra"}, c);
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].code == "row.too_many_cells");
}

TEST_CASE("control characters and 10 KB names are refused") {
  Setup s({"Full Name", "Email"});
  CandidateRow c;
  CHECK(s.check({"A\r\nBcc: x", "a@example.com"}, c)[0].code == "text.control_character");
  const std::string long_name(10'000, 'a');
  CHECK(s.check({long_name, "a@example.com"}, c)[0].code == "text.too_long");
  CHECK(s.check({"A B", "a@example.com\r\nBcc: x@y.z"}, c)[0].code == "email.invalid");
}

TEST_CASE("passwords from the file follow the policy") {
  ImportOptions options;
  options.passwords = PasswordSource::file;
  Setup s({"Full Name", "Email", "Password"}, options);
  CandidateRow c;
  auto weak = s.check({"A B", "a@example.com", "password1"}, c);
  REQUIRE(weak.size() == 1);
  CHECK(weak[0].column == "Password");
  CHECK(weak[0].message.find("password1") == std::string::npos);  // never repeats the secret
  CHECK(s.check({"A B", "a@example.com", "violet tangerine kayak membrane 42"}, c).empty());
  CHECK_FALSE(c.password.empty());
}

TEST_CASE("the key index finds what was inserted and reports the first value") {
  KeyIndex index;
  for (std::uint32_t i = 1; i <= 50'000; ++i)
    CHECK(index.insert("user" + std::to_string(i) + "@x.com", i) == 0);
  CHECK(index.size() == 50'000);
  CHECK(index.insert("user77@x.com", 99) == 77);
  CHECK(index.find("user50000@x.com") == 50'000);
  CHECK(index.find("nobody@x.com") == 0);
}

}  // namespace onboard
