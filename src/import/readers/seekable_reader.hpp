// What the import engine needs from a reader beyond the public TableReader:
// places between rows, to read rows again out of file order (pass 2 writes
// rows sorted by key) and to cut a large file into pieces for a second
// thread. Internal: hosts read tables through open_table and TableReader.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

#include "onboard/import/table_reader.hpp"

namespace onboard {
inline namespace v1 {
namespace readers {

class SeekableReader : public TableReader {
 public:
  // A place between two rows.
  struct Position {
    std::uint64_t offset = 0;  // where the next row's text starts
    std::int64_t record = 0;   // the row number before it
  };
  // Where the next call to next() starts, or nullopt when the format can only
  // be read front to back (XLSX: its XML is inflated as a stream).
  virtual std::optional<Position> position() const { return std::nullopt; }
  // Makes next() continue at `at`, a value position() returned for this same
  // file. Returns false, changing nothing, when the format cannot go back or
  // `at` lies outside the file.
  virtual bool seek(const Position& at) {
    (void)at;
    return false;
  }
  // The first row boundary at or after `fraction` (0..1) of the file, with
  // record 0 (rows after it are numbered as if it were the start), or
  // nullopt when there is none or the format cannot tell. Without looking at
  // the rows before it, the boundary is a guess: a line break inside a
  // quoted cell looks the same. The caller finds out when it reads up to it.
  virtual std::optional<Position> split_point(double fraction) const {
    (void)fraction;
    return std::nullopt;
  }
  // A second reader over the same file, with its own position (seek it
  // before use), or null when that would mean decoding the file again.
  virtual std::unique_ptr<SeekableReader> clone() const { return nullptr; }
};

// open_table, for the engine. `threads`: how many threads the reader may keep
// busy at once, the caller's included (1: it starts none; the UTF-8 check of
// a large file uses two when allowed).
Result<std::unique_ptr<SeekableReader>> open_seekable(std::string_view bytes, std::string_view file_name_hint,
                                                      const ReaderLimits& limits, unsigned threads);

}  // namespace readers
}  // namespace v1
}  // namespace onboard
