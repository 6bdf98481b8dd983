#include "onboard/import/table_reader.hpp"

#include "import/readers/reader_dispatch.hpp"
#include "onboard/import/xlsx_reader.hpp"

namespace onboard {
inline namespace v1 {
namespace {

bool has_workbook_extension(std::string_view name) {
  auto dot = name.rfind('.');
  if (dot == std::string_view::npos) return false;
  std::string extension;
  for (char c : name.substr(dot + 1))
    extension.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c);
  return extension == "xlsx" || extension == "xlsm" || extension == "xls";
}

}  // namespace

namespace readers {

Result<std::unique_ptr<SeekableReader>> open_seekable(std::string_view bytes, std::string_view file_name_hint,
                                                      const ReaderLimits& limits, unsigned threads) {
  // The content decides, not the name: people rename files, and a CSV saved
  // as "users.xlsx" still holds a perfectly good table.
  if (looks_like_workbook(bytes)) return open_xlsx_seekable(bytes, limits);
  std::vector<std::string> warnings;
  if (has_workbook_extension(file_name_hint)) {
    warnings.emplace_back("The file is named like a workbook but holds text; it was read as CSV.");
  }
  return open_csv_with_warnings(bytes, limits, std::move(warnings), threads);
}

}  // namespace readers

Result<std::unique_ptr<TableReader>> open_table(std::string_view bytes, std::string_view file_name_hint,
                                                const ReaderLimits& limits) {
  ONB_ASSIGN(auto reader, readers::open_seekable(bytes, file_name_hint, limits, 0));
  return std::unique_ptr<TableReader>(std::move(reader));
}

}  // namespace v1
}  // namespace onboard
