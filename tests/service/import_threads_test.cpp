// Threads are the host's choice (ImportOptions::threads, within
// DirectoryOptions::threads): with 1, an import starts no thread at all;
// with any number, the outcome is the same.
#include <boost/json.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "core/fast_paths.hpp"
#include "import_test_fixture.hpp"
#include "service/import/import_tuning.hpp"

namespace onboard::test {
namespace {

// Threads of this process now.
std::size_t live_threads() {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator("/proc/self/task")) ++n;
  return n;
}

// A file big enough that, at the default, pass 1 runs on two threads (over
// ImportTuning's 4 MiB) and pass 2 on two stages.
std::string big_csv() {
  std::string out = "Full Name,Email,Role,Office,Team,Note\r\n";
  for (int i = 0; out.size() < (std::size_t{5} << 20); ++i)
    out += "Person Number" + std::to_string(i) + ",person" + std::to_string(i) +
           "@example.com,User,HQ,Sales,a note long enough to make the rows of this file realistic\r\n";
  return out;
}

ImportWorld world_of(unsigned directory_threads) {
  ImportWorldSpec spec;
  spec.threads = directory_threads;
  return make_import_world(spec);
}

struct Observed {
  std::size_t before = 0;
  std::size_t most = 0;  // the most threads seen from the progress callback
  std::size_t after = 0;
  int calls = 0;
};

Observed observe_run(unsigned threads, const std::string& csv) {
  ImportWorld w = world_of(4);
  ImportOptions o;
  o.threads = threads;
  o.max_rows = 1'000'000;
  Observed seen;
  seen.before = live_threads();
  auto r = Importer(*w.dir).run(w.admin_actor(), csv, "users.csv", o, [&](const ImportProgress&) {
    seen.most = std::max(seen.most, live_threads());
    ++seen.calls;
    return true;
  });
  seen.after = live_threads();
  REQUIRE(r.ok());
  INFO(codes(*r));
  REQUIRE(r->committed);
  CHECK(r->created > 40'000);
  return seen;
}

TEST_CASE("with threads = 1 an import starts no thread, in either pass") {
  const std::string csv = big_csv();
  const Observed one = observe_run(1, csv);
  CHECK(one.calls > 10);
  CHECK(one.most == one.before);
  CHECK(one.after == one.before);
  // The same file with threads to spare does start some: the count above
  // would see them.
  if (kFastPaths) {
    const Observed two = observe_run(2, csv);
    CHECK(two.most > two.before);
    CHECK(two.most <= two.before + 2);  // the worker, and a stage of pass 2 finishing
    CHECK(two.after == two.before);
  }
}

// The report as JSON, without what differs from world to world (ids).
std::string json_of(const ImportReport& r) {
  boost::json::object o = to_json(r);
  o.erase("job_id");
  for (auto& planned : o["plan"].as_array()) planned.as_object().erase("user_id");
  return boost::json::serialize(o);
}

// The committed outcome, whole: the report, the credentials in order, and
// every stored user.
std::string outcome(unsigned directory_threads, unsigned threads, const std::string& csv,
                    int* check_threads) {
  ImportWorld w = world_of(directory_threads);
  add_member_for_import(w);
  ImportOptions o;
  o.mode = CommitMode::valid_rows;
  o.existing = ExistingUsers::skip;
  o.threads = threads;
  o.max_rows = 1'000'000;
  import_detail::ImportTuning split_small_files;
  split_small_files.two_threads_from_bytes = 1;
  import_detail::ImportTrace trace;
  auto r = import_detail::execute_import(*w.dir, w.admin_actor(), csv, "users.csv", o, {}, true,
                                         split_small_files, &trace);
  REQUIRE(r.ok());
  INFO(codes(*r));
  REQUIRE(r->committed);
  *check_threads = trace.check_threads;
  std::string out = json_of(*r) + "\n";
  for (std::size_t i = 0; i < r->credentials.size(); ++i) {
    const Credential c = r->credentials[i];
    out += std::to_string(c.row) + " " + c.email + " " + c.display_name + "\n";
  }
  std::vector<std::string> users;
  for (const User& u : w.users()) {
    std::string teams;
    for (const auto& t : u.teams) teams += t + ";";
    users.push_back(u.email + " " + u.username + " " + u.display_name + " " + u.role + " " + u.office + " " +
                    teams + " " + std::string(to_string(u.status)));
  }
  std::sort(users.begin(), users.end());
  for (const auto& u : users) out += u + "\n";
  return out;
}

TEST_CASE("the report, plan, credentials and users are the same with threads = 1, 2 and the default") {
  std::string csv = "Full Name,Email,Role,Office,Team,Note\r\n";
  for (int i = 0; i < 600; ++i) {
    std::string email = "p" + std::to_string(i) + "@example.com";
    if (i % 97 == 5) email = "p" + std::to_string(i / 2) + "@example.com";  // duplicates across the file
    if (i == 450) email = "manager@acme.example";                           // an existing member
    const std::string note = i % 40 == 3 ? "\"two\nlines\"" : "x";  // a split point may fall inside quotes
    csv += "Given" + std::to_string(i) + " Family," + email + "," + (i % 53 == 0 ? "Overlord" : "User") +
           ",HQ,Sales," + note + "\r\n";
  }
  int one_threads = 0, two_threads = 0, default_threads = 0;
  const std::string one = outcome(4, 1, csv, &one_threads);
  const std::string two = outcome(4, 2, csv, &two_threads);
  const std::string by_default = outcome(0, 0, csv, &default_threads);
  CHECK(one_threads == 1);
  if (kFastPaths) CHECK(two_threads == 2);
  CHECK(one == two);
  CHECK(one == by_default);
  // A Directory of one thread holds every import to one, whatever it asks.
  int capped = 0;
  CHECK(outcome(1, 2, csv, &capped) == one);
  CHECK(capped == 1);
}

}  // namespace
}  // namespace onboard::test
