// /Bulk (RFC 7644 3.7): operations in order, each through the same dispatch
// as a single request, bulkId references resolved from earlier creations,
// failOnErrors honoured, maxOperations and maxPayloadSize enforced.
#include <map>

#include "onboard/model/name.hpp"
#include "scim/scim_context.hpp"
#include "scim/scim_error.hpp"
#include "scim/scim_filter.hpp"
#include "scim/scim_resource.hpp"

namespace onboard {
inline namespace v1 {
namespace scim {
namespace {

namespace json = boost::json;

constexpr std::string_view kBulkPrefix = "bulkId:";

// Replaces "bulkId:X" in `text` by X's id; false (naming X) when X is unknown.
bool resolve_text(std::string& text, const std::map<std::string, std::string>& ids, std::string& unknown) {
  std::size_t at = text.find(kBulkPrefix);
  while (at != std::string::npos) {
    std::size_t end = at + kBulkPrefix.size();
    while (end < text.size() && text[end] != '/' && text[end] != '"' && text[end] != ' ') ++end;
    const std::string key = text.substr(at + kBulkPrefix.size(), end - at - kBulkPrefix.size());
    auto it = ids.find(key);
    if (it == ids.end()) {
      unknown = key;
      return false;
    }
    text.replace(at, end - at, it->second);
    at = text.find(kBulkPrefix, at + it->second.size());
  }
  return true;
}

bool resolve_json(json::value& v, const std::map<std::string, std::string>& ids, std::string& unknown) {
  if (v.is_string()) {
    std::string s(v.get_string());
    if (s.find(kBulkPrefix) == std::string::npos) return true;
    if (!resolve_text(s, ids, unknown)) return false;
    v = s;
    return true;
  }
  if (v.is_array()) {
    for (auto& e : v.get_array())
      if (!resolve_json(e, ids, unknown)) return false;
  } else if (v.is_object()) {
    for (auto& kv : v.get_object())
      if (!resolve_json(kv.value(), ids, unknown)) return false;
  }
  return true;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string header_of(const Response& r, std::string_view name) {
  for (const auto& [k, v] : r.headers)
    if (iequals(k, name)) return v;
  return {};
}

}  // namespace

Response bulk(Call& call, const json::value& body, std::size_t body_bytes) {
  if (body_bytes > call.options.max_payload_bytes)
    return error_response(
        413, "",
        "A bulk request holds at most " + std::to_string(call.options.max_payload_bytes) + " bytes.");
  const json::value* ops = body.is_object() ? find_member(body.get_object(), "Operations") : nullptr;
  if (ops == nullptr || !ops->is_array())
    return error_response(400, "invalidSyntax",
                          "A bulk request needs an \"Operations\" list (the BulkRequest schema).");
  if (ops->get_array().size() > call.options.max_bulk_operations)
    return error_response(413, "",
                          "A bulk request holds at most " + std::to_string(call.options.max_bulk_operations) +
                              " operations; this one has " + std::to_string(ops->get_array().size()) + ".");
  std::size_t fail_on = 0;  // 0: never stop
  if (const json::value* f = find_member(body.get_object(), "failOnErrors"); f != nullptr && !f->is_null()) {
    if (!f->is_int64() || f->get_int64() < 1)
      return error_response(400, "invalidValue", "failOnErrors must be a whole number of at least 1.");
    fail_on = static_cast<std::size_t>(f->get_int64());
  }
  std::map<std::string, std::string> ids;
  json::array results;
  std::size_t errors = 0;
  for (const auto& item : ops->get_array()) {
    json::object result;
    auto fail = [&](const Response& r) {
      result["status"] = std::to_string(r.status);
      boost::system::error_code ec;
      json::value parsed = json::parse(r.body, ec);
      if (!ec) result["response"] = std::move(parsed);
      ++errors;
    };
    if (!item.is_object()) {
      fail(error_response(400, "invalidSyntax", "Each bulk operation must be an object."));
      results.push_back(std::move(result));
      if (fail_on != 0 && errors >= fail_on) break;
      continue;
    }
    const json::object& o = item.get_object();
    auto text_of = [&](std::string_view name) -> std::string {
      const json::value* v = find_member(o, name);
      return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
    };
    Operation sub;
    sub.method = upper(text_of("method"));
    std::string path = text_of("path");
    const std::string bulk_id = text_of("bulkId");
    sub.if_match = text_of("version");
    result["method"] = sub.method;
    if (!bulk_id.empty()) result["bulkId"] = bulk_id;
    json::value data = nullptr;
    if (const json::value* d = find_member(o, "data")) data = *d;
    std::string unknown;
    if (sub.method != "POST" && sub.method != "PUT" && sub.method != "PATCH" && sub.method != "DELETE") {
      fail(error_response(400, "invalidSyntax",
                          "A bulk operation's method must be POST, PUT, PATCH or DELETE."));
    } else if (sub.method == "POST" && bulk_id.empty()) {
      fail(error_response(400, "invalidSyntax", "A bulk POST needs a bulkId."));
    } else if (!resolve_text(path, ids, unknown) || !resolve_json(data, ids, unknown)) {
      fail(error_response(409, "invalidValue",
                          "The operation refers to bulkId:" + excerpt_for_message(unknown) +
                              ", which no earlier operation of this request created."));
    } else if (path.empty() || path.front() != '/' || path.rfind("/Bulk", 0) == 0) {
      fail(error_response(400, "invalidPath", "A bulk operation's path must be /Users… or /Groups…."));
    } else {
      sub.path = path;
      sub.body = data.is_null() ? nullptr : &data;
      Response r = dispatch(call, sub);
      if (r.status >= 400) {
        fail(r);
      } else {
        result["status"] = std::to_string(r.status);
        const std::string where = header_of(r, "Location");
        if (!where.empty()) result["location"] = where;
        const std::string tag = header_of(r, "ETag");
        if (!tag.empty()) result["version"] = tag;
        if (sub.method == "POST" && !bulk_id.empty()) {
          boost::system::error_code ec;
          json::value created = json::parse(r.body, ec);
          if (!ec && created.is_object())
            if (const auto* id = created.get_object().if_contains("id"); id != nullptr && id->is_string())
              ids[bulk_id] = std::string(id->get_string());
        }
      }
    }
    results.push_back(std::move(result));
    if (fail_on != 0 && errors >= fail_on) break;
  }
  json::object out;
  out["schemas"] = json::array{json::string(kBulkResponseUrn)};
  out["Operations"] = std::move(results);
  return json_response(200, out);
}

}  // namespace scim
}  // namespace v1
}  // namespace onboard
