#include "import/xlsx_book.hpp"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace onboard {
inline namespace v1 {

Result<std::string> xlsx_bytes(std::string_view what, std::string_view code_prefix,
                               const std::function<void(lxw_workbook*)>& fill) {
  const std::string code = std::string(code_prefix) + ".io";
  const auto fail = [&](std::string_view happened) {
    return Error{Errc::internal,
                 "The " + std::string(what) + " workbook could not be " + std::string(happened) + ".", code};
  };
  std::string path = (std::filesystem::temp_directory_path() / "onboard-xlsx-XXXXXX").string();
  const int fd = mkstemp(path.data());
  if (fd < 0) return fail("written to a temporary file");
  ::close(fd);
  struct Remove {
    std::string p;
    ~Remove() { std::remove(p.c_str()); }
  } remove{path};

  lxw_workbook* wb = workbook_new(path.c_str());
  if (wb == nullptr) return fail("created");
  fill(wb);
  if (workbook_close(wb) != LXW_NO_ERROR) return fail("written");
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (!in.good() && !in.eof()) return fail("read back");
  return buffer.str();
}

}  // namespace v1
}  // namespace onboard
