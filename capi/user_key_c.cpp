// Pre-created users and their 29-digit keys: create, redeem, resend, and the
// registration documents that carry the keys. Keys and documents live only
// in their handles, wiped on free.
#include <algorithm>
#include <string>
#include <vector>

#include "capi_internal.hpp"
#include "onboard/registrations.hpp"

using namespace onboard;
using namespace onboard::capi;

struct onb_user_key {
  User user;
  std::string digits;
  std::string grouped;
  ~onb_user_key();
};

struct onb_document {
  RegistrationDocument document;
  ~onb_document();
};

namespace {

// A copy of `secret` for the handle; the original is wiped, so the key exists only once.
std::string take_secret(std::string& secret) {
  std::string copy = secret;
  wipe(secret);
  return copy;
}

onb_status deliver(Result<IssuedUserKey> issued, onb_user_key** out) {
  if (!issued) return fail(issued.error());
  *out = make_handle<onb_user_key>(kUserKey, std::move(issued->user), take_secret(issued->digits),
                                   take_secret(issued->grouped));
  return ONB_OK;
}

// `count` strings from a C array; NULL entries are misuse, reported by the caller.
bool copy_strings(const char* const* items, size_t count, std::vector<std::string>& out) {
  if (count == 0) return true;
  if (items == nullptr) return false;
  for (size_t i = 0; i < count; ++i) {
    if (items[i] == nullptr) return false;
    out.emplace_back(items[i]);
  }
  return true;
}

}  // namespace

// The key and the printable pages are secrets: do not leave them in freed memory.
onb_user_key::~onb_user_key() {
  wipe(digits);
  wipe(grouped);
}

onb_document::~onb_document() { wipe(document.content); }

extern "C" {

ONB_API onb_status onb_precreate_options_init(onb_precreate_options* opts, uint32_t version) {
  return guard(__func__, [&] {
    ONB_C_REQUIRE(opts);
    if (version != ONB_PRECREATE_OPTIONS_VERSION)
      return bad_version("pre-create options", version, ONB_PRECREATE_OPTIONS_VERSION);
    *opts = onb_precreate_options ONB_PRECREATE_OPTIONS_INIT;
    return ONB_OK;
  });
}

ONB_API onb_status onb_document_options_init(onb_document_options* opts, uint32_t version) {
  return guard(__func__, [&] {
    ONB_C_REQUIRE(opts);
    if (version != ONB_DOCUMENT_OPTIONS_VERSION)
      return bad_version("document options", version, ONB_DOCUMENT_OPTIONS_VERSION);
    *opts = onb_document_options ONB_DOCUMENT_OPTIONS_INIT;
    return ONB_OK;
  });
}

ONB_API onb_status onb_user_precreate(onb_user_key** out, onb_directory* dir, const char* org_id,
                                      const char* actor_id, const char* first_name, const char* last_name,
                                      const onb_precreate_options* opts) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    ONB_C_REQUIRE(actor_id);
    ONB_C_REQUIRE(first_name);
    ONB_C_REQUIRE(last_name);
    const onb_precreate_options defaults ONB_PRECREATE_OPTIONS_INIT;
    const onb_precreate_options& o = opts ? *opts : defaults;
    if (o.version != ONB_PRECREATE_OPTIONS_VERSION)
      return bad_version("pre-create options", o.version, ONB_PRECREATE_OPTIONS_VERSION);
    NewPrecreatedUser request;
    request.first_name = first_name;
    request.last_name = last_name;
    request.email = text(o.email);
    request.role = text(o.role);
    request.office = text(o.office);
    request.external_id = text(o.external_id);
    if (!copy_strings(o.teams, o.teams_count, request.teams)) return null_argument("opts->teams");
    std::vector<std::string> names, values;
    if (!copy_strings(o.attribute_names, o.attributes_count, names))
      return null_argument("opts->attribute_names");
    if (!copy_strings(o.attribute_values, o.attributes_count, values))
      return null_argument("opts->attribute_values");
    for (size_t i = 0; i < names.size(); ++i) request.attributes[names[i]] = values[i];
    return deliver(Registrations(*dir->directory).create_user(Actor{org_id, actor_id}, request), out);
  });
}

ONB_API onb_status onb_user_key_redeem(onb_user** out, onb_directory* dir, const char* org_id,
                                       const char* key, const char* password, const char* email,
                                       const char* source) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    ONB_C_REQUIRE(key);
    ONB_C_REQUIRE(password);
    UserKeyRedemption request{key, password, std::string(text(email)), std::string(text(source))};
    auto user = Registrations(*dir->directory).redeem_user_key(org_id, request);
    wipe(request.key);
    wipe(request.password);
    if (!user) return fail(user.error());
    *out = make_user(std::move(user).value());
    return ONB_OK;
  });
}

ONB_API onb_status onb_user_key_inspect(onb_user** out, onb_directory* dir, const char* org_id,
                                        const char* key, const char* source) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    ONB_C_REQUIRE(key);
    auto user = Registrations(*dir->directory).inspect_user_key(org_id, key, text(source));
    if (!user) return fail(user.error());
    *out = make_user(std::move(user).value());
    return ONB_OK;
  });
}

ONB_API onb_status onb_user_key_resend(onb_user_key** out, onb_directory* dir, const char* org_id,
                                       const char* actor_id, const char* user_id, const char* email) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    ONB_C_REQUIRE(actor_id);
    ONB_C_REQUIRE(user_id);
    return deliver(
        Registrations(*dir->directory).resend_user_key(Actor{org_id, actor_id}, user_id, text(email)), out);
  });
}

ONB_API void onb_user_key_free(onb_user_key* key) { free_handle(__func__, key, kUserKey); }

ONB_API const char* onb_user_key_user_id(const onb_user_key* key) {
  return read_field(__func__, key, [](const onb_user_key& h) { return h.user.id.c_str(); });
}

ONB_API const char* onb_user_key_digits(const onb_user_key* key) {
  return read_field(__func__, key, [](const onb_user_key& h) { return h.digits.c_str(); });
}

ONB_API const char* onb_user_key_grouped(const onb_user_key* key) {
  return read_field(__func__, key, [](const onb_user_key& h) { return h.grouped.c_str(); });
}

ONB_API onb_status onb_user_key_user(onb_user** out, const onb_user_key* key) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    ONB_C_REQUIRE(key);
    *out = make_user(key->user);
    return ONB_OK;
  });
}

ONB_API onb_status onb_document_create(onb_document** out, onb_directory* dir, const char* org_id,
                                       const char* actor_id, const onb_document_options* opts) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    ONB_C_REQUIRE(actor_id);
    const onb_document_options defaults ONB_DOCUMENT_OPTIONS_INIT;
    const onb_document_options& o = opts ? *opts : defaults;
    if (o.version != ONB_DOCUMENT_OPTIONS_VERSION)
      return bad_version("document options", o.version, ONB_DOCUMENT_OPTIONS_VERSION);
    DocumentRequest request;
    const std::string_view format = text(o.format);
    if (format.empty() || format == "pdf") {
      request.format = DocumentFormat::pdf;
    } else if (format == "html") {
      request.format = DocumentFormat::html;
    } else {
      return fail(ONB_INVALID_INPUT,
                  "\"" + std::string(format.substr(0, 40)) + "\" is not a document format; use pdf or html.");
    }
    if (!copy_strings(o.user_ids, o.user_ids_count, request.user_ids)) return null_argument("opts->user_ids");
    auto document = Registrations(*dir->directory).documents(Actor{org_id, actor_id}, request);
    if (!document) return fail(document.error());
    auto* handle = make_handle<onb_document>(kDocument, RegistrationDocument{});
    // Swapped rather than copied, so the pages exist in one place only.
    handle->document.content.swap(document->content);
    handle->document.format = document->format;
    handle->document.pages = document->pages;
    *out = handle;
    return ONB_OK;
  });
}

ONB_API void onb_document_free(onb_document* document) { free_handle(__func__, document, kDocument); }

ONB_API const uint8_t* onb_document_data(const onb_document* document) {
  return read_field(__func__, document, [](const onb_document& h) {
    return reinterpret_cast<const uint8_t*>(h.document.content.data());
  });
}

ONB_API size_t onb_document_size(const onb_document* document) {
  return read_field(__func__, document, [](const onb_document& h) { return h.document.content.size(); });
}

ONB_API size_t onb_document_pages(const onb_document* document) {
  return read_field(__func__, document, [](const onb_document& h) { return h.document.pages; });
}

}  // extern "C"
