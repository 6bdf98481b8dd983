// 10-digit organization keys: create, list, revoke, redeem, and the handle's
// accessors. The digits live only in the handle from create, wiped on free.
#include <algorithm>

#include <boost/json/array.hpp>

#include "capi_internal.hpp"
#include "onboard/model/json.hpp"
#include "onboard/registrations.hpp"
#include "service/self_registration.hpp"

using namespace onboard;
using namespace onboard::capi;

struct onb_registration_key {
  RegistrationKey key;
  std::string status;  // as of when the handle was made
  std::optional<std::string> digits;
  std::optional<std::string> grouped;
  ~onb_registration_key();
};

// The digits are a secret: do not leave them in freed memory.
onb_registration_key::~onb_registration_key() {
  if (digits) std::fill(digits->begin(), digits->end(), '\0');
  if (grouped) std::fill(grouped->begin(), grouped->end(), '\0');
}

namespace {

onb_registration_key* make_key(RegistrationKey key, Timestamp now) {
  std::string status(to_json(key, now).at("status").as_string());
  return make_handle<onb_registration_key>(kRegistrationKey, std::move(key), std::move(status), std::nullopt,
                                           std::nullopt);
}

onb_status deliver(Result<RegistrationKey> key, onb_registration_key** out, const onb_directory* dir) {
  if (!key) return fail(key.error());
  *out = make_key(std::move(key).value(), dir->directory->clock().now());
  return ONB_OK;
}

// A copy of `secret` for the handle; the original is wiped, so the digits exist only once.
std::string take_secret(std::string& secret) {
  std::string copy = secret;
  wipe(secret);
  return copy;
}

std::optional<std::string> optional_text(const char* s) {
  return s ? std::optional<std::string>(s) : std::nullopt;
}

}  // namespace

extern "C" {

ONB_API onb_status onb_registration_key_options_init(onb_registration_key_options* opts, uint32_t version) {
  return guard(__func__, [&] {
    ONB_C_REQUIRE(opts);
    if (version != ONB_REGISTRATION_KEY_OPTIONS_VERSION)
      return bad_version("registration key options", version, ONB_REGISTRATION_KEY_OPTIONS_VERSION);
    *opts = onb_registration_key_options ONB_REGISTRATION_KEY_OPTIONS_INIT;
    return ONB_OK;
  });
}

ONB_API onb_status onb_registration_key_create(onb_registration_key** out, onb_directory* dir,
                                               const char* org_id, const char* actor_id,
                                               const onb_registration_key_options* opts) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    ONB_C_REQUIRE(actor_id);
    const onb_registration_key_options defaults ONB_REGISTRATION_KEY_OPTIONS_INIT;
    const onb_registration_key_options& o = opts ? *opts : defaults;
    if (o.version != ONB_REGISTRATION_KEY_OPTIONS_VERSION)
      return bad_version("registration key options", o.version, ONB_REGISTRATION_KEY_OPTIONS_VERSION);
    NewRegistrationKey request;
    request.label = text(o.label);
    request.role = text(o.role);
    request.team = text(o.team);
    request.office = text(o.office);
    request.valid_until = text(o.valid_until);
    if (o.max_uses != 0) request.max_uses = o.max_uses;
    auto issued = Registrations(*dir->directory).create_key(Actor{org_id, actor_id}, request);
    if (!issued) return fail(issued.error());
    onb_registration_key* handle = make_key(std::move(issued->key), dir->directory->clock().now());
    handle->digits = take_secret(issued->digits);
    handle->grouped = take_secret(issued->grouped);
    *out = handle;
    return ONB_OK;
  });
}

ONB_API onb_status onb_registration_keys_list_json(char** out, onb_directory* dir, const char* org_id,
                                                   const char* actor_id) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    ONB_C_REQUIRE(actor_id);
    auto keys = Registrations(*dir->directory).list_keys(Actor{org_id, actor_id});
    if (!keys) return fail(keys.error());
    const auto now = dir->directory->clock().now();
    boost::json::array list;
    for (const auto& usage : *keys) {
      auto entry = to_json(usage.key, now);
      boost::json::array registered;
      for (const auto& user : usage.registered) registered.push_back(to_json(user));
      entry["registered"] = std::move(registered);
      list.push_back(std::move(entry));
    }
    *out = copy_json(list);
    return ONB_OK;
  });
}

ONB_API onb_status onb_registration_key_revoke(onb_registration_key** out, onb_directory* dir,
                                               const char* org_id, const char* actor_id, const char* key_id) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    ONB_C_REQUIRE(actor_id);
    ONB_C_REQUIRE(key_id);
    return deliver(Registrations(*dir->directory).revoke_key(Actor{org_id, actor_id}, key_id), out, dir);
  });
}

ONB_API onb_status onb_registration_key_changes_init(onb_registration_key_changes* changes,
                                                     uint32_t version) {
  return guard(__func__, [&] {
    ONB_C_REQUIRE(changes);
    if (version != ONB_REGISTRATION_KEY_CHANGES_VERSION)
      return bad_version("registration key changes", version, ONB_REGISTRATION_KEY_CHANGES_VERSION);
    *changes = onb_registration_key_changes ONB_REGISTRATION_KEY_CHANGES_INIT;
    return ONB_OK;
  });
}

ONB_API onb_status onb_registration_key_update(onb_registration_key** out, onb_directory* dir,
                                               const char* org_id, const char* actor_id, const char* key_id,
                                               const onb_registration_key_changes* changes) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    ONB_C_REQUIRE(actor_id);
    ONB_C_REQUIRE(key_id);
    const onb_registration_key_changes defaults ONB_REGISTRATION_KEY_CHANGES_INIT;
    const onb_registration_key_changes& c = changes ? *changes : defaults;
    if (c.version != ONB_REGISTRATION_KEY_CHANGES_VERSION)
      return bad_version("registration key changes", c.version, ONB_REGISTRATION_KEY_CHANGES_VERSION);
    RegistrationKeyChange request;
    request.label = optional_text(c.label);
    request.role = optional_text(c.role);
    request.team = optional_text(c.team);
    request.office = optional_text(c.office);
    request.valid_until = optional_text(c.valid_until);
    if (c.set_max_uses != 0) request.max_uses = c.max_uses;
    return deliver(Registrations(*dir->directory).update_key(Actor{org_id, actor_id}, key_id, request), out,
                   dir);
  });
}

ONB_API onb_status onb_registration_key_redeem(onb_user** out, onb_directory* dir, const char* org_id,
                                               const char* key, const char* email, const char* name,
                                               const char* password, const char* source) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    ONB_C_REQUIRE(key);
    ONB_C_REQUIRE(email);
    ONB_C_REQUIRE(name);
    ONB_C_REQUIRE(password);
    KeyRedemption request{key, email, name, password, std::string(text(source))};
    // The older call returns the user, so it still tells a member's address
    // apart (ONB_ALREADY_EXISTS, as it always did; _v2 does not). The account
    // it makes waits for its confirmation like any other.
    auto done = redeem_key_with_outcome(*dir->directory, org_id, request);
    wipe(request.key);
    wipe(request.password);
    if (!done) return fail(done.error());
    if (done->outcome == SelfRegistrationOutcome::member) {
      auto org = dir->directory->organization(org_id);
      return fail(Error{Errc::already_exists,
                        std::string(email) + " is already a member of " +
                            (org ? org->name : std::string("this organization")) + "; sign in instead.",
                        "key.member"});
    }
    *out = make_user(std::move(done->user));
    return ONB_OK;
  });
}

ONB_API void onb_registration_key_free(onb_registration_key* key) {
  free_handle(__func__, key, kRegistrationKey);
}

ONB_API const char* onb_registration_key_id(const onb_registration_key* key) {
  return read_field(__func__, key, [](const onb_registration_key& h) { return h.key.id.c_str(); });
}

ONB_API const char* onb_registration_key_label(const onb_registration_key* key) {
  return read_field(__func__, key, [](const onb_registration_key& h) { return h.key.label.c_str(); });
}

ONB_API const char* onb_registration_key_role(const onb_registration_key* key) {
  return read_field(__func__, key, [](const onb_registration_key& h) { return h.key.role.c_str(); });
}

ONB_API const char* onb_registration_key_team(const onb_registration_key* key) {
  return read_field(__func__, key, [](const onb_registration_key& h) { return h.key.team.c_str(); });
}

ONB_API const char* onb_registration_key_office(const onb_registration_key* key) {
  return read_field(__func__, key, [](const onb_registration_key& h) { return h.key.office.c_str(); });
}

ONB_API const char* onb_registration_key_status(const onb_registration_key* key) {
  return read_field(__func__, key, [](const onb_registration_key& h) { return h.status.c_str(); });
}

ONB_API int64_t onb_registration_key_valid_until(const onb_registration_key* key) {
  return read_field(__func__, key, [](const onb_registration_key& h) -> int64_t {
    return h.key.valid_until ? unix_seconds(*h.key.valid_until) : 0;
  });
}

ONB_API int64_t onb_registration_key_max_uses(const onb_registration_key* key) {
  return read_field(__func__, key,
                    [](const onb_registration_key& h) -> int64_t { return h.key.max_uses.value_or(0); });
}

ONB_API int64_t onb_registration_key_use_count(const onb_registration_key* key) {
  return read_field(__func__, key, [](const onb_registration_key& h) -> int64_t { return h.key.use_count; });
}

ONB_API const char* onb_registration_key_digits(const onb_registration_key* key) {
  return read_field(__func__, key,
                    [](const onb_registration_key& h) { return h.digits ? h.digits->c_str() : nullptr; });
}

ONB_API const char* onb_registration_key_grouped(const onb_registration_key* key) {
  return read_field(__func__, key,
                    [](const onb_registration_key& h) { return h.grouped ? h.grouped->c_str() : nullptr; });
}

ONB_API onb_status onb_registration_key_json(char** out, const onb_registration_key* key) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    ONB_C_REQUIRE(key);
    // The status as the handle saw it, so the JSON and the accessor agree.
    auto json = to_json(key->key, Timestamp{});
    json["status"] = key->status;
    *out = copy_json(json);
    return ONB_OK;
  });
}

}  // extern "C"
