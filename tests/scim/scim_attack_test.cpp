// Attacks on the SCIM handler, each a test that would fail if it worked.
#include <doctest/doctest.h>

#include "onboard/user_admin.hpp"
#include "scim_fixture.hpp"

using namespace onboard;
using namespace onboard::test;
namespace json = boost::json;

namespace {

// Managers may manage users here, so that rank alone decides.
void managers_manage_users(World& w) {
  Organization org = w.org;
  for (auto& role : org.roles.roles)
    if (role.name == "Manager") role.permissions = all_permissions;
  REQUIRE(w.storage->update_organization(org).ok());
}

}  // namespace

TEST_CASE("a request without a token, or with a made-up one, is refused with 401") {
  ScimWorld s;
  scim::Request r;
  r.method = "GET";
  r.path = "/Users";
  CHECK(s.handler->handle(r).status == 401);
  CHECK(s.call("GET", "/Users", "", "", "onbscim_" + std::string(43, 'A')).status == 401);
  CHECK(s.call("GET", "/Users", "", "", "not a token").status == 401);
  auto refused = s.call("GET", "/Users", "", "", "x");
  CHECK(ScimWorld::json(refused).at("schemas").as_array().front().as_string() ==
        "urn:ietf:params:scim:api:messages:2.0:Error");
  CHECK(ScimWorld::json(refused).at("status").as_string() == "401");
}

TEST_CASE("a token of another organization is refused with 401") {
  ScimWorld s;
  NewOrganization other;
  other.name = "Globex";
  other.admin_email = "hank@globex.example";
  other.admin_name = "Hank Scorpio";
  other.admin_password = kAdminPassword;
  auto globex = s.w.dir->create_organization(other);
  REQUIRE(globex.ok());
  auto theirs = scim::Tokens(*s.w.dir).create({globex->organization.id, globex->admin.id}, "Okta");
  REQUIRE(theirs.ok());
  auto r = s.call("GET", "/Users", "", "", theirs->secret);
  CHECK(r.status == 401);
  // Acting as a member of the other organization directly is refused too.
  scim::Request req;
  req.method = "GET";
  req.path = "/Users";
  CHECK(s.handler->handle(req, {globex->organization.id, globex->admin.id}).status == 403);
}

TEST_CASE("a Manager's token cannot suspend, edit, delete or regroup an Admin") {
  ScimWorld s;
  managers_manage_users(s.w);
  User manager = add_member(s.w, "max@acme.example", "Manager");
  auto issued = scim::Tokens(*s.w.dir).create({s.w.org.id, manager.id}, "Okta");
  REQUIRE(issued.ok());
  const std::string admin = s.w.admin.id;
  auto r = s.call(
      "PATCH", "/Users/" + admin,
      R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"active":false}}]})",
      "", issued->secret);
  CHECK(r.status == 403);
  CHECK(ScimWorld::json(r).at("detail").as_string().find("Admin") != std::string::npos);
  CHECK(s.call("DELETE", "/Users/" + admin, "", "", issued->secret).status == 403);
  CHECK(s.call("PUT", "/Users/" + admin, R"({"userName":"evil@x.example"})", "", issued->secret).status ==
        403);
  CHECK(
      s.call(
           "PATCH", "/Groups/Sales",
           R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"add","path":"members","value":[{"value":")" +
               admin + R"("}]}]})",
           "", issued->secret)
          .status == 403);
  // Nor create an Admin.
  r = s.call(
      "POST", "/Users",
      R"({"userName":"eve@acme.example","name":{"givenName":"Eve","familyName":"E"},"roles":[{"value":"Admin"}]})",
      "", issued->secret);
  CHECK(r.status == 403);
  auto after = UserAdmin(*s.w.dir).show(s.w.admin_actor(), admin);
  CHECK(after->status == UserStatus::active);
  CHECK(after->teams.empty());
  CHECK(UserAdmin(*s.w.dir).show(s.w.admin_actor(), "eve@acme.example").error().code == Errc::not_found);
}

TEST_CASE("malformed, huge and deeply nested filters are refused with 400 invalidFilter") {
  ScimWorld s;
  auto refused = [&](const std::string& filter) {
    auto r = s.call("GET", "/Users", "", "filter=" + encode(filter));
    INFO(filter, " -> ", r.body);
    CHECK(r.status == 400);
    if (r.status == 400) CHECK(ScimWorld::json(r).at("scimType").as_string() == "invalidFilter");
  };
  refused(R"(userName eq)");
  refused(R"(userName xx "a")");
  refused(R"(userName eq "a" or)");
  refused(R"((userName eq "a")");
  refused(R"(userName eq "a"; DROP TABLE users)");
  refused(R"(userName eq "unterminated)");
  refused(R"(userName eq "a") or 1 eq 1 --)");
  refused(std::string(3000, 'a') + " pr");
  std::string deep;
  for (int i = 0; i < 40; ++i) deep += "(";
  deep += R"(userName eq "a")";
  for (int i = 0; i < 40; ++i) deep += ")";
  refused(deep);
  std::string many = R"(userName eq "a")";
  for (int i = 0; i < 60; ++i) many += R"( or userName eq "a")";
  refused(many);
  // A quote inside a value is data, not syntax.
  auto r = s.call("GET", "/Users", "", "filter=" + encode(R"(userName eq "a\" or userName pr or \"")"));
  CHECK(r.status == 200);
  CHECK(ScimWorld::json(r).at("totalResults").as_int64() == 0);
}

TEST_CASE("a bulk request over the operation or payload limit is refused with 413, nothing written") {
  scim::HandlerOptions options;
  options.max_bulk_operations = 3;
  options.max_payload_bytes = 4096;
  ScimWorld s(options);
  std::string ops;
  for (int i = 0; i < 4; ++i)
    ops += std::string(i ? "," : "") + R"({"method":"POST","path":"/Users","bulkId":"b)" + std::to_string(i) +
           R"(","data":{"userName":"u)" + std::to_string(i) +
           R"(","name":{"givenName":"U","familyName":"V"}}})";
  auto r = s.call(
      "POST", "/Bulk",
      R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"Operations":[)" + ops + "]}");
  CHECK(r.status == 413);
  CHECK(ScimWorld::json(r).at("detail").as_string() ==
        "A bulk request holds at most 3 operations; this one has 4.");
  r = s.call("POST", "/Bulk", R"({"Operations":[],"pad":")" + std::string(5000, 'x') + "\"}");
  CHECK(r.status == 413);
  CHECK(ScimWorld::json(s.call("GET", "/Users")).at("totalResults").as_int64() == 1);
  auto spc = ScimWorld::json(s.call("GET", "/ServiceProviderConfig"));
  CHECK(spc.at("bulk").at("maxOperations").as_int64() == 3);
  CHECK(spc.at("bulk").at("maxPayloadSize").as_int64() == 4096);
}

TEST_CASE("creating a user beyond the seat limit is refused with the sentence of the seat rule") {
  ScimWorld s({}, 2);
  s.create_user(R"({"userName":"one@acme.example","name":{"givenName":"One","familyName":"O"}})");
  auto r = s.call("POST", "/Users",
                  R"({"userName":"two@acme.example","name":{"givenName":"Two","familyName":"T"}})");
  CHECK(r.status == 400);
  auto body = ScimWorld::json(r);
  CHECK(body.at("status").as_string() == "400");
  CHECK(body.at("detail").as_string().find("seat") != std::string::npos);
}

TEST_CASE("an unknown department or role is refused naming it, and nothing is created") {
  ScimWorld s;
  auto r = s.call("POST", "/Users", R"({"userName":"x@acme.example","name":{"givenName":"X","familyName":"Y"},
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Mars"}})");
  CHECK(r.status == 400);
  CHECK(ScimWorld::json(r).at("scimType").as_string() == "invalidValue");
  CHECK(ScimWorld::json(r).at("detail").as_string().find("Mars") != std::string::npos);
  r = s.call(
      "POST", "/Users",
      R"({"userName":"x@acme.example","name":{"givenName":"X","familyName":"Y"},"roles":[{"value":"Emperor"}]})");
  CHECK(r.status == 400);
  CHECK(ScimWorld::json(s.call("GET", "/Users")).at("totalResults").as_int64() == 1);
}
