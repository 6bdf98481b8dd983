// The filter parser and evaluator alone (RFC 7644 3.4.2.2), on JSON resources.
#include <doctest/doctest.h>

#include <boost/json.hpp>

#include "scim/scim_filter.hpp"

using namespace onboard;
using namespace onboard::scim;
namespace json = boost::json;

namespace {

const json::object kUser = json::parse(R"({
  "id":"2819c223","userName":"bjensen","title":"Tour Guide","userType":"Employee",
  "name":{"familyName":"O'Malley","givenName":"Barbara"},
  "emails":[{"value":"bjensen@example.com","type":"work"},{"value":"babs@jensen.org","type":"home"}],
  "active":true,
  "meta":{"lastModified":"2011-05-13T04:42:34Z"},
  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"701984"}
})")
                               .as_object();

bool match(const std::string& filter) {
  auto f = parse_filter(filter);
  INFO(filter, " -> ", (f ? "" : f.error().message));
  REQUIRE(f.ok());
  return matches(**f, kUser);
}

}  // namespace

TEST_CASE("the filter examples of RFC 7644 3.4.2.2 match as the RFC says") {
  CHECK(match(R"(userName Eq "bjensen")"));
  CHECK(match(R"(name.familyName co "O'Malley")"));
  CHECK(match(R"(userName sw "J")") == false);
  CHECK(match(R"(userName sw "b")"));
  CHECK(match(R"(urn:ietf:params:scim:schemas:core:2.0:User:name.familyName co "O'Malley")"));
  CHECK(match(R"(title pr)"));
  CHECK(match(R"(meta.lastModified gt "2011-05-13T04:42:34Z")") == false);
  CHECK(match(R"(meta.lastModified ge "2011-05-13T04:42:34Z")"));
  CHECK(match(R"(meta.lastModified lt "2011-05-13T04:42:34Z")") == false);
  CHECK(match(R"(title pr and userType eq "Employee")"));
  CHECK(match(R"(title pr or userType eq "Intern")"));
  CHECK(match(R"(userType eq "Employee" and (emails co "example.com" or emails.value co "example.org"))"));
  CHECK(
      match(R"(userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org"))") ==
      false);
  CHECK(match(R"(userType eq "Employee" and emails[type eq "work" and value co "@example.com"])"));
  CHECK(match(R"(emails[type eq "home" and value co "@example.com"])") == false);
  CHECK(match(R"(urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "701984")"));
  CHECK(match(R"(active eq true)"));
  CHECK(match(R"(id eq "2819C223")") == false);  // ids compare exactly
  CHECK(match(R"(nickName pr)") == false);
}

TEST_CASE("a PATCH path parses with its filter and sub-attribute") {
  auto p = parse_patch_path(R"(emails[type eq "work"].value)");
  REQUIRE(p.ok());
  CHECK(p->attr.name == "emails");
  CHECK(p->attr.sub == "value");
  REQUIRE(p->filter != nullptr);
  CHECK(matches(*p->filter, kUser.at("emails").as_array()[0].as_object()));
  auto ext = parse_patch_path("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber");
  REQUIRE(ext.ok());
  CHECK(ext->attr.urn == "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User");
  CHECK(ext->attr.name == "employeeNumber");
  CHECK(parse_patch_path("emails[type eq").error().detail_code == "invalidPath");
  CHECK(parse_patch_path("").error().detail_code == "invalidPath");
}
