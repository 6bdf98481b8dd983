// Checking a file on two threads (ImportTuning::two_threads_from_bytes, the
// engine's internal setting)
// must not change a single word of the report: every file here is checked
// on one thread and on two, and the reports compared whole. The files put
// what crosses rows (duplicates, existing members, pending invitations,
// listing limits, the row limit, a broken quote) on both sides of the split.
#include <boost/json.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "core/fast_paths.hpp"
#include "import_test_fixture.hpp"
#include "service/import/import_tuning.hpp"

namespace onboard::test {
namespace {

constexpr int kRows = 400;

std::string json_of(const ImportReport& r) {
  boost::json::object o = to_json(r);
  o.erase("job_id");
  return boost::json::serialize(o);
}

import_detail::ImportTuning one_thread() {
  import_detail::ImportTuning t;
  t.two_threads_from_bytes = 0;
  return t;
}
import_detail::ImportTuning two_threads() {
  import_detail::ImportTuning t;
  t.two_threads_from_bytes = 1;
  return t;
}

// A preview or run with the engine's settings; `trace` says which threads checked.
Result<ImportReport> import_with(ImportWorld& w, const std::string& csv, const ImportOptions& options,
                                 const import_detail::ImportTuning& tuning, bool commit,
                                 import_detail::ImportTrace* trace = nullptr) {
  return import_detail::execute_import(*w.dir, w.admin_actor(), csv, "users.csv", options, {}, commit, tuning,
                                       trace);
}

// The two reports of a preview, compared whole; returns the one-thread one.
ImportReport same_preview(ImportWorld& w, const std::string& csv, const ImportOptions& options,
                          int expected_threads = 2) {  // 0: either
  import_detail::ImportTrace one_trace, two_trace;
  auto one = import_with(w, csv, options, one_thread(), false, &one_trace);
  auto two = import_with(w, csv, options, two_threads(), false, &two_trace);
  REQUIRE(one.ok());
  REQUIRE(two.ok());
  CHECK(one_trace.check_threads == 1);
  if (!kFastPaths)  // the reports are still compared whole below
    MESSAGE(
        "ONBOARD_SIMPLE_PATHS: the two-core check is compiled out, so which threads checked is not checked");
  else if (expected_threads != 0)
    CHECK(two_trace.check_threads == expected_threads);
  const std::string a = json_of(*one), b = json_of(*two);
  if (a != b) {  // the first difference, with some context
    std::size_t at = 0;
    while (at < a.size() && at < b.size() && a[at] == b[at]) ++at;
    const std::size_t from = at > 200 ? at - 200 : 0;
    INFO("one thread:  ..." << a.substr(from, 400));
    INFO("two threads: ..." << b.substr(from, 400));
    CHECK_MESSAGE(false, "the reports differ");
  }
  return std::move(one).value();
}

struct Row {
  std::string name, email, role = "User", office = "HQ", team = "Sales", username, external_id;
};

std::string csv_of(const std::vector<Row>& rows, bool keys = false) {
  std::string out = keys ? "Full Name,Email,Role,Office,Team,Username,Employee ID\r\n"
                         : "Full Name,Email,Role,Office,Team\r\n";
  for (const Row& r : rows) {
    out += r.name + "," + r.email + "," + r.role + "," + r.office + "," + r.team;
    if (keys) out += "," + r.username + "," + r.external_id;
    out += "\r\n";
  }
  return out;
}

std::vector<Row> people(int n) {
  std::vector<Row> rows;
  for (int i = 0; i < n; ++i) {
    Row r;
    r.name = "Given" + std::to_string(i) + " Family" + std::to_string(i);
    r.email = "p" + std::to_string(i) + "@example.com";
    rows.push_back(std::move(r));
  }
  return rows;
}

// Problems on both sides of the middle: duplicates of early rows late in
// the file, duplicates among late rows, bad cells of every kind.
std::vector<Row> troubled_people() {
  std::vector<Row> rows = people(kRows);
  for (int i : {5, 150, 260, 390}) rows[static_cast<std::size_t>(i)].email = "p3@example.com";
  for (int i : {300, 330, 360}) rows[static_cast<std::size_t>(i)].email = "p299@example.com";
  rows[20].email = "not-an-address";
  rows[250].email = "also@@wrong";
  rows[270].role = "Overlord";
  rows[280].office = "Mars";
  rows[290].team = "Sales;Nowhere";
  rows[310].name = "";
  rows[320].email = "";
  rows[340].name = "Zoë Ünïcode Grüße";
  rows[350].email = "P3@Example.COM";  // a duplicate only once folded
  return rows;
}

TEST_CASE("two threads: the same report for a file with problems on both sides") {
  ImportWorld w = make_import_world();
  const std::string csv = csv_of(troubled_people());
  for (auto mode : {CommitMode::all_or_nothing, CommitMode::valid_rows}) {
    ImportOptions o;
    o.mode = mode;
    const ImportReport r = same_preview(w, csv, o);
    CHECK(r.rows == kRows);
    CHECK(r.error_rows >= 12);
  }
  SUBCASE("listing limits that run out before, at and after the split") {
    for (std::size_t errors : {0u, 3u, 11u, 1000u})
      for (std::size_t plan : {0u, 10u, 250u, 1000u}) {
        ImportOptions o;
        o.max_listed_errors = errors;
        o.max_listed_plan_rows = plan;
        CAPTURE(errors);
        CAPTURE(plan);
        same_preview(w, csv, o);
      }
  }
}

TEST_CASE("two threads: usernames and external IDs, duplicated across the split") {
  ImportWorld w = make_import_world();
  std::vector<Row> rows = people(kRows);
  for (int i = 0; i < kRows; ++i) {
    Row& r = rows[static_cast<std::size_t>(i)];
    r.username = "user" + std::to_string(i);
    r.external_id = "E" + std::to_string(i);
    if (i % 3 == 0) r.email = "";  // a username is enough
  }
  rows[300].username = "user10";
  rows[310].external_id = "E20";
  rows[320].username = "USER30";
  rows[330].external_id = "E330 with space";
  rows[340].username = "has space";
  same_preview(w, csv_of(rows, true), {});
}

TEST_CASE("two threads: existing members and pending invitations late in the file") {
  ImportWorld w = make_import_world();
  add_member_for_import(w);
  REQUIRE(w.dir->invite(w.admin_actor(), {"p350@example.com", "User", "", ""}).ok());
  std::vector<Row> rows = people(kRows);
  rows[10].email = "manager@acme.example";
  rows[300].email = "manager@acme.example";  // also a duplicate of row 12
  rows[320].email = "MANAGER@acme.example";
  rows[330].email = "admin@acme.example";
  const std::string csv = csv_of(rows);
  for (auto existing : {ExistingUsers::error, ExistingUsers::skip}) {
    ImportOptions o;
    o.existing = existing;
    o.mode = CommitMode::valid_rows;
    const ImportReport r = same_preview(w, csv, o);
    // Row 12, the admin and the invited address; rows 302 and 322 repeat
    // row 12's email, which makes them duplicates first.
    CHECK(r.conflicts == 3);
  }
}

TEST_CASE("two threads: the row limit, reached on either side of the split") {
  ImportWorld w = make_import_world();
  const std::string csv = csv_of(troubled_people());
  for (std::uint64_t limit : {50u, 199u, 200u, 201u, 260u, 399u, 400u, 401u}) {
    ImportOptions o;
    o.max_rows = limit;
    CAPTURE(limit);
    // A limit well before the split stops the reading there, on one thread.
    const ImportReport r = same_preview(w, csv, o, limit < 100 ? 1 : 0);
    CHECK(r.rows == std::min<std::int64_t>(limit, kRows));
  }
}

TEST_CASE("two threads: a quoted cell across the split point, and a quote never closed") {
  ImportWorld w = make_import_world();
  std::vector<Row> rows = people(kRows);
  SUBCASE("the split point inside a quoted cell") {
    // A boundary is a guess: a line break inside a quoted cell looks like
    // any other. Here a cell of many lines covers the middle of the file:
    // the worker's rows from there on are dropped and the calling thread
    // reads on alone (what the worker did before it may still be used).
    std::string csv = "Full Name,Email,Role,Office,Team,Note\r\n";
    for (int i = 0; i < kRows; ++i) {
      const Row& r = rows[static_cast<std::size_t>(i)];
      std::string note = "x";
      if (i == kRows / 2) {
        note = "\"";
        for (int k = 0; k < 600; ++k) note += "line " + std::to_string(k) + ",\"\"quoted\"\"\n";
        note += "\"";
      }
      csv += r.name + "," + r.email + "," + r.role + "," + r.office + "," + r.team + "," + note + "\r\n";
    }
    const ImportReport r = same_preview(w, csv, {}, 0);
    CHECK(r.rows == kRows);
  }
  SUBCASE("line breaks inside quotes here and there") {
    std::string csv = "Full Name,Email,Role,Office,Team,Note\r\n";
    for (int i = 0; i < kRows; ++i) {
      const Row& r = rows[static_cast<std::size_t>(i)];
      const std::string note = i % 3 == 0 ? "\"first line\nsecond line\"" : "x";
      csv += r.name + "," + r.email + "," + r.role + "," + r.office + "," + r.team + "," + note + "\r\n";
    }
    const ImportReport r = same_preview(w, csv, {}, 0);
    CHECK(r.rows == kRows);
  }
  SUBCASE("a quote opened late and never closed") {
    rows[350].name = "\"Never closed";
    // One thread or two: the piece with the quote may be either thread's.
    const ImportReport r = same_preview(w, csv_of(rows), {}, 0);
    REQUIRE_FALSE(r.errors.empty());
    CHECK(r.errors.back().code == "file.unclosed_quote");
  }
  SUBCASE("blank lines and a bare CR between rows") {
    std::string csv = csv_of(rows);
    for (std::size_t at = csv.size() / 2; at < csv.size(); at += csv.size() / 9) {
      const auto line = csv.find("\r\n", at);
      if (line != std::string::npos) csv.insert(line + 2, "\r\n,,,,\r\n");
    }
    same_preview(w, csv, {});
  }
}

// A commit from two threads writes the same people with the same
// credentials, in the file's order, as one from one thread.
std::string committed_outcome(const std::string& csv, bool two) {
  ImportWorld w = make_import_world();
  ImportOptions o;
  o.mode = CommitMode::valid_rows;
  import_detail::ImportTrace trace;
  auto r = import_with(w, csv, o, two ? two_threads() : one_thread(), true, &trace);
  REQUIRE(r.ok());
  REQUIRE(r->committed);
  if (kFastPaths) CHECK(trace.check_threads == (two ? 2 : 1));
  std::string outcome = json_of(*r) + "\n";
  std::vector<std::int64_t> credential_rows;
  for (std::size_t i = 0; i < r->credentials.size(); ++i) credential_rows.push_back(r->credentials[i].row);
  CHECK(std::is_sorted(credential_rows.begin(), credential_rows.end()));
  for (std::size_t i = 0; i < r->credentials.size(); ++i) {
    const Credential c = r->credentials[i];
    outcome += std::to_string(c.row) + " " + c.email + " " + c.display_name + "\n";
    const User u = w.user_by_email(c.email);
    CHECK(u.display_name == c.display_name);
  }
  const std::vector<User> users = w.users();
  CHECK(static_cast<std::int64_t>(users.size()) == r->created + 1);
  std::vector<std::string> stored;  // every stored user, whole but for ids and secrets
  for (const User& u : users) {
    std::string teams;
    for (const auto& t : u.teams) teams += t + ";";
    stored.push_back(u.email + " " + u.display_name + " " + u.role + " " + u.office + " " + teams + " " +
                     std::string(to_string(u.status)) + " " + (u.must_change_password ? "must" : "may"));
  }
  std::sort(stored.begin(), stored.end());
  for (const auto& line : stored) outcome += line + "\n";
  return outcome;
}

TEST_CASE("two threads: the committed import is the same") {
  const std::string csv = csv_of(troubled_people());
  CHECK(committed_outcome(csv, false) == committed_outcome(csv, true));
}

TEST_CASE("two threads: the same stored users with quoted line breaks and duplicates across pieces") {
  // Line breaks inside quoted cells here and there (a split point may fall
  // on one), duplicates of early rows late in the file and among late rows.
  std::vector<Row> rows = troubled_people();
  std::string csv = "Full Name,Email,Role,Office,Team,Note\r\n";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Row& r = rows[i];
    const std::string note = i % 37 == 0 ? "\"first line\nsecond line\"" : "x";
    csv += r.name + "," + r.email + "," + r.role + "," + r.office + "," + r.team + "," + note + "\r\n";
  }
  CHECK(committed_outcome(csv, false) == committed_outcome(csv, true));
}

TEST_CASE("two threads: not for updates") {
  // Updates keep one thread (they need whole records per chunk); the
  // reports are the same anyway.
  ImportWorld w = make_import_world();
  add_member_for_import(w);
  std::vector<Row> rows = people(kRows);
  rows[300].email = "manager@acme.example";
  ImportOptions update;
  update.existing = ExistingUsers::update;
  same_preview(w, csv_of(rows), update, 1);
}

TEST_CASE("two threads: passwords from the file split, their checks the same word for word") {
  // The validator runs zxcvbn on one thread at a time; the reports of one
  // and two threads agree, weak passwords included.
  ImportWorld w = make_import_world();
  std::string csv = "Full Name,Email,Role,Office,Team,Password\r\n";
  for (int i = 0; i < kRows; ++i)
    csv += "Person Number" + std::to_string(i) + ",person" + std::to_string(i) +
           "@example.com,User,HQ,Sales," +
           (i % 50 == 7   ? "password1"
            : i % 50 == 9 ? "violet tangerine kayak membrane 42"
                          : "") +
           "\r\n";
  for (const PasswordSource source : {PasswordSource::file, PasswordSource::automatic}) {
    ImportOptions o;
    o.passwords = source;
    const ImportReport r = same_preview(w, csv, o);
    CHECK(r.error_rows > 0);
  }
}

}  // namespace
}  // namespace onboard::test

namespace onboard::test {
namespace {

// Large enough for both threads to take many pieces, with problems of every
// kind spread over the whole file.
TEST_CASE("two threads: many pieces, problems everywhere") {
  ImportWorld w = make_import_world();
  add_member_for_import(w);
  std::vector<Row> rows = people(20'000);
  for (std::size_t i = 7; i < rows.size(); i += 97) rows[i].email = rows[i / 3].email;  // duplicates
  for (std::size_t i = 11; i < rows.size(); i += 131) rows[i].role = "Overlord";
  for (std::size_t i = 13; i < rows.size(); i += 173) rows[i].email = "manager@acme.example";
  for (std::size_t i = 17; i < rows.size(); i += 199) rows[i].name = "";
  const std::string csv = csv_of(rows);
  for (std::size_t listed : {5u, 1000u}) {
    ImportOptions o;
    o.mode = CommitMode::valid_rows;
    o.max_listed_errors = listed;
    o.max_listed_plan_rows = listed;
    o.max_rows = 100'000;
    const ImportReport r = same_preview(w, csv, o);
    CHECK(r.rows == 20'000);
    CHECK(r.error_rows > 400);
  }
}

}  // namespace
}  // namespace onboard::test
