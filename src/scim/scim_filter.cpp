// SCIM filters and PATCH paths: a recursive-descent parser with limits, and
// an evaluator over a resource's JSON.
#include "scim/scim_filter.hpp"

#include <algorithm>
#include <cctype>

#include "onboard/model/name.hpp"

namespace onboard {
inline namespace v1 {
namespace scim {
namespace {

namespace json = boost::json;

constexpr std::string_view kCoreUserUrn = "urn:ietf:params:scim:schemas:core:2.0:User";
constexpr std::string_view kCoreGroupUrn = "urn:ietf:params:scim:schemas:core:2.0:Group";

char lower(char c) noexcept { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

std::string lowered(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), lower);
  return out;
}

Error bad_filter(const std::string& why) {
  return Error{Errc::invalid_input, "The filter is not valid: " + why + ".", "invalidFilter"};
}

bool attr_char(char c) noexcept {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-' || c == '$' || c == ':' ||
         c == '.';
}

// Splits "urn:…:User:name.sub" or "name.sub" into an AttrPath.
Result<AttrPath> split_attr(std::string_view text) {
  AttrPath p;
  std::string_view rest = text;
  if (text.size() > 4 && iequals(text.substr(0, 4), "urn:")) {
    const auto colon = text.rfind(':');
    p.urn = std::string(text.substr(0, colon));
    rest = text.substr(colon + 1);
    if (iequals(p.urn, kCoreUserUrn) || iequals(p.urn, kCoreGroupUrn)) p.urn.clear();
  }
  const auto dot = rest.find('.');
  p.name = std::string(rest.substr(0, dot));
  if (dot != std::string_view::npos) p.sub = std::string(rest.substr(dot + 1));
  auto valid = [](std::string_view n) {
    return !n.empty() && std::isalpha(static_cast<unsigned char>(n.front())) != 0 &&
           std::all_of(n.begin(), n.end(), [](char c) {
             return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-' || c == '$';
           });
  };
  if (!valid(p.name) || (dot != std::string_view::npos && !valid(p.sub)))
    return bad_filter("\"" + excerpt_for_message(text) + "\" is not an attribute name");
  return p;
}

class Parser {
 public:
  Parser(std::string_view text, const FilterLimits& limits) : s_(text), limits_(limits) {}

  Result<FilterPtr> parse_all() {
    ONB_ASSIGN(auto f, parse_or(0));
    skip_space();
    if (at_ < s_.size()) return bad_filter("unexpected \"" + excerpt_for_message(s_.substr(at_, 20)) + "\"");
    return f;
  }

  Result<FilterPtr> parse_or(std::size_t depth) {
    if (depth > limits_.max_depth) return bad_filter("it nests too deeply");
    ONB_ASSIGN(auto left, parse_and(depth));
    while (keyword("or")) {
      ONB_ASSIGN(auto right, parse_and(depth));
      left = combine(Filter::Kind::or_, std::move(left), std::move(right));
    }
    return left;
  }

  std::size_t at() const { return at_; }
  std::string_view rest() const { return s_.substr(at_); }
  void skip_space() {
    while (at_ < s_.size() && s_[at_] == ' ') ++at_;
  }
  bool eat(char c) {
    skip_space();
    if (at_ < s_.size() && s_[at_] == c) {
      ++at_;
      return true;
    }
    return false;
  }

  Result<AttrPath> attr_path() {
    skip_space();
    const std::size_t start = at_;
    while (at_ < s_.size() && attr_char(s_[at_])) ++at_;
    if (start == at_)
      return bad_filter(at_ < s_.size() ? "expected an attribute name at \"" +
                                              excerpt_for_message(s_.substr(at_, 20)) + "\""
                                        : "it ends where an attribute name was expected");
    return split_attr(s_.substr(start, at_ - start));
  }

 private:
  static FilterPtr combine(Filter::Kind kind, FilterPtr left, FilterPtr right) {
    auto f = std::make_shared<Filter>();
    f->kind = kind;
    f->left = std::move(left);
    f->right = std::move(right);
    return f;
  }

  Result<FilterPtr> parse_and(std::size_t depth) {
    ONB_ASSIGN(auto left, parse_unary(depth));
    while (keyword("and")) {
      ONB_ASSIGN(auto right, parse_unary(depth));
      left = combine(Filter::Kind::and_, std::move(left), std::move(right));
    }
    return left;
  }

  Result<FilterPtr> parse_unary(std::size_t depth) {
    if (keyword("not")) {
      if (!eat('(')) return bad_filter("\"not\" must be followed by a parenthesis");
      ONB_ASSIGN(auto inner, parse_or(depth + 1));
      if (!eat(')')) return bad_filter("a parenthesis is not closed");
      return combine(Filter::Kind::not_, std::move(inner), nullptr);
    }
    if (eat('(')) {
      ONB_ASSIGN(auto inner, parse_or(depth + 1));
      if (!eat(')')) return bad_filter("a parenthesis is not closed");
      return inner;
    }
    return parse_term(depth);
  }

  Result<FilterPtr> parse_term(std::size_t depth) {
    if (++terms_ > limits_.max_terms)
      return bad_filter("it has more than " + std::to_string(limits_.max_terms) + " comparisons");
    ONB_ASSIGN(auto path, attr_path());
    auto f = std::make_shared<Filter>();
    f->attr = std::move(path);
    if (eat('[')) {
      if (depth + 1 > limits_.max_depth) return bad_filter("it nests too deeply");
      ONB_ASSIGN(auto inner, parse_or(depth + 1));
      if (!eat(']')) return bad_filter("a bracket is not closed");
      f->kind = Filter::Kind::value_path;
      f->left = std::move(inner);
      return FilterPtr(std::move(f));
    }
    skip_space();
    const std::size_t start = at_;
    while (at_ < s_.size() && std::isalpha(static_cast<unsigned char>(s_[at_])) != 0) ++at_;
    const std::string op = lowered(s_.substr(start, at_ - start));
    if (op == "pr") {
      f->kind = Filter::Kind::present;
      return FilterPtr(std::move(f));
    }
    static constexpr std::string_view ops[] = {"eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"};
    if (std::find(std::begin(ops), std::end(ops), op) == std::end(ops))
      return bad_filter(op.empty() ? "an operator (eq, co, sw, pr…) is missing"
                                   : "\"" + excerpt_for_message(op) + "\" is not an operator");
    f->op = op;
    ONB_ASSIGN(f->value, literal());
    return FilterPtr(std::move(f));
  }

  Result<json::value> literal() {
    skip_space();
    if (at_ >= s_.size()) return bad_filter("a value is missing at the end");
    if (s_[at_] == '"') {
      // A JSON string: find its end, honouring escapes, and let Boost.JSON decode it.
      std::size_t end = at_ + 1;
      while (end < s_.size() && s_[end] != '"') end += s_[end] == '\\' ? 2 : 1;
      if (end >= s_.size()) return bad_filter("a string is not closed");
      boost::system::error_code ec;
      json::value v = json::parse(s_.substr(at_, end + 1 - at_), ec);
      if (ec || !v.is_string()) return bad_filter("a string is not valid JSON");
      at_ = end + 1;
      return v;
    }
    const std::size_t start = at_;
    while (at_ < s_.size() && s_[at_] != ' ' && s_[at_] != ')' && s_[at_] != ']') ++at_;
    const std::string word = lowered(s_.substr(start, at_ - start));
    if (word == "true") return json::value(true);
    if (word == "false") return json::value(false);
    if (word == "null") return json::value(nullptr);
    boost::system::error_code ec;
    json::value v = json::parse(word, ec);
    if (ec || !v.is_number())
      return bad_filter("\"" + excerpt_for_message(word) + "\" is not a value (quote strings with \")");
    return v;
  }

  bool keyword(std::string_view word) {
    skip_space();
    if (at_ + word.size() >= s_.size() || !iequals(s_.substr(at_, word.size()), word)) return false;
    const char after = s_[at_ + word.size()];
    if (after != ' ' && after != '(') return false;
    at_ += word.size();
    return true;
  }

  std::string_view s_;
  FilterLimits limits_;
  std::size_t at_ = 0;
  std::size_t terms_ = 0;
};

bool case_exact(const AttrPath& p) {
  const std::string_view n = p.sub.empty() ? std::string_view(p.name) : std::string_view(p.sub);
  return iequals(n, "id") || iequals(n, "externalId") || iequals(n, "version") ||
         (iequals(p.name, "members") && iequals(p.sub, "value"));
}

// The values `path` names in `resource`: every element's sub-attribute for a
// multi-valued attribute; its "value" when a multi-valued attribute has no sub.
std::vector<const json::value*> values_at(const json::object& resource, const AttrPath& path) {
  std::vector<const json::value*> out;
  const json::object* holder = container_of(resource, path);
  if (holder == nullptr) return out;
  const json::value* v = find_member(*holder, path.name);
  if (v == nullptr) return out;
  auto take = [&](const json::value& x) {
    if (x.is_object()) {
      const json::value* s = find_member(x.get_object(), path.sub.empty() ? "value" : path.sub);
      if (s != nullptr) out.push_back(s);
    } else if (path.sub.empty()) {
      out.push_back(&x);
    }
  };
  if (v->is_array()) {
    for (const auto& e : v->get_array()) take(e);
  } else if (v->is_object()) {
    take(*v);
  } else if (path.sub.empty()) {
    out.push_back(v);
  }
  return out;
}

bool compare(const json::value& have, std::string_view op, const json::value& want, bool exact) {
  if (want.is_null()) return op == "eq" ? have.is_null() : op == "ne" ? !have.is_null() : false;
  if (want.is_bool()) {
    // Entra sends booleans as the strings "True"/"False".
    bool h = false;
    if (have.is_bool()) {
      h = have.get_bool();
    } else if (have.is_string() &&
               (iequals(have.get_string(), "true") || iequals(have.get_string(), "false"))) {
      h = iequals(have.get_string(), "true");
    } else {
      return op == "ne";
    }
    return op == "eq" ? h == want.get_bool() : op == "ne" ? h != want.get_bool() : false;
  }
  if (want.is_number()) {
    if (!have.is_number()) return op == "ne";
    const double h = have.to_number<double>(), w = want.to_number<double>();
    if (op == "eq") return h == w;
    if (op == "ne") return h != w;
    if (op == "gt") return h > w;
    if (op == "ge") return h >= w;
    if (op == "lt") return h < w;
    if (op == "le") return h <= w;
    return false;
  }
  if (!have.is_string() || !want.is_string()) return op == "ne";
  std::string h(have.get_string()), w(want.get_string());
  if (!exact) {
    h = lowered(h);
    w = lowered(w);
  }
  if (op == "eq") return h == w;
  if (op == "ne") return h != w;
  if (op == "co") return h.find(w) != std::string::npos;
  if (op == "sw") return h.compare(0, w.size(), w) == 0;
  if (op == "ew") return h.size() >= w.size() && h.compare(h.size() - w.size(), w.size(), w) == 0;
  if (op == "gt") return h > w;
  if (op == "ge") return h >= w;
  if (op == "lt") return h < w;
  if (op == "le") return h <= w;
  return false;
}

bool present(const json::value& v) {
  if (v.is_null()) return false;
  if (v.is_string()) return !v.get_string().empty();
  if (v.is_array()) return !v.get_array().empty();
  if (v.is_object()) return !v.get_object().empty();
  return true;
}

}  // namespace

bool iequals(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

const json::value* find_member(const json::object& object, std::string_view name) {
  for (const auto& kv : object)
    if (iequals(kv.key(), name)) return &kv.value();
  return nullptr;
}

json::value* find_member(json::object& object, std::string_view name) {
  for (auto& kv : object)
    if (iequals(kv.key(), name)) return &kv.value();
  return nullptr;
}

const json::object* container_of(const json::object& resource, const AttrPath& path) {
  if (path.urn.empty()) return &resource;
  const json::value* ext = find_member(resource, path.urn);
  return ext != nullptr && ext->is_object() ? &ext->get_object() : nullptr;
}

json::object* container_of(json::object& resource, const AttrPath& path, bool create) {
  if (path.urn.empty()) return &resource;
  json::value* ext = find_member(resource, path.urn);
  if (ext == nullptr) {
    if (!create) return nullptr;
    ext = &resource[path.urn];
    *ext = json::object{};
  }
  if (!ext->is_object()) return nullptr;
  return &ext->get_object();
}

Result<FilterPtr> parse_filter(std::string_view text, const FilterLimits& limits) {
  if (text.size() > limits.max_length)
    return bad_filter("it is longer than " + std::to_string(limits.max_length) + " characters");
  if (text.find_first_not_of(' ') == std::string_view::npos) return bad_filter("it is empty");
  for (char c : text)
    if (static_cast<unsigned char>(c) < 0x20) return bad_filter("it holds a control character");
  return Parser(text, limits).parse_all();
}

Result<PatchPath> parse_patch_path(std::string_view text) {
  auto invalid = [&](std::string_view why) {
    return Error{
        Errc::invalid_input,
        "The PATCH path \"" + excerpt_for_message(text) + "\" is not valid: " + std::string(why) + ".",
        "invalidPath"};
  };
  if (text.empty() || text.size() > 1000) return invalid("it is empty or too long");
  Parser p(text, FilterLimits{});
  auto attr = p.attr_path();
  if (!attr) return invalid(attr.error().message);
  PatchPath out;
  out.attr = std::move(*attr);
  if (p.eat('[')) {
    auto inner = p.parse_or(1);
    if (!inner) return invalid(inner.error().message);
    if (!p.eat(']')) return invalid("a bracket is not closed");
    out.filter = std::move(*inner);
    if (p.eat('.')) {
      auto sub = p.attr_path();
      if (!sub || !sub->urn.empty() || !sub->sub.empty()) return invalid("a sub-attribute is not valid");
      out.attr.sub = sub->name;
    }
  }
  p.skip_space();
  if (!p.rest().empty()) return invalid("unexpected text after the attribute");
  return out;
}

bool matches(const Filter& f, const json::object& resource) {
  switch (f.kind) {
    case Filter::Kind::and_: return matches(*f.left, resource) && matches(*f.right, resource);
    case Filter::Kind::or_: return matches(*f.left, resource) || matches(*f.right, resource);
    case Filter::Kind::not_: return !matches(*f.left, resource);
    case Filter::Kind::present: {
      const auto vs = values_at(resource, f.attr);
      return std::any_of(vs.begin(), vs.end(), [](const json::value* v) { return present(*v); });
    }
    case Filter::Kind::compare: {
      const auto vs = values_at(resource, f.attr);
      const bool exact = case_exact(f.attr);
      if (vs.empty()) return f.op == "ne";
      return std::any_of(vs.begin(), vs.end(),
                         [&](const json::value* v) { return compare(*v, f.op, f.value, exact); });
    }
    case Filter::Kind::value_path: {
      // emails[type eq "work" and value co "@example.com"]: an element matching the inner filter.
      const json::object* holder = container_of(resource, f.attr);
      const json::value* v = holder != nullptr ? find_member(*holder, f.attr.name) : nullptr;
      if (v == nullptr || !v->is_array()) return false;
      return std::any_of(v->get_array().begin(), v->get_array().end(), [&](const json::value& e) {
        return e.is_object() && matches(*f.left, e.get_object());
      });
    }
  }
  return false;
}

}  // namespace scim
}  // namespace v1
}  // namespace onboard
