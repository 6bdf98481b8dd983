// libFuzzer entry point for the email parser: any bytes give an address or a
// sentence; an accepted address parses again to the same identity; the
// allocation-free fast path agrees with parse() whenever it answers.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_drain.hpp"
#include "onboard/model/email.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using onboard::fuzz::require;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = onboard::Email::parse(text);
  std::string address, key;
  const bool fast = onboard::Email::parse_plain_ascii(text, address, key);
  if (!parsed) {
    require(!parsed.error().message.empty());
    require(!fast);  // the fast path never accepts what parse() refuses
    return 0;
  }
  require(onboard::is_valid_utf8(parsed->address()));
  require(parsed->key().size() <= onboard::Email::max_address_octets);
  for (unsigned char c : parsed->key()) require(c < 0x80 && !(c >= 'A' && c <= 'Z') && c > 0x20);
  auto again = onboard::Email::parse(parsed->address());
  require(again.ok() && again->key() == parsed->key());
  if (fast) require(address == parsed->address() && key == parsed->key());
  return 0;
}
