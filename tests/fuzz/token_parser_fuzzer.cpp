// libFuzzer entry point for pasted tokens: any bytes give a canonical token
// or a sentence that never repeats the input; a canonical token is stable.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_drain.hpp"
#include "onboard/secrets/token.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using onboard::fuzz::require;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto token = onboard::normalize_token(text);
  if (!token) {
    const std::string& message = token.error().message;
    require(!message.empty());
    // A refusal never echoes what was pasted (it may be most of a secret):
    // no run of 16 or more token characters from the input is in it.
    std::size_t run = 0;
    for (std::size_t i = 0; i < size; ++i) {
      const char c = text[i];
      const bool token_char =
          (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
      run = token_char ? run + 1 : 0;
      if (run >= 16) require(message.find(text.substr(i + 1 - run, run)) == std::string::npos);
    }
    return 0;
  }
  require(token->size() == onboard::token_chars);
  auto again = onboard::normalize_token(*token);
  require(again.ok() && *again == *token);
  return 0;
}
