// The order pass 2 writes rows in. Pass 2 writes rows sorted by the key the
// users table indexes at random (email, else username), so every index
// grows at one edge, as the table and its id key (UUIDv7) already do; rows
// inserted at random places cost SQLite re-reading and re-writing pages
// (docs/performance.md).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "core/large_memory.hpp"

namespace onboard {
inline namespace v1 {
namespace import_detail {

// From this many rows to write, their order is sorted on two threads (when
// the run may use two).
constexpr std::size_t kTwoThreadSortFrom = 1 << 18;

// A row pass 2 writes, found again by its place in the file.
struct WriteOrder {
  std::uint64_t key_high = 0;  // the key's first 16 bytes, big-endian: memcmp order
  std::uint64_t key_low = 0;
  std::uint64_t offset = 0;  // SeekableReader::Position of the row
  std::uint32_t record = 0;
  std::uint8_t action = 0;  // RowAction
};

// Puts `order` in the order of the index it fills: by key, then by place in
// the file. From `two_threads_from` entries, on two threads (the caller's
// and one more); pass SIZE_MAX for one.
void sort_write_order(LargeVector<WriteOrder>& order, std::size_t two_threads_from = kTwoThreadSortFrom);

// Fills w's key from `key` (email key, else username key).
inline void set_write_key(WriteOrder& w, std::string_view key) noexcept {
  unsigned char prefix[16] = {};
  std::memcpy(prefix, key.data(), std::min(key.size(), sizeof prefix));
  w.key_high = 0;
  w.key_low = 0;
  for (int b = 0; b < 8; ++b) {
    w.key_high = (w.key_high << 8) | prefix[b];
    w.key_low = (w.key_low << 8) | prefix[8 + b];
  }
}

}  // namespace import_detail
}  // namespace v1
}  // namespace onboard
