// The SQLite file holds sealed secrets and people's data: it is created
// private whatever the umask, its WAL too, and a link at its path is refused.
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "backends.hpp"

using namespace onboard;
using namespace onboard::test;

namespace {

unsigned mode_of(const std::filesystem::path& p) {
  struct stat st {};
  REQUIRE(::lstat(p.c_str(), &st) == 0);
  return st.st_mode & 0777;
}

struct Umask {
  mode_t old;
  explicit Umask(mode_t m) : old(::umask(m)) {}
  ~Umask() { ::umask(old); }
};

}  // namespace

TEST_CASE("a new SQLite database and its WAL are created 0600 even with a permissive umask") {
  Umask open_umask(0);
  const auto path = temp_dir() / "private.db";
  auto store = open_sqlite_storage(path.string());
  REQUIRE(store.ok());
  World w(std::shared_ptr<Storage>(std::move(store).value()));
  w.add_user("ada@acme.example");
  CHECK(mode_of(path) == 0600);
  const auto wal = path.string() + "-wal";
  if (std::filesystem::exists(wal)) CHECK(mode_of(wal) == 0600);
  const auto shm = path.string() + "-shm";
  if (std::filesystem::exists(shm)) CHECK(mode_of(shm) == 0600);
}

TEST_CASE("a symbolic link at the SQLite path is refused, and its target is not touched") {
  const auto dir = temp_dir();
  const auto target = dir / "elsewhere.txt";
  { std::ofstream(target) << "not a database"; }
  const auto link = dir / "link.db";
  std::filesystem::create_symlink(target, link);
  auto store = open_sqlite_storage(link.string());
  REQUIRE_FALSE(store.ok());
  CHECK(store.error().code == Errc::storage);
  CHECK(store.error().message.find("symbolic link") != std::string::npos);
  std::ifstream in(target);
  std::string text;
  std::getline(in, text);
  CHECK(text == "not a database");

  const auto dangling = dir / "dangling.db";
  std::filesystem::create_symlink(dir / "nothing-here.db", dangling);
  CHECK_FALSE(open_sqlite_storage(dangling.string()).ok());
  CHECK_FALSE(std::filesystem::exists(dir / "nothing-here.db"));
}
