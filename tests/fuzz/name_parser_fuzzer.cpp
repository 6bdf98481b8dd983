// libFuzzer entry point for names: any bytes give a clean name or a sentence;
// a clean name is valid UTF-8 without control characters and cleans to
// itself; the plain-ASCII splitter agrees with split_full_name.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_drain.hpp"
#include "onboard/model/name.hpp"

namespace {

bool has_control(std::string_view s) {
  for (unsigned char c : s)
    if (c < 0x20 || c == 0x7F) return true;
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using onboard::fuzz::require;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto cleaned = onboard::clean_name(text, "first name");
  if (cleaned) {
    require(onboard::is_valid_utf8(*cleaned) && !has_control(*cleaned));
    auto again = onboard::clean_name(*cleaned, "first name");
    require(again.ok() && *again == *cleaned);
  } else {
    require(!cleaned.error().message.empty());
  }
  auto split = onboard::split_full_name(text);
  std::string first, last, display;
  const bool fast = onboard::split_plain_ascii_name(text, first, last, display);
  if (!split) {
    require(!split.error().message.empty() && !fast);
    return 0;
  }
  require(onboard::is_valid_utf8(split->first) && onboard::is_valid_utf8(split->last));
  require(!has_control(split->display));
  if (fast) require(first == split->first && last == split->last && display == split->display);
  const std::string excerpt = onboard::excerpt_for_message(text);
  require(onboard::is_valid_utf8(excerpt) && !has_control(excerpt));
  return 0;
}
