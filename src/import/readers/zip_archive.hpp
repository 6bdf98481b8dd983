// A read-only view of a zip archive held in memory, with every byte that comes
// out of zlib counted against ReaderLimits, so a zip bomb is stopped by what
// it actually inflates to rather than by what its headers claim.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "onboard/core/error.hpp"
#include "onboard/import/table_reader.hpp"

namespace onboard {
inline namespace v1 {
namespace readers {

class ZipArchive {
 public:
  // Opens the archive and checks its directory: entry count, names (no ".."
  // segments or absolute paths), no encrypted entries, no duplicate names.
  // `bytes` must outlive the archive. Errors: unsupported_format,
  // limit_exceeded.
  static Result<std::unique_ptr<ZipArchive>> open(std::string_view bytes, const ReaderLimits& limits);

  ~ZipArchive();
  ZipArchive(const ZipArchive&) = delete;
  ZipArchive& operator=(const ZipArchive&) = delete;

  // True when the archive holds `name` (compared case-insensitively, as OOXML
  // part names are).
  bool contains(std::string_view name) const;

  // Starts inflating entry `name`; any entry open before is closed.
  Result<void> open_entry(std::string_view name);
  // Inflates up to `capacity` bytes of the open entry. Returns 0 only at its
  // end, once the size and CRC-32 were verified. Errors: unsupported_format
  // (damaged data), limit_exceeded (past max_uncompressed_bytes or the ratio).
  Result<std::size_t> read(char* buffer, std::size_t capacity);

  // Progress through the open entry: bytes inflated so far and as declared.
  std::uint64_t entry_inflated() const { return entry_inflated_; }
  std::uint64_t entry_declared_size() const { return entry_.uncompressed_size; }

 private:
  struct Entry {
    std::uint64_t directory_offset = 0;  // for unzGoToFilePos64
    std::uint64_t file_index = 0;
    std::uint64_t compressed_size = 0;
    std::uint64_t uncompressed_size = 0;
  };

  ZipArchive(std::string_view bytes, const ReaderLimits& limits) : bytes_(bytes), limits_(limits) {}
  Result<void> index_entries();
  void close_entry();

  std::string_view bytes_;
  ReaderLimits limits_;
  void* unz_ = nullptr;                             // unzFile
  std::unordered_map<std::string, Entry> entries_;  // by lower-case name
  bool entry_open_ = false;
  Entry entry_;
  std::uint64_t entry_inflated_ = 0;
  std::uint64_t total_inflated_ = 0;
};

// The sentence for a zip or workbook that is cut short or corrupt.
Error damaged_workbook();

}  // namespace readers
}  // namespace v1
}  // namespace onboard
