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
    // A refusal never echoes what was pasted (it may be most of a secret).
    if (size >= 8) require(message.find(text) == std::string::npos);
    return 0;
  }
  require(token->size() == onboard::token_chars);
  auto again = onboard::normalize_token(*token);
  require(again.ok() && *again == *token);
  return 0;
}
