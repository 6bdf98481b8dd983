// Without a PostgreSQL server to test against (ONBOARD_TEST_POSTGRES unset,
// or a build without libpq), the PostgreSQL cases are marked skipped before
// the run starts, counted as skipped in doctest's summary and announced on one
// line, instead of failing or silently passing. They are the conformance
// instances for PostgresBackend and the cases of the "postgres" test suite.
//
// doctest 2.4 has no run-time skip for one instance of a template test case,
// so this listener sets the skip flag of the registered cases itself, through
// doctest's registry (defined by the doctest implementation in
// support/doctest_main.cpp).
#include <doctest/doctest.h>

#include <cstdlib>
#include <ostream>
#include <set>
#include <string_view>

namespace doctest::detail {
std::set<TestCase>& getRegisteredTests();
}  // namespace doctest::detail

namespace {

bool postgres_case(const doctest::TestCaseData& tc) {
  return std::string_view(tc.m_name).find("PostgresBackend") != std::string_view::npos ||
         std::string_view(tc.m_test_suite) == "postgres";
}

const char* skip_reason() {
#if ONBOARD_HAVE_POSTGRES
  const char* url = std::getenv("ONBOARD_TEST_POSTGRES");
  if (url != nullptr && *url != '\0') return nullptr;
  return "ONBOARD_TEST_POSTGRES is not set (run: eval \"$(scripts/test_postgres.sh start)\")";
#else
  return "this build has no PostgreSQL support (libpq not found)";
#endif
}

class PostgresSkipListener : public doctest::IReporter {
 public:
  explicit PostgresSkipListener(const doctest::ContextOptions& options) : options_(options) {
    reason_ = skip_reason();
    if (reason_ == nullptr) return;
    for (const doctest::detail::TestCase& tc : doctest::detail::getRegisteredTests()) {
      if (!postgres_case(tc)) continue;
      // m_skip takes no part in the set's ordering.
      const_cast<doctest::detail::TestCase&>(tc).m_skip = true;
      ++skipped_;
    }
  }

  void test_run_start() override {
    if (skipped_ > 0 && !options_.no_skip)
      *options_.cout << "[postgres] " << skipped_ << " PostgreSQL test cases skipped: " << reason_ << ".\n";
  }

  void report_query(const doctest::QueryData&) override {}
  void test_run_end(const doctest::TestRunStats&) override {}
  void test_case_start(const doctest::TestCaseData&) override {}
  void test_case_reenter(const doctest::TestCaseData&) override {}
  void test_case_end(const doctest::CurrentTestCaseStats&) override {}
  void test_case_exception(const doctest::TestCaseException&) override {}
  void subcase_start(const doctest::SubcaseSignature&) override {}
  void subcase_end() override {}
  void log_assert(const doctest::AssertData&) override {}
  void log_message(const doctest::MessageData&) override {}
  void test_case_skipped(const doctest::TestCaseData&) override {}

 private:
  const doctest::ContextOptions& options_;
  const char* reason_ = nullptr;
  int skipped_ = 0;
};

}  // namespace

REGISTER_LISTENER("postgres_skip", 1, PostgresSkipListener);

// Proves the wiring: this case exists only to be skipped when PostgreSQL is
// not configured, and to pass when it is.
TEST_SUITE("postgres") {
  TEST_CASE("PostgreSQL tests run only when a server is configured") {
    MESSAGE("running the PostgreSQL cases against ONBOARD_TEST_POSTGRES");
    CHECK(skip_reason() == nullptr);
  }
}
