// A key that opens nothing is refused: a store remembers its key's check
// value, and a missing key file for a store that was used is an error, never
// a new key (SECURITY.md, promise 15).
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include <sqlite3.h>

#include "onboard/directory.hpp"
#include "onboard/registrations.hpp"
#include "test_support.hpp"

namespace onboard::test {
namespace {

NewOrganization acme() {
  NewOrganization o;
  o.name = "Acme";
  o.admin_email = "ada@acme.example";
  o.admin_name = "Ada Lovelace";
  o.admin_password = "correct horse battery staple orbit";
  return o;
}

void write_key(const std::filesystem::path& path, char digit) {
  std::ofstream(path) << std::string(64, digit) << "\n";
  std::filesystem::permissions(path,
                               std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
}

}  // namespace

TEST_CASE("a database opened with another master key is refused with a sentence") {
  const auto dir = temp_dir();
  const std::string uri = "sqlite:" + (dir / "acme.db").string();
  write_key(dir / "a.key", 'a');
  write_key(dir / "b.key", 'b');
  {
    auto first = Directory::open_with_key_file(uri, (dir / "a.key").string());
    REQUIRE_MESSAGE(first.ok(), (first.ok() ? "" : first.error().message));
    REQUIRE((*first)->create_organization(acme()).ok());
  }
  auto other = Directory::open_with_key_file(uri, (dir / "b.key").string());
  REQUIRE_FALSE(other.ok());
  CHECK(other.error().code == Errc::storage);
  CHECK(other.error().message.find("sealed with another master key") != std::string::npos);

  // Directory::open with a keyring checks too.
  auto generated = Directory::open(uri, Keyring::generate());
  REQUIRE_FALSE(generated.ok());
  CHECK(generated.error().code == Errc::storage);

  // The right key still opens it.
  auto right = Directory::open_with_key_file(uri, (dir / "a.key").string());
  REQUIRE_MESSAGE(right.ok(), (right.ok() ? "" : right.error().message));
  CHECK((*right)->organizations()->size() == 1);
}

TEST_CASE("a missing key file for a used database is an error, and no key file is made") {
  const auto dir = temp_dir();
  const std::string uri = "sqlite:" + (dir / "acme.db").string();
  const auto key = dir / "acme.db.key";
  {
    auto first = Directory::open_with_key_file(uri, key.string());
    REQUIRE_MESSAGE(first.ok(), (first.ok() ? "" : first.error().message));
    REQUIRE((*first)->create_organization(acme()).ok());
  }
  // A new key file is made, private, for a store that held nothing.
  struct stat st {};
  REQUIRE(::stat(key.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);

  std::filesystem::rename(key, dir / "moved.key");
  auto missing = Directory::open_with_key_file(uri, key.string());
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == Errc::storage);
  CHECK(missing.error().message.find("is missing") != std::string::npos);
  CHECK(missing.error().message.find("backup") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(key));
}

TEST_CASE("a store that was only opened keeps its key: a missing key file is still an error") {
  const auto dir = temp_dir();
  const std::string uri = "sqlite:" + (dir / "empty.db").string();
  const auto key = dir / "empty.db.key";
  REQUIRE(Directory::open_with_key_file(uri, key.string()).ok());
  std::filesystem::remove(key);
  // Nothing was sealed yet, but the store records the key it was opened with:
  // guessing that nothing depends on it would be a silent guess.
  auto again = Directory::open_with_key_file(uri, key.string());
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().message.find("is missing") != std::string::npos);
}

TEST_CASE("a database from before the key check adopts only a key that opens its sealed secrets") {
  const auto dir = temp_dir();
  const auto path = dir / "old.db";
  const std::string uri = "sqlite:" + path.string();
  write_key(dir / "a.key", 'a');
  write_key(dir / "b.key", 'b');
  {
    auto first = Directory::open_with_key_file(uri, (dir / "a.key").string());
    REQUIRE(first.ok());
    auto created = (*first)->create_organization(acme());
    REQUIRE(created.ok());
    const Actor ada{created->organization.id, created->admin.id};
    NewRegistrationKey key;
    key.label = "Front desk";
    REQUIRE(Registrations(**first).create_key(ada, key).ok());
  }
  // As a release before the check left it: no check value stored.
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db, "DELETE FROM key_check", nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);

  // The wrong key cannot open the sealed key, so it is not adopted…
  auto wrong = Directory::open_with_key_file(uri, (dir / "b.key").string());
  REQUIRE_FALSE(wrong.ok());
  CHECK(wrong.error().message.find("sealed with another master key") != std::string::npos);
  // …and the right one still opens the store, and is remembered from now on.
  REQUIRE(Directory::open_with_key_file(uri, (dir / "a.key").string()).ok());
  CHECK_FALSE(Directory::open_with_key_file(uri, (dir / "b.key").string()).ok());
}

}  // namespace onboard::test
