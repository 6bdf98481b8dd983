#include "import/readers/text_decoding.hpp"

#include "core/fast_paths.hpp"
#include "onboard/model/name.hpp"

#if ONBOARD_FAST_SSE2
#include <emmintrin.h>
#endif

#include <unicode/ucnv.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <system_error>
#include <thread>

namespace onboard {
inline namespace v1 {
namespace readers {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::string_view kUtf16LeBom = "\xFF\xFE";
constexpr std::string_view kUtf16BeBom = "\xFE\xFF";

Error not_text(std::string message) { return Error(Errc::unsupported_format, std::move(message)); }

Error nul_bytes() {
  return not_text("The file contains NUL bytes, so it is not CSV text; save it as CSV and try again.");
}

struct ConverterCloser {
  void operator()(UConverter* c) const noexcept { ucnv_close(c); }
};
using Converter = std::unique_ptr<UConverter, ConverterCloser>;

Converter open_converter(const char* name) {
  UErrorCode status = U_ZERO_ERROR;
  Converter converter(ucnv_open(name, &status));
  if (U_FAILURE(status)) return nullptr;
  // Stop at the first byte sequence the encoding does not define instead of
  // silently substituting U+FFFD: a damaged file must not import as garbage.
  ucnv_setToUCallBack(converter.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
  ucnv_setFromUCallBack(converter.get(), UCNV_FROM_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
  if (U_FAILURE(status)) return nullptr;
  return converter;
}

// Converts all of `input` from `source_name` to UTF-8 into a string of at most
// `max_output` bytes. Returns false on any conversion error.
bool convert_to_utf8(const char* source_name, std::string_view input, std::size_t max_output,
                     std::string& out) {
  Converter source = open_converter(source_name);
  Converter utf8 = open_converter("UTF-8");
  if (!source || !utf8) return false;
  out.resize(max_output + 1);
  char* target = out.data();
  const char* src = input.data();
  UChar pivot[4096];
  UChar* pivot_source = pivot;
  UChar* pivot_target = pivot;
  UErrorCode status = U_ZERO_ERROR;
  ucnv_convertEx(utf8.get(), source.get(), &target, out.data() + out.size(), &src,
                 input.data() + input.size(), pivot, &pivot_source, &pivot_target, pivot + std::size(pivot),
                 true, true, &status);
  if (U_FAILURE(status)) return false;
  out.resize(static_cast<std::size_t>(target - out.data()));
  out.shrink_to_fit();
  return true;
}

// The five bytes Windows-1252 leaves undefined. ICU maps them to C1 controls,
// which no spreadsheet writes, so seeing one means the file is something else.
bool has_byte_undefined_in_windows_1252(std::string_view bytes) noexcept {
  for (unsigned char c : bytes) {
    if (c == 0x81 || c == 0x8D || c == 0x8F || c == 0x90 || c == 0x9D) return true;
  }
  return false;
}

Result<DecodedText> decode_utf16(std::string_view bytes, bool little_endian) {
  DecodedText out;
  out.encoding = little_endian ? "UTF-16LE" : "UTF-16BE";
  std::string_view body = bytes.substr(2);
  // Every UTF-16 code unit becomes at most 3 UTF-8 bytes (a surrogate pair,
  // 4 bytes in, becomes 4 out).
  if (!convert_to_utf8(little_endian ? "UTF-16LE" : "UTF-16BE", body, body.size() / 2 * 3 + 3, out.owned)) {
    return not_text("The file says it is UTF-16 text but is damaged; save it again and retry.");
  }
  if (out.owned.find('\0') != std::string::npos) return nul_bytes();
  out.converted = true;
  return out;
}

}  // namespace

namespace {

enum class Utf8Check { valid, nul, invalid };

// One pass over the whole file: well-formed UTF-8, and no NUL byte.
Utf8Check check_utf8(std::string_view bytes) noexcept {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHigh = 0x8080808080808080ULL;
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const auto* end = p + bytes.size();
  while (p < end) {
    // ASCII fast path: most CSV files are mostly ASCII. A block with a high
    // bit or a zero byte goes the slow way.
#if ONBOARD_FAST_SSE2
    const __m128i zero = _mm_setzero_si128();
    while (end - p >= 64) {
      const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
      const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16));
      const __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 32));
      const __m128i d = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 48));
      const __m128i high = _mm_or_si128(_mm_or_si128(a, b), _mm_or_si128(c, d));
      const __m128i least = _mm_min_epu8(_mm_min_epu8(a, b), _mm_min_epu8(c, d));
      if (_mm_movemask_epi8(_mm_or_si128(high, _mm_cmpeq_epi8(least, zero))) != 0) break;
      p += 64;
    }
#endif
    while (kFastPaths && end - p >= 16) {
      std::uint64_t a, b;
      std::memcpy(&a, p, 8);
      std::memcpy(&b, p + 8, 8);
      const std::uint64_t zero = ((a - kOnes) & ~a) | ((b - kOnes) & ~b);
      if (((a | b | zero) & kHigh) != 0) break;
      p += 16;
    }
    if (p >= end) break;
    unsigned char c = *p;
    if (c == 0) return Utf8Check::nul;
    if (c < 0x80) {
      ++p;
      continue;
    }
    int length;
    std::uint32_t code;
    if (c >= 0xC2 && c <= 0xDF) {
      length = 2;
      code = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      length = 3;
      code = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      length = 4;
      code = c & 0x07;
    } else {
      return Utf8Check::invalid;
    }
    if (end - p < length) return Utf8Check::invalid;
    for (int i = 1; i < length; ++i) {
      if ((p[i] & 0xC0) != 0x80) return Utf8Check::invalid;
      code = (code << 6) | (p[i] & 0x3F);
    }
    if (length == 3 && (code < 0x800 || (code >= 0xD800 && code <= 0xDFFF))) return Utf8Check::invalid;
    if (length == 4 && (code < 0x10000 || code > 0x10FFFF)) return Utf8Check::invalid;
    p += length;
  }
  return Utf8Check::valid;
}

// check_utf8 over a large file on two threads: the second half starts at a
// character boundary, and the first problem in file order wins, as on one.
// `threads` as decode_text's.
Utf8Check check_utf8_in_halves(std::string_view bytes, unsigned threads) {
  constexpr std::size_t kTwoThreadsFrom = std::size_t{16} << 20;
  if (!kFastPaths || threads == 1 || bytes.size() < kTwoThreadsFrom) return check_utf8(bytes);
  std::size_t middle = bytes.size() / 2;
  for (int back = 0; back < 3 && (static_cast<unsigned char>(bytes[middle]) & 0xC0) == 0x80; ++back) --middle;
  Utf8Check second = Utf8Check::valid;
  std::thread worker;
  try {
    worker = std::thread([&] { second = check_utf8(bytes.substr(middle)); });
  } catch (const std::system_error&) {
    return check_utf8(bytes);  // no thread to be had: one will do
  }
  const Utf8Check first = check_utf8(bytes.substr(0, middle));
  worker.join();
  return first != Utf8Check::valid ? first : second;
}

// True when somewhere in `bytes` a well-formed UTF-8 sequence of two or more
// bytes starts: then the file was written as UTF-8, whatever else it holds.
bool has_multibyte_utf8(std::string_view bytes) noexcept {
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    if (c < 0xC2 || c > 0xF4) continue;
    const std::size_t length = c <= 0xDF ? 2 : c <= 0xEF ? 3 : 4;
    if (i + length <= bytes.size() && onboard::is_valid_utf8(bytes.substr(i, length))) return true;
  }
  return false;
}

Error mixed_encoding() {
  return Error(Errc::unsupported_format,
               "The file is UTF-8 but some of its cells hold bytes that are not; retype those cells or save "
               "the file as \"CSV UTF-8\" again, and try again.",
               "file.mixed_encoding");
}

}  // namespace

Result<DecodedText> decode_text(std::string_view bytes, unsigned threads) {
  if (bytes.starts_with(kUtf16LeBom)) return decode_utf16(bytes, true);
  if (bytes.starts_with(kUtf16BeBom)) return decode_utf16(bytes, false);

  DecodedText out;
  if (bytes.starts_with(kUtf8Bom)) {
    out.borrowed = bytes.substr(kUtf8Bom.size());
    out.encoding = "UTF-8 with BOM";
    const Utf8Check check = check_utf8_in_halves(out.borrowed, threads);
    if (check == Utf8Check::invalid || (check == Utf8Check::nul && !onboard::is_valid_utf8(out.borrowed))) {
      if (out.borrowed.find('\0') == std::string_view::npos) return mixed_encoding();
      return not_text(
          "The file says it is UTF-8 but holds bytes that are not; save it as \"CSV UTF-8\" and try again.");
    }
    if (check == Utf8Check::nul) return nul_bytes();
    return out;
  }

  const Utf8Check check = check_utf8_in_halves(bytes, threads);
  if (check == Utf8Check::nul) return nul_bytes();
  if (check == Utf8Check::valid) {
    out.borrowed = bytes;
    out.encoding = "UTF-8";
    return out;
  }
  // memchr needs a valid pointer even for zero bytes (an empty view may hold NULL).
  if (!bytes.empty() && std::memchr(bytes.data(), 0, bytes.size()) != nullptr) return nul_bytes();
  // Only a file with no UTF-8 character at all is another encoding: one that
  // has some was written as UTF-8, and reading it as Windows-1252 would turn
  // its "Jürgen" into "JÃ¼rgen".
  if (has_multibyte_utf8(bytes)) return mixed_encoding();
  if (has_byte_undefined_in_windows_1252(bytes)) {
    return not_text(
        "The file is neither UTF-8 nor Windows-1252 text; save it as \"CSV UTF-8\" and try again.");
  }
  std::size_t high_bytes = 0;
  for (unsigned char c : bytes) high_bytes += c >= 0x80;
  // A byte above 0x7F becomes at most 3 UTF-8 bytes (the euro sign).
  if (!convert_to_utf8("windows-1252", bytes, bytes.size() + 2 * high_bytes, out.owned)) {
    return not_text(
        "The file is neither UTF-8 nor Windows-1252 text; save it as \"CSV UTF-8\" and try again.");
  }
  out.converted = true;
  out.encoding = "Windows-1252";
  out.warnings.emplace_back("The file is not UTF-8; it was read as Windows-1252.");
  return out;
}

}  // namespace readers
}  // namespace v1
}  // namespace onboard
