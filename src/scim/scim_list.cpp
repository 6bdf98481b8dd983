// Filtering, sorting and paging a list of resources.
#include "scim/scim_list.hpp"

#include <algorithm>
#include <charconv>

#include "scim/scim_context.hpp"
#include "scim/scim_error.hpp"
#include "scim/scim_filter.hpp"
#include "scim/scim_resource.hpp"

namespace onboard {
inline namespace v1 {
namespace scim {
namespace {

namespace json = boost::json;

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at <= text.size()) {
    const auto comma = text.find(',', at);
    std::string item = text.substr(at, comma == std::string::npos ? std::string::npos : comma - at);
    item.erase(0, item.find_first_not_of(' '));
    while (!item.empty() && item.back() == ' ') item.pop_back();
    if (!item.empty()) out.push_back(item);
    if (comma == std::string::npos) break;
    at = comma + 1;
  }
  return out;
}

// The top-level attribute a listed name refers to ("name.givenName" -> "name").
std::string top_of(const std::string& attr) {
  if (attr.size() > 4 && iequals(std::string_view(attr).substr(0, 4), "urn:")) {
    // A whole extension, or one of its attributes: keep the extension.
    for (auto urn : {kEnterpriseUrn, kOnboardUrn, kUserUrn, kGroupUrn})
      if (attr.size() >= urn.size() && iequals(std::string_view(attr).substr(0, urn.size()), urn))
        return urn == kUserUrn || urn == kGroupUrn
                   ? top_of(attr.substr(std::min(attr.size(), urn.size() + 1)))
                   : std::string(urn);
    return attr;
  }
  return attr.substr(0, attr.find('.'));
}

std::optional<std::size_t> parse_number(const std::string& text) {
  std::size_t n = 0;
  const auto* end = text.data() + text.size();
  auto [p, ec] = std::from_chars(text.data(), end, n);
  if (ec != std::errc{} || p != end) return std::nullopt;
  return n;
}

// The sort key of a resource: the first value at the path, as text.
std::string sort_key(const json::object& r, const AttrPath& path) {
  const json::object* holder = container_of(r, path);
  if (holder == nullptr) return {};
  const json::value* v = find_member(*holder, path.name);
  if (v == nullptr) return {};
  if (v->is_array()) {
    if (v->get_array().empty()) return {};
    v = &v->get_array().front();
  }
  if (v->is_object()) v = find_member(v->get_object(), path.sub.empty() ? "value" : path.sub);
  if (v == nullptr) return {};
  if (v->is_string()) {
    std::string s(v->get_string());
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
  }
  return json::serialize(*v);
}

}  // namespace

void project(json::object& resource, std::string_view query) {
  const std::string attributes = query_param(query, "attributes");
  const std::string excluded = query_param(query, "excludedAttributes");
  auto always = [](std::string_view key) { return key == "id" || key == "schemas" || key == "meta"; };
  if (!attributes.empty()) {
    std::vector<std::string> keep;
    for (const auto& a : split_list(attributes)) keep.push_back(top_of(a));
    for (auto it = resource.begin(); it != resource.end();) {
      const std::string_view key = it->key();
      const bool kept = always(key) || std::any_of(keep.begin(), keep.end(),
                                                   [&](const std::string& k) { return iequals(k, key); });
      it = kept ? std::next(it) : resource.erase(it);
    }
  }
  for (const auto& a : split_list(excluded)) {
    if (a.find('.') != std::string::npos) continue;
    for (auto it = resource.begin(); it != resource.end(); ++it)
      if (!always(it->key()) && iequals(it->key(), a)) {
        resource.erase(it);
        break;
      }
  }
}

Response list_response(std::vector<json::object> resources, std::string_view query,
                       const HandlerOptions& options) {
  const std::string filter_text = query_param(query, "filter");
  if (!filter_text.empty()) {
    FilterLimits limits;
    limits.max_length = options.max_filter_length;
    auto filter = parse_filter(filter_text, limits);
    if (!filter) return error_response(filter.error());
    std::erase_if(resources, [&](const json::object& r) { return !matches(**filter, r); });
  }
  const std::string sort_by = query_param(query, "sortBy");
  if (!sort_by.empty()) {
    auto path = parse_patch_path(sort_by);
    if (!path || path->filter)
      return error_response(400, "invalidValue", "sortBy must name an attribute, such as userName.");
    const std::string order = query_param(query, "sortOrder");
    if (!order.empty() && !iequals(order, "ascending") && !iequals(order, "descending"))
      return error_response(400, "invalidValue", "sortOrder must be ascending or descending.");
    const bool descending = iequals(order, "descending");
    std::stable_sort(resources.begin(), resources.end(), [&](const json::object& a, const json::object& b) {
      const auto ka = sort_key(a, path->attr), kb = sort_key(b, path->attr);
      return descending ? kb < ka : ka < kb;
    });
  }
  std::size_t start = 1, count = options.max_results;
  if (const auto s = query_param(query, "startIndex"); !s.empty()) {
    // RFC 7644 3.4.2.4: a value below 1 is taken as 1.
    if (s.front() == '-' || s == "0") {
      start = 1;
    } else if (auto n = parse_number(s)) {
      start = *n;
    } else {
      return error_response(400, "invalidValue", "startIndex must be a whole number.");
    }
  }
  if (const auto c = query_param(query, "count"); !c.empty()) {
    if (c.front() == '-') {
      count = 0;
    } else if (auto n = parse_number(c)) {
      count = std::min(*n, options.max_results);
    } else {
      return error_response(400, "invalidValue", "count must be a whole number.");
    }
  }
  json::object body;
  body["schemas"] = json::array{json::string(kListUrn)};
  body["totalResults"] = resources.size();
  json::array page;
  for (std::size_t i = start - 1; i < resources.size() && page.size() < count; ++i) {
    project(resources[i], query);
    page.push_back(std::move(resources[i]));
  }
  body["startIndex"] = start;
  body["itemsPerPage"] = page.size();
  body["Resources"] = std::move(page);
  return json_response(200, body);
}

}  // namespace scim
}  // namespace v1
}  // namespace onboard
