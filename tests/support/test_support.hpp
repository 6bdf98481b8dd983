// Helpers shared by the C++ tests.
#pragma once

#include <filesystem>
#include <string>

namespace onboard::test {

// tests/data/<name>
std::filesystem::path data_path(const std::string& name);
std::string read_file(const std::filesystem::path& path);
// A fresh, empty directory under the system temp dir, removed at exit.
std::filesystem::path temp_dir();

}  // namespace onboard::test
