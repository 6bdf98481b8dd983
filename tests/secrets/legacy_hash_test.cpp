// The imported-hash schemes, against hashes made by the tools each scheme
// comes from (tests/data/hashes/README.md says how each was made).
#include <doctest/doctest.h>

#include <fstream>
#include <string>
#include <vector>

#include "onboard/secrets/legacy_hash.hpp"

using namespace onboard;
namespace lh = onboard::legacy_hash;

namespace {

struct Fixture {
  std::string scheme;
  std::string password;
  std::string hash;
};

std::vector<Fixture> fixtures() {
  std::ifstream in(std::string(ONBOARD_TEST_DATA) + "/hashes/fixtures.tsv");
  REQUIRE(in);
  std::vector<Fixture> out;
  std::string line;
  while (std::getline(in, line)) {
    const auto a = line.find('\t');
    const auto b = line.find('\t', a + 1);
    REQUIRE(b != std::string::npos);
    out.push_back({line.substr(0, a), line.substr(a + 1, b - a - 1), line.substr(b + 1)});
  }
  return out;
}

std::string problem_of(std::string_view hash) {
  const lh::Identified id = lh::identify(hash);
  REQUIRE_FALSE(id.well_formed);
  return lh::describe_problem(id);
}

}  // namespace

TEST_CASE("every fixture made by a real tool is identified as its scheme") {
  const auto all = fixtures();
  CHECK(all.size() >= 28);
  for (const Fixture& f : all) {
    INFO(f.scheme);
    const lh::Identified id = lh::identify(f.hash);
    CHECK(id.well_formed);
    CHECK(id.problem.empty());
    CHECK(lh::scheme_name(id.scheme) == f.scheme);
  }
}

TEST_CASE("every fixture verifies with its password and refuses another") {
  for (const Fixture& f : fixtures()) {
    INFO(f.scheme);
    CHECK(lh::verify(f.hash, f.password));
    CHECK_FALSE(lh::verify(f.hash, f.password + "x"));
    CHECK_FALSE(lh::verify(f.hash, ""));
  }
}

TEST_CASE("salted digests, md5-crypt and PBKDF2 over SHA-1 are the weak schemes") {
  for (const Fixture& f : fixtures()) {
    INFO(f.scheme);
    const bool weak = f.scheme == "md5-crypt" || f.scheme == "ldap-ssha" || f.scheme == "ldap-ssha512" ||
                      f.scheme == "django-sha1" || f.scheme == "django-md5" ||
                      f.scheme == "django-pbkdf2-sha1" || f.scheme == "passlib-pbkdf2-sha1";
    CHECK(lh::is_weak(lh::identify(f.hash).scheme) == weak);
    CHECK(lh::weak_reason(lh::identify(f.hash).scheme).empty() == !weak);
  }
}

TEST_CASE("a bcrypt hash without its cost names the scheme and what is missing") {
  const std::string message = problem_of("$2b$$7ogS.qWgxsgEyS/uF9HY.er3X6qsKp3yIMtVdjGSUyf6B/tkFWsDC");
  CHECK(message == "This looks like a bcrypt hash, but its cost is missing (it should start like $2b$12$).");
  CHECK(message.find("7ogS") == std::string::npos);
}

TEST_CASE("a truncated hash of each crypt scheme is refused, naming the scheme") {
  for (const Fixture& f : fixtures()) {
    // ({SSHA}, Argon2 and a Keycloak key longer than its digest stay well formed cut short.)
    if (f.scheme == "werkzeug-scrypt" || f.scheme.starts_with("ldap") || f.scheme.starts_with("argon2") ||
        f.password == "keycloak pw")
      continue;
    INFO(f.scheme);
    const std::string cut = f.hash.substr(0, f.hash.size() - 5);
    const lh::Identified id = lh::identify(cut);
    CHECK_FALSE(id.well_formed);
    CHECK(lh::scheme_name(id.scheme) == f.scheme);
    CHECK(lh::describe_problem(id).starts_with("This looks like "));
    CHECK(lh::describe_problem(id).find(cut.substr(cut.size() - 12)) == std::string::npos);
    CHECK_FALSE(lh::verify(cut, f.password));
  }
}

TEST_CASE("malformed hashes say what is wrong") {
  CHECK(problem_of("$2b$99$7ogS.qWgxsgEyS/uF9HY.er3X6qsKp3yIMtVdjGSUyf6B/tkFWsDC") ==
        "This looks like a bcrypt hash, but its cost must be two digits from 04 to 31.");
  CHECK(problem_of("$6$saltsalt") ==
        "This looks like a sha512-crypt hash, but its hash part is missing (after the salt and a '$').");
  CHECK(problem_of("pbkdf2_sha256$$salt$l2JefwezT62+q0RVyxc4/lOgMgH3/IZNPHT49103b+w=") ==
        "This looks like a Django PBKDF2-SHA256 hash, but its iteration count is missing.");
  CHECK(problem_of("pbkdf2:sha256$salt$49ba4f05496ea526cb3e49957ef0bf8da036ceec20c1df300d96784ca17d8541") ==
        "This looks like a Werkzeug PBKDF2-SHA256 hash, but its iteration count is missing (write it as "
        "pbkdf2:sha256:ITERATIONS).");
  CHECK(problem_of("$argon2d$v=19$m=8192,t=3,p=1$c2FsdHNhbHQ$aGFzaA").find("Argon2d") != std::string::npos);
  CHECK(problem_of("pbkdf2_sha256$99999999$salt$l2JefwezT62+q0RVyxc4/lOgMgH3/IZNPHT49103b+w=")
            .find("iteration count must be") != std::string::npos);
  CHECK(problem_of("scrypt:1048576:64:64$salt$00").find("256 MiB") != std::string::npos);
}

TEST_CASE("an unknown scheme is refused with the schemes onboard takes") {
  const std::string message = problem_of("5f4dcc3b5aa765d61d8327deb882cf99");
  CHECK(message.starts_with("The password hash is not in a form onboard knows"));
  CHECK(message.find("bcrypt") != std::string::npos);
  CHECK(message.find("5f4dcc") == std::string::npos);
  CHECK_FALSE(lh::identify("").well_formed);
  CHECK_FALSE(lh::identify(std::string(2000, '$')).well_formed);
}

TEST_CASE("a hash with a line break pasted into it is refused") {
  const Fixture f = fixtures().front();
  CHECK_FALSE(lh::identify(f.hash + "\n").well_formed);
  CHECK_FALSE(lh::verify(f.hash + "\n", f.password));
}
