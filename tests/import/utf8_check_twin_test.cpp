// The reader's UTF-8 check of a whole file takes fast paths (64- and 16-byte
// ASCII blocks, and two threads for a large file); its twin is the byte at a
// time loop on one thread, and the reference is is_valid_utf8. Whatever the
// build, a file is taken as UTF-8 exactly when it is valid UTF-8 without NUL.
#include <doctest/doctest.h>

#include <random>
#include <string>

#include "import/readers/text_decoding.hpp"
#include "onboard/model/name.hpp"

namespace onboard {
namespace {

// What decode_text must say: "utf-8", "nul" (refused), or "other".
std::string expected(const std::string& bytes) {
  if (bytes.find('\0') != std::string::npos) return "nul";
  return is_valid_utf8(bytes) ? "utf-8" : "other";
}

std::string decoded(const std::string& bytes) {
  auto d = readers::decode_text(bytes);
  if (!d) return bytes.find('\0') != std::string::npos ? "nul" : "other";
  return d->encoding == "UTF-8" ? "utf-8" : "other";
}

// ASCII text with, now and then, a multi-byte character, a damaged one or a NUL.
std::string random_text(std::mt19937& rng, std::size_t size) {
  static const char* const pieces[] = {"\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80", "\xC3",
                                       "\x80",     "\xED\xA0\x80", "\xC0\xAF",         "\xF4\x90\x80\x80"};
  std::string s = "a";
  while (s.size() < size) {
    const unsigned r = rng() % 1000;
    if (r < 3) {
      const unsigned k = rng() % 9;
      if (k == 8)
        s.push_back('\0');
      else
        s += pieces[k];
    } else {
      s.push_back(static_cast<char>(' ' + rng() % 95));
    }
  }
  return s;
}

TEST_CASE("the file's UTF-8 check agrees with is_valid_utf8 at every length and place") {
  std::mt19937 rng(14);
  for (int round = 0; round < 3000; ++round) {
    const std::string text = random_text(rng, rng() % 300);
    CAPTURE(text);
    CHECK(decoded(text) == expected(text));
  }
  // Each kind of byte at every place of the first blocks of plain text.
  for (const std::string& bad : {std::string("\xC3"), std::string("\xC3\xA9"), std::string(1, '\0'),
                                 std::string("\xFF"), std::string("\xE2\x82\xAC")}) {
    for (std::size_t at = 1; at < 140; ++at) {
      std::string text(160, 'x');
      text.replace(at, 1, bad);
      CAPTURE(at);
      CHECK(decoded(text) == expected(text));
    }
  }
}

TEST_CASE("a large file's UTF-8 check finds a problem in either half and a character across the middle") {
  const std::size_t size = std::size_t{17} << 20;  // past the size checked on two threads
  std::string text(size, 'x');
  CHECK(decoded(text) == "utf-8");
  const std::size_t middle = size / 2;
  for (std::size_t at : {std::size_t{100}, middle - 2, middle - 1, middle, middle + 1, size - 3}) {
    CAPTURE(at);
    std::string euro = text;
    euro.replace(at, 3, "\xE2\x82\xAC");  // valid, whichever side of the middle it straddles
    CHECK(decoded(euro) == "utf-8");
    std::string cut = text;
    cut[at] = '\xE2';  // a character cut short
    CHECK(decoded(cut) == expected(cut));
    std::string nul = text;
    nul[at] = '\0';
    CHECK(decoded(nul) == "nul");
  }
}

}  // namespace
}  // namespace onboard
