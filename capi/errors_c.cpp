// The thread-local last error, status names, versions, onb_free, and the
// registry of live handles.
#include <cstring>
#include <mutex>
#include <unordered_map>

#include <boost/json/serialize.hpp>

#include "capi_internal.hpp"

namespace onboard::capi {
namespace {

#define ONB_C_SAME(name, errc) static_assert(static_cast<int>(name) == static_cast<int>(Errc::errc), #name)
ONB_C_SAME(ONB_OK, ok);
ONB_C_SAME(ONB_INVALID_INPUT, invalid_input);
ONB_C_SAME(ONB_NOT_FOUND, not_found);
ONB_C_SAME(ONB_ALREADY_EXISTS, already_exists);
ONB_C_SAME(ONB_EXPIRED, expired);
ONB_C_SAME(ONB_ALREADY_USED, already_used);
ONB_C_SAME(ONB_REVOKED, revoked);
ONB_C_SAME(ONB_PERMISSION_DENIED, permission_denied);
ONB_C_SAME(ONB_WEAK_PASSWORD, weak_password);
ONB_C_SAME(ONB_THROTTLED, throttled);
ONB_C_SAME(ONB_LIMIT_EXCEEDED, limit_exceeded);
ONB_C_SAME(ONB_STORAGE, storage);
ONB_C_SAME(ONB_BUSY, busy);
ONB_C_SAME(ONB_CANCELLED, cancelled);
ONB_C_SAME(ONB_UNSUPPORTED_FORMAT, unsupported_format);
ONB_C_SAME(ONB_MUST_CHANGE_PASSWORD, must_change_password);
ONB_C_SAME(ONB_AUTHENTICATION_FAILED, authentication_failed);
ONB_C_SAME(ONB_MISUSE, misuse);
ONB_C_SAME(ONB_INTERNAL, internal);
#undef ONB_C_SAME

// The strings behind onb_error's pointers; they stay put until the next
// failure on this thread.
struct LastError {
  onb_error view{ONB_OK, "", 0, "", ""};
  std::string message;
  std::string column;
  std::string detail_code;
};

thread_local LastError tls_error;
thread_local const char* tls_function = "onboard";

void store(onb_status code, std::string_view message, std::int64_t row, std::string_view column,
           std::string_view detail) noexcept {
  LastError& e = tls_error;
  try {
    e.message.assign(message);
    e.column.assign(column);
    e.detail_code.assign(detail);
    e.view = {code, e.message.c_str(), row, e.column.c_str(), e.detail_code.c_str()};
  } catch (...) {
    // Out of memory while reporting: keep the code and a static sentence.
    e.view = {code, "onboard ran out of memory while reporting an error.", 0, "", ""};
  }
}

std::mutex registry_mutex;
std::unordered_map<const void*, HandleKind>& registry() {
  static auto* live = new std::unordered_map<const void*, HandleKind>();  // never destroyed: usable at exit
  return *live;
}

}  // namespace

void reset_error() noexcept { tls_error.view = {ONB_OK, "", 0, "", ""}; }

onb_status fail(const Error& error) noexcept {
  const auto code = static_cast<onb_status>(error.code);
  store(code, error.message, error.row.value_or(0), error.column.value_or(std::string()), error.detail_code);
  return code;
}

onb_status fail(onb_status code, std::string_view message) noexcept {
  store(code, message, 0, "", "");
  return code;
}

const char* current_function() noexcept { return tls_function; }

FunctionScope::FunctionScope(const char* name) noexcept : previous_(tls_function) { tls_function = name; }
FunctionScope::~FunctionScope() { tls_function = previous_; }

onb_status null_argument(const char* argument) noexcept {
  try {
    return fail(ONB_MISUSE, std::string(tls_function) + " was given NULL for " + argument + ".");
  } catch (...) {
    return fail(ONB_MISUSE, "A required argument was NULL.");
  }
}

const char* kind_name(HandleKind kind) noexcept {
  switch (kind) {
    case HandleKind::directory: return "directory";
    case HandleKind::organization: return "organization";
    case HandleKind::user: return "user";
    case HandleKind::invitation: return "invitation";
    case HandleKind::registration_key: return "registration key";
    case HandleKind::user_key: return "user key";
    case HandleKind::document: return "document";
    case HandleKind::signup_link: return "signup link";
    case HandleKind::import_report: return "import report";
    case HandleKind::scim_response: return "SCIM response";
  }
  return "handle";
}

onb_status dead_handle(HandleKind kind) noexcept {
  try {
    const std::string name = kind_name(kind);
    const char* article =
        std::string_view("aeiou").find(name.front()) == std::string_view::npos ? "a " : "an ";
    return fail(ONB_MISUSE, std::string(tls_function) + " was given " + article + name +
                                " handle that was already freed or was not made by onboard.");
  } catch (...) {
    return fail(ONB_MISUSE, "A handle was already freed or was not made by onboard.");
  }
}

onb_status bad_version(const char* what, std::uint32_t version, std::uint32_t known) noexcept {
  try {
    return fail(ONB_MISUSE, std::string(tls_function) + " was given " + what + " of version " +
                                std::to_string(version) + ", but this library knows version " +
                                std::to_string(known) + "; initialize them with their _INIT macro.");
  } catch (...) {
    return fail(ONB_MISUSE, "Options of an unknown version were given.");
  }
}

onb_status internal_failure(const char* what) noexcept {
  try {
    return fail(ONB_INTERNAL, std::string(tls_function) + " failed unexpectedly (" + what +
                                  "); this is a bug in onboard, please report it.");
  } catch (...) {
    return fail(ONB_INTERNAL, "onboard failed unexpectedly; this is a bug, please report it.");
  }
}

void register_handle(const void* handle, HandleKind kind) {
  std::lock_guard lock(registry_mutex);
  registry()[handle] = kind;
}

bool is_live(const void* handle, HandleKind kind) noexcept {
  std::lock_guard lock(registry_mutex);
  auto it = registry().find(handle);
  return it != registry().end() && it->second == kind;
}

bool unregister_handle(const void* handle, HandleKind kind) noexcept {
  std::lock_guard lock(registry_mutex);
  auto it = registry().find(handle);
  if (it == registry().end() || it->second != kind) return false;
  registry().erase(it);
  return true;
}

char* copy_string(std::string_view text) {
  auto* out = static_cast<char*>(std::malloc(text.size() + 1));
  if (out == nullptr) throw std::bad_alloc();
  if (!text.empty()) std::memcpy(out, text.data(), text.size());
  out[text.size()] = '\0';
  return out;
}

char* copy_json(const boost::json::value& value) { return copy_string(boost::json::serialize(value)); }

}  // namespace onboard::capi

using namespace onboard::capi;

extern "C" {

ONB_API const onb_error* onb_error_last(void) { return &tls_error.view; }

ONB_API void onb_error_clear(void) { reset_error(); }

ONB_API const char* onb_status_name(onb_status status) {
  const auto code = static_cast<int>(status);
  if (code < 0 || code > static_cast<int>(onboard::Errc::internal)) return "unknown";
  return onboard::to_string(static_cast<onboard::Errc>(code)).data();  // literals: NUL-terminated
}

ONB_API int onb_version_number(void) { return ONB_VERSION_NUMBER; }

ONB_API const char* onb_version_string(void) { return ONB_VERSION_STRING; }

ONB_API size_t onb_key_size(void) { return onboard::Keyring::key_size; }

ONB_API void onb_free(void* ptr) { std::free(ptr); }

}  // extern "C"
