// write_secret_file: files that hold secrets are 0600 whatever the umask,
// never written through a symbolic link, never over an existing name unless
// asked, and then replaced whole.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "onboard/core/secret_file.hpp"
#include "test_support.hpp"

using namespace onboard;
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

unsigned mode_of(const fs::path& p) {
  struct stat st {};
  REQUIRE(::lstat(p.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

void put(const fs::path& p, const std::string& text, unsigned mode) {
  std::ofstream(p, std::ios::binary) << text;
  REQUIRE(::chmod(p.c_str(), mode) == 0);
}

// Restores the umask when the test ends.
struct Umask {
  mode_t old;
  explicit Umask(mode_t m) : old(::umask(m)) {}
  ~Umask() { ::umask(old); }
};

// Nothing but `expected` names in `dir` (no temporary file left behind).
void only(const fs::path& dir, std::size_t expected) {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++n;
  CHECK(n == expected);
}

}  // namespace

TEST_CASE("a secret file is created 0600 even with umask 000") {
  const Umask open_umask(0);
  const fs::path dir = test::temp_dir();
  const fs::path path = dir / "creds.csv";
  REQUIRE(write_secret_file(path.string(), "password\n").ok());
  CHECK(mode_of(path) == 0600);
  CHECK(slurp(path) == "password\n");
  only(dir, 1);
}

TEST_CASE("a secret file refuses an existing file, a symlink and a dangling symlink") {
  const fs::path dir = test::temp_dir();
  const fs::path file = dir / "existing.csv";
  const fs::path target = dir / "target.csv";
  const fs::path link = dir / "link.csv";
  const fs::path dangling = dir / "dangling.csv";
  put(file, "old", 0644);
  put(target, "target", 0644);
  fs::create_symlink(target, link);
  fs::create_symlink(dir / "nowhere.csv", dangling);
  for (const fs::path& p : {file, link, dangling}) {
    CAPTURE(p);
    auto r = write_secret_file(p.string(), "secret");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == Errc::already_exists);
    CHECK(r.error().message ==
          "The file " + p.string() + " already exists; choose another name or ask to replace it (--force).");
  }
  CHECK(slurp(file) == "old");
  CHECK(slurp(target) == "target");
  CHECK(mode_of(target) == 0644);
  CHECK(fs::is_symlink(link));
  CHECK(fs::is_symlink(dangling));
  CHECK_FALSE(fs::exists(dir / "nowhere.csv"));  // the dangling link's target was not created
  only(dir, 4);
}

TEST_CASE("replacing renames over a symlink without touching its target") {
  const Umask open_umask(0);
  const fs::path dir = test::temp_dir();
  const fs::path target = dir / "target.csv";
  const fs::path link = dir / "link.csv";
  const fs::path dangling = dir / "dangling.csv";
  const fs::path file = dir / "existing.csv";
  put(target, "target", 0644);
  put(file, "old", 0644);
  fs::create_symlink(target, link);
  fs::create_symlink(dir / "nowhere.csv", dangling);
  for (const fs::path& p : {link, dangling, file}) {
    CAPTURE(p);
    REQUIRE(write_secret_file(p.string(), "secret", true).ok());
    CHECK_FALSE(fs::is_symlink(p));
    CHECK(mode_of(p) == 0600);
    CHECK(slurp(p) == "secret");
  }
  CHECK(slurp(target) == "target");
  CHECK(mode_of(target) == 0644);
  CHECK_FALSE(fs::exists(dir / "nowhere.csv"));
  only(dir, 4);
}

TEST_CASE("a secret file that cannot be written leaves nothing behind and says why") {
  const fs::path dir = test::temp_dir();
  auto r = write_secret_file((dir / "missing" / "creds.csv").string(), "secret");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == Errc::storage);
  CHECK(r.error().message.find("No such file or directory") != std::string::npos);
  CHECK(write_secret_file("", "secret").error().code == Errc::invalid_input);
  CHECK(write_secret_file(dir.string(), "secret", true).error().code == Errc::invalid_input);
  only(dir, 0);
}
