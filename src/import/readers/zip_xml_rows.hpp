// The rows of one XML part of a zip archive (an XLSX sheet, an ODS
// content.xml), streamed: the part is inflated and parsed only as far as
// the next row needs. The handler turns XML events into rows
// (`take_row`); one that knows the table has ended (`done()`, ODS after
// its first table) stops the reading there. Shared by the XLSX and ODS
// readers, so both keep the same bounds and progress.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "import/readers/xml_parser.hpp"
#include "import/readers/zip_archive.hpp"
#include "onboard/core/error.hpp"

namespace onboard {
inline namespace v1 {
namespace readers {

template <class Handler>
class ZipXmlRows {
 public:
  // `archive` and `handler` must outlive this; `entry` is the part's name.
  ZipXmlRows(ZipArchive& archive, Handler& handler, const std::string& entry, std::uint64_t input_size)
      : archive_(archive), handler_(handler), parser_(handler, entry), input_size_(input_size) {}

  Result<bool> next(std::vector<std::string_view>& cells, std::int64_t& row_number) {
    for (;;) {
      if (handler_.take_row(cells, row_number)) return true;
      if (error_) return *error_;
      if (over()) return false;
      auto status = started_ ? parser_.resume(archive_) : parser_.parse_from(archive_);
      started_ = true;
      if (!status.ok()) {
        error_ = status.error();
        return *error_;
      }
      finished_ = *status == XmlParser::Status::done;
    }
  }

  // The share of the part inflated so far, scaled to the input's size.
  std::uint64_t bytes_consumed() const {
    if (over()) return input_size_;
    const std::uint64_t declared = archive_.entry_declared_size();
    if (declared == 0) return 0;
    const double fraction = static_cast<double>(archive_.entry_inflated()) / static_cast<double>(declared);
    return static_cast<std::uint64_t>(std::min(fraction, 1.0) * static_cast<double>(input_size_));
  }

 private:
  bool over() const {
    if constexpr (requires { handler_.done(); })
      return finished_ || handler_.done();
    else
      return finished_;
  }

  ZipArchive& archive_;
  Handler& handler_;
  XmlParser parser_;
  std::uint64_t input_size_;
  bool started_ = false;
  bool finished_ = false;
  std::optional<Error> error_;
};

}  // namespace readers
}  // namespace v1
}  // namespace onboard
