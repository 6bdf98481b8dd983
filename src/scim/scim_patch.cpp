// PATCH operations on a resource's JSON.
#include "scim/scim_patch.hpp"

#include <algorithm>
#include <string>

#include "onboard/model/name.hpp"
#include "scim/scim_filter.hpp"

namespace onboard {
inline namespace v1 {
namespace scim {
namespace {

namespace json = boost::json;

enum class Op { add, replace, remove };

Error patch_error(std::string_view type, const std::string& sentence) {
  return Error{Errc::invalid_input, sentence, std::string(type)};
}

// The member `name` of `object`, with the spelling it has (or `name` when new).
json::value& member(json::object& object, std::string_view name) {
  if (json::value* v = find_member(object, name)) return *v;
  return object[name];
}

bool same_value(const json::value& a, const json::value& b) {
  auto key = [](const json::value& v) -> const json::value* {
    if (v.is_object()) return find_member(v.get_object(), "value");
    return &v;
  };
  const json::value* x = key(a);
  const json::value* y = key(b);
  return x != nullptr && y != nullptr && *x == *y;
}

void merge(json::object& into, const json::object& from) {
  for (const auto& kv : from) {
    json::value& slot = member(into, kv.key());
    if (slot.is_object() && kv.value().is_object())
      merge(slot.get_object(), kv.value().get_object());
    else
      slot = kv.value();
  }
}

// A new element for `emails[type eq "work"].value` when none matches: the
// filter's equalities and the value.
std::optional<json::object> element_from(const Filter& f) {
  json::object e;
  std::function<bool(const Filter&)> collect = [&](const Filter& x) {
    if (x.kind == Filter::Kind::and_) return collect(*x.left) && collect(*x.right);
    if (x.kind == Filter::Kind::compare && x.op == "eq" && x.attr.urn.empty() && x.attr.sub.empty()) {
      e[x.attr.name] = x.value;
      return true;
    }
    return false;
  };
  if (!collect(f)) return std::nullopt;
  return e;
}

Result<void> set_at(json::object& resource, std::string_view path_text, const json::value& value, Op op) {
  ONB_ASSIGN(auto path, parse_patch_path(path_text));
  json::object* holder = container_of(resource, path.attr, true);
  if (holder == nullptr)
    return patch_error("invalidPath",
                       "The PATCH path \"" + excerpt_for_message(path_text) + "\" names no attribute.");
  if (path.filter) {
    json::value& list = member(*holder, path.attr.name);
    if (list.is_null()) list = json::array{};
    if (!list.is_array())
      return patch_error("invalidPath", "The attribute " + path.attr.name + " is not a list to filter.");
    bool any = false;
    for (auto& e : list.get_array()) {
      if (!e.is_object() || !matches(*path.filter, e.get_object())) continue;
      any = true;
      if (!path.attr.sub.empty())
        member(e.get_object(), path.attr.sub) = value;
      else if (value.is_object())
        merge(e.get_object(), value.get_object());
      else
        return patch_error("invalidValue", "The value for " + path.attr.name + "[…] must be an object.");
    }
    if (!any) {
      auto fresh = element_from(*path.filter);
      if (!fresh)
        return patch_error("noTarget",
                           "No element of " + path.attr.name + " matches the PATCH path's filter.");
      if (!path.attr.sub.empty())
        (*fresh)[path.attr.sub] = value;
      else if (value.is_object())
        merge(*fresh, value.get_object());
      list.get_array().push_back(std::move(*fresh));
    }
    return success();
  }
  json::value& slot = member(*holder, path.attr.name);
  if (!path.attr.sub.empty()) {
    if (slot.is_array()) {
      for (auto& e : slot.get_array())
        if (e.is_object()) member(e.get_object(), path.attr.sub) = value;
      return success();
    }
    if (!slot.is_object()) slot = json::object{};
    member(slot.get_object(), path.attr.sub) = value;
    return success();
  }
  if (value.is_array() || slot.is_array()) {
    json::array incoming = value.is_array() ? value.get_array() : json::array{value};
    if (op == Op::replace || !slot.is_array()) {
      slot = std::move(incoming);
      return success();
    }
    for (auto& v : incoming) {
      auto& have = slot.get_array();
      if (std::none_of(have.begin(), have.end(), [&](const json::value& x) { return same_value(x, v); }))
        have.push_back(v);
    }
    return success();
  }
  if (value.is_object() && slot.is_object()) {
    merge(slot.get_object(), value.get_object());
    return success();
  }
  slot = value;
  return success();
}

Result<void> remove_at(json::object& resource, std::string_view path_text, const json::value* value) {
  ONB_ASSIGN(auto path, parse_patch_path(path_text));
  json::object* holder = container_of(resource, path.attr, false);
  if (holder == nullptr) return success();
  json::value* slot = find_member(*holder, path.attr.name);
  if (slot == nullptr) return success();
  if (path.filter) {
    if (!slot->is_array()) return success();
    auto& list = slot->get_array();
    if (!path.attr.sub.empty()) {
      for (auto& e : list)
        if (e.is_object() && matches(*path.filter, e.get_object())) e.get_object().erase(path.attr.sub);
      return success();
    }
    for (std::size_t i = list.size(); i-- > 0;)
      if (list[i].is_object() && matches(*path.filter, list[i].get_object())) list.erase(list.begin() + i);
    return success();
  }
  if (!path.attr.sub.empty()) {
    if (slot->is_object()) {
      for (auto it = slot->get_object().begin(); it != slot->get_object().end(); ++it)
        if (iequals(it->key(), path.attr.sub)) {
          slot->get_object().erase(it);
          break;
        }
    }
    return success();
  }
  // Entra removes members as {"op":"Remove","path":"members","value":[{"value":"ID"}]}.
  if (value != nullptr && slot->is_array() && !value->is_null()) {
    const json::array gone = value->is_array() ? value->get_array() : json::array{*value};
    auto& list = slot->get_array();
    for (std::size_t i = list.size(); i-- > 0;)
      if (std::any_of(gone.begin(), gone.end(), [&](const json::value& g) { return same_value(list[i], g); }))
        list.erase(list.begin() + i);
    return success();
  }
  for (auto it = holder->begin(); it != holder->end(); ++it)
    if (iequals(it->key(), path.attr.name)) {
      holder->erase(it);
      break;
    }
  return success();
}

}  // namespace

Result<void> apply_patch(json::object& resource, const json::value& request) {
  const json::value* ops = request.is_object() ? find_member(request.get_object(), "Operations") : nullptr;
  if (ops == nullptr || !ops->is_array())
    return patch_error("invalidSyntax", "A PATCH request needs an \"Operations\" list (the PatchOp schema).");
  if (ops->get_array().empty()) return patch_error("invalidSyntax", "The PATCH request has no operations.");
  for (const auto& item : ops->get_array()) {
    if (!item.is_object()) return patch_error("invalidSyntax", "Each PATCH operation must be an object.");
    const json::object& o = item.get_object();
    const json::value* name = find_member(o, "op");
    if (name == nullptr || !name->is_string())
      return patch_error("invalidSyntax", "A PATCH operation has no \"op\".");
    Op op;
    if (iequals(name->get_string(), "add"))
      op = Op::add;
    else if (iequals(name->get_string(), "replace"))
      op = Op::replace;
    else if (iequals(name->get_string(), "remove"))
      op = Op::remove;
    else
      return patch_error("invalidSyntax", "\"" + excerpt_for_message(name->get_string()) +
                                              "\" is not a PATCH operation (add, replace or remove).");
    const json::value* path = find_member(o, "path");
    if (path != nullptr && !path->is_string() && !path->is_null())
      return patch_error("invalidPath", "A PATCH path must be a string.");
    const bool has_path = path != nullptr && path->is_string() && !path->get_string().empty();
    const json::value* value = find_member(o, "value");
    if (op == Op::remove) {
      if (!has_path) return patch_error("noTarget", "A PATCH remove needs a path.");
      ONB_TRY(remove_at(resource, path->get_string(), value));
      continue;
    }
    if (value == nullptr)
      return patch_error("invalidValue",
                         "A PATCH " + std::string(op == Op::add ? "add" : "replace") + " needs a value.");
    if (has_path) {
      ONB_TRY(set_at(resource, path->get_string(), *value, op));
      continue;
    }
    // No path: the value's members, each an attribute (or a path, as Entra sends them).
    if (!value->is_object())
      return patch_error("invalidValue", "A PATCH without a path needs an object as its value.");
    for (const auto& kv : value->get_object()) {
      const std::string_view key = kv.key();
      if (key.size() > 4 && iequals(key.substr(0, 4), "urn:") && kv.value().is_object()) {
        // An extension's whole object: each of its attributes.
        for (const auto& inner : kv.value().get_object())
          ONB_TRY(set_at(resource, std::string(key) + ":" + std::string(inner.key()), inner.value(), op));
        continue;
      }
      ONB_TRY(set_at(resource, key, kv.value(), op));
    }
  }
  return success();
}

}  // namespace scim
}  // namespace v1
}  // namespace onboard
