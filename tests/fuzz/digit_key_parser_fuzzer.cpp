// libFuzzer entry point for typed registration keys, 10 and 29 digits: any
// bytes give the canonical digits or a sentence; canonical digits carry a
// valid check digit, and their grouped form reads back to them.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_drain.hpp"
#include "onboard/secrets/digit_key.hpp"

namespace {

void check(std::string_view text, std::size_t digits) {
  using onboard::fuzz::require;
  auto key = onboard::normalize_digit_key(text, digits);
  if (!key) {
    require(!key.error().message.empty() && !key.error().detail_code.empty());
    return;
  }
  require(key->size() == digits);
  for (char c : *key) require(c >= '0' && c <= '9');
  require(onboard::damm_valid(*key));
  auto again = onboard::normalize_digit_key(onboard::group_digit_key(*key), digits);
  require(again.ok() && *again == *key);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  check(text, onboard::org_key_digits);
  check(text, onboard::user_key_digits);
  return 0;
}
