// URL tokens for invitations and self-registration links: 32 random bytes,
// written in URL-safe base64 without padding (43 characters).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "onboard/core/error.hpp"

namespace onboard {
inline namespace v1 {

constexpr std::size_t token_bytes = 32;
constexpr std::size_t token_chars = 43;

// A fresh random token (256 bits), ready to put in a URL. The caller shows it
// once and stores only Keyring::hmac() of it.
std::string generate_token();

// The canonical form of a token a person pasted: surrounding white space
// (a trailing newline from a mail client) is removed; the rest must be 43
// URL-safe base64 characters that decode to 32 bytes. Errors: invalid_input,
// whose message never repeats the token.
Result<std::string> normalize_token(std::string_view typed);

}  // namespace v1
}  // namespace onboard
