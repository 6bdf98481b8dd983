// Email syntax and identity. The syntax is the WHATWG "valid email address"
// with RFC 5321's dot-atom rules and length limits on top: what a browser's
// <input type=email> accepts, minus the forms mail systems reject or that
// smuggle a second recipient. Runs once per imported row, so the common
// ASCII case neither calls ICU nor allocates beyond the two result strings.
//
// Each rule lives in one function: what a local part may be in
// check_local_part, what a domain may be in check_ascii_domain (on its ASCII
// form; to_ascii_domain only converts an internationalized domain and adds
// what IDNA itself requires). parse() words their verdicts; the fast path
// (Email::parse_plain_ascii, SSE2 for short addresses) asks the same
// functions for anything its one pass does not decide.
#include "onboard/model/email.hpp"

#include "core/fast_paths.hpp"

#if ONBOARD_FAST_SSE2
#include <emmintrin.h>
#endif

#include <unicode/uidna.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

#include "onboard/model/name.hpp"

namespace onboard {
inline namespace v1 {
namespace {

// Far beyond any valid address even in Unicode form; refusing earlier keeps
// IDNA work bounded.
constexpr std::size_t kMaxInputBytes = 1024;

Error refuse(std::string message, const char* detail) {
  return Error(Errc::invalid_input, std::move(message), detail);
}

std::string quoted(std::string_view text) { return "\"" + excerpt_for_message(text) + "\""; }

// The WHATWG local-part characters (atext plus '.'), as a table: this runs
// for every character of every imported address.
constexpr std::array<bool, 256> kLocalChars = [] {
  std::array<bool, 256> table{};
  for (int c = 'a'; c <= 'z'; ++c) table[static_cast<std::size_t>(c)] = true;
  for (int c = 'A'; c <= 'Z'; ++c) table[static_cast<std::size_t>(c)] = true;
  for (int c = '0'; c <= '9'; ++c) table[static_cast<std::size_t>(c)] = true;
  for (char c : std::string_view(".!#$%&'*+/=?^_`{|}~-")) table[static_cast<unsigned char>(c)] = true;
  return table;
}();

// A letter, digit or hyphen: what a label of an ASCII domain is made of.
constexpr bool is_ldh(unsigned char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

// What is wrong with a local part, if anything (no allocation: the fast path
// asks too).
enum class LocalFault : unsigned char {
  none,
  empty,
  too_long,
  non_ascii,
  invalid_character,
  dot_first,
  dot_last,
  double_dot
};
struct LocalVerdict {
  LocalFault fault = LocalFault::none;
  char character = 0;  // for invalid_character
};

// THE local-part rule: 1 to 64 octets of WHATWG atext and '.', with no dot
// first, last or twice in a row (an RFC 5321 dot-atom).
LocalVerdict check_local_part(std::string_view local) noexcept {
  if (local.empty()) return {LocalFault::empty};
  if (local.size() > Email::max_local_octets) return {LocalFault::too_long};
  for (unsigned char c : local) {
    if (c >= 0x80) return {LocalFault::non_ascii};
    if (!kLocalChars[c]) return {LocalFault::invalid_character, static_cast<char>(c)};
  }
  if (local.front() == '.') return {LocalFault::dot_first};
  if (local.back() == '.') return {LocalFault::dot_last};
  if (local.find("..") != std::string_view::npos) return {LocalFault::double_dot};
  return {};
}

// What is wrong with a domain in its ASCII form, if anything.
enum class DomainFault : unsigned char {
  none,
  empty,
  trailing_dot,
  leading_dot,
  double_dot,
  label_too_long,
  invalid_character,
  hyphen,
  no_dot
};
struct DomainVerdict {
  DomainFault fault = DomainFault::none;
  char character = 0;  // for invalid_character
};

// THE domain rule, on the ASCII (punycode) form: at least two labels of 1 to
// 63 letters, digits and hyphens, none starting or ending with a hyphen, and
// no trailing dot.
DomainVerdict check_ascii_domain(std::string_view domain) noexcept {
  if (domain.empty()) return {DomainFault::empty};
  if (domain.ends_with('.')) return {DomainFault::trailing_dot};
  std::size_t labels = 0;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = domain.find('.', start);
    const std::string_view label =
        domain.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (label.empty()) return {start == 0 ? DomainFault::leading_dot : DomainFault::double_dot};
    if (label.size() > Email::max_label_octets) return {DomainFault::label_too_long};
    for (unsigned char c : label)
      if (!is_ldh(c)) return {DomainFault::invalid_character, static_cast<char>(c)};
    if (label.front() == '-' || label.back() == '-') return {DomainFault::hyphen};
    ++labels;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  if (labels < 2) return {DomainFault::no_dot};
  return {};
}

// Lower-cases ASCII `n` bytes from `in` to `out`, eight at a time: each
// byte between 'A' and 'Z' gets 0x20 added (no byte has its high bit set).
void ascii_lower_into(const char* in, char* out, std::size_t n) noexcept {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    std::uint64_t w;
    std::memcpy(&w, in + i, 8);
    const std::uint64_t above_z = w + kOnes * (0x7F - 'Z');  // high bit: byte > 'Z'
    const std::uint64_t from_a = w + kOnes * (0x80 - 'A');   // high bit: byte >= 'A'
    const std::uint64_t upper = from_a & ~above_z & (kOnes * 0x80);
    w |= upper >> 2;  // 0x80 >> 2 == 0x20
    std::memcpy(out + i, &w, 8);
  }
  for (; i < n; ++i) {
    const char c = in[i];
    out[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
}

char ascii_lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Unicode White_Space characters that are not controls, as UTF-8: pasted
// addresses often carry a no-break or ideographic space at an end.
constexpr std::array<std::string_view, 17> kSpaces{
    " ",
    "\xC2\xA0",
    "\xE1\x9A\x80",
    "\xE2\x80\x80",
    "\xE2\x80\x81",
    "\xE2\x80\x82",
    "\xE2\x80\x83",
    "\xE2\x80\x84",
    "\xE2\x80\x85",
    "\xE2\x80\x86",
    "\xE2\x80\x87",
    "\xE2\x80\x88",
    "\xE2\x80\x89",
    "\xE2\x80\x8A",
    "\xE2\x80\xAF",
    "\xE2\x81\x9F",
    "\xE3\x80\x80",
};

bool is_ascii(std::string_view s) noexcept {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}

// The multi-byte spaces can only start at a byte >= 0x80, which keeps the
// ASCII case to one comparison per end.
std::string_view trim_spaces(std::string_view s) noexcept {
  for (bool changed = true; changed && !s.empty();) {
    changed = false;
    if (s.front() == ' ') {
      s.remove_prefix(1);
      changed = true;
    } else if (static_cast<unsigned char>(s.front()) >= 0x80) {
      for (std::string_view sp : kSpaces)
        if (s.starts_with(sp)) {
          s.remove_prefix(sp.size());
          changed = true;
          break;
        }
    }
    if (s.empty()) break;
    if (s.back() == ' ') {
      s.remove_suffix(1);
      changed = true;
    } else if (static_cast<unsigned char>(s.back()) >= 0x80) {
      for (std::string_view sp : kSpaces)
        if (s.ends_with(sp)) {
          s.remove_suffix(sp.size());
          changed = true;
          break;
        }
    }
  }
  return s;
}

bool contains_space(std::string_view s, bool ascii) noexcept {
  if (ascii) return s.find(' ') != std::string_view::npos;
  for (std::string_view sp : kSpaces)
    if (s.find(sp) != std::string_view::npos) return true;
  return false;
}

// The refusal for a local part's fault; `shown` is the address to quote.
Error local_part_refusal(LocalVerdict v, std::string_view shown) {
  switch (v.fault) {
    case LocalFault::none:
    case LocalFault::empty: break;
    case LocalFault::too_long:
      return refuse("The part before the @ in " + quoted(shown) + " is longer than 64 characters.",
                    "email.local_too_long");
    case LocalFault::non_ascii:
      return refuse("The email address " + quoted(shown) +
                        " has a non-ASCII character before the @; only the domain may use other alphabets.",
                    "email.local_invalid_character");
    case LocalFault::invalid_character:
      return refuse("The email address " + quoted(shown) + " contains \"" + std::string(1, v.character) +
                        "\" before the @, which is not allowed.",
                    "email.local_invalid_character");
    case LocalFault::dot_first:
      return refuse("The email address " + quoted(shown) + " starts with a dot.", "email.local_dot");
    case LocalFault::dot_last:
      return refuse("The email address " + quoted(shown) + " has a dot right before the @.",
                    "email.local_dot");
    case LocalFault::double_dot:
      return refuse("The email address " + quoted(shown) + " has two dots in a row.",
                    "email.local_double_dot");
  }
  return refuse("The email address " + quoted(shown) + " has nothing before the @.", "email.local_empty");
}

// The refusal for a domain's fault; `shown` is the address to quote.
Error domain_refusal(DomainVerdict v, std::string_view shown) {
  switch (v.fault) {
    case DomainFault::none:
    case DomainFault::empty: break;
    case DomainFault::trailing_dot:
      return refuse("The domain of " + quoted(shown) + " ends with a dot.", "email.domain_trailing_dot");
    case DomainFault::leading_dot:
      return refuse("The domain of " + quoted(shown) + " starts with a dot.", "email.domain_empty_label");
    case DomainFault::double_dot:
      return refuse("The domain of " + quoted(shown) + " has two dots in a row.", "email.domain_empty_label");
    case DomainFault::label_too_long:
      return refuse("The domain of " + quoted(shown) + " has a part longer than 63 characters.",
                    "email.label_too_long");
    case DomainFault::invalid_character:
      return refuse("The domain of " + quoted(shown) + " contains \"" + std::string(1, v.character) +
                        "\", which is not allowed in a domain name.",
                    "email.domain_invalid_character");
    case DomainFault::hyphen:
      return refuse("A part of the domain of " + quoted(shown) + " starts or ends with a hyphen.",
                    "email.label_hyphen");
    case DomainFault::no_dot:
      return refuse("The domain of " + quoted(shown) + " has no dot; use a full domain such as example.com.",
                    "email.domain_no_dot");
  }
  return refuse("The email address " + quoted(shown) + " has nothing after the @.", "email.domain_missing");
}

const UIDNA* uts46() {
  // Created once and never freed: an immutable ICU object, safe to share
  // between threads.
  static const UIDNA* const idna = [] {
    UErrorCode status = U_ZERO_ERROR;
    UIDNA* p =
        uidna_openUTS46(UIDNA_NONTRANSITIONAL_TO_ASCII | UIDNA_CHECK_BIDI | UIDNA_CHECK_CONTEXTJ, &status);
    return U_SUCCESS(status) ? p : nullptr;
  }();
  return idna;
}

// The domain in lower-case ASCII via UTS #46, or why IDNA refuses it. The
// shape of the result (labels, their length, characters) is
// check_ascii_domain's to judge, so ICU's reports of empty or long labels
// and long names are left to it; what only IDNA sees stays here: characters
// it disallows, bidi and joiner rules, and hyphens at the ends of a Unicode
// label (which its punycode form no longer shows).
Result<std::string> to_ascii_domain(std::string_view domain, std::string_view shown) {
  const UIDNA* idna = uts46();
  if (idna == nullptr)
    return Error(Errc::internal, "Internationalized domain support (ICU) is not available.",
                 "email.icu_unavailable");
  std::array<char, 512> buffer{};
  UIDNAInfo info = UIDNA_INFO_INITIALIZER;
  UErrorCode status = U_ZERO_ERROR;
  const std::int32_t length =
      uidna_nameToASCII_UTF8(idna, domain.data(), static_cast<std::int32_t>(domain.size()), buffer.data(),
                             static_cast<std::int32_t>(buffer.size()), &info, &status);
  if (status == U_BUFFER_OVERFLOW_ERROR)
    return refuse("The email address " + quoted(shown) + " is longer than 254 characters.", "email.too_long");
  if (U_FAILURE(status))
    return refuse("The domain of " + quoted(shown) + " is not a valid internationalized domain name.",
                  "email.domain_invalid");
  const std::uint32_t errors =
      info.errors &
      ~std::uint32_t{UIDNA_ERROR_EMPTY_LABEL | UIDNA_ERROR_LABEL_TOO_LONG | UIDNA_ERROR_DOMAIN_NAME_TOO_LONG};
  if ((errors & (UIDNA_ERROR_LEADING_HYPHEN | UIDNA_ERROR_TRAILING_HYPHEN)) != 0)
    return refuse("A part of the domain of " + quoted(shown) + " starts or ends with a hyphen.",
                  "email.label_hyphen");
  if ((errors & UIDNA_ERROR_BIDI) != 0)
    return refuse("The domain of " + quoted(shown) +
                      " mixes right-to-left and left-to-right text in a way domain names do not allow.",
                  "email.domain_invalid");
  if ((errors & UIDNA_ERROR_DISALLOWED) != 0)
    return refuse("The domain of " + quoted(shown) + " contains a character that domain names do not allow.",
                  "email.domain_invalid_character");
  if (errors != 0)
    return refuse("The domain of " + quoted(shown) + " is not a valid internationalized domain name.",
                  "email.domain_invalid");
  std::string ascii(buffer.data(), static_cast<std::size_t>(length));
  for (char& c : ascii) c = ascii_lower(c);
  return ascii;
}

}  // namespace

namespace {

#if ONBOARD_FAST_SSE2
// The commonest addresses, up to 64 bytes of letters, digits and . _ - + in
// the local part, in one pass of 16-byte blocks whose class masks join into
// 64-bit words: the rules of check_local_part and check_ascii_domain become
// a few bit operations. True only for addresses those rules accept too;
// false means "not decided here".
bool parse_short_plain(std::string_view s, std::size_t at, std::string& address_out, std::string& key_out) {
  const std::size_t n = s.size();
  if (n > 64) return false;
  alignas(16) char text[64] = {};
  std::memcpy(text, s.data(), n);
  const auto splat = [](char c) { return _mm_set1_epi8(c); };
  const auto in_range = [](__m128i b, char lo, char hi) {
    return _mm_and_si128(_mm_cmpgt_epi8(b, _mm_set1_epi8(static_cast<char>(lo - 1))),
                         _mm_cmplt_epi8(b, _mm_set1_epi8(static_cast<char>(hi + 1))));
  };
  std::uint64_t dots = 0, dashes = 0, local_ok = 0, domain_ok = 0;
  alignas(16) char lowered[64];
  for (std::size_t block = 0; block * 16 < n; ++block) {
    const __m128i b = _mm_load_si128(reinterpret_cast<const __m128i*>(text + block * 16));
    const __m128i up = in_range(b, 'A', 'Z');
    const __m128i letter = _mm_or_si128(in_range(b, 'a', 'z'), up);
    const __m128i dot = _mm_cmpeq_epi8(b, splat('.'));
    const __m128i dash = _mm_cmpeq_epi8(b, splat('-'));
    const __m128i ldh = _mm_or_si128(_mm_or_si128(letter, in_range(b, '0', '9')), dash);
    const __m128i domain = _mm_or_si128(ldh, dot);
    const __m128i local =
        _mm_or_si128(domain, _mm_or_si128(_mm_cmpeq_epi8(b, splat('_')), _mm_cmpeq_epi8(b, splat('+'))));
    const auto bits = [&](__m128i m) {
      return static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(m))) << (block * 16);
    };
    dots |= bits(dot);
    dashes |= bits(dash);
    local_ok |= bits(local);
    domain_ok |= bits(domain);
    _mm_store_si128(reinterpret_cast<__m128i*>(lowered + block * 16),
                    _mm_or_si128(b, _mm_and_si128(up, splat(0x20))));
  }
  const auto bit = [](std::size_t i) { return std::uint64_t{1} << i; };
  const std::uint64_t all = n == 64 ? ~std::uint64_t{0} : bit(n) - 1;
  const std::uint64_t local = bit(at) - 1;
  const std::uint64_t domain = all & ~(bit(at + 1) - 1);
  if ((local & ~local_ok) != 0 || (domain & ~domain_ok) != 0) return false;
  // No dot first or last in the local part, nor two in a row anywhere.
  if ((dots & (bit(0) | bit(at - 1))) != 0 || (dots & (dots >> 1)) != 0) return false;
  // The domain: at least two labels, none empty, none starting or ending
  // with '-' (each is under 64 bytes, as the whole address is).
  const std::uint64_t domain_dots = dots & domain;
  const std::uint64_t first = bit(at + 1), last = bit(n - 1);
  if (domain_dots == 0 || (domain_dots & (first | last)) != 0) return false;
  const std::uint64_t label_starts = (domain_dots << 1) | first;
  const std::uint64_t label_ends = (domain_dots >> 1) | last;
  if ((dashes & domain & (label_starts | label_ends)) != 0) return false;
  address_out.assign(s);
  key_out.assign(lowered, n);
  return true;
}
#endif

}  // namespace

bool Email::parse_plain_ascii(std::string_view s, std::string& address_out, std::string& key_out) {
  // Anything unusual (spaces to trim, non-ASCII, an error) is left to
  // parse(), so the two cannot disagree on an address this accepts. Its twin
  // is parse() itself: with the fast paths compiled out, nothing is decided
  // here.
  if constexpr (!kFastPaths) return false;
  const std::size_t size = s.size();
  if (size == 0 || size > max_address_octets) return false;
  const char* p = s.data();
  const void* at_sign = std::memchr(p, '@', size);
  if (at_sign == nullptr) return false;
  const auto at = static_cast<std::size_t>(static_cast<const char*>(at_sign) - p);
  if (at == 0 || at + 1 >= size || at > max_local_octets) return false;
#if ONBOARD_FAST_SSE2
  if (parse_short_plain(s, at, address_out, key_out)) return true;
#endif
  // Longer or less common addresses: the rules themselves, which allocate
  // nothing. Anything they pass is ASCII with nothing to trim, no control,
  // space, quote, ',', ';', second '@' or '[' (none is atext or LDH).
  if (check_local_part(s.substr(0, at)).fault != LocalFault::none ||
      check_ascii_domain(s.substr(at + 1)).fault != DomainFault::none)
    return false;
  address_out.assign(s);
  key_out.resize(size);
  ascii_lower_into(p, key_out.data(), size);
  return true;
}

Result<Email> Email::parse(std::string_view text) {
  // Checked before anything is quoted back, so no message ever carries one.
  if (has_control_character(text))
    return refuse("The email address contains a line break, tab or other control character.",
                  "email.control_character");
  const bool ascii_input = is_ascii(text);
  if (!ascii_input && !is_valid_utf8(text))
    return refuse("The email address is not valid UTF-8 text.", "email.invalid_utf8");

  const std::string_view s = trim_spaces(text);
  if (s.empty()) return refuse("The email address is empty.", "email.empty");
  // A pasted no-break space around an ASCII address still takes the fast path.
  const bool ascii = ascii_input || is_ascii(s);
  if (s.size() > kMaxInputBytes)
    return refuse("The email address " + quoted(s) + " is longer than 254 characters.", "email.too_long");
  if (std::any_of(s.begin(), s.end(), [](char c) { return c == ',' || c == ';'; }))
    return refuse("Only one email address is allowed here, but " + quoted(s) + " looks like a list.",
                  "email.multiple");
  if (s.find('"') != std::string_view::npos)
    return refuse("The email address " + quoted(s) + " uses quotes, which are not accepted.",
                  "email.quoted_local");

  const std::size_t at = s.find('@');
  if (at == std::string_view::npos)
    return refuse("The email address " + quoted(s) + " has no @.", "email.missing_at");
  if (s.find('@', at + 1) != std::string_view::npos) {
    if (contains_space(s, ascii))
      return refuse("Only one email address is allowed here, but " + quoted(s) + " looks like a list.",
                    "email.multiple");
    return refuse("The email address " + quoted(s) + " has more than one @.", "email.invalid");
  }
  const std::string_view local = s.substr(0, at);
  const std::string_view domain = s.substr(at + 1);
  if (domain.starts_with('['))
    return refuse("The email address " + quoted(s) + " uses an IP address instead of a domain name.",
                  "email.address_literal");
  if (contains_space(s, ascii))
    return refuse("The email address " + quoted(s) + " contains a space.", "email.space");

  if (const LocalVerdict v = check_local_part(local); v.fault != LocalFault::none)
    return local_part_refusal(v, s);
  // Before any IDNA work, so that an empty domain is named as such.
  if (domain.empty()) return domain_refusal({DomainFault::empty}, s);

  std::string key;
  if (ascii) {
    key.assign(s);
    for (char& c : key) c = ascii_lower(c);
  } else {
    ONB_ASSIGN(std::string domain_ascii, to_ascii_domain(domain, s));
    key.reserve(local.size() + 1 + domain_ascii.size());
    for (char c : local) key.push_back(ascii_lower(c));
    key.push_back('@');
    key += domain_ascii;
  }
  if (const DomainVerdict v = check_ascii_domain(std::string_view(key).substr(at + 1));
      v.fault != DomainFault::none)
    return domain_refusal(v, s);
  if (key.size() > max_address_octets)
    return refuse("The email address " + quoted(s) + " is longer than 254 characters.", "email.too_long");
  return Email(std::string(s), std::move(key), at);
}

}  // namespace v1
}  // namespace onboard
