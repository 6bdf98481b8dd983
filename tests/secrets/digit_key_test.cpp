#include <doctest/doctest.h>

#include <array>
#include <string>

#include "onboard/secrets/digit_key.hpp"

using namespace onboard;

namespace {

// A valid key built from a prefix, so tests do not depend on the generator.
std::string with_check_digit(std::string prefix) {
  prefix.push_back(damm_check_digit(prefix));
  return prefix;
}

}  // namespace

TEST_CASE("the Damm check digit matches the published example") {
  CHECK(damm_check_digit("572") == '4');
  CHECK(damm_valid("5724"));
  CHECK_FALSE(damm_valid("5723"));
  CHECK_FALSE(damm_valid(""));
  CHECK_FALSE(damm_valid("57a4"));
}

TEST_CASE("generated keys have the asked length, only digits and a valid check digit") {
  for (std::size_t digits : {org_key_digits, user_key_digits}) {
    for (int i = 0; i < 200; ++i) {
      std::string key = generate_digit_key(digits);
      REQUIRE(key.size() == digits);
      CHECK(key.find_first_not_of("0123456789") == std::string::npos);
      CHECK(damm_valid(key));
    }
  }
}

TEST_CASE("every single wrong digit and every swap of neighbours is caught by the check digit") {
  for (int i = 0; i < 3000; ++i) {
    const std::string key = generate_digit_key(i % 3 == 0 ? user_key_digits : org_key_digits);
    REQUIRE(damm_valid(key));
    for (std::size_t pos = 0; pos < key.size(); ++pos) {
      for (char d = '0'; d <= '9'; ++d) {
        if (d == key[pos]) continue;
        std::string typo = key;
        typo[pos] = d;
        REQUIRE_FALSE(damm_valid(typo));
      }
      if (pos + 1 < key.size() && key[pos] != key[pos + 1]) {
        std::string swapped = key;
        std::swap(swapped[pos], swapped[pos + 1]);
        REQUIRE_FALSE(damm_valid(swapped));
      }
    }
  }
}

TEST_CASE("generated digits are uniform (chi-square, 9 degrees of freedom, p = 0.001)") {
  // 111,112 keys × 9 random digits ≈ 10^6 digits; the check digit is derived.
  std::array<long, 10> counts{};
  long total = 0;
  for (int i = 0; i < 111112; ++i) {
    const std::string key = generate_digit_key(org_key_digits);
    for (std::size_t pos = 0; pos + 1 < key.size(); ++pos) {
      ++counts[static_cast<std::size_t>(key[pos] - '0')];
      ++total;
    }
  }
  const double expected = static_cast<double>(total) / 10.0;
  double chi_square = 0;
  for (long c : counts)
    chi_square += (static_cast<double>(c) - expected) * (static_cast<double>(c) - expected) / expected;
  CHECK(chi_square < 27.88);
}

TEST_CASE("a key typed with spaces, dashes or Unicode spaces is the same key") {
  const std::string key = with_check_digit("123456789");
  const std::string grouped = key.substr(0, 5) + " " + key.substr(5);
  const std::string dashed = key.substr(0, 5) + "-" + key.substr(5);
  const std::string nbsp = key.substr(0, 5) + "\u00a0" + key.substr(5);
  const std::string thin = key.substr(0, 5) + "\u2009" + key.substr(5);
  const std::string en_dash = " " + key.substr(0, 5) + "\u2013" + key.substr(5) + "\n";
  for (const std::string& typed : {key, grouped, dashed, nbsp, thin, en_dash}) {
    auto r = normalize_digit_key(typed, org_key_digits);
    REQUIRE(r);
    CHECK(*r == key);
  }
}

TEST_CASE("full-width and other Unicode digits read as ASCII digits") {
  const std::string key = with_check_digit("123456789");
  std::string full_width;
  std::string arabic_indic;
  for (char c : key) {
    const int d = c - '0';
    // U+FF10..FF19 and U+0660..0669 in UTF-8.
    full_width += std::string{'\xef', '\xbc', static_cast<char>(0x90 + d)};
    arabic_indic += std::string{'\xd9', static_cast<char>(0xa0 + d)};
  }
  for (const std::string& typed : {full_width, arabic_indic}) {
    auto r = normalize_digit_key(typed, org_key_digits);
    REQUIRE(r);
    CHECK(*r == key);
  }
}

TEST_CASE("a key with too few or too many digits says how many it has") {
  const std::string key = with_check_digit("123456789");
  auto nine = normalize_digit_key(key.substr(0, 9), org_key_digits);
  REQUIRE_FALSE(nine);
  CHECK(nine.error().message == "A registration key has 10 digits; this one has 9.");
  CHECK(nine.error().detail_code == "key.length");
  auto eleven = normalize_digit_key(key + "0", org_key_digits);
  REQUIRE_FALSE(eleven);
  CHECK(eleven.error().message == "A registration key has 10 digits; this one has 11.");
  auto empty = normalize_digit_key(" - ", org_key_digits);
  REQUIRE_FALSE(empty);
  CHECK(empty.error().message == "A registration key has 10 digits; this one is empty.");
  auto user_key = normalize_digit_key(key, user_key_digits);
  REQUIRE_FALSE(user_key);
  CHECK(user_key.error().message == "A registration key has 29 digits; this one has 10.");
}

TEST_CASE("a wrong check digit is reported as a typo") {
  const std::string key = with_check_digit("123456789");
  std::string typo = key;
  typo.back() = typo.back() == '9' ? '0' : static_cast<char>(typo.back() + 1);
  auto r = normalize_digit_key(typo, org_key_digits);
  REQUIRE_FALSE(r);
  CHECK(r.error().code == Errc::invalid_input);
  CHECK(r.error().detail_code == "key.typo");
  CHECK(r.error().message == "This key has a typo: please check the digits again.");
}

TEST_CASE("letters and other characters are refused") {
  for (const std::string& typed :
       {std::string("12345 6789O"), std::string("12345.67890"), std::string("+1234567890"),
        std::string("12345\x00"
                    "67890",
                    11),
        std::string("12345\xff"
                    "67890")}) {
    auto r = normalize_digit_key(typed, org_key_digits);
    REQUIRE_FALSE(r);
    CHECK(r.error().message == "A registration key has only digits, spaces and dashes.");
    CHECK(r.error().detail_code == "key.characters");
  }
}

TEST_CASE("a key a spreadsheet turned into a number gets its own explanation") {
  for (std::string_view typed : {"1.23457E+28", "1,23457E+28", " 1.23457e+28\n", "1E+28", "1.2E28"}) {
    auto r = normalize_digit_key(typed, user_key_digits);
    REQUIRE_FALSE(r);
    CHECK(r.error().detail_code == "key.spreadsheet");
  }
  CHECK(
      normalize_digit_key("1.23457E+28", user_key_digits).error().message ==
      "This key went through a spreadsheet that turned it into a number (1.23457E+28); copy the key from the "
      "original document.");
}

TEST_CASE("a long key whose last digits a spreadsheet replaced with zeros gets its own explanation") {
  auto r = normalize_digit_key("12345678901234500000000000000", user_key_digits);
  REQUIRE_FALSE(r);
  CHECK(r.error().detail_code == "key.spreadsheet");
  CHECK(r.error().message.find("replaced its last digits with zeros") != std::string::npos);
  // A 10-digit key is short enough for a spreadsheet to keep whole.
  CHECK(normalize_digit_key(with_check_digit("000000000"), org_key_digits));
}

TEST_CASE("keys are shown in groups of five") {
  CHECK(group_digit_key("1234567890") == "12345 67890");
  CHECK(group_digit_key("12345678901234567890123456789") == "12345 67890 12345 67890 12345 6789");
  CHECK(group_digit_key("123") == "123");
  CHECK(group_digit_key("") == "");
  const std::string key = generate_digit_key(user_key_digits);
  auto back = normalize_digit_key(group_digit_key(key), user_key_digits);
  REQUIRE(back);
  CHECK(*back == key);
}
