// Turning the bytes of a text file into UTF-8 once, before parsing, so the CSV
// parser only ever sees UTF-8 and can hand out views into one buffer.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "onboard/core/error.hpp"

namespace onboard {
inline namespace v1 {
namespace readers {

struct DecodedText {
  bool converted = false;
  std::string owned;          // the converted text, when the input was not UTF-8
  std::string_view borrowed;  // the input without its BOM, when it was UTF-8
  std::string encoding;       // "UTF-8", "UTF-8 with BOM", "UTF-16LE", "UTF-16BE", "Windows-1252"
  std::vector<std::string> warnings;

  // UTF-8 without BOM. A view, computed on demand so moving this struct never
  // leaves it pointing into a moved-from string.
  std::string_view text() const noexcept { return converted ? std::string_view(owned) : borrowed; }
};

// Detects the encoding (BOM, then UTF-8, then Windows-1252) and converts to
// UTF-8. `bytes` must outlive the result when it was UTF-8 already. Only a
// file without a single well-formed multi-byte UTF-8 sequence may be
// Windows-1252. Errors: unsupported_format when the bytes are none of these
// or contain NUL; unsupported_format "file.mixed_encoding" when the file is UTF-8
// except for some bytes (the CSV reader then names their rows and columns).
// `threads`: at most this many busy at once, the caller's included (1: no
// thread is started; 0: the default, two for a large file).
Result<DecodedText> decode_text(std::string_view bytes, unsigned threads = 0);

}  // namespace readers
}  // namespace v1
}  // namespace onboard
