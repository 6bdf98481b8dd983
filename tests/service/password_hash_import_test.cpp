// Importing password hashes from other systems: the file of
// tests/data/hashes (made by real tools, see its README) imports, everyone
// signs in with their old password, and then holds Argon2id.
#include <algorithm>
#include <fstream>
#include <sstream>

#include "core/fast_paths.hpp"
#include "import_test_fixture.hpp"
#include "onboard/import/import_report.hpp"
#include "onboard/model/json.hpp"
#include "onboard/secrets/password.hpp"
#include "service/import/import_tuning.hpp"

namespace onboard::test {
namespace {

struct Person {
  std::string email;
  std::string scheme;
  std::string password;
};

std::vector<Person> people() {
  std::ifstream in(data_path("hashes/legacy_users_passwords.tsv"));
  REQUIRE(in);
  std::vector<Person> out;
  std::string line;
  while (std::getline(in, line)) {
    const auto a = line.find('\t');
    const auto b = line.find('\t', a + 1);
    out.push_back({line.substr(0, a), line.substr(a + 1, b - a - 1), line.substr(b + 1)});
  }
  return out;
}

// scheme -> (password, hash) of tests/data/hashes/fixtures.tsv, first of each.
std::pair<std::string, std::string> fixture(const std::string& scheme) {
  std::ifstream in(data_path("hashes/fixtures.tsv"));
  std::string line;
  while (std::getline(in, line)) {
    const auto a = line.find('\t');
    const auto b = line.find('\t', a + 1);
    if (line.substr(0, a) == scheme) return {line.substr(a + 1, b - a - 1), line.substr(b + 1)};
  }
  FAIL("no fixture for " << scheme);
  return {};
}

std::string quoted_csv(const std::string& cell) { return "\"" + cell + "\""; }

std::int64_t scheme_rows(const ImportReport& r, std::string_view scheme) {
  for (const auto& h : r.hash_schemes)
    if (h.scheme == scheme) return h.rows;
  return 0;
}

std::vector<AuditEvent> audit_of(ImportWorld& w, std::string_view action) {
  auto events = w.inner->list_audit(w.org.id, 0);
  REQUIRE(events.ok());
  std::vector<AuditEvent> out;
  for (auto& e : *events)
    if (e.action == action) out.push_back(e);
  return out;
}

const RowIssue* issue_with(const ImportReport& r, std::string_view code) {
  for (const auto& e : r.errors)
    if (e.code == code) return &e;
  return nullptr;
}

}  // namespace

TEST_CASE(
    "a file of bcrypt, sha512-crypt and Django PBKDF2 hashes imports and everyone signs in with their "
    "old password, then holds Argon2id") {
  const std::string file = read_file(data_path("hashes/legacy_users.csv"));
  for (const char* backend : {"memory", "sqlite"}) {
    CAPTURE(backend);
    ImportWorldSpec spec;
    spec.backend = backend;
    auto w = make_import_world(spec);
    auto r = w.run(file);
    REQUIRE(r.ok());
    CHECK_MESSAGE(r->errors.empty(), codes(*r));
    CHECK(r->created == 9);
    CHECK(r->credentials.empty());  // nobody got a generated password
    CHECK(scheme_rows(*r, "bcrypt") == 1);
    CHECK(scheme_rows(*r, "sha512-crypt") == 1);
    CHECK(scheme_rows(*r, "django-pbkdf2-sha256") == 1);
    CHECK(r->hash_schemes.size() == 9);
    for (const Person& p : people()) {
      CAPTURE(p.email);
      const User before = w.user_by_email(p.email);
      // Sealed at rest: the stored text holds no part of the file's hash.
      CHECK(is_legacy_hash(before.password_hash));
      CHECK(file.find(before.password_hash.substr(7, 20)) == std::string::npos);
      CHECK_FALSE(before.must_change_password);
      auto signed_in = w.dir->authenticate(w.org.id, p.email, p.password);
      REQUIRE_MESSAGE(signed_in.ok(), signed_in.error().message);
      const User after = w.user_by_email(p.email);
      CHECK(after.password_hash.rfind("$argon2id$", 0) == 0);
      CHECK_FALSE(is_legacy_hash(after.password_hash));
      // The new hash signs in too, and is not replaced again.
      CHECK(w.dir->authenticate(w.org.id, p.email, p.password).ok());
      CHECK(w.user_by_email(p.email).password_hash == after.password_hash);
    }
    const auto rehashed = audit_of(w, "user.password_rehashed");
    CHECK(rehashed.size() == 9);
    for (const Person& p : people()) {
      const User u = w.user_by_email(p.email);
      const bool found = std::any_of(rehashed.begin(), rehashed.end(), [&](const AuditEvent& e) {
        return e.target == u.id && e.details == "{\"scheme\":\"" + p.scheme + "\"}";
      });
      CHECK_MESSAGE(found, p.email);
    }
  }
}

TEST_CASE("a wrong password against an imported hash fails with the usual sentence and keeps the hash") {
  auto w = make_import_world();
  REQUIRE(w.run(read_file(data_path("hashes/legacy_users.csv"))).ok());
  auto wrong = w.dir->authenticate(w.org.id, "ada@example.com", "correct horse 2");
  REQUIRE_FALSE(wrong.ok());
  CHECK(wrong.error().code == Errc::authentication_failed);
  CHECK(wrong.error().message == "The email or username, or the password, is not right.");
  CHECK(is_legacy_hash(w.user_by_email("ada@example.com").password_hash));
  CHECK(audit_of(w, "user.password_rehashed").empty());
}

TEST_CASE("weak hash schemes are refused without --allow-weak-hashes and accepted with it") {
  const auto [ssha_password, ssha] = fixture("ldap-ssha");
  const auto [md5_password, md5] = fixture("django-md5");
  const auto [crypt1_password, crypt1] = fixture("md5-crypt");
  const std::string file =
      "Full Name,Email,Password Hash\n"
      "Lee Ldap,lee@example.com," +
      quoted_csv(ssha) + "\nMia Md5,mia@example.com," + quoted_csv(md5) + "\nCy Crypt,cy@example.com," +
      quoted_csv(crypt1) + "\n";
  auto w = make_import_world();
  auto refused = w.run(file);
  REQUIRE(refused.ok());
  CHECK_FALSE(refused->committed);
  CHECK(refused->error_rows == 3);
  const RowIssue* weak = issue_with(*refused, "password_hash.weak");
  REQUIRE(weak != nullptr);
  CHECK(weak->row == 2);
  CHECK(weak->column == "Password Hash");
  CHECK(weak->message.starts_with("An LDAP {SSHA} hash is a weak scheme"));
  CHECK(weak->message.find("--allow-weak-hashes") != std::string::npos);
  CHECK(weak->message.find(ssha.substr(6, 10)) == std::string::npos);

  ImportOptions options;
  options.allow_weak_hashes = true;
  auto preview = w.preview(file, options);
  REQUIRE(preview.ok());
  CHECK_MESSAGE(preview->errors.empty(), codes(*preview));
  REQUIRE(preview->hash_schemes.size() == 3);
  for (const auto& h : preview->hash_schemes) CHECK(h.weak);
  const auto json = to_json_text(to_json(*preview));
  CHECK(json.find("\"password_hashes\":[{\"scheme\":\"md5-crypt\",\"rows\":1,\"weak\":true}") !=
        std::string::npos);

  auto accepted = w.run(file, options);
  REQUIRE(accepted.ok());
  CHECK(accepted->created == 3);
  CHECK(w.dir->authenticate(w.org.id, "lee@example.com", ssha_password).ok());
  CHECK(w.dir->authenticate(w.org.id, "mia@example.com", md5_password).ok());
  CHECK(w.dir->authenticate(w.org.id, "cy@example.com", crypt1_password).ok());
  for (const char* email : {"lee@example.com", "mia@example.com", "cy@example.com"})
    CHECK(w.user_by_email(email).password_hash.rfind("$argon2id$", 0) == 0);
}

TEST_CASE("a malformed hash is a row error naming the column and the scheme it looked like, never the hash") {
  const std::string cut = "$2b$$7ogS.qWgxsgEyS/uF9HY.er3X6qsKp3yIMtVdjGSUyf6B/tkFWsDC";
  const std::string file = "Full Name,Email,Password Hash\nAda Lovelace,ada@example.com," + cut +
                           "\nBob Unknown,bob@example.com,5f4dcc3b5aa765d61d8327deb882cf99\n";
  auto w = make_import_world();
  auto r = w.preview(file);
  REQUIRE(r.ok());
  REQUIRE(r->errors.size() == 2);
  CHECK(r->errors[0].row == 2);
  CHECK(r->errors[0].column == "Password Hash");
  CHECK(r->errors[0].code == "password_hash.malformed");
  CHECK(r->errors[0].message ==
        "This looks like a bcrypt hash, but its cost is missing (it should start like $2b$12$).");
  CHECK(r->errors[1].row == 3);
  CHECK(r->errors[1].code == "password_hash.unknown");
  const auto json = to_json_text(to_json(*r));
  CHECK(json.find("7ogS.qWgxsg") == std::string::npos);
  CHECK(json.find("5f4dcc3b") == std::string::npos);
}

TEST_CASE("a row with both a password and a password hash is refused naming both columns") {
  const auto [password, hash] = fixture("bcrypt");
  const std::string file =
      "Full Name,Email,Password,Password Hash\nAda Lovelace,ada@example.com,Enigma-Bombe-1940-Bletchley," +
      hash + "\nGrace Hopper,grace@example.com,Enigma-Bombe-1940-Bletchley,\n";
  auto w = make_import_world();
  auto r = w.run(file);
  REQUIRE(r.ok());
  CHECK_FALSE(r->committed);
  REQUIRE(r->errors.size() == 1);
  CHECK(r->errors[0].row == 2);
  CHECK(r->errors[0].code == "password_hash.and_password");
  CHECK(r->errors[0].message ==
        "This row has both a Password and a Password Hash; give only one (the hash keeps the person's old "
        "password).");
}

TEST_CASE("--passwords hash takes the Password Hash column and leaves the Password column out") {
  const auto [password, hash] = fixture("bcrypt");
  const std::string file =
      "Full Name,Email,Password,Password Hash\nAda Lovelace,ada@example.com,Enigma-Bombe-1940-"
      "Bletchley," +
      hash + "\nGrace Hopper,grace@example.com,Enigma-Bombe-1940-Bletchley,\n";
  auto w = make_import_world();
  ImportOptions options;
  options.passwords = PasswordSource::hash;
  auto r = w.run(file, options);
  REQUIRE(r.ok());
  CHECK_MESSAGE(r->errors.empty(), codes(*r));
  CHECK(
      std::find(r->warnings.begin(), r->warnings.end(),
                "The Password column was not used, because passwords come from the Password Hash column.") !=
      r->warnings.end());
  CHECK(r->credentials.size() == 1);  // Grace: no hash, a generated password
  CHECK(w.dir->authenticate(w.org.id, "ada@example.com", password).ok());
  CHECK_FALSE(w.dir->authenticate(w.org.id, "grace@example.com", "Enigma-Bombe-1940-Bletchley").ok());
}

TEST_CASE("generated passwords leave the Password Hash column out with a warning") {
  const auto [password, hash] = fixture("bcrypt");
  auto w = make_import_world();
  ImportOptions options;
  options.passwords = PasswordSource::generate;
  auto r = w.run("Full Name,Email,Password Hash\nAda Lovelace,ada@example.com," + hash + "\n", options);
  REQUIRE(r.ok());
  CHECK(r->hash_schemes.empty());
  CHECK(r->credentials.size() == 1);
  CHECK(std::find(r->warnings.begin(), r->warnings.end(),
                  "The Password Hash column was not used, because passwords are generated.") !=
        r->warnings.end());
  CHECK_FALSE(w.dir->authenticate(w.org.id, "ada@example.com", password).ok());
}

TEST_CASE(
    "an imported hash with the change-password flag is replaced at sign-in, which still asks for a change") {
  const auto [password, hash] = fixture("sha512-crypt");
  auto w = make_import_world();
  auto r = w.run("Full Name,Email,Password Hash,Change password next time\nGrace Hopper,grace@example.com," +
                 hash + ",1\n");
  REQUIRE(r.ok());
  CHECK_MESSAGE(r->errors.empty(), codes(*r));
  auto signed_in = w.dir->authenticate(w.org.id, "grace@example.com", password);
  REQUIRE_FALSE(signed_in.ok());
  CHECK(signed_in.error().code == Errc::must_change_password);
  CHECK(w.user_by_email("grace@example.com").password_hash.rfind("$argon2id$", 0) == 0);
  CHECK(w.dir->change_password(w.org.id, "grace@example.com", password, kGoodPassword).ok());
  CHECK(w.dir->authenticate(w.org.id, "grace@example.com", kGoodPassword).ok());
}

TEST_CASE("an imported hash sealed under another master key never signs in") {
  const auto [password, hash] = fixture("bcrypt");
  auto w = make_import_world();
  REQUIRE(w.run("Full Name,Email,Password Hash\nAda Lovelace,ada@example.com," + hash + "\n").ok());
  // The stored text copied to an account in a directory with another key.
  User ada = w.user_by_email("ada@example.com");
  const Keyring other = Keyring::generate();
  ada.password_hash = seal_legacy_hash(other, hash);
  REQUIRE(w.inner
              ->transaction(
                  [&]() -> Result<void> { return w.inner->update_users(std::span<const User>(&ada, 1)); })
              .ok());
  CHECK_FALSE(w.dir->authenticate(w.org.id, "ada@example.com", password).ok());
}

TEST_CASE("checked on two threads, a file of hashes gives the same count per scheme and the same problems") {
  const auto [bcrypt_password, bcrypt] = fixture("bcrypt");
  const auto [django_password, django] = fixture("django-pbkdf2-sha256");
  const auto [ssha_password, ssha] = fixture("ldap-ssha");
  std::string csv = "Full Name,Email,Password Hash\r\n";
  for (int i = 0; i < 2000; ++i) {
    const std::string cell = i % 100 == 42 ? "$2b$$broken" : i % 3 == 0 ? bcrypt : i % 3 == 1 ? django : ssha;
    csv +=
        "Person Number" + std::to_string(i) + ",person" + std::to_string(i) + "@example.com," + cell + "\r\n";
  }
  auto w = make_import_world();
  for (const bool weak : {false, true}) {
    CAPTURE(weak);
    ImportOptions options;
    options.allow_weak_hashes = weak;
    options.max_rows = 5000;
    import_detail::ImportTuning one, two;
    one.two_threads_from_bytes = 0;
    two.two_threads_from_bytes = 1;
    import_detail::ImportTrace one_trace, two_trace;
    auto a = import_detail::execute_import(*w.dir, w.admin_actor(), csv, "users.csv", options, {}, false, one,
                                           &one_trace);
    auto b = import_detail::execute_import(*w.dir, w.admin_actor(), csv, "users.csv", options, {}, false, two,
                                           &two_trace);
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    if (kFastPaths) CHECK(two_trace.check_threads == 2);
    CHECK(to_json_text(to_json(*a)) == to_json_text(to_json(*b)));
    CHECK(a->error_rows == (weak ? 20 : 20 + 660));
    // Only the rows that would be created are counted: not the broken ones.
    CHECK(scheme_rows(*a, "bcrypt") == 667 - 7);
    CHECK(scheme_rows(*a, "django-pbkdf2-sha256") == 667 - 7);
    CHECK(scheme_rows(*a, "ldap-ssha") == (weak ? 666 - 6 : 0));
  }
}

}  // namespace onboard::test
