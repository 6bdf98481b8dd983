// Statement parameters in PostgreSQL's binary wire format, each with its type,
// so the server never parses a value: hashes round-trip byte for byte, and a
// statement is prepared with exact parameter types on first use.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "onboard/core/clock.hpp"

namespace onboard {
inline namespace v1 {
namespace pg {

// Type OIDs of the built-in types we bind (pg_type.dat; stable across versions).
using TypeOid = unsigned int;
inline constexpr TypeOid kBool = 16;
inline constexpr TypeOid kBytea = 17;
inline constexpr TypeOid kInt8 = 20;
inline constexpr TypeOid kText = 25;
inline constexpr TypeOid kJsonb = 3802;
inline constexpr TypeOid kTimestamptz = 1184;
inline constexpr TypeOid kByteaArray = 1001;
inline constexpr TypeOid kTextArray = 1009;

// timestamptz on the wire: microseconds since 2000-01-01T00:00:00Z.
std::int64_t to_pg_time(Timestamp t) noexcept;
Timestamp from_pg_time(std::int64_t micros) noexcept;

void append_int16(std::string& out, std::int16_t v);
void append_int32(std::string& out, std::int32_t v);
void append_int64(std::string& out, std::int64_t v);

class Params {
 public:
  Params& text(std::string_view v) { return add(kText, std::string(v)); }
  Params& bytes(std::string_view v) { return add(kBytea, std::string(v)); }
  Params& integer(std::int64_t v);
  Params& integer(const std::optional<std::int64_t>& v) { return v ? integer(*v) : null(kInt8); }
  Params& boolean(bool v) { return add(kBool, std::string(1, v ? '\1' : '\0')); }
  Params& time(Timestamp t);
  Params& time(const std::optional<Timestamp>& t) { return t ? time(*t) : null(kTimestamptz); }
  // JSON text stored as jsonb (binary format: a version byte, then the text).
  Params& json(std::string_view v);
  // A one-dimensional text[] or bytea[] (for `= ANY($n)` batch lookups).
  Params& text_array(std::span<const std::string_view> items) { return array(kTextArray, kText, items); }
  Params& bytes_array(std::span<const std::string_view> items) { return array(kByteaArray, kBytea, items); }
  Params& null(TypeOid type);

  int size() const noexcept { return static_cast<int>(types_.size()); }
  const std::vector<TypeOid>& types() const noexcept { return types_; }
  // Pointer, length and format arrays for PQexecPrepared; valid while *this is.
  std::vector<const char*> values() const;
  std::vector<int> lengths() const;
  std::vector<int> formats() const { return std::vector<int>(types_.size(), 1); }
  // The values as one COPY BINARY tuple (field count, then length + bytes each).
  void append_copy_tuple(std::string& out) const;

 private:
  Params& add(TypeOid type, std::string value);
  Params& array(TypeOid array_type, TypeOid element_type, std::span<const std::string_view> items);

  std::vector<TypeOid> types_;
  std::vector<std::string> data_;
  std::vector<bool> null_;
};

}  // namespace pg
}  // namespace v1
}  // namespace onboard
