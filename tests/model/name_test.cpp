#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/fast_paths.hpp"
#include "onboard/model/name.hpp"

using namespace onboard;

TEST_CASE("a name is trimmed and kept as typed") {
  auto n = clean_name("  Ada Lovelace  ", "full name");
  REQUIRE(n.ok());
  CHECK(*n == "Ada Lovelace");
  auto unicode = clean_name("\xE3\x80\x80Zo\xC3\xAB\xC2\xA0", "first name");  // ideographic space, NBSP
  REQUIRE(unicode.ok());
  CHECK(*unicode == "Zo\xC3\xAB");
}

TEST_CASE("NFC and NFD spellings of é give the same name") {
  auto nfc = clean_name("Ren\xC3\xA9", "first name");
  auto nfd = clean_name("Rene\xCC\x81", "first name");
  REQUIRE(nfc.ok());
  REQUIRE(nfd.ok());
  CHECK(*nfc == *nfd);
  CHECK(*nfd == "Ren\xC3\xA9");
}

TEST_CASE("control characters in a name are refused") {
  for (std::string bad : {std::string("Ann\r\nBcc: x@y.com"), std::string("Ann\n"), std::string("An\tn"),
                          std::string("Ann\0", 4), std::string("\rAnn"), std::string("Ann\x7F"),
                          std::string("Zo\xC3\xAB\xC2\x85"), std::string("Zo\xC3\xAB\xE2\x80\xA8x")}) {
    auto r = clean_name(bad, "first name");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == Errc::invalid_input);
    CHECK(r.error().detail_code == "text.control_character");
    CHECK(r.error().message.find("first name") != std::string::npos);
  }
}

TEST_CASE("a name of 10 KB is refused with the limit in the sentence") {
  for (std::string huge : {std::string(10 * 1024, 'a'), [] {
                             std::string s;
                             for (int i = 0; i < 5 * 1024; ++i) s += "\xC3\xA9";
                             return s;
                           }()}) {
    auto r = clean_name(huge, "last name");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().detail_code == "text.too_long");
    CHECK(r.error().message.find("200") != std::string::npos);
    CHECK(r.error().message.size() < 200);
  }
}

TEST_CASE("the length limit counts code points, not bytes") {
  std::string two_hundred;
  for (int i = 0; i < 200; ++i) two_hundred += "\xC3\xA9";
  CHECK(clean_name(two_hundred, "name").ok());
  CHECK_FALSE(clean_name(two_hundred + "x", "name").ok());
  CHECK(clean_text(std::string(5, 'x'), "label", 5).ok());
  CHECK_FALSE(clean_text(std::string(6, 'x'), "label", 5).ok());
}

TEST_CASE("invalid UTF-8 in a name is refused") {
  for (std::string bad : {std::string("M\xFCller"), std::string("\xC3"), std::string("\xED\xA0\x80"),
                          std::string("\xC0\xAF"), std::string("\xF4\x90\x80\x80")}) {
    auto r = clean_name(bad, "last name");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().detail_code == "text.invalid_utf8");
  }
}

TEST_CASE("a blank name is empty, not an error") {
  auto r = clean_name("   ", "first name");
  REQUIRE(r.ok());
  CHECK(r->empty());
}

TEST_CASE("a full name splits at the last word") {
  auto n = split_full_name("  Mary Ann  Smith ");
  REQUIRE(n.ok());
  CHECK(n->first == "Mary Ann");
  CHECK(n->last == "Smith");
  CHECK(n->display == "Mary Ann  Smith");

  auto one = split_full_name("Cher");
  REQUIRE(one.ok());
  CHECK(one->first == "Cher");
  CHECK(one->last.empty());

  auto unicode = split_full_name(
      "Jos\xC3\xA9\xE3\x80\x80Garc\xC3\xAD"
      "a");  // ideographic space inside
  REQUIRE(unicode.ok());
  CHECK(unicode->first == "Jos\xC3\xA9");
  CHECK(unicode->last ==
        "Garc\xC3\xAD"
        "a");

  CHECK_FALSE(split_full_name("Ann\nSmith").ok());
}

TEST_CASE("UTF-8 validation follows RFC 3629") {
  CHECK(is_valid_utf8(""));
  CHECK(is_valid_utf8("plain"));
  CHECK(is_valid_utf8("\xF0\x9F\x98\x80"));    // emoji
  CHECK(is_valid_utf8("\xF4\x8F\xBF\xBF"));    // U+10FFFF
  CHECK_FALSE(is_valid_utf8("\xE0\x80\xAF"));  // overlong
  CHECK_FALSE(is_valid_utf8("\xED\xB0\x80"));  // surrogate
  CHECK_FALSE(is_valid_utf8("\x80"));
  CHECK_FALSE(is_valid_utf8("\xF0\x9F\x98"));  // truncated
}

TEST_CASE("an excerpt for a message is short and printable") {
  CHECK(excerpt_for_message("short") == "short");
  const std::string e = excerpt_for_message(std::string(1000, 'x'));
  CHECK(e == std::string(60, 'x') + "\xE2\x80\xA6");
  CHECK(excerpt_for_message("a\r\nb") ==
        "a\xEF\xBF\xBD\xEF\xBF\xBD"
        "b");
  CHECK(excerpt_for_message("a\xFF"
                            "b") ==
        "a\xEF\xBF\xBD"
        "b");
}

// The import's fast path agrees with split_full_name wherever it answers, and
// leaves everything else to it.
TEST_CASE("split_plain_ascii_name agrees with split_full_name") {
  const std::vector<std::string> samples = {"Ann Smith",
                                            "  Mary Ann  Smith ",
                                            "Cher",
                                            "   Cher   ",
                                            "A B",
                                            "Jean-Luc Picard",
                                            "O'Brien",
                                            "Ann   Smith   ",
                                            "a  b  c  d",
                                            "X",
                                            "Ann\tSmith",
                                            "Ann\nSmith",
                                            "Ann\x7FSmith",
                                            "Zoë Smith",
                                            "Ann\xC2\xA0Smith",
                                            std::string(200, 'x'),
                                            std::string(201, 'x'),
                                            " " + std::string(200, 'y') + " ",
                                            "Ann Smith\r",
                                            "van der Berg Jan"};
  for (const std::string& s : samples) {
    CAPTURE(s);
    std::string first = "old", last = "old", display = "old";
    const bool fast = split_plain_ascii_name(s, first, last, display);
    auto full = split_full_name(s);
    if (!fast) {
      CHECK(first == "old");  // untouched
      CHECK(display == "old");
      continue;
    }
    REQUIRE(full.ok());
    CHECK(first == full->first);
    CHECK(last == full->last);
    CHECK(display == full->display);
  }
  std::string first, last, display;
  if (kFastPaths)
    CHECK(split_plain_ascii_name("Ann Smith", first, last, display));
  else
    MESSAGE(
        "ONBOARD_SIMPLE_PATHS: split_plain_ascii_name is compiled out (it decides nothing), so this check "
        "of the fast path itself is skipped");
  CHECK_FALSE(split_plain_ascii_name("Zoë Smith", first, last, display));
  CHECK_FALSE(split_plain_ascii_name("Ann\tSmith", first, last, display));
  CHECK_FALSE(split_plain_ascii_name(std::string(201, 'x'), first, last, display));
}

// clean_text's ASCII fast path against its twin, the general (ICU) path, in
// one run: a no-break space at each end makes the text non-ASCII, and the
// general path trims it as the white space it is.
TEST_CASE("clean_text's ASCII path agrees with the general path") {
  std::vector<std::string> samples = {"Ann Smith",
                                      "  Ann  ",
                                      "",
                                      "   ",
                                      "Ann\tSmith",
                                      "Ann\r\n",
                                      "A\x7F",
                                      std::string("An\0n", 4),
                                      std::string(200, 'x'),
                                      std::string(201, 'x'),
                                      "  " + std::string(200, 'y') + "  ",
                                      "O'Brien-Smith, Jr."};
  std::uint64_t state = 0x9E3779B97F4A7C15ULL;
  for (int i = 0; i < 2000; ++i) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    std::string s(static_cast<std::size_t>(state >> 59), ' ');  // 0..31 bytes
    for (char& c : s) {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      const auto r = static_cast<unsigned>(state >> 57);  // 0..127
      c = static_cast<char>(r % 4 == 0 ? ' ' : r);        // many spaces, some controls
    }
    samples.push_back(s);
  }
  for (const std::string& s : samples) {
    CAPTURE(s);
    const auto ascii = clean_text(s, "first name", 200);
    const auto general = clean_text("\xC2\xA0" + s + "\xC2\xA0", "first name", 200);
    REQUIRE(ascii.ok() == general.ok());
    if (ascii.ok()) {
      CHECK(*ascii == *general);
    } else {
      CHECK(ascii.error().detail_code == general.error().detail_code);
      CHECK(ascii.error().message == general.error().message);
    }
  }
}

TEST_CASE("a control character is C0, DEL, C1 or a line separator, valid UTF-8 or not") {
  for (std::string bad : {std::string("a\x01"), std::string("\tb"), std::string("a\x7F"),
                          std::string("a\xC2\x85"), std::string("\xE2\x80\xA8"), std::string("\xE2\x80\xA9"),
                          std::string("\xFF\n"), std::string("a\0b", 3)}) {
    CAPTURE(bad);
    CHECK(has_control_character(bad));
  }
  for (std::string good :
       {std::string("Ann Smith"), std::string("\xC2\xA0Zo\xC3\xAB"), std::string("\xE2\x80\x8B"),
        std::string("\xC2"), std::string("\xFF\xFE"), std::string("\xE2\x80")}) {
    CAPTURE(good);
    CHECK_FALSE(has_control_character(good));
  }
}
