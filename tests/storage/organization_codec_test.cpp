// The storage layer's private JSON encoding of non-column fields.
#include <doctest/doctest.h>

#include "storage/organization_codec.hpp"

using namespace onboard;

TEST_CASE("organization details survive an encode and decode round trip") {
  Organization org;
  org.settings.invitation_ttl = std::chrono::hours{3};
  org.settings.credentials_ttl = std::chrono::hours{36};
  org.settings.password_policy.argon2_opslimit = 4;
  org.settings.import_limits.max_bytes = 1u << 30;
  org.settings.throttle.per_source_max_failures = 7;
  org.roles.roles = {Role{"Standard", 1, static_cast<std::uint32_t>(Permission::invite_users)},
                     Role{"Privileged", 2, all_permissions}};
  org.roles.default_role = "Standard";
  org.offices = {"Paris", "Zürich"};
  org.teams = {"Ops"};

  Organization back;
  REQUIRE(decode_organization_details(encode_organization_details(org), back).ok());
  CHECK(back.settings.invitation_ttl == std::chrono::hours{3});
  CHECK(back.settings.credentials_ttl == std::chrono::hours{36});
  CHECK(back.settings.password_policy.argon2_opslimit == 4);
  CHECK(back.settings.import_limits.max_bytes == 1u << 30);
  CHECK(back.settings.throttle.per_source_max_failures == 7);
  REQUIRE(back.roles.roles.size() == 2);
  CHECK(back.roles.roles[0].permissions == static_cast<std::uint32_t>(Permission::invite_users));
  CHECK(back.roles.roles[1].permissions == all_permissions);
  CHECK(back.roles.default_role == "Standard");
  CHECK(back.offices == org.offices);
  CHECK(back.teams == org.teams);
}

TEST_CASE("missing organization details keep their defaults, damaged ones are refused") {
  Organization org;
  REQUIRE(decode_organization_details("{}", org).ok());
  CHECK(org.settings.invitation_ttl == std::chrono::hours{24 * 7});
  CHECK(org.settings.credentials_ttl == std::chrono::hours{24 * 7});  // rows written before it existed
  for (const char* bad :
       {"", "[", "[]", R"({"settings":3})", R"({"offices":[1]})",
        R"({"settings":{"invitation_ttl_s":"soon"}})", R"({"roles":{"roles":[{"rank":"x"}]}})"}) {
    CAPTURE(bad);
    auto r = decode_organization_details(bad, org);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == Errc::storage);
  }
}

TEST_CASE("stored lists and maps keep their bytes, even text that is not UTF-8") {
  const std::vector<std::string> list = {"a", "caf\xC3\xA9", "bad\xFF", "quote\"back\\slash", ""};
  auto l = decode_string_list(encode_string_list(list));
  REQUIRE(l.ok());
  CHECK(*l == list);
  const std::map<std::string, std::string> map = {{"Phone", "+1\n2"}, {"raw\xFE", "x\xC0"}};
  auto m = decode_string_map(encode_string_map(map));
  REQUIRE(m.ok());
  CHECK(*m == map);
  CHECK(decode_string_list("{}").error().code == Errc::storage);
  CHECK(decode_string_map(R"({"a":1})").error().code == Errc::storage);
}

TEST_CASE("a list of plain ASCII names is stored as the same JSON the general path writes") {
  const std::vector<std::string> plain = {"Team 4", "R&D (EU)", "", "a'b"};
  CHECK(encode_string_list(plain) == R"j(["Team 4","R&D (EU)","","a'b"])j");
  auto back = decode_string_list(encode_string_list(plain));
  REQUIRE(back.ok());
  CHECK(*back == plain);
  // One character that needs escaping sends the whole list the general way.
  const std::vector<std::string> mixed = {"Team 4", "tab\there"};
  auto mixed_back = decode_string_list(encode_string_list(mixed));
  REQUIRE(mixed_back.ok());
  CHECK(*mixed_back == mixed);
  CHECK(encode_string_list(mixed).find("\\t") != std::string::npos);
}
