#include <doctest/doctest.h>

#include <string>

#include "onboard/model/email.hpp"

using namespace onboard;

namespace {

// The detail code of the refusal, or "" when the address was accepted.
std::string refusal(std::string_view text) {
  auto r = Email::parse(text);
  if (r.ok()) return "";
  CHECK(r.error().code == Errc::invalid_input);
  CHECK_FALSE(r.error().message.empty());
  return r.error().detail_code;
}

std::string label(std::size_t n, char c = 'a') { return std::string(n, c); }

}  // namespace

TEST_CASE("a plain address is accepted and keeps its spelling") {
  auto e = Email::parse("  Bob.Smith+tag@Example.COM ");
  REQUIRE(e.ok());
  CHECK(e->address() == "Bob.Smith+tag@Example.COM");
  CHECK(e->key() == "bob.smith+tag@example.com");
  CHECK(e->local_part() == "Bob.Smith+tag");
  CHECK(e->domain() == "Example.COM");
  CHECK(e->domain_ascii() == "example.com");
}

TEST_CASE("Bob@Example.COM and bob@example.com are one identity") {
  auto a = Email::parse("Bob@Example.COM");
  auto b = Email::parse("bob@example.com");
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(a->key() == b->key());
  CHECK(a->address() != b->address());
  CHECK(a->address() == "Bob@Example.COM");
}

TEST_CASE("an internationalized domain is one identity with its punycode form") {
  auto unicode = Email::parse(
      "peggy@b\xC3\xBC"
      "cher.example");
  auto ascii = Email::parse("peggy@xn--bcher-kva.example");
  REQUIRE(unicode.ok());
  REQUIRE(ascii.ok());
  CHECK(unicode->key() == ascii->key());
  CHECK(unicode->domain_ascii() == "xn--bcher-kva.example");
  CHECK(unicode->address() ==
        "peggy@b\xC3\xBC"
        "cher.example");  // mail goes to the address as stored
  auto upper = Email::parse(
      "peggy@B\xC3\x9C"
      "CHER.example");  // BÜCHER
  REQUIRE(upper.ok());
  CHECK(upper->key() == ascii->key());
}

TEST_CASE("a domain without a dot is refused") { CHECK(refusal("a@b") == "email.domain_no_dot"); }

TEST_CASE("a local part that starts or ends with a dot is refused") {
  CHECK(refusal(".a@x.com") == "email.local_dot");
  CHECK(refusal("a.@x.com") == "email.local_dot");
}

TEST_CASE("two dots in a row are refused") {
  CHECK(refusal("a..b@x.com") == "email.local_double_dot");
  CHECK(refusal("a@x..com") == "email.domain_empty_label");
}

TEST_CASE("a quoted local part is refused") { CHECK(refusal("\"a b\"@x.com") == "email.quoted_local"); }

TEST_CASE("an address literal is refused") {
  CHECK(refusal("u@[IPv6:2001:db8::1]") == "email.address_literal");
  CHECK(refusal("u@[192.0.2.1]") == "email.address_literal");
}

TEST_CASE("a trailing dot on the domain is refused") {
  CHECK(refusal("a@x.com.") == "email.domain_trailing_dot");
}

TEST_CASE("a list of addresses is refused") {
  CHECK(refusal("a@x.com,b@y.com") == "email.multiple");
  CHECK(refusal("a@x.com;b@y.com") == "email.multiple");
  CHECK(refusal("a@x.com b@y.com") == "email.multiple");
}

TEST_CASE("missing parts and stray characters are refused") {
  CHECK(refusal("") == "email.empty");
  CHECK(refusal("   ") == "email.empty");
  CHECK(refusal("bob.example.com") == "email.missing_at");
  CHECK(refusal("a@b@x.com") == "email.invalid");
  CHECK(refusal("@x.com") == "email.local_empty");
  CHECK(refusal("a@") == "email.domain_missing");
  CHECK(refusal("a b@x.com") == "email.space");
  CHECK(refusal("a(b)@x.com") == "email.local_invalid_character");
  CHECK(refusal("j\xC3\xB6rg@x.com") == "email.local_invalid_character");
  CHECK(refusal("a@x_y.com") == "email.domain_invalid_character");
  CHECK(refusal("a@.x.com") == "email.domain_empty_label");
}

TEST_CASE("the WHATWG special characters are accepted in the local part") {
  CHECK(refusal("!#$%&'*+/=?^_`{|}~-@x.com").empty());
}

TEST_CASE("a local part of 64 octets is accepted and 65 refused") {
  CHECK(refusal(label(64) + "@x.com").empty());
  CHECK(refusal(label(65) + "@x.com") == "email.local_too_long");
}

TEST_CASE("a whole address of 254 octets is accepted and 255 refused") {
  // 64 + 1 + 189 = 254: the domain is three 61-octet labels and "x.com" (3*62 + 3 = 189).
  const std::string domain = label(61, 'b') + "." + label(61, 'c') + "." + label(61, 'd') + ".com";
  REQUIRE(domain.size() == 189);
  const std::string at254 = label(64) + "@" + domain;
  REQUIRE(at254.size() == 254);
  CHECK(refusal(at254).empty());
  const std::string at255 = label(64) + "@e" + domain;
  REQUIRE(at255.size() == 255);
  CHECK(refusal(at255) == "email.too_long");
}

TEST_CASE("a domain label of 63 octets is accepted and 64 refused") {
  CHECK(refusal("a@" + label(63, 'b') + ".com").empty());
  CHECK(refusal("a@" + label(64, 'b') + ".com") == "email.label_too_long");
  CHECK(refusal("a@b\xC3\xBC" + label(61, 'b') + ".com") == "email.label_too_long");
}

TEST_CASE("a domain label may not start or end with a hyphen") {
  CHECK(refusal("a@-x.com") == "email.label_hyphen");
  CHECK(refusal("a@x-.com") == "email.label_hyphen");
  CHECK(refusal("a@x-y.com").empty());
}

TEST_CASE("control characters are refused and never echoed") {
  for (std::string bad :
       {std::string("a@x.com\r\nBcc: y@z.com"), std::string("a@x.com\n"), std::string("a\r@x.com"),
        std::string("a@x.com\0", 8), std::string("a\t@x.com"), std::string("\ta@x.com"),
        std::string("a@x.com\x7F"), std::string("a@x.com\xC2\x85"), std::string("a@x.com\xE2\x80\xA8")}) {
    auto r = Email::parse(bad);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().detail_code == "email.control_character");
    CHECK(r.error().message.find_first_of(std::string("\r\n\t\0", 4)) == std::string::npos);
    CHECK(r.error().message.find("Bcc") == std::string::npos);
  }
}

TEST_CASE("invalid UTF-8 in an address is refused") {
  CHECK(refusal("a@b\xFF.com") == "email.invalid_utf8");
  CHECK(refusal("a@b\xC3.com") == "email.invalid_utf8");
}

TEST_CASE("a very long input is refused without echoing it whole") {
  const std::string huge = label(10000) + "@x.com";
  auto r = Email::parse(huge);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message.size() < 300);
  auto list = Email::parse(label(5000) + "@x.com," + label(100) + "@y.com");
  REQUIRE_FALSE(list.ok());
  CHECK(list.error().message.size() < 300);
}

TEST_CASE("a refusal names the address so a person can find it") {
  auto r = Email::parse("a..b@x.com");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message.find("a..b@x.com") != std::string::npos);
  CHECK(r.error().message.find("two dots in a row") != std::string::npos);
}

TEST_CASE("no-break spaces around a pasted address are trimmed") {
  auto e = Email::parse(
      "\xC2\xA0"
      "ann@x.com\xE3\x80\x80");
  REQUIRE(e.ok());
  CHECK(e->address() == "ann@x.com");
}

TEST_CASE("an internationalized domain that breaks IDNA rules is refused") {
  // Hebrew followed by Latin in one label breaks the bidi rule (RFC 5893).
  CHECK(refusal("a@\xD7\x90"
                "b.com") == "email.domain_invalid");
  // A full-width low line maps to "_", which no domain name may contain.
  CHECK_FALSE(refusal("a@\xE2\x98\x83\xEF\xBC\xBF.com").empty());
}
