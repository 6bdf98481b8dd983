// What every capi/*_c.cpp shares: the handle types behind the opaque C
// structs, the guard that keeps exceptions inside the library, the
// thread-local last error, and the registry that catches freed handles.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <sodium.h>
#include <boost/json/value.hpp>

#include "onboard/core/clock.hpp"
#include "onboard/core/error.hpp"
#include "onboard/directory.hpp"
#include "onboard/onboard.h"

// The opaque handles. They live in the global namespace because the C header
// declares them there.
struct onb_directory {
  std::unique_ptr<onboard::Directory> directory;
  std::shared_ptr<onboard::ManualClock> manual_clock;  // null on the system clock
};

struct onb_organization {
  onboard::Organization organization;
};

struct onb_user {
  onboard::User user;
  std::string status;
};

struct onb_invitation {
  onboard::Invitation invitation;
  std::string status;  // as of when the handle was made
  std::optional<std::string> token;
  std::optional<std::string> link;
  ~onb_invitation();  // wipes the token
};

namespace onboard::capi {

// Overwrites a copy of a secret (a token, key or password the host passed
// in) before it is freed. sodium_memzero, not std::fill: a compiler may drop
// stores to memory that is freed right after.
inline void wipe(std::string& secret) noexcept { sodium_memzero(secret.data(), secret.size()); }

// What a registered handle is, so one kind of handle is never taken for another.
enum class HandleKind {
  directory,
  organization,
  user,
  invitation,
  registration_key,
  user_key,
  document,
  signup_link,
  import_report,
  scim_response
};
inline constexpr HandleKind kDirectory = HandleKind::directory;
inline constexpr HandleKind kOrganization = HandleKind::organization;
inline constexpr HandleKind kUser = HandleKind::user;
inline constexpr HandleKind kInvitation = HandleKind::invitation;
inline constexpr HandleKind kRegistrationKey = HandleKind::registration_key;
inline constexpr HandleKind kUserKey = HandleKind::user_key;
inline constexpr HandleKind kDocument = HandleKind::document;
inline constexpr HandleKind kSignupLink = HandleKind::signup_link;
inline constexpr HandleKind kImportReport = HandleKind::import_report;
inline constexpr HandleKind kScimResponse = HandleKind::scim_response;

// Resets the calling thread's last error to ONB_OK.
void reset_error() noexcept;
// Records `error` as the thread's last error and returns its code.
onb_status fail(const Error& error) noexcept;
onb_status fail(onb_status code, std::string_view message) noexcept;
// ONB_MISUSE naming the entry point being run: "<function> was given NULL for <argument>."
onb_status null_argument(const char* argument) noexcept;
// ONB_MISUSE for a handle that is not live (freed, or never made by this library).
onb_status dead_handle(HandleKind kind) noexcept;
// ONB_MISUSE for an options struct of a version this library does not know.
onb_status bad_version(const char* what, std::uint32_t version, std::uint32_t known) noexcept;

// The entry point being run on this thread, for messages.
const char* current_function() noexcept;

class FunctionScope {
 public:
  explicit FunctionScope(const char* name) noexcept;
  ~FunctionScope();
  FunctionScope(const FunctionScope&) = delete;
  FunctionScope& operator=(const FunctionScope&) = delete;

 private:
  const char* previous_;
};

onb_status internal_failure(const char* what) noexcept;

// Runs `body` (returning onb_status) so that nothing escapes into C: every
// exception becomes ONB_INTERNAL with a sentence naming the function.
template <class Body>
onb_status guard(const char* function, Body&& body) noexcept {
  FunctionScope scope(function);
  reset_error();
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return internal_failure("ran out of memory");
  } catch (const std::exception& e) {
    return internal_failure(e.what());
  } catch (...) {
    return internal_failure("failed with an unknown exception");
  }
}

// The registry of live handles: free and every directory call check it, so a
// double free or a use after close is reported instead of corrupting memory
// (as long as the address was not reused by a newer handle).
void register_handle(const void* handle, HandleKind kind);
bool is_live(const void* handle, HandleKind kind) noexcept;
// Removes `handle`; false when it was not live.
bool unregister_handle(const void* handle, HandleKind kind) noexcept;

template <class Handle, class... Args>
Handle* make_handle(HandleKind kind, Args&&... args) {
  std::unique_ptr<Handle> handle(new Handle{std::forward<Args>(args)...});
  register_handle(handle.get(), kind);
  return handle.release();
}

// Frees a handle made by make_handle; NULL is a no-op, a dead handle ONB_MISUSE.
template <class Handle>
void free_handle(const char* function, Handle* handle, HandleKind kind) noexcept {
  if (handle == nullptr) return;
  FunctionScope scope(function);
  if (!unregister_handle(handle, kind)) {
    dead_handle(kind);
    return;
  }
  delete handle;
}

// A copy the host frees with onb_free. Throws std::bad_alloc.
char* copy_string(std::string_view text);
// The JSON text of `value`, for the host to free with onb_free.
char* copy_json(const boost::json::value& value);

// An optional C string as text: NULL is "".
inline std::string_view text(const char* s) noexcept { return s ? std::string_view(s) : std::string_view(); }

inline std::int64_t unix_seconds(Timestamp t) noexcept { return t.time_since_epoch().count(); }

onb_user* make_user(User user);
onb_invitation* make_invitation(Invitation invitation, Timestamp now);

// Accessor support: the field of a live handle, or NULL (with ONB_MISUSE) for NULL.
template <class Handle, class Field>
auto read_field(const char* function, const Handle* handle, Field&& field) noexcept
    -> decltype(field(*handle)) {
  if (handle == nullptr) {
    FunctionScope scope(function);
    null_argument("the handle");
    return {};
  }
  return field(*handle);
}

}  // namespace onboard::capi

// An argument that must not be NULL.
#define ONB_C_REQUIRE(arg) \
  if ((arg) == nullptr) return ::onboard::capi::null_argument(#arg)

// A directory argument that must be open.
#define ONB_C_REQUIRE_DIRECTORY(dir)                               \
  ONB_C_REQUIRE(dir);                                              \
  if (!::onboard::capi::is_live(dir, ::onboard::capi::kDirectory)) \
  return ::onboard::capi::dead_handle(::onboard::capi::kDirectory)

// An output parameter: required, and NULL until the call succeeds.
#define ONB_C_OUT(out) \
  ONB_C_REQUIRE(out);  \
  *(out) = {}
