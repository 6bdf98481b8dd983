// Passwords people choose: normalization and the policy check.
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>
#include <zxcvbn.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <mutex>

#include "onboard/secrets/password.hpp"

namespace onboard {
inline namespace v1 {

namespace {

bool valid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const std::uint8_t*>(s.data());
  const auto length = static_cast<std::int64_t>(s.size());
  for (std::int64_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(p, i, length, c);
    if (c < 0) return false;
  }
  return true;
}

std::size_t code_points(std::string_view utf8) {
  return static_cast<std::size_t>(std::count_if(
      utf8.begin(), utf8.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// NFKC then Unicode case folding: "ÉVE", "éve" and "e\u0301ve" compare equal.
std::string fold(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  icu::UnicodeString s =
      icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  if (U_SUCCESS(status)) s = nfkc->normalize(s, status);
  s.foldCase();
  std::string out;
  s.toUTF8String(out);
  return out;
}

std::string_view local_part(std::string_view email) {
  auto at = email.rfind('@');
  return at == std::string_view::npos ? email : email.substr(0, at);
}

// Words an attacker who knows the person would try first: the email, its
// local part and its pieces ("jane.doe" → "jane", "doe"), each name and its
// words. zxcvbn then prices them as almost free.
std::vector<std::string> personal_words(const PasswordContext& context) {
  std::vector<std::string> words;
  auto add = [&](std::string_view word) {
    if (word.size() < 3) return;
    std::string folded = fold(word);
    if (std::find(words.begin(), words.end(), folded) == words.end()) words.push_back(std::move(folded));
  };
  auto add_pieces = [&](std::string_view text, std::string_view separators) {
    add(text);
    std::size_t start = 0;
    while (start < text.size()) {
      std::size_t end = text.find_first_of(separators, start);
      if (end == std::string_view::npos) end = text.size();
      if (end > start && (start > 0 || end < text.size())) add(text.substr(start, end - start));
      start = end + 1;
    }
  };
  if (!context.email.empty()) {
    add(context.email);
    add_pieces(local_part(context.email), "._-+");
  }
  for (const auto& name : context.names) add_pieces(name, " -'");
  return words;
}

int score_from_entropy(double bits) {
  const double log10_guesses = bits * std::log10(2.0);
  if (log10_guesses < 3) return 0;
  if (log10_guesses < 6) return 1;
  if (log10_guesses < 8) return 2;
  if (log10_guesses < 10) return 3;
  return 4;
}

}  // namespace

Result<std::string> normalize_password(std::string_view password) {
  if (password.size() > max_password_bytes) {
    return Error(Errc::invalid_input, "This password is far too long.", "password.too_long");
  }
  if (password.find('\0') != std::string_view::npos) {
    return Error(Errc::invalid_input, "A password cannot contain a NUL character.", "password.nul");
  }
  if (!valid_utf8(password)) {
    return Error(Errc::invalid_input, "This password is not valid UTF-8 text.", "password.encoding");
  }
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  icu::UnicodeString s =
      icu::UnicodeString::fromUTF8(icu::StringPiece(password.data(), static_cast<int32_t>(password.size())));
  icu::UnicodeString normalized;
  if (U_SUCCESS(status)) normalized = nfkc->normalize(s, status);
  if (U_FAILURE(status)) {
    return Error(Errc::internal, "The password could not be normalized.", "password.normalization");
  }
  std::string out;
  normalized.toUTF8String(out);
  return out;
}

int password_strength(std::string_view normalized, const PasswordContext& context) {
  // zxcvbn reads C strings; the caller's text stops at a NUL anyway.
  std::string password(normalized.substr(0, normalized.find('\0')));
  std::vector<std::string> words = personal_words(context);
  std::vector<const char*> dictionary;
  dictionary.reserve(words.size() + 1);
  for (const auto& word : words) dictionary.push_back(word.c_str());
  dictionary.push_back(nullptr);
  const std::string folded = fold(password);
  // zxcvbn does not document that it is thread-safe: the threads of a host,
  // and an import's two, never run it at once. This is the one place that
  // calls it.
  static std::mutex zxcvbn_mutex;
  std::lock_guard lock(zxcvbn_mutex);
  // Fold the password too, so the user words match whatever its case.
  double bits = std::min(ZxcvbnMatch(password.c_str(), dictionary.data(), nullptr),
                         ZxcvbnMatch(folded.c_str(), dictionary.data(), nullptr));
  return score_from_entropy(bits);
}

Result<void> check_password(std::string_view normalized, const PasswordPolicy& policy,
                            const PasswordContext& context) {
  const std::size_t length = code_points(normalized);
  if (length < policy.min_length) {
    return Error(Errc::weak_password,
                 "A password needs at least " + std::to_string(policy.min_length) + " characters.",
                 "password.too_short");
  }
  if (length > policy.max_length) {
    return Error(Errc::weak_password,
                 "A password can have at most " + std::to_string(policy.max_length) + " characters.",
                 "password.too_long");
  }
  const std::string folded = fold(normalized);
  if (!context.email.empty() &&
      (folded == fold(context.email) || folded == fold(local_part(context.email)))) {
    return Error(Errc::weak_password, "A password cannot be your email address or a part of it.",
                 "password.personal");
  }
  for (const auto& name : context.names) {
    if (!name.empty() && folded == fold(name)) {
      return Error(Errc::weak_password, "A password cannot be your name.", "password.personal");
    }
  }
  if (password_strength(normalized, context) < std::clamp(policy.min_strength, 0, 4)) {
    return Error(Errc::weak_password, "This password is too easy to guess; add more unrelated words.",
                 "password.weak");
  }
  return success();
}

}  // namespace v1
}  // namespace onboard
