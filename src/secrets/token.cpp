#include "onboard/secrets/token.hpp"

#include <sodium.h>

#include "onboard/secrets/crypto_init.hpp"

namespace onboard {
inline namespace v1 {

namespace {

constexpr int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
static_assert(sodium_base64_ENCODED_LEN(token_bytes, variant) == token_chars + 1);

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

bool is_url_safe_base64(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

}  // namespace

std::string generate_token() {
  init_crypto();
  unsigned char raw[token_bytes];
  randombytes_buf(raw, sizeof raw);
  char text[token_chars + 1];
  sodium_bin2base64(text, sizeof text, raw, sizeof raw, variant);
  sodium_memzero(raw, sizeof raw);
  std::string token(text, token_chars);
  sodium_memzero(text, sizeof text);
  return token;
}

Result<std::string> normalize_token(std::string_view typed) {
  const Error damaged(Errc::invalid_input, "This link is incomplete or damaged; ask for a new one.",
                      "token.invalid");
  while (!typed.empty() && is_space(typed.front())) typed.remove_prefix(1);
  while (!typed.empty() && is_space(typed.back())) typed.remove_suffix(1);
  if (typed.size() != token_chars) return damaged;
  for (char c : typed) {
    if (!is_url_safe_base64(c)) return damaged;
  }
  // Decoding also refuses a last character whose unused low bits are set, so
  // each token has exactly one spelling and one hash.
  init_crypto();
  unsigned char raw[token_bytes + 1];
  std::size_t raw_len = 0;
  const char* end = nullptr;
  int rc = sodium_base642bin(raw, sizeof raw, typed.data(), typed.size(), nullptr, &raw_len, &end, variant);
  sodium_memzero(raw, sizeof raw);
  if (rc != 0 || raw_len != token_bytes || end != typed.data() + typed.size()) return damaged;
  return std::string(typed);
}

}  // namespace v1
}  // namespace onboard
