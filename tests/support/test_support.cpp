#include "test_support.hpp"

#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

namespace onboard::test {

std::filesystem::path data_path(const std::string& name) {
  return std::filesystem::path(ONBOARD_TEST_DATA) / name;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

namespace {
struct TempRoot {
  std::filesystem::path path;
  TempRoot() {
    std::random_device rd;
    path = std::filesystem::temp_directory_path() /
           ("onboard-test-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path);
  }
  ~TempRoot() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};
}  // namespace

std::filesystem::path temp_dir() {
  static TempRoot root;
  static int counter = 0;
  auto p = root.path / std::to_string(++counter);
  std::filesystem::create_directories(p);
  return p;
}

}  // namespace onboard::test
