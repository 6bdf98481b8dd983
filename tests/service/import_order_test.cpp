// An import writes its rows sorted by email, but people see the file's order:
// the credentials come back in row order, each with its own row's person and
// password, and every row becomes the right user.
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "import_test_fixture.hpp"

namespace onboard::test {
namespace {

constexpr int kRows = 300;

// Emails whose sorted order is not the file's: row i gets u<(i*7919)%1000>.
std::string email_of(int i) {
  std::string n = std::to_string((i * 7919) % 1000);
  n.insert(0, 3 - n.size(), '0');
  return "u" + n + "@example.com";
}
std::string role_of(int i) { return i % 4 == 0 ? "Manager" : "User"; }
std::string team_of(int i) { return i % 2 == 0 ? "Engineering" : "Sales"; }
std::string office_of(int i) { return i % 3 == 0 ? "London" : "HQ"; }

bool is_bad(int i) { return i % 37 == 5; }

// Row i of the file is spreadsheet row i + 2. With `bad_rows`, some rows in
// between have an invalid email or an unknown role.
std::string scrambled_csv(bool bad_rows) {
  std::string out = "Full Name,Email,Role,Office,Team\r\n";
  for (int i = 0; i < kRows; ++i) {
    std::string email = email_of(i);
    std::string role = role_of(i);
    if (bad_rows && is_bad(i)) (i % 2 == 0 ? email : role) = i % 2 == 0 ? "not-an-address" : "Overlord";
    out += "Given" + std::to_string(i) + " Family" + std::to_string(i) + "," + email + "," + role + "," +
           office_of(i) + "," + team_of(i) + "\r\n";
  }
  return out;
}

ImportWorldSpec sqlite_spec() {
  ImportWorldSpec spec;
  spec.backend = "sqlite";
  return spec;
}

// Each credential names the row it came from, in ascending order, with that
// row's person; its password signs that person in.
void check_credentials_and_users(ImportWorld& w, const ImportReport& r, bool bad_rows) {
  std::vector<int> expected_rows;
  for (int i = 0; i < kRows; ++i)
    if (!bad_rows || !is_bad(i)) expected_rows.push_back(i);
  REQUIRE(r.credentials.size() == expected_rows.size());
  for (std::size_t k = 0; k < expected_rows.size(); ++k) {
    const int i = expected_rows[k];
    CAPTURE(i);
    const Credential c = r.credentials[k];
    CHECK(c.row == i + 2);
    CHECK(c.email == email_of(i));
    CHECK(c.display_name == "Given" + std::to_string(i) + " Family" + std::to_string(i));
    const User u = w.user_by_email(email_of(i));
    CHECK(u.first_name == "Given" + std::to_string(i));
    CHECK(u.last_name == "Family" + std::to_string(i));
    CHECK(u.role == role_of(i));
    CHECK(u.office == office_of(i));
    CHECK(u.teams == std::vector<std::string>{team_of(i)});
    // The password is this row's: a wrong one would be bad_credentials.
    auto auth = w.dir->authenticate(w.org.id, email_of(i), c.password);
    REQUIRE_FALSE(auth.ok());
    CHECK(auth.error().code == Errc::must_change_password);
  }

  // Every imported person is listed, and nobody else (the admin aside).
  std::vector<User> listed = w.users();
  CHECK(listed.size() == expected_rows.size() + 1);
  std::vector<std::string> listed_emails;
  for (const User& u : listed) listed_emails.push_back(u.email);
  std::sort(listed_emails.begin(), listed_emails.end());
  for (int i : expected_rows)
    CHECK(std::binary_search(listed_emails.begin(), listed_emails.end(), email_of(i)));
}

}  // namespace

TEST_CASE("an import keeps the file's order in its credentials while writing sorted by email") {
  auto w = make_import_world(sqlite_spec());
  auto r = w.run(scrambled_csv(false));
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
  REQUIRE_MESSAGE(r->committed, codes(*r));
  CHECK(r->created == kRows);
  check_credentials_and_users(w, *r, false);
}

TEST_CASE("a valid-rows import with bad rows in between keeps the file's order for the good ones") {
  auto w = make_import_world(sqlite_spec());
  ImportOptions options;
  options.mode = CommitMode::valid_rows;
  auto r = w.run(scrambled_csv(true), options);
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
  REQUIRE(r->committed);
  int bad = 0;
  for (int i = 0; i < kRows; ++i) bad += is_bad(i) ? 1 : 0;
  CHECK(r->error_rows == bad);
  CHECK(r->created == kRows - bad);
  // The errors name the bad rows, in file order.
  REQUIRE(r->errors.size() == static_cast<std::size_t>(bad));
  std::size_t k = 0;
  for (int i = 0; i < kRows; ++i) {
    if (!is_bad(i)) continue;
    CHECK(r->errors[k].row == i + 2);
    CHECK_FALSE(w.dir->find_user_by_email(w.org.id, email_of(i)).ok());
    ++k;
  }
  check_credentials_and_users(w, *r, true);
}

}  // namespace onboard::test

namespace onboard::test {
namespace {

// Rows that differ in which optional fields they have, so that a user filled
// again in place (the users of a written chunk are reused for a later one)
// would show any field left over from the row before.
std::string varied_csv(int rows) {
  std::string out = "Full Name,Email,Role,Office,Team,Username,Employee ID,Phone\r\n";
  for (int i = 0; i < rows; ++i) {
    out += "Given" + std::to_string(i) + " Family" + std::to_string(i) + ",";
    out += "v" + std::to_string((i * 7919) % rows) + "@example.com,";
    out += std::string(i % 4 == 0 ? "Manager" : "") + "," + (i % 3 == 0 ? "London" : "") + ",";
    out += std::string(i % 2 == 0 ? "Engineering" : "") + ",";
    out += (i % 5 == 0 ? "user" + std::to_string(i) : "") + ",";
    out += (i % 6 == 0 ? "E" + std::to_string(i) : "") + ",";
    out += (i % 7 == 0 ? "555-" + std::to_string(i) : "") + "\r\n";
  }
  return out;
}

}  // namespace

TEST_CASE("users filled again in place across chunks keep nothing of the rows before") {
  constexpr int kMany = 20000;  // past two chunks of 8,192, so users are reused
  auto w = make_import_world();
  ImportOptions options;
  options.max_rows = kMany;
  auto r = w.run(varied_csv(kMany), options);
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
  REQUIRE_MESSAGE(r->committed, (r->errors.empty() ? "" : r->errors[0].code + ": " + r->errors[0].message));
  REQUIRE(r->created == kMany);
  REQUIRE(r->credentials.size() == static_cast<std::size_t>(kMany));
  std::vector<User> all = w.users();
  REQUIRE(all.size() == static_cast<std::size_t>(kMany) + 1);
  std::set<std::string> ids, hashes;
  int checked = 0;
  for (const User& u : all) {
    if (u.id == w.admin.id) continue;
    const int i = std::stoi(u.first_name.substr(5));
    CAPTURE(i);
    CHECK(u.email == "v" + std::to_string((i * 7919) % kMany) + "@example.com");
    CHECK(u.last_name == "Family" + std::to_string(i));
    CHECK(u.role == (i % 4 == 0 ? "Manager" : w.org.roles.default_or_first().name));
    CHECK(u.office == (i % 3 == 0 ? "London" : w.org.default_office));
    CHECK(u.teams == (i % 2 == 0 ? std::vector<std::string>{"Engineering"} : std::vector<std::string>{}));
    CHECK(u.username == (i % 5 == 0 ? "user" + std::to_string(i) : ""));
    CHECK(u.external_id == (i % 6 == 0 ? "E" + std::to_string(i) : ""));
    CHECK(u.attributes == (i % 7 == 0
                               ? std::map<std::string, std::string>{{"Phone", "555-" + std::to_string(i)}}
                               : std::map<std::string, std::string>{}));
    CHECK(u.status == UserStatus::active);
    CHECK(u.must_change_password);
    CHECK(u.activation_key_hash.empty());
    CHECK(u.source == UserSource::import);
    CHECK(u.created_by == w.admin.id);
    ids.insert(u.id);
    hashes.insert(u.password_hash);
    ++checked;
  }
  CHECK(checked == kMany);
  CHECK(ids.size() == static_cast<std::size_t>(kMany));
  CHECK(hashes.size() == static_cast<std::size_t>(kMany));
  // Each credential's password is its own row's (spot checks: Argon2id-free, fast).
  for (std::size_t k = 0; k < r->credentials.size(); k += 997) {
    const Credential c = r->credentials[k];
    auto auth = w.dir->authenticate(w.org.id, c.email, c.password);
    REQUIRE_FALSE(auth.ok());
    CHECK(auth.error().code == Errc::must_change_password);
  }
}

}  // namespace onboard::test
