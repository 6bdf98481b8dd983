// The request and response examples of RFC 7644 (sections 3.3 to 3.7),
// adapted to onboard's ids and catalogs.
#include <doctest/doctest.h>

#include "onboard/user_admin.hpp"
#include "scim_fixture.hpp"

using namespace onboard;
using namespace onboard::test;
namespace json = boost::json;

namespace {

// RFC 7644 3.3, with the enterprise extension of RFC 7643 4.3.
const char* kBjensen = R"({
  "schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],
  "userName":"bjensen",
  "externalId":"bjensen",
  "name":{"formatted":"Ms. Barbara J Jensen III","familyName":"Jensen","givenName":"Barbara"}
})";

std::vector<std::string> user_names(const json::object& list) {
  std::vector<std::string> out;
  for (const auto& r : list.at("Resources").as_array())
    out.emplace_back(r.as_object().at("userName").as_string());
  return out;
}

}  // namespace

TEST_CASE("RFC 7644 3.3: creating a user answers 201 with the resource, Location and ETag") {
  ScimWorld s;
  auto r = s.call("POST", "/Users", kBjensen);
  REQUIRE(r.status == 201);
  CHECK(ScimWorld::header(r, "Content-Type") == "application/scim+json");
  auto body = ScimWorld::json(r);
  const std::string id(body.at("id").as_string());
  CHECK(body.at("userName").as_string() == "bjensen");
  CHECK(body.at("externalId").as_string() == "bjensen");
  CHECK(body.at("name").at("givenName").as_string() == "Barbara");
  CHECK(body.at("name").at("familyName").as_string() == "Jensen");
  CHECK(body.at("displayName").as_string() == "Barbara Jensen");
  CHECK(body.at("active").as_bool());
  CHECK(body.at("meta").at("resourceType").as_string() == "User");
  CHECK(body.at("meta").at("location").as_string() == "https://acme.example/scim/v2/Users/" + id);
  CHECK(ScimWorld::header(r, "Location") == "https://acme.example/scim/v2/Users/" + id);
  CHECK(ScimWorld::header(r, "ETag") == std::string(body.at("meta").at("version").as_string()));
  CHECK(ScimWorld::header(r, "ETag").rfind("W/\"", 0) == 0);
  // Onboard holds the person: pre-created, waiting for activation, with the username.
  auto user = UserAdmin(*s.w.dir).show(s.w.admin_actor(), id);
  REQUIRE(user.ok());
  CHECK(user->username == "bjensen");
  CHECK(user->external_id == "bjensen");
  CHECK(user->status == UserStatus::pending_activation);
  CHECK(user->source == UserSource::manual);
  CHECK_FALSE(user->name_locked);
}

TEST_CASE("RFC 7644 3.4.1: a user is read by id, with its version; If-None-Match answers 304") {
  ScimWorld s;
  const std::string id = s.create_user(kBjensen);
  auto r = s.call("GET", "/Users/" + id);
  REQUIRE(r.status == 200);
  auto body = ScimWorld::json(r);
  CHECK(body.at("id").as_string() == id);
  CHECK(body.at("schemas").as_array().front().as_string() == "urn:ietf:params:scim:schemas:core:2.0:User");
  const std::string tag = ScimWorld::header(r, "ETag");
  CHECK(s.call("GET", "/Users/" + id, "", "", "", {{"If-None-Match", tag}}).status == 304);
  CHECK(s.call("GET", "/Users/nope").status == 404);
  auto some = ScimWorld::json(s.call("GET", "/Users/" + id, "", "attributes=userName"));
  CHECK(some.contains("userName"));
  CHECK_FALSE(some.contains("name"));
  CHECK(some.contains("id"));
}

TEST_CASE("RFC 7644 3.4.2: filters eq, co, sw, pr, and, or, not and value paths select users") {
  ScimWorld s;
  s.create_user(kBjensen);
  s.create_user(R"({"userName":"jsmith@example.com","name":{"givenName":"John","familyName":"Smith"},
                    "emails":[{"value":"jsmith@example.com","type":"work","primary":true}]})");
  s.create_user(R"({"userName":"omalley","name":{"givenName":"Jim","familyName":"O'Malley"},
                    "emails":[{"value":"jim@example.org","type":"work"}]})");
  auto names = [&](const std::string& filter) {
    auto r = s.call("GET", "/Users", "", "filter=" + encode(filter));
    INFO(filter, " -> ", r.body);
    REQUIRE(r.status == 200);
    return user_names(ScimWorld::json(r));
  };
  CHECK(names(R"(userName eq "bjensen")") == std::vector<std::string>{"bjensen"});
  CHECK(names(R"(userName Eq "BJENSEN")") == std::vector<std::string>{"bjensen"});  // case-insensitive
  CHECK(names(R"(name.familyName co "O'Malley")") == std::vector<std::string>{"omalley"});
  CHECK(names(R"(userName sw "J")") == std::vector<std::string>{"jsmith@example.com"});
  CHECK(names(R"(externalId pr)") == std::vector<std::string>{"bjensen"});
  CHECK(names(R"(emails co "example.com")") == std::vector<std::string>{"jsmith@example.com"});
  CHECK(names(R"(emails[type eq "work" and value co "@example.org"])") ==
        std::vector<std::string>{"omalley"});
  CHECK(names(R"(emails.value co "example.org" or userName eq "bjensen")") ==
        std::vector<std::string>{"bjensen", "omalley"});
  CHECK(names(R"(emails pr and not (userName eq "omalley"))") ==
        std::vector<std::string>{"ada@acme.example", "jsmith@example.com"});
  CHECK(
      names(
          R"(meta.created gt "2011-05-13T04:42:34Z" and (userName eq "bjensen" or userName eq "omalley"))") ==
      std::vector<std::string>{"bjensen", "omalley"});
  CHECK(names(R"(active eq true and userName eq "bjensen")") == std::vector<std::string>{"bjensen"});
}

TEST_CASE("RFC 7644 3.4.2.3 and 3.4.2.4: sortBy, sortOrder, startIndex and count page the list") {
  ScimWorld s;
  for (const char* n : {"carol", "alice", "bob"})
    s.create_user(std::string(R"({"userName":")") + n + R"(","name":{"givenName":")" + n +
                  R"(","familyName":"X"}})");
  auto r = ScimWorld::json(
      s.call("GET", "/Users", "", "sortBy=userName&sortOrder=descending&startIndex=2&count=2"));
  CHECK(r.at("totalResults").as_int64() == 4);  // the administrator too
  CHECK(r.at("startIndex").as_int64() == 2);
  CHECK(r.at("itemsPerPage").as_int64() == 2);
  CHECK(user_names(r) == std::vector<std::string>{"bob", "alice"});
  auto none = ScimWorld::json(s.call("GET", "/Users", "", "count=0"));
  CHECK(none.at("totalResults").as_int64() == 4);
  CHECK(none.at("Resources").as_array().empty());
}

TEST_CASE("RFC 7644 3.5.1: PUT replaces the user's attributes") {
  ScimWorld s;
  const std::string id = s.create_user(kBjensen);
  auto r = s.call("PUT", "/Users/" + id, R"({
    "schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],
    "id":")" + id + R"(",
    "userName":"bjensen",
    "externalId":"bjensen",
    "name":{"formatted":"Ms. Barbara J Jensen III","familyName":"Jensen","givenName":"Babs"},
    "emails":[{"value":"bjensen@example.com","type":"work","primary":true}],
    "roles":[{"value":"Manager"}],
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"701984","department":"London"}
  })");
  INFO(r.body);
  REQUIRE(r.status == 200);
  auto body = ScimWorld::json(r);
  CHECK(body.at("name").at("givenName").as_string() == "Babs");
  CHECK(body.at("emails").as_array().front().at("value").as_string() == "bjensen@example.com");
  CHECK(body.at("roles").as_array().front().at("value").as_string() == "Manager");
  const auto& ent = body.at("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User");
  CHECK(ent.at("employeeNumber").as_string() == "701984");
  CHECK(ent.at("department").as_string() == "London");
  auto user = UserAdmin(*s.w.dir).show(s.w.admin_actor(), id);
  CHECK(user->first_name == "Babs");
  CHECK(user->email == "bjensen@example.com");
  CHECK(user->external_id == "701984");
  CHECK(user->office == "London");
  CHECK(user->role == "Manager");
}

TEST_CASE("RFC 7644 3.5.2: PATCH adds, replaces and removes, with value filters") {
  ScimWorld s;
  const std::string id = s.create_user(kBjensen);
  auto r = s.call("PATCH", "/Users/" + id, R"({
    "schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
    "Operations":[
      {"op":"add","value":{"emails":[{"value":"babs@jensen.org","type":"home"}],"nickName":"Babs"}},
      {"op":"replace","path":"name.givenName","value":"Babs"}
    ]})");
  INFO(r.body);
  REQUIRE(r.status == 200);
  CHECK(ScimWorld::json(r).at("name").at("givenName").as_string() == "Babs");
  CHECK(UserAdmin(*s.w.dir).show(s.w.admin_actor(), id)->email == "babs@jensen.org");
  // onboard keeps one email, shown as the primary work email.
  CHECK(ScimWorld::json(r).at("emails").as_array().size() == 1);
  // replace through a value filter, then remove the external id.
  r = s.call("PATCH", "/Users/" + id, R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
    "Operations":[{"op":"replace","path":"emails[type eq \"work\"].value","value":"barbara@jensen.org"},
                  {"op":"remove","path":"externalId"}]})");
  INFO(r.body);
  REQUIRE(r.status == 200);
  auto user = UserAdmin(*s.w.dir).show(s.w.admin_actor(), id);
  CHECK(user->email == "barbara@jensen.org");
  CHECK(user->external_id.empty());
  // A remove without a path has no target.
  r = s.call("PATCH", "/Users/" + id, R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
    "Operations":[{"op":"remove"}]})");
  CHECK(r.status == 400);
  CHECK(ScimWorld::json(r).at("scimType").as_string() == "noTarget");
}

TEST_CASE("RFC 7644 3.5.2.1 and 3.5.2.2: group members are added, removed one by one, and all removed") {
  ScimWorld s;
  const std::string a = s.create_user(kBjensen);
  const std::string b =
      s.create_user(R"({"userName":"jsmith","name":{"givenName":"John","familyName":"Smith"}})");
  auto r = s.call("PATCH", "/Groups/Sales",
                  R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
    "Operations":[{"op":"add","path":"members","value":[
      {"display":"Babs Jensen","$ref":"https://example.com/v2/Users/)" +
                      a + R"(","value":")" + a + R"("},
      {"value":")" + b +
                      R"("}]}]})");
  INFO(r.body);
  REQUIRE(r.status == 200);
  CHECK(ScimWorld::json(r).at("members").as_array().size() == 2);
  CHECK(UserAdmin(*s.w.dir).show(s.w.admin_actor(), a)->teams == std::vector<std::string>{"Sales"});
  r = s.call("PATCH", "/Groups/Sales",
             R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
    "Operations":[{"op":"remove","path":"members[value eq \")" +
                 a + R"(\"]"}]})");
  REQUIRE(r.status == 200);
  CHECK(UserAdmin(*s.w.dir).show(s.w.admin_actor(), a)->teams.empty());
  CHECK(UserAdmin(*s.w.dir).show(s.w.admin_actor(), b)->teams == std::vector<std::string>{"Sales"});
  r = s.call("PATCH", "/Groups/Sales", R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
    "Operations":[{"op":"remove","path":"members"}]})");
  REQUIRE(r.status == 200);
  CHECK(ScimWorld::json(r).at("members").as_array().empty());
  CHECK(UserAdmin(*s.w.dir).show(s.w.admin_actor(), b)->teams.empty());
}

TEST_CASE("RFC 7644 3.5.2.3: replace of the members list and If-Match with a stale version answers 412") {
  ScimWorld s;
  const std::string a = s.create_user(kBjensen);
  const std::string b =
      s.create_user(R"({"userName":"jsmith","name":{"givenName":"John","familyName":"Smith"}})");
  auto g = s.call("GET", "/Groups/Support");
  const std::string tag = ScimWorld::header(g, "ETag");
  REQUIRE_FALSE(tag.empty());
  auto r = s.call("PATCH", "/Groups/Support",
                  R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
    "Operations":[{"op":"replace","path":"members","value":[{"value":")" +
                      a + R"("},{"value":")" + b + R"("}]}]})",
                  "", "", {{"If-Match", tag}});
  INFO(r.body);
  REQUIRE(r.status == 200);
  CHECK(ScimWorld::json(r).at("members").as_array().size() == 2);
  // The old version no longer matches.
  r = s.call(
      "PATCH", "/Groups/Support",
      R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"remove","path":"members"}]})",
      "", "", {{"If-Match", tag}});
  CHECK(r.status == 412);
  auto u = s.call("GET", "/Users/" + a);
  const std::string user_tag = ScimWorld::header(u, "ETag");
  CHECK(s.call("PUT", "/Users/" + a, R"({"userName":"bjensen","name":{"givenName":"B","familyName":"J"}})",
               "", "", {{"If-Match", "W/\"0000000000000000\""}})
            .status == 412);
  CHECK(s.call("PUT", "/Users/" + a, R"({"userName":"bjensen","name":{"givenName":"B","familyName":"J"}})",
               "", "", {{"If-Match", user_tag}})
            .status == 200);
}

TEST_CASE("RFC 7644 3.6: DELETE suspends by default, and deletes when the host chooses so") {
  {
    ScimWorld s;
    const std::string id = s.create_user(kBjensen);
    auto r = s.call("DELETE", "/Users/" + id);
    CHECK(r.status == 204);
    CHECK(r.body.empty());
    CHECK(UserAdmin(*s.w.dir).show(s.w.admin_actor(), id)->status == UserStatus::suspended);
    CHECK_FALSE(ScimWorld::json(s.call("GET", "/Users/" + id)).at("active").as_bool());
  }
  {
    scim::HandlerOptions options;
    options.delete_removes = true;
    ScimWorld s(options);
    const std::string id = s.create_user(kBjensen);
    CHECK(s.call("DELETE", "/Users/" + id).status == 204);
    CHECK(UserAdmin(*s.w.dir).show(s.w.admin_actor(), id)->status == UserStatus::deleted);
    CHECK(s.call("GET", "/Users/" + id).status == 404);
  }
}

TEST_CASE("RFC 7644 3.7: a bulk request creates a user and a group that refers to it by bulkId") {
  ScimWorld s;
  auto r = s.call("POST", "/Bulk", R"({
    "schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
    "failOnErrors":1,
    "Operations":[
      {"method":"POST","path":"/Users","bulkId":"qwerty",
       "data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"Alice",
               "name":{"givenName":"Alice","familyName":"Liddell"}}},
      {"method":"POST","path":"/Groups","bulkId":"ytrewq",
       "data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Tour Guides",
               "members":[{"type":"User","value":"bulkId:qwerty"}]}}
    ]})");
  INFO(r.body);
  REQUIRE(r.status == 200);
  auto body = ScimWorld::json(r);
  CHECK(body.at("schemas").as_array().front().as_string() ==
        "urn:ietf:params:scim:api:messages:2.0:BulkResponse");
  const auto& ops = body.at("Operations").as_array();
  REQUIRE(ops.size() == 2);
  CHECK(ops[0].at("status").as_string() == "201");
  CHECK(ops[0].at("bulkId").as_string() == "qwerty");
  CHECK(ops[1].at("status").as_string() == "201");
  CHECK(ops[1].at("location").as_string() == "https://acme.example/scim/v2/Groups/Tour%20Guides");
  const std::string loc(ops[0].at("location").as_string());
  const std::string alice = loc.substr(loc.rfind('/') + 1);
  CHECK(UserAdmin(*s.w.dir).show(s.w.admin_actor(), alice)->teams == std::vector<std::string>{"Tour Guides"});
  CHECK(s.call("GET", "/Groups/Tour%20Guides").status == 200);
}

TEST_CASE("RFC 7644 3.7.3: failOnErrors stops a bulk request after that many errors") {
  ScimWorld s;
  auto r = s.call("POST", "/Bulk", R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
    "failOnErrors":1,
    "Operations":[
      {"method":"POST","path":"/Users","bulkId":"a","data":{"userName":"ada@acme.example","name":{"givenName":"A","familyName":"B"}}},
      {"method":"POST","path":"/Users","bulkId":"b","data":{"userName":"bob","name":{"givenName":"Bob","familyName":"B"}}}
    ]})");
  REQUIRE(r.status == 200);
  const auto ops = ScimWorld::json(r).at("Operations").as_array();
  REQUIRE(ops.size() == 1);
  CHECK(ops[0].at("status").as_string() == "409");
  CHECK(ops[0].at("response").at("scimType").as_string() == "uniqueness");
  CHECK(user_names(ScimWorld::json(s.call("GET", "/Users"))) == std::vector<std::string>{"ada@acme.example"});
}

TEST_CASE("RFC 7644 4: the service provider, resource types and schemas describe themselves") {
  ScimWorld s;
  auto spc = ScimWorld::json(s.call("GET", "/ServiceProviderConfig"));
  CHECK(spc.at("patch").at("supported").as_bool());
  CHECK(spc.at("bulk").at("maxOperations").as_int64() == 100);
  CHECK(spc.at("bulk").at("maxPayloadSize").as_int64() == 1024 * 1024);
  CHECK(spc.at("etag").at("supported").as_bool());
  auto types = ScimWorld::json(s.call("GET", "/ResourceTypes"));
  CHECK(types.at("totalResults").as_int64() == 2);
  CHECK(ScimWorld::json(s.call("GET", "/ResourceTypes/User")).at("endpoint").as_string() == "/Users");
  auto schemas = ScimWorld::json(s.call("GET", "/Schemas"));
  CHECK(schemas.at("totalResults").as_int64() == 4);
  CHECK(s.call("GET", "/Schemas/urn:ietf:params:scim:schemas:core:2.0:Group").status == 200);
  CHECK(s.call("POST", "/ServiceProviderConfig", "{}").status == 405);
}
