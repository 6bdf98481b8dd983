// The requests Okta and Microsoft Entra ID send when they provision, as
// their documentation shows them.
#include <doctest/doctest.h>

#include "onboard/user_admin.hpp"
#include "scim_fixture.hpp"

using namespace onboard;
using namespace onboard::test;
namespace json = boost::json;

TEST_CASE("the Okta flow: look up, create, deactivate, reactivate, and push a group") {
  ScimWorld s;
  // 1. Okta checks whether the user exists.
  auto r = s.call("GET", "/Users", "",
                  "filter=" + encode(R"(userName eq "dade@acme.example")") + "&startIndex=1&count=100");
  REQUIRE(r.status == 200);
  CHECK(ScimWorld::json(r).at("totalResults").as_int64() == 0);
  // 2. It creates them.
  r = s.call("POST", "/Users", R"({
    "schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],
    "userName":"dade@acme.example",
    "name":{"givenName":"Dade","familyName":"Murphy"},
    "emails":[{"primary":true,"value":"dade@acme.example","type":"work"}],
    "displayName":"Dade Murphy","locale":"en-US","externalId":"00ujl29u0le5T6Aj10h7",
    "groups":[],"password":"1mz050nq","active":true})");
  INFO(r.body);
  REQUIRE(r.status == 201);
  const std::string id(ScimWorld::json(r).at("id").as_string());
  r = s.call("GET", "/Users", "", "filter=" + encode(R"(userName eq "dade@acme.example")"));
  REQUIRE(ScimWorld::json(r).at("totalResults").as_int64() == 1);
  // A second create of the same person is a uniqueness conflict.
  r = s.call("POST", "/Users",
             R"({"userName":"dade@acme.example","name":{"givenName":"D","familyName":"M"}})");
  CHECK(r.status == 409);
  CHECK(ScimWorld::json(r).at("scimType").as_string() == "uniqueness");
  // 3. Deactivation.
  r = s.call("PATCH", "/Users/" + id, R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
    "Operations":[{"op":"replace","value":{"active":false}}]})");
  INFO(r.body);
  REQUIRE(r.status == 200);
  CHECK_FALSE(ScimWorld::json(r).at("active").as_bool());
  CHECK(UserAdmin(*s.w.dir).show(s.w.admin_actor(), id)->status == UserStatus::suspended);
  // 4. Reactivation: back to waiting for activation (they never activated).
  r = s.call("PATCH", "/Users/" + id, R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
    "Operations":[{"op":"replace","value":{"active":true}}]})");
  REQUIRE(r.status == 200);
  CHECK(UserAdmin(*s.w.dir).show(s.w.admin_actor(), id)->status == UserStatus::pending_activation);
  // 5. Group push: create the group, then add and remove the member.
  r = s.call("POST", "/Groups", R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],
    "displayName":"Engineering","members":[]})");
  INFO(r.body);
  REQUIRE(r.status == 201);
  const std::string gid(ScimWorld::json(r).at("id").as_string());
  CHECK(gid == "Engineering");
  // The same group again is a uniqueness conflict.
  r = s.call("POST", "/Groups", R"({"displayName":"engineering"})");
  CHECK(r.status == 409);
  CHECK(ScimWorld::json(r).at("scimType").as_string() == "uniqueness");
  r = s.call("PATCH", "/Groups/" + gid,
             R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
    "Operations":[{"op":"add","path":"members","value":[{"value":")" +
                 id + R"(","display":"dade@acme.example"}]}]})");
  REQUIRE(r.status == 200);
  CHECK(UserAdmin(*s.w.dir).show(s.w.admin_actor(), id)->teams == std::vector<std::string>{"Engineering"});
  r = s.call("PATCH", "/Groups/" + gid,
             R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
    "Operations":[{"op":"remove","path":"members[value eq \")" +
                 id + R"(\"]"}]})");
  REQUIRE(r.status == 200);
  CHECK(UserAdmin(*s.w.dir).show(s.w.admin_actor(), id)->teams.empty());
  // Okta renames a pushed group with a replace of displayName.
  r = s.call("PATCH", "/Groups/" + gid, R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
    "Operations":[{"op":"replace","value":{"id":"Engineering","displayName":"R&D"}}]})");
  INFO(r.body);
  REQUIRE(r.status == 200);
  CHECK(s.call("GET", "/Groups/R%26D").status == 200);
  CHECK(s.call("DELETE", "/Groups/R%26D").status == 204);
  CHECK(s.call("GET", "/Groups/R%26D").status == 404);
  // Every change is audited as the token's maker, naming the token.
  auto log = s.w.dir->audit_log(s.w.admin_actor(), 100);
  int scim_events = 0;
  for (const auto& e : *log)
    if (e.action == "scim.request") {
      ++scim_events;
      CHECK(e.actor == s.w.admin.id);
      CHECK(e.details.find("\"token\":\"Okta\"") != std::string::npos);
      CHECK(e.details.find("\"via\":\"scim\"") != std::string::npos);
    }
  CHECK(scim_events == 8);
}

TEST_CASE("the Entra flow: capitalized operations, string booleans and its paths") {
  ScimWorld s;
  // Entra's probe with a random filter value answers an empty list.
  auto r = s.call("GET", "/Users", "",
                  "filter=" + encode(R"(userName eq "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d")"));
  REQUIRE(r.status == 200);
  CHECK(ScimWorld::json(r).at("totalResults").as_int64() == 0);
  r = s.call("POST", "/Users", R"({
    "schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
    "externalId":"0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
    "userName":"Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1@acme.example",
    "active":true,
    "emails":[{"primary":true,"type":"work","value":"Test_User_fd0ea19b-0777-472c-9f96-4f70d2226f2e@acme.example"}],
    "meta":{"resourceType":"User"},
    "name":{"formatted":"givenName familyName","familyName":"familyName","givenName":"givenName"},
    "roles":[]})");
  INFO(r.body);
  REQUIRE(r.status == 201);
  const std::string id(ScimWorld::json(r).at("id").as_string());
  // Entra's PATCH of attributes, "Replace" capitalized, paths with filters and the enterprise URN.
  r = s.call("PATCH", "/Users/" + id, R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
    "Operations":[
      {"op":"Replace","path":"name.familyName","value":"updatedFamilyName"},
      {"op":"Replace","path":"emails[type eq \"work\"].value","value":"updatedEmail@acme.example"},
      {"op":"Add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber","value":"E-1234"},
      {"op":"Replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department","value":"London"}
    ]})");
  INFO(r.body);
  REQUIRE(r.status == 200);
  auto user = UserAdmin(*s.w.dir).show(s.w.admin_actor(), id);
  CHECK(user->last_name == "updatedFamilyName");
  CHECK(user->external_id == "E-1234");
  CHECK(user->office == "London");
  // The userName is the email onboard keeps; Entra's separate work email does not override it.
  CHECK(user->email == "Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1@acme.example");
  // Disable: "active" as the string "False".
  r = s.call("PATCH", "/Users/" + id, R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
    "Operations":[{"op":"Replace","path":"active","value":"False"}]})");
  INFO(r.body);
  REQUIRE(r.status == 200);
  CHECK(UserAdmin(*s.w.dir).show(s.w.admin_actor(), id)->status == UserStatus::suspended);
  r = s.call("PATCH", "/Users/" + id, R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
    "Operations":[{"op":"Replace","path":"active","value":"True"}]})");
  REQUIRE(r.status == 200);
  CHECK(UserAdmin(*s.w.dir).show(s.w.admin_actor(), id)->status == UserStatus::pending_activation);
  // Groups: Entra creates, then adds and removes members with value lists.
  r = s.call("POST", "/Groups",
             R"({"externalId":"8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159","displayName":"Group1903",
    "meta":{"resourceType":"Group"},"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"members":[]})");
  INFO(r.body);
  REQUIRE(r.status == 201);
  r = s.call("GET", "/Groups", "",
             "excludedAttributes=members&filter=" + encode(R"(displayName eq "Group1903")"));
  REQUIRE(r.status == 200);
  auto list = ScimWorld::json(r);
  REQUIRE(list.at("totalResults").as_int64() == 1);
  CHECK_FALSE(list.at("Resources").as_array().front().as_object().contains("members"));
  r = s.call("PATCH", "/Groups/Group1903",
             R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
    "Operations":[{"name":"addMember","op":"Add","path":"members","value":[{"displayName":"x","value":")" +
                 id + R"("}]}]})");
  REQUIRE(r.status == 200);
  CHECK(UserAdmin(*s.w.dir).show(s.w.admin_actor(), id)->teams == std::vector<std::string>{"Group1903"});
  r = s.call("PATCH", "/Groups/Group1903",
             R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
    "Operations":[{"name":"removeMember","op":"Remove","path":"members","value":[{"value":")" +
                 id + R"("}]}]})");
  REQUIRE(r.status == 200);
  CHECK(UserAdmin(*s.w.dir).show(s.w.admin_actor(), id)->teams.empty());
  // Entra's delete.
  CHECK(s.call("DELETE", "/Users/" + id).status == 204);
}
