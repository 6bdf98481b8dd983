// Directory::storage() is private: a host cannot reach the storage past the
// Directory's rules; the use cases beside it reach it through DirectoryAccess.
// And the host's thread choice reaches the storage: a SQLite directory opened
// with threads = 1 starts no thread however much it writes.
#include <filesystem>

#include "service/directory_access.hpp"
#include "service_fixture.hpp"

using namespace onboard;
using namespace onboard::test;

namespace {

template <class D>
concept HasPublicStorage = requires(D& d) {
  d.storage();
};
template <class D>
concept HasPublicClock = requires(D& d) {
  d.clock();
};

// The detector finds a public member, so its "no" below means "private".
static_assert(HasPublicClock<Directory>);
static_assert(!HasPublicStorage<Directory>,
              "Directory::storage() must not be public: it bypasses every rule.");
static_assert(!HasPublicStorage<const Directory>);

int thread_count() {
  int n = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator("/proc/self/task")) ++n;
  return n;
}

}  // namespace

TEST_CASE("the use cases reach the Directory's own storage through DirectoryAccess") {
  World w = make_world();
  CHECK(&DirectoryAccess::storage(*w.dir) == w.storage.get());
}

TEST_CASE("the highest-ranked active member is the administrator the organization was created with") {
  World w = make_world();
  auto found = w.dir->highest_ranked_member(w.org.id);
  REQUIRE(found.ok());
  CHECK(found->id == w.admin.id);
  CHECK(w.dir->highest_ranked_member("org_missing").error().code == Errc::not_found);
}

TEST_CASE("a SQLite directory opened with one thread starts none, however much it writes") {
  const auto db = temp_dir() / "one_thread.db";
  DirectoryOptions options;
  options.threads = 1;
  options.clock = std::make_shared<ManualClock>(*parse_iso8601("2026-11-21T09:00:00Z"));
  const int before = thread_count();
  auto opened = Directory::open_with_key_file("sqlite:" + db.string(), db.string() + ".key", options);
  REQUIRE(opened.ok());
  auto& dir = **opened;
  CHECK(dir.threads() == 1);
  NewOrganization req;
  req.name = "Acme";
  req.admin_email = "ada@acme.example";
  req.admin_name = "Ada Lovelace";
  req.admin_password = kAdminPassword;
  auto created = dir.create_organization(req);
  REQUIRE(created.ok());
  // ~20 MB in one commit, then as much again: each past the 1,000 pages
  // after which the store checkpoints (by default on a thread of its own).
  Storage& storage = DirectoryAccess::storage(dir);
  for (int round = 0; round < 2; ++round) {
    std::vector<User> users;
    for (int i = 0; i < 8000; ++i) {
      User u = created->admin;
      u.id = "usr_r" + std::to_string(round) + "_" + std::to_string(i);
      u.email = "r" + std::to_string(round) + "p" + std::to_string(i) + "@acme.example";
      u.email_key = u.email;
      u.username.clear();
      u.username_key.clear();
      u.external_id.clear();
      u.attributes["notes"] = std::string(2000, static_cast<char>('a' + i % 26));
      users.push_back(std::move(u));
    }
    REQUIRE(storage.bulk_transaction([&]() -> Result<void> { return storage.insert_users(users); }).ok());
    CHECK(thread_count() == before);
  }
  std::error_code ec;
  CHECK(std::filesystem::file_size(db.string() + "-wal", ec) == 0);  // checkpointed and cut back at once
}
