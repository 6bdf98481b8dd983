// The discovery endpoints (RFC 7644 4): /ServiceProviderConfig,
// /ResourceTypes and /Schemas.
#include "scim/scim_context.hpp"
#include "scim/scim_error.hpp"
#include "scim/scim_filter.hpp"
#include "scim/scim_resource.hpp"

namespace onboard {
inline namespace v1 {
namespace scim {
namespace {

namespace json = boost::json;

constexpr std::string_view kSpcUrn = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
constexpr std::string_view kResourceTypeUrn = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
constexpr std::string_view kSchemaUrn = "urn:ietf:params:scim:schemas:core:2.0:Schema";

json::object supported(bool yes) { return json::object{{"supported", yes}}; }

// One attribute of a schema.
json::object attr(std::string_view name, std::string_view type, std::string_view mutability = "readWrite",
                  bool multi = false, bool required = false, std::string_view uniqueness = "none",
                  bool case_exact = false) {
  json::object a;
  a["name"] = name;
  a["type"] = type;
  a["multiValued"] = multi;
  a["required"] = required;
  a["caseExact"] = case_exact;
  a["mutability"] = mutability;
  a["returned"] = "default";
  a["uniqueness"] = uniqueness;
  return a;
}

json::object complex(std::string_view name, bool multi, std::string_view mutability, json::array subs) {
  json::object a = attr(name, "complex", mutability, multi);
  a["subAttributes"] = std::move(subs);
  return a;
}

json::object schema(std::string_view id, std::string_view name, std::string_view description,
                    json::array attrs) {
  json::object s;
  s["schemas"] = json::array{json::string(kSchemaUrn)};
  s["id"] = id;
  s["name"] = name;
  s["description"] = description;
  s["attributes"] = std::move(attrs);
  s["meta"] = json::object{{"resourceType", "Schema"}, {"location", "/Schemas/" + std::string(id)}};
  return s;
}

std::vector<json::object> all_schemas() {
  std::vector<json::object> out;
  out.push_back(schema(
      kUserUrn, "User", "A member of the organization",
      json::array{
          attr("userName", "string", "readWrite", false, true, "server"),
          complex("name", false, "readWrite",
                  json::array{attr("givenName", "string"), attr("familyName", "string"),
                              attr("formatted", "string", "readOnly")}),
          attr("displayName", "string", "readOnly"),
          attr("active", "boolean"),
          attr("externalId", "string", "readWrite", false, false, "server", true),
          complex("emails", true, "readWrite",
                  json::array{attr("value", "string"), attr("type", "string"), attr("primary", "boolean")}),
          complex("roles", true, "readWrite",
                  json::array{attr("value", "string"), attr("primary", "boolean")}),
          complex("groups", true, "readOnly",
                  json::array{attr("value", "string", "readOnly"), attr("display", "string", "readOnly"),
                              attr("$ref", "reference", "readOnly")}),
      }));
  out.push_back(schema(
      kGroupUrn, "Group", "A team of the organization",
      json::array{
          attr("displayName", "string", "readWrite", false, true, "server"),
          complex("members", true, "readWrite",
                  json::array{attr("value", "string", "immutable"), attr("display", "string", "readOnly"),
                              attr("$ref", "reference", "immutable")}),
      }));
  out.push_back(
      schema(kEnterpriseUrn, "EnterpriseUser", "employeeNumber is the external id; department the office",
             json::array{attr("employeeNumber", "string", "readWrite", false, false, "server", true),
                         attr("department", "string")}));
  out.push_back(schema(kOnboardUrn, "OnboardUser", "onboard's view of the member",
                       json::array{attr("status", "string", "readOnly")}));
  return out;
}

json::object resource_type(std::string_view name, std::string_view endpoint, std::string_view urn,
                           bool extensions, const HandlerOptions& options) {
  json::object r;
  r["schemas"] = json::array{json::string(kResourceTypeUrn)};
  r["id"] = name;
  r["name"] = name;
  r["endpoint"] = "/" + std::string(endpoint);
  r["description"] = name == "User" ? "Members" : "Teams";
  r["schema"] = urn;
  if (extensions)
    r["schemaExtensions"] = json::array{json::object{{"schema", kEnterpriseUrn}, {"required", false}},
                                        json::object{{"schema", kOnboardUrn}, {"required", false}}};
  std::string where = options.base_url;
  while (!where.empty() && where.back() == '/') where.pop_back();
  r["meta"] = json::object{{"resourceType", "ResourceType"},
                           {"location", where + "/ResourceTypes/" + std::string(name)}};
  return r;
}

json::object list_of(std::vector<json::object> items) {
  json::object body;
  body["schemas"] = json::array{json::string(kListUrn)};
  body["totalResults"] = items.size();
  body["startIndex"] = 1;
  body["itemsPerPage"] = items.size();
  json::array a;
  for (auto& i : items) a.push_back(std::move(i));
  body["Resources"] = std::move(a);
  return body;
}

}  // namespace

Response service_provider_config(const HandlerOptions& options) {
  json::object c;
  c["schemas"] = json::array{json::string(kSpcUrn)};
  c["documentationUri"] = "https://onboard.invalid/docs/scim.md";
  c["patch"] = supported(true);
  json::object bulk = supported(true);
  bulk["maxOperations"] = options.max_bulk_operations;
  bulk["maxPayloadSize"] = options.max_payload_bytes;
  c["bulk"] = std::move(bulk);
  json::object filter = supported(true);
  filter["maxResults"] = options.max_results;
  c["filter"] = std::move(filter);
  c["changePassword"] = supported(false);
  c["sort"] = supported(true);
  c["etag"] = supported(true);
  c["authenticationSchemes"] =
      json::array{json::object{{"type", "oauthbearertoken"},
                               {"name", "OAuth Bearer Token"},
                               {"description", "A SCIM token made with `onboard scim token create`"},
                               {"primary", true}}};
  c["meta"] = json::object{{"resourceType", "ServiceProviderConfig"}, {"location", "/ServiceProviderConfig"}};
  return json_response(200, c);
}

Response resource_types(std::string_view which, const HandlerOptions& options) {
  auto user = resource_type("User", "Users", kUserUrn, true, options);
  auto group = resource_type("Group", "Groups", kGroupUrn, false, options);
  if (which.empty()) return json_response(200, list_of({std::move(user), std::move(group)}));
  if (iequals(which, "User")) return json_response(200, user);
  if (iequals(which, "Group")) return json_response(200, group);
  return error_response(404, "", "No resource type called " + std::string(which.substr(0, 40)) + ".");
}

Response schemas(std::string_view which) {
  auto all = all_schemas();
  if (which.empty()) return json_response(200, list_of(std::move(all)));
  for (auto& s : all)
    if (iequals(s.at("id").as_string(), which)) return json_response(200, s);
  return error_response(404, "", "No schema " + std::string(which.substr(0, 100)) + ".");
}

}  // namespace scim
}  // namespace v1
}  // namespace onboard
