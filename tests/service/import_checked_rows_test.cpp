// The CheckedRows seam, used alone: a source over a reader and a validator
// yields every row in file order with its verdict, fingerprints, place and
// problems. The split source (two threads) must yield exactly what the
// single one does, row for row, wherever its split points fall.
#include <algorithm>
#include <string>
#include <vector>

#include "core/fast_paths.hpp"
#include "import_test_fixture.hpp"
#include "service/import/import_planner.hpp"
#include "service/import/single_checked_rows.hpp"
#include "service/import/split_checked_rows.hpp"

namespace onboard::test {
namespace {

using namespace import_detail;

// A file's rows as a source yields them, one line each.
struct Seen {
  std::vector<std::string> rows;
  std::vector<std::string> issues;  // sorted: a batch's are in no particular order
  std::string stop;
  int threads = 1;
};

std::string line_of(const CheckedBatch& b, std::size_t i, const CandidateRow& v) {
  std::string out = std::to_string(b.rows[i]) + (b.bad[i] != 0 ? " bad " : " ok ");
  for (const auto& p : b.prints) out += std::to_string(p[i].h1) + ":" + std::to_string(p[i].h2) + " ";
  out += std::to_string(b.places[i].offset) + "@" + std::to_string(b.places[i].record) + " ";
  out += std::to_string(b.places[i].key_high) + "/" + std::to_string(b.places[i].key_low) + " ";
  return out + v.email + " " + v.display_name + " " + std::to_string(v.role);
}

Seen drain(CheckedRows& source) {
  Seen seen;
  CheckedBatch batch;
  for (;;) {
    auto more = source.next(batch, Listing{true, true});
    REQUIRE(more.ok());
    if (!*more) break;
    for (std::size_t i = 0; i < batch.count; ++i) {
      auto values = source.values(batch, i);
      REQUIRE(values.ok());
      seen.rows.push_back(line_of(batch, i, **values));
    }
    CHECK(batch.unlisted_problems == 0);
    for (const RowIssue& issue : batch.issues)
      seen.issues.push_back(std::to_string(issue.row) + " " + issue.column + " " + issue.code);
  }
  std::sort(seen.issues.begin(), seen.issues.end());
  if (source.stopped_by()) seen.stop = source.stopped_by()->code + " " + source.stopped_by()->message;
  seen.threads = source.threads_used();
  return seen;
}

struct Checking {
  ImportWorld w = make_import_world();
  ImportOptions options;
  HeaderMapping mapping;
  std::unique_ptr<RowValidator> validator;

  // A reader past the header, and the validator for its columns.
  std::unique_ptr<readers::SeekableReader> open(const std::string& csv) {
    auto reader = readers::open_seekable(csv, "users.csv", {}, 1);
    REQUIRE(reader.ok());
    std::vector<std::string_view> cells;
    std::int64_t row = 0;
    REQUIRE((*reader)->next(cells, row).ok());
    mapping = map_headers(cells, options, true).mapping;
    validator = std::make_unique<RowValidator>(mapping, w.org, options, 1'000'000, std::nullopt);
    return std::move(reader).value();
  }

  Seen single(const std::string& csv, std::uint64_t max_rows) {
    auto reader = open(csv);
    SingleCheckedRows rows(*reader, *validator, max_rows, true);
    return drain(rows);
  }

#if ONBOARD_FAST_PATHS
  Seen split(const std::string& csv, std::uint64_t max_rows) {
    auto reader = open(csv);
    SplitCheckedRows::Settings settings;
    settings.max_rows = max_rows;
    settings.max_listed_errors = 100'000;
    settings.username = mapping.has(Field::username);
    settings.external_id = mapping.has(Field::external_id);
    settings.keep_places = true;
    auto rows = SplitCheckedRows::start(*reader, *validator, settings);
    REQUIRE(rows != nullptr);
    return drain(*rows);
  }
#endif
};

std::string people(int n, int quoted_every, int bad_every) {
  std::string csv = "Full Name,Email,Role,Office,Team,Note\r\n";
  for (int i = 0; i < n; ++i) {
    std::string email = "p" + std::to_string(i) + "@example.com";
    if (i % 89 == 7) email = "p" + std::to_string(i / 3) + "@example.com";
    const std::string role = bad_every != 0 && i % bad_every == 0 ? "Overlord" : "User";
    const std::string note = quoted_every != 0 && i % quoted_every == 0 ? "\"a,\r\nb\"" : "plain";
    csv += "Given" + std::to_string(i) + " Family," + email + "," + role + ",HQ,Sales," + note + "\r\n";
  }
  return csv;
}

TEST_CASE("a single-threaded source yields every row in file order with its verdict and place") {
  Checking c;
  const Seen seen = c.single(people(3000, 0, 100), 1'000'000);
  REQUIRE(seen.rows.size() == 3000);
  CHECK(seen.rows.front().rfind("2 bad ", 0) == 0);  // row 0: "Overlord"
  CHECK(seen.rows[1].rfind("3 ok ", 0) == 0);
  CHECK(seen.issues.size() == 30);
  CHECK(seen.stop.empty());
  const Seen limited = c.single(people(3000, 0, 100), 2500);
  CHECK(limited.rows.size() == 2500);
  CHECK(limited.stop.rfind("limit.rows", 0) == 0);
}

TEST_CASE("a planner fed by a source alone finds duplicates and existing members") {
  Checking c;
  const std::string csv =
      "Full Name,Email,Role,Office,Team,Note\r\n"
      "Ann Lee,ann@example.com,User,HQ,Sales,x\r\n"
      "Ada Again,admin@acme.example,User,HQ,Sales,x\r\n"
      "Ann Twice,ANN@example.com,User,HQ,Sales,x\r\n"
      "Bob Ray,bob@example.com,Overlord,HQ,Sales,x\r\n"
      "Cy Dee,cy@example.com,User,HQ,Sales,x\r\n";
  auto reader = c.open(csv);
  auto actor = c.w.dir->authorize(c.w.admin_actor(), Permission::import_users);
  REQUIRE(actor.ok());
  const ImportScope scope{*c.w.dir, *actor, c.options, c.mapping, *c.validator, 1};
  ReportBook book(c.options);
  ImportPlanner planner(scope, book, false, std::nullopt);
  REQUIRE(planner.choose_existing(csv.size()).ok());
  REQUIRE(planner.load_existing(16).ok());
  SingleCheckedRows rows(*reader, *c.validator, 1000, false);
  CheckedBatch batch;
  for (;;) {
    auto more = rows.next(batch, planner.listing());
    REQUIRE(more.ok());
    if (!*more) break;
    REQUIRE(planner.plan_batch(batch, rows).ok());
  }
  const ImportReport& r = book.report();
  CHECK(r.rows == 5);
  CHECK(r.created == 2);
  CHECK(r.error_rows == 3);
  CHECK(r.conflicts == 1);
  CHECK(codes(r) == "3:Email:conflict.email 4:Email:duplicate.email 5:Role:role.unknown ");
  REQUIRE(planner.plan().actions.size() == 5);
  CHECK(static_cast<RowAction>(planner.plan().actions[0]) == RowAction::create);
  CHECK(static_cast<RowAction>(planner.plan().actions[2]) == RowAction::error);
}

#if ONBOARD_FAST_PATHS
TEST_CASE("the split source yields exactly what the single one does, wherever its split points fall") {
  Checking c;
  for (int quoted_every : {0, 3, 41, 997}) {
    for (int bad_every : {0, 13}) {
      CAPTURE(quoted_every);
      CAPTURE(bad_every);
      const std::string csv = people(5000, quoted_every, bad_every);
      const Seen one = c.single(csv, 1'000'000);
      const Seen two = c.split(csv, 1'000'000);
      CHECK(one.rows == two.rows);
      CHECK(one.issues == two.issues);
      CHECK(one.stop == two.stop);
      if (quoted_every == 0) CHECK(two.threads == 2);
    }
  }
  SUBCASE("the row limit, in the worker's part") {
    const std::string csv = people(5000, 0, 13);
    for (std::uint64_t limit : {1500u, 4000u, 4999u, 5000u}) {
      CAPTURE(limit);
      const Seen one = c.single(csv, limit);
      const Seen two = c.split(csv, limit);
      CHECK(one.rows == two.rows);
      CHECK(one.issues == two.issues);
      CHECK(one.stop == two.stop);
    }
  }
  SUBCASE("a reader failure in the second half") {
    std::string csv = people(5000, 0, 0);
    csv.insert(csv.find("\r\n", csv.size() * 3 / 4) + 2, "\"Never closed,");
    const Seen one = c.single(csv, 1'000'000);
    const Seen two = c.split(csv, 1'000'000);
    CHECK(one.rows == two.rows);
    CHECK(one.issues == two.issues);
    CHECK_FALSE(one.stop.empty());
    CHECK(one.stop == two.stop);
  }
}
#endif

}  // namespace
}  // namespace onboard::test
