// /Users: each request becomes the Directory's own operations (pre-create,
// edit, suspend, reactivate, delete), so every rule of onboard applies.
#include <algorithm>

#include "onboard/registrations.hpp"
#include "onboard/user_admin.hpp"
#include "scim/scim_context.hpp"
#include "scim/scim_error.hpp"
#include "scim/scim_filter.hpp"
#include "scim/scim_list.hpp"
#include "scim/scim_patch.hpp"
#include "scim/scim_resource.hpp"
#include "service/directory_access.hpp"

namespace onboard {
inline namespace v1 {
namespace scim {
namespace {

namespace json = boost::json;

bool is_email(std::string_view s) { return s.find('@') != std::string_view::npos; }

bool same_text(const std::string& a, const std::string& b) { return iequals(a, b); }

Response with_resource(int status, json::object resource, std::string_view query, bool location) {
  const std::string tag = etag_of(resource);
  std::string where;
  if (const auto* m = resource.if_contains("meta"); m != nullptr && m->is_object())
    if (const auto* l = m->get_object().if_contains("location"); l != nullptr && l->is_string())
      where = std::string(l->get_string());
  project(resource, query);
  Response r = json_response(status, resource);
  r.headers.emplace_back("ETag", tag);
  if (location && !where.empty()) r.headers.emplace_back("Location", where);
  return r;
}

// The member with this id (not deleted), by id only.
Result<User> find_user(Call& call, std::string_view id) {
  UserAdmin admin(call.dir);
  auto user = admin.show(call.actor, id);
  if (!user) return std::move(user).error();
  if (user->id != id || user->status == UserStatus::deleted)
    return Error{Errc::not_found,
                 "No user with the id " + std::string(id.substr(0, 40)) + " in this organization."};
  return user;
}

// If-Match: "*" or the resource's current ETag (weak or strong form).
bool precondition_holds(const std::string& if_match, const json::object& current) {
  if (if_match.empty() || if_match == "*") return true;
  const std::string tag = etag_of(current);
  const std::string strong = tag.substr(2);
  std::size_t at = 0;
  while (at < if_match.size()) {
    auto comma = if_match.find(',', at);
    std::string one = if_match.substr(at, comma == std::string::npos ? std::string::npos : comma - at);
    one.erase(0, one.find_first_not_of(' '));
    while (!one.empty() && one.back() == ' ') one.pop_back();
    if (one == tag || one == strong || "W/" + one == tag) return true;
    if (comma == std::string::npos) break;
    at = comma + 1;
  }
  return false;
}

Response precondition_failed() {
  return error_response(412, "",
                        "The resource changed since that version was read; read it again and retry.");
}

// Applies what a client asked for to `user` through UserAdmin: one edit for
// the fields, then suspend or reactivate for `active`.
Result<void> apply_input(Call& call, const User& user, const UserInput& in) {
  UserAdmin admin(call.dir);
  UserChanges ch;
  bool any = false;
  bool name_is_email = false;
  if (in.user_name) {
    if (in.user_name->empty()) return Error{Errc::invalid_input, "userName cannot be empty.", "invalidValue"};
    if (is_email(*in.user_name)) {
      name_is_email = true;
      if (!user.username.empty()) ch.username = std::string();
      if (!same_text(*in.user_name, user.email)) ch.email = *in.user_name;
    } else if (*in.user_name != user.username) {
      ch.username = *in.user_name;
    }
  }
  // When the userName is the email (no username), the userName decides it: an
  // identity provider keeps finding the person by the userName it gave.
  const bool email_is_user_name = !in.user_name && user.username.empty() && !user.email.empty();
  if (in.email && !name_is_email && !email_is_user_name && !same_text(*in.email, user.email))
    ch.email = *in.email;
  if (in.given_name && *in.given_name != user.first_name) ch.first_name = *in.given_name;
  if (in.family_name && *in.family_name != user.last_name) ch.last_name = *in.family_name;
  if (in.external_id && *in.external_id != user.external_id) ch.external_id = *in.external_id;
  if (in.office && !in.office->empty() && !same_text(*in.office, user.office)) ch.office = *in.office;
  if (in.role && !in.role->empty() && !same_text(*in.role, user.role)) ch.role = *in.role;
  any = ch.username || ch.email || ch.first_name || ch.last_name || ch.external_id || ch.office || ch.role;
  if (any) ONB_TRY(admin.edit(call.actor, user.id, ch));
  if (in.active) {
    ONB_ASSIGN(auto now, admin.show(call.actor, user.id));
    if (!*in.active && now.status != UserStatus::suspended) ONB_TRY(admin.suspend(call.actor, user.id));
    if (*in.active && now.status == UserStatus::suspended) ONB_TRY(admin.reactivate(call.actor, user.id));
  }
  return success();
}

// Runs `fn` as one transaction; the user as it is afterwards.
Result<User> in_transaction(Call& call, std::string_view id, const std::function<Result<void>()>& fn) {
  ONB_TRY(DirectoryAccess::storage(call.dir).transaction(fn));
  return find_user(call, id);
}

Result<User> create(Call& call, const UserInput& in) {
  if (!in.user_name || in.user_name->empty())
    return Error{Errc::invalid_input, "userName is required.", "invalidValue"};
  NewPrecreatedUser req;
  req.first_name = in.given_name.value_or("");
  req.last_name = in.family_name.value_or("");
  if (req.first_name.empty() && req.last_name.empty()) {
    // No name: the display name's first word and the rest, else the userName before any '@'.
    std::string display = in.display_name.value_or("");
    if (display.empty()) display = in.user_name->substr(0, in.user_name->find('@'));
    const auto space = display.find(' ');
    req.first_name = display.substr(0, space);
    if (space != std::string::npos) req.last_name = display.substr(space + 1);
  }
  const bool name_is_email = is_email(*in.user_name);
  req.email = name_is_email ? *in.user_name : in.email.value_or("");
  req.role = in.role.value_or("");
  req.office = in.office.value_or("");
  req.external_id = in.external_id.value_or("");
  Registrations registrations(call.dir);
  Storage& storage = DirectoryAccess::storage(call.dir);
  std::string id;
  ONB_TRY(storage.transaction([&]() -> Result<void> {
    ONB_ASSIGN(auto issued, registrations.create_user(call.actor, req));
    // The identity provider owns the names: they stay editable (a pre-created
    // person's names are otherwise locked to their registration document).
    User created = issued.user;
    created.name_locked = false;
    ONB_TRY(storage.update_users(std::span<const User>(&created, 1)));
    id = created.id;
    if (!name_is_email) {
      UserChanges ch;
      ch.username = *in.user_name;
      ONB_TRY(UserAdmin(call.dir).edit(call.actor, id, ch));
    }
    if (in.active && !*in.active) ONB_TRY(UserAdmin(call.dir).suspend(call.actor, id));
    return success();
  }));
  return find_user(call, id);
}

// What a PATCH changed, as a UserInput holding only those fields ("" when removed).
UserInput delta(const json::object& before, const json::object& after) {
  auto text_at = [](const json::object& r, std::string_view urn, std::string_view name,
                    std::string_view sub) -> std::string {
    AttrPath p{std::string(urn), std::string(name), std::string(sub)};
    const json::object* holder = container_of(r, p);
    if (holder == nullptr) return {};
    const json::value* v = find_member(*holder, name);
    if (v == nullptr) return {};
    if (!sub.empty()) {
      if (!v->is_object()) return {};
      v = find_member(v->get_object(), sub);
      if (v == nullptr) return {};
    }
    return v->is_string() ? std::string(v->get_string()) : json::serialize(*v);
  };
  auto ib = read_user(before), ia = read_user(after);
  UserInput d;
  auto changed = [&](std::string_view urn, std::string_view name, std::string_view sub,
                     std::optional<std::string>& slot) {
    const std::string b = text_at(before, urn, name, sub), a = text_at(after, urn, name, sub);
    if (a != b) slot = a;
  };
  changed("", "userName", "", d.user_name);
  changed("", "name", "givenName", d.given_name);
  changed("", "name", "familyName", d.family_name);
  changed("", "externalId", "", d.external_id);
  changed(kEnterpriseUrn, "employeeNumber", "", d.external_id);
  changed(kEnterpriseUrn, "department", "", d.office);
  if (ia && ib) {
    if (ia->email.value_or("") != ib->email.value_or("")) d.email = ia->email.value_or("");
    if (ia->role.value_or("") != ib->role.value_or("")) d.role = ia->role.value_or("");
    if (ia->active != ib->active) d.active = ia->active;
  }
  return d;
}

std::vector<User> all_users(Call& call, Result<void>& status) {
  UserAdmin admin(call.dir);
  std::vector<User> out;
  UserQuery q;
  q.limit = 10000;
  for (;;) {
    auto page = admin.list(call.actor, q);
    if (!page) {
      status = std::move(page).error();
      return {};
    }
    for (auto& u : page->users)
      if (u.status != UserStatus::pending_verification) out.push_back(std::move(u));
    if (page->next_after.empty()) break;
    q.after = page->next_after;
  }
  return out;
}

}  // namespace

std::vector<User> list_all_users(Call& call, Result<void>& status) { return all_users(call, status); }

Response users_endpoint(Call& call, const Operation& op, std::string_view id) {
  const std::string& base = call.options.base_url;
  if (id.empty()) {
    if (op.method == "GET") {
      Result<void> status = success();
      auto users = all_users(call, status);
      if (!status) return error_response(status.error());
      std::vector<json::object> resources;
      resources.reserve(users.size());
      for (const auto& u : users) resources.push_back(user_to_json(u, base));
      return list_response(std::move(resources), op.query, call.options);
    }
    if (op.method == "POST") {
      if (op.body == nullptr || !op.body->is_object())
        return error_response(400, "invalidSyntax",
                              "The request body must be a User resource (a JSON object).");
      auto in = read_user(op.body->get_object());
      if (!in) return error_response(in.error());
      auto created = create(call, *in);
      if (!created) return error_response(created.error());
      return with_resource(201, user_to_json(*created, base), op.query, true);
    }
    return error_response(405, "", "/Users takes GET and POST.");
  }
  auto user = find_user(call, id);
  if (!user) return error_response(user.error());
  json::object current = user_to_json(*user, base);
  if (op.method == "GET") {
    if (!op.if_none_match.empty() && op.if_none_match == etag_of(current)) {
      Response r;
      r.status = 304;
      r.headers.emplace_back("ETag", etag_of(current));
      return r;
    }
    return with_resource(200, std::move(current), op.query, false);
  }
  if (!precondition_holds(op.if_match, current)) return precondition_failed();
  if (op.method == "PUT" || op.method == "PATCH") {
    if (op.body == nullptr || !op.body->is_object())
      return error_response(400, "invalidSyntax", "The request body must be a JSON object.");
    UserInput in;
    if (op.method == "PUT") {
      auto read = read_user(op.body->get_object());
      if (!read) return error_response(read.error());
      in = std::move(*read);
    } else {
      json::object after = current;
      auto patched = apply_patch(after, *op.body);
      if (!patched) return error_response(patched.error());
      auto check = read_user(after);
      if (!check) return error_response(check.error());
      in = delta(current, after);
    }
    auto updated = in_transaction(call, user->id, [&] { return apply_input(call, *user, in); });
    if (!updated) return error_response(updated.error());
    return with_resource(200, user_to_json(*updated, base), op.query, false);
  }
  if (op.method == "DELETE") {
    UserAdmin admin(call.dir);
    Result<void> done = success();
    if (call.options.delete_removes) {
      const std::string ids[] = {user->id};
      auto deleted = admin.delete_users(call.actor, ids);
      if (!deleted) done = std::move(deleted).error();
    } else if (user->status != UserStatus::suspended) {
      auto suspended = admin.suspend(call.actor, user->id);
      if (!suspended) done = std::move(suspended).error();
    }
    if (!done) return error_response(done.error());
    Response r;
    r.status = 204;
    return r;
  }
  return error_response(405, "", "/Users/ID takes GET, PUT, PATCH and DELETE.");
}

}  // namespace scim
}  // namespace v1
}  // namespace onboard
