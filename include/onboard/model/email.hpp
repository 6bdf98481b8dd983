// Email addresses people type: strict syntax (WHATWG "valid email address"
// tightened to RFC 5321 dot-atoms), one identity per mailbox, and the address
// kept exactly as given so mail goes where the person asked.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include "onboard/core/error.hpp"

namespace onboard {
inline namespace v1 {

class Email {
 public:
  // Longest accepted local part (RFC 5321 §4.5.3.1.1) and whole address
  // (RFC 5321 path limit minus the angle brackets), in octets of the ASCII form.
  static constexpr std::size_t max_local_octets = 64;
  static constexpr std::size_t max_address_octets = 254;
  static constexpr std::size_t max_label_octets = 63;

  // Parses one address; surrounding white space is dropped. Internationalized
  // domains are accepted (UTS #46); the local part is limited to ASCII.
  // Errors: Errc::invalid_input with a sentence and a detail_code
  // ("email.control_character", "email.multiple", "email.local_too_long"…).
  static Result<Email> parse(std::string_view text);

  // The allocation-free path for bulk checks: when `text` is an ASCII address
  // that parse() accepts unchanged (nothing to trim, no IDNA), writes what
  // address() and key() would hold into the outputs, reusing their capacity,
  // and returns true. Otherwise returns false, leaves the outputs unspecified,
  // and parse() gives the verdict (an error or a Unicode domain).
  static bool parse_plain_ascii(std::string_view text, std::string& address_out, std::string& key_out);

  // The address as given (trimmed): use it to send mail and to show it.
  const std::string& address() const noexcept { return address_; }
  // The identity for uniqueness: lower-cased local part, '@', the domain in
  // lower-case ASCII (punycode). Two addresses with equal keys are one person.
  const std::string& key() const noexcept { return key_; }
  // The part before the '@', as given. Views into this Email.
  std::string_view local_part() const noexcept { return std::string_view(address_).substr(0, at_); }
  // The domain as given (may be Unicode). Views into this Email.
  std::string_view domain() const noexcept { return std::string_view(address_).substr(at_ + 1); }
  // The domain in lower-case ASCII ("xn--bcher-kva.example"). Views into this Email.
  std::string_view domain_ascii() const noexcept { return std::string_view(key_).substr(at_ + 1); }

 private:
  Email(std::string address, std::string key, std::size_t at)
      : address_(std::move(address)), key_(std::move(key)), at_(at) {}

  std::string address_;
  std::string key_;
  std::size_t at_ = 0;  // index of '@' in both address_ and key_ (the local part is ASCII)
};

}  // namespace v1
}  // namespace onboard
