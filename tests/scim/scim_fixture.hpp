// An organization, its administrator, a SCIM token of theirs and a handler.
#pragma once

#include <doctest/doctest.h>

#include <boost/json.hpp>

#include <string>

#include "../service/service_fixture.hpp"
#include "onboard/scim.hpp"

namespace onboard::test {

struct ScimWorld {
  World w;
  std::string token;  // the administrator's SCIM token
  std::unique_ptr<scim::Handler> handler;

  explicit ScimWorld(scim::HandlerOptions options = {}, std::optional<std::int64_t> seats = std::nullopt)
      : w(make_world("memory", seats)) {
    auto issued = scim::Tokens(*w.dir).create(w.admin_actor(), "Okta");
    REQUIRE_MESSAGE(issued.ok(), (issued.ok() ? "" : issued.error().message));
    token = issued->secret;
    if (options.base_url.empty()) options.base_url = "https://acme.example/scim/v2";
    handler = std::make_unique<scim::Handler>(*w.dir, w.org.id, options);
  }

  scim::Response call(const std::string& method, const std::string& path, const std::string& body = "",
                      const std::string& query = "", const std::string& bearer = "",
                      std::vector<std::pair<std::string, std::string>> headers = {}) {
    scim::Request r;
    r.method = method;
    r.path = path;
    r.query = query;
    r.body = body;
    r.headers = std::move(headers);
    r.headers.emplace_back("Authorization", "Bearer " + (bearer.empty() ? token : bearer));
    if (!body.empty()) r.headers.emplace_back("Content-Type", "application/scim+json");
    return handler->handle(r);
  }

  static boost::json::object json(const scim::Response& r) {
    INFO(r.body);
    auto v = boost::json::parse(r.body);
    REQUIRE(v.is_object());
    return v.as_object();
  }

  static std::string header(const scim::Response& r, const std::string& name) {
    for (const auto& [k, v] : r.headers)
      if (k == name) return v;
    return {};
  }

  // POST /Users with this body; the new id.
  std::string create_user(const std::string& body) {
    auto r = call("POST", "/Users", body);
    INFO(r.body);
    REQUIRE(r.status == 201);
    return std::string(json(r).at("id").as_string());
  }
};

// "%22": a query string's percent-encoding of a filter.
inline std::string encode(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.') {
      out += static_cast<char>(c);
    } else {
      static constexpr char digits[] = "0123456789ABCDEF";
      out += '%';
      out += digits[c >> 4];
      out += digits[c & 15];
    }
  }
  return out;
}

}  // namespace onboard::test
