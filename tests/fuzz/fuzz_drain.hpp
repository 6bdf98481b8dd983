// Reads a whole table and checks what every reader promises, whatever the
// input: errors carry a sentence, cells are valid UTF-8, row numbers are
// positive. A broken promise aborts, which libFuzzer reports as a crash.
#pragma once

#include <cstdlib>
#include <string_view>
#include <vector>

#include "onboard/import/table_reader.hpp"
#include "onboard/model/name.hpp"

namespace onboard::fuzz {

inline void require(bool condition) {
  if (!condition) std::abort();
}

inline void drain(Result<std::unique_ptr<TableReader>> opened) {
  if (!opened.ok()) {
    require(!opened.error().message.empty());
    return;
  }
  TableReader& reader = **opened;
  std::vector<std::string_view> cells;
  std::int64_t row = 0;
  for (;;) {
    auto more = reader.next(cells, row);
    if (!more.ok()) {
      require(!more.error().message.empty());
      return;
    }
    if (!*more) break;
    require(row > 0);
    for (std::string_view cell : cells) require(is_valid_utf8(cell));
    require(reader.bytes_consumed() <= reader.bytes_total());
  }
}

}  // namespace onboard::fuzz
