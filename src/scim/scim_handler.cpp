// The SCIM handler: authentication, body and path parsing, routing, and the
// audit event of each change ("scim.request", details naming the token).
#include <boost/json.hpp>

#include "onboard/model/name.hpp"
#include "onboard/scim.hpp"
#include "scim/scim_auth.hpp"
#include "scim/scim_context.hpp"
#include "scim/scim_error.hpp"
#include "scim/scim_filter.hpp"
#include "service/service_support.hpp"

namespace onboard {
inline namespace v1 {
namespace scim {
namespace {

namespace json = boost::json;

int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string header(const Request& request, std::string_view name) {
  for (const auto& [k, v] : request.headers)
    if (iequals(k, name)) return v;
  return {};
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::vector<std::string> segments(std::string_view path) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at < path.size()) {
    auto slash = path.find('/', at);
    if (slash == std::string_view::npos) slash = path.size();
    if (slash > at) out.emplace_back(path.substr(at, slash - at));
    at = slash + 1;
  }
  return out;
}

std::string percent_encode_query(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
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

// POST /Users/.search: the body's parameters as a query string.
Result<std::string> search_query(const json::value* body) {
  if (body == nullptr || !body->is_object())
    return Error{Errc::invalid_input, "A search needs a SearchRequest body.", "invalidSyntax"};
  std::string q;
  for (const auto& kv : body->get_object()) {
    if (kv.key() == "schemas") continue;
    std::string value;
    if (kv.value().is_string()) {
      value = std::string(kv.value().get_string());
    } else if (kv.value().is_array()) {
      for (const auto& a : kv.value().get_array())
        if (a.is_string()) value += (value.empty() ? "" : ",") + std::string(a.get_string());
    } else {
      value = json::serialize(kv.value());
    }
    q += (q.empty() ? "" : "&") + std::string(kv.key()) + "=" + percent_encode_query(value);
  }
  return q;
}

void audit(Call& call, const Operation& op, const Response& r, std::string_view target) {
  json::object details{
      {"via", "scim"}, {"token", call.via}, {"method", op.method}, {"path", op.path}, {"status", r.status}};
  const AuditEvent ev[] = {
      make_audit(call.dir.clock(), call.actor.org_id, call.actor.user_id, "scim.request", target, details)};
  // The change itself is audited by the operation; this event adds how it came.
  (void)DirectoryAccess::storage(call.dir).append_audit(ev);
}

}  // namespace

bool percent_decode(std::string_view in, std::string& out, bool plus_is_space) {
  out.clear();
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '%') {
      if (i + 2 >= in.size()) return false;
      const int a = hex(in[i + 1]), b = hex(in[i + 2]);
      if (a < 0 || b < 0) return false;
      out += static_cast<char>(a * 16 + b);
      i += 2;
    } else if (in[i] == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += in[i];
    }
  }
  return true;
}

std::string query_param(std::string_view query, std::string_view name) {
  std::size_t at = 0;
  while (at <= query.size()) {
    auto amp = query.find('&', at);
    if (amp == std::string_view::npos) amp = query.size();
    const std::string_view pair = query.substr(at, amp - at);
    const auto eq = pair.find('=');
    std::string key, value;
    if (percent_decode(pair.substr(0, eq), key, true) && iequals(key, name)) {
      if (eq == std::string_view::npos) return {};
      if (percent_decode(pair.substr(eq + 1), value, true)) return value;
      return {};
    }
    at = amp + 1;
  }
  return {};
}

Response dispatch(Call& call, const Operation& op) {
  std::string raw_path = op.path;
  std::string query = op.query;
  if (const auto q = raw_path.find('?'); q != std::string::npos) {
    if (query.empty()) query = raw_path.substr(q + 1);
    raw_path.resize(q);
  }
  std::vector<std::string> parts;
  for (const auto& s : segments(raw_path)) {
    std::string decoded;
    if (!percent_decode(s, decoded, false))
      return error_response(400, "invalidPath", "The path holds a malformed %-escape.");
    parts.push_back(std::move(decoded));
  }
  Operation routed = op;
  routed.query = query;
  routed.path = raw_path;
  const std::string first = parts.empty() ? std::string() : parts[0];
  const std::string second = parts.size() > 1 ? parts[1] : std::string();
  if (parts.size() > 2)
    return error_response(404, "", "There is nothing at " + excerpt_for_message(raw_path) + ".");
  const bool read = op.method == "GET";
  auto only_get = [&](const Response& r) {
    return read ? r : error_response(405, "", "This endpoint only takes GET.");
  };
  if (iequals(first, "ServiceProviderConfig") && second.empty())
    return only_get(service_provider_config(call.options));
  if (iequals(first, "ResourceTypes")) return only_get(resource_types(second, call.options));
  if (iequals(first, "Schemas")) return only_get(schemas(second));
  const bool users = iequals(first, "Users"), groups = iequals(first, "Groups");
  if (!users && !groups)
    return error_response(404, "",
                          "There is nothing at " + excerpt_for_message(raw_path) +
                              "; the endpoints are /Users, /Groups, /Bulk, /ServiceProviderConfig, "
                              "/ResourceTypes and /Schemas.");
  if (second == ".search") {
    if (op.method != "POST") return error_response(405, "", "/.search only takes POST.");
    auto q = search_query(op.body);
    if (!q) return error_response(q.error());
    routed.method = "GET";
    routed.query = *q;
    return users ? users_endpoint(call, routed, "") : groups_endpoint(call, routed, "");
  }
  Response r = users ? users_endpoint(call, routed, second) : groups_endpoint(call, routed, second);
  if (!read && r.status < 300) {
    std::string target = second;
    if (target.empty() && !r.body.empty()) {
      boost::system::error_code ec;
      json::value created = json::parse(r.body, ec);
      if (!ec && created.is_object())
        if (const auto* id = created.get_object().if_contains("id"); id != nullptr && id->is_string())
          target = std::string(id->get_string());
    }
    audit(call, routed, r, target);
  }
  return r;
}

Handler::Handler(Directory& directory, std::string org_id, HandlerOptions options)
    : dir_(directory), org_id_(std::move(org_id)), options_(std::move(options)) {}

namespace {

Response serve(Directory& dir, const HandlerOptions& options, const Request& request, const Actor& actor,
               std::string via) {
  try {
    if (request.body.size() > options.max_payload_bytes)
      return error_response(
          413, "", "A request body holds at most " + std::to_string(options.max_payload_bytes) + " bytes.");
    json::value body;
    const bool has_body = request.body.find_first_not_of(" \t\r\n") != std::string::npos;
    if (has_body) {
      boost::system::error_code ec;
      json::parse_options po;
      po.max_depth = 64;
      body = json::parse(request.body, ec, {}, po);
      if (ec) return error_response(400, "invalidSyntax", "The request body is not valid JSON.");
    }
    Call call{dir, actor, options, std::move(via)};
    Operation op;
    op.method = upper(request.method);
    op.path = request.path;
    op.query = request.query;
    op.if_match = header(request, "If-Match");
    op.if_none_match = header(request, "If-None-Match");
    op.body = has_body ? &body : nullptr;
    std::vector<std::string> parts = segments(request.path);
    if (parts.size() == 1 && iequals(parts[0], "Bulk")) {
      if (op.method != "POST") return error_response(405, "", "/Bulk only takes POST.");
      if (!has_body) return error_response(400, "invalidSyntax", "A bulk request needs a body.");
      return bulk(call, body, request.body.size());
    }
    return dispatch(call, op);
  } catch (const std::bad_alloc&) {
    return error_response(500, "", "The server ran out of memory for this request.");
  } catch (const std::exception&) {
    return error_response(500, "", "The request could not be served.");
  }
}

}  // namespace

Response Handler::handle(const Request& request) {
  const std::string auth = header(request, "Authorization");
  constexpr std::string_view scheme = "Bearer ";
  if (auth.size() <= scheme.size() || !iequals(std::string_view(auth).substr(0, scheme.size()), scheme))
    return error_response(401, "", "This request needs an Authorization: Bearer header with a SCIM token.");
  std::string_view token = std::string_view(auth).substr(scheme.size());
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && (token.back() == ' ' || token.back() == '\r')) token.remove_suffix(1);
  auto who = authenticate_token(dir_, org_id_, token);
  if (!who) return error_response(who.error());
  return serve(dir_, options_, request, who->actor, who->token_name);
}

Response Handler::handle(const Request& request, const Actor& actor) {
  if (actor.org_id != org_id_)
    return error_response(403, "", "This member does not belong to the organization this handler serves.");
  return serve(dir_, options_, request, actor, "host");
}

}  // namespace scim
}  // namespace v1
}  // namespace onboard
