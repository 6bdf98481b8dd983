// Errors as values: a stable error code, a sentence for people, and where in
// an input file the problem is. Exceptions are kept for programmer errors.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace onboard {
inline namespace v1 {

// Stable codes. The numbers are shared with the C API (onb_status) and never
// change; a new condition gets a new number at the end.
enum class Errc : int {
  ok = 0,
  invalid_input = 1,           // a value a person typed or a file holds is malformed
  not_found = 2,               // no such record (or not in this organization)
  already_exists = 3,          // a conflicting record exists (member, pending invite, duplicate)
  expired = 4,                 // an invitation, key or link is past its expiry
  already_used = 5,            // a one-use secret was already consumed, or uses ran out
  revoked = 6,                 // an invitation, key or link was revoked or disabled
  permission_denied = 7,       // the actor lacks the permission or outranks are violated
  weak_password = 8,           // the password policy refused a password
  throttled = 9,               // too many failed attempts; try again later
  limit_exceeded = 10,         // seats, file size, row count
  storage = 11,                // the storage backend failed
  busy = 12,                   // the storage is locked by another writer; retry
  cancelled = 13,              // a host callback asked to stop
  unsupported_format = 14,     // a file is not CSV/XLSX or is damaged
  must_change_password = 15,   // authenticated, but a new password is required first
  authentication_failed = 16,  // wrong email or password
  misuse = 17,                 // the API was called wrongly (NULL handle, bad version)
  internal = 18,               // a bug: an invariant did not hold
};

// The short, stable identifier of a code ("invalid_input").
std::string_view to_string(Errc code) noexcept;

struct Error {
  Errc code = Errc::internal;
  std::string message;                // one sentence a person understands
  std::optional<std::int64_t> row;    // spreadsheet row (header = 1), for file problems
  std::optional<std::string> column;  // column name as written in the file
  std::string detail_code;            // finer stable code, e.g. "email.invalid" (optional)

  Error() = default;
  Error(Errc c, std::string msg) : code(c), message(std::move(msg)) {}
  Error(Errc c, std::string msg, std::string detail)
      : code(c), message(std::move(msg)), detail_code(std::move(detail)) {}
};

// Result<T>: either a value or an Error. [[nodiscard]] so a refusal is never
// silently dropped.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}      // NOLINT
  Result(Error error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  bool ok() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }

  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const& { return std::get<1>(v_); }
  Error&& error() && { return std::get<1>(std::move(v_)); }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : e_(std::move(error)) {}  // NOLINT

  bool ok() const noexcept { return !e_.has_value(); }
  explicit operator bool() const noexcept { return ok(); }
  const Error& error() const& { return *e_; }
  Error&& error() && { return std::move(*e_); }

 private:
  std::optional<Error> e_;
};

// Success for Result<void>.
inline Result<void> success() { return {}; }

}  // namespace v1
}  // namespace onboard

// Propagate an error from an expression returning Result<...>.
#define ONB_TRY(expr)                                           \
  do {                                                          \
    auto&& onb_try_r_ = (expr);                                 \
    if (!onb_try_r_.ok()) return std::move(onb_try_r_).error(); \
  } while (0)

#define ONB_CONCAT_INNER(a, b) a##b
#define ONB_CONCAT(a, b) ONB_CONCAT_INNER(a, b)
// Declare `decl` from the value of a Result-returning expression, or return its error.
// NOLINTBEGIN(bugprone-macro-parentheses): `decl` is a declaration ("auto x"), which parentheses would break.
#define ONB_ASSIGN(decl, expr)                                     \
  auto ONB_CONCAT(onb_assign_r_, __LINE__) = (expr);               \
  if (!ONB_CONCAT(onb_assign_r_, __LINE__).ok())                   \
    return std::move(ONB_CONCAT(onb_assign_r_, __LINE__)).error(); \
  decl = std::move(ONB_CONCAT(onb_assign_r_, __LINE__)).value()
// NOLINTEND(bugprone-macro-parentheses)
