#include "storage/postgres/pg_params.hpp"

namespace onboard {
inline namespace v1 {
namespace pg {
namespace {

// Seconds from the Unix epoch to PostgreSQL's (2000-01-01).
constexpr std::int64_t kPgEpochOffset = 946684800;
constexpr std::int64_t kMicros = 1000000;

template <class U>
void append_big_endian(std::string& out, U v) {
  for (int shift = static_cast<int>(sizeof(U) * 8) - 8; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((v >> shift) & 0xFF));
}

}  // namespace

std::int64_t to_pg_time(Timestamp t) noexcept {
  return (t.time_since_epoch().count() - kPgEpochOffset) * kMicros;
}

Timestamp from_pg_time(std::int64_t micros) noexcept {
  // Floor division: instants before 2000 are negative.
  std::int64_t seconds = micros / kMicros;
  if (micros % kMicros < 0) --seconds;
  return Timestamp{std::chrono::seconds{seconds + kPgEpochOffset}};
}

void append_int16(std::string& out, std::int16_t v) { append_big_endian(out, static_cast<std::uint16_t>(v)); }
void append_int32(std::string& out, std::int32_t v) { append_big_endian(out, static_cast<std::uint32_t>(v)); }
void append_int64(std::string& out, std::int64_t v) { append_big_endian(out, static_cast<std::uint64_t>(v)); }

Params& Params::integer(std::int64_t v) {
  std::string bytes;
  append_int64(bytes, v);
  return add(kInt8, std::move(bytes));
}

Params& Params::time(Timestamp t) {
  std::string bytes;
  append_int64(bytes, to_pg_time(t));
  return add(kTimestamptz, std::move(bytes));
}

Params& Params::json(std::string_view v) {
  std::string bytes(1, '\1');
  bytes.append(v);
  return add(kJsonb, std::move(bytes));
}

Params& Params::null(TypeOid type) {
  types_.push_back(type);
  data_.emplace_back();
  null_.push_back(true);
  return *this;
}

Params& Params::add(TypeOid type, std::string value) {
  types_.push_back(type);
  data_.push_back(std::move(value));
  null_.push_back(false);
  return *this;
}

Params& Params::array(TypeOid array_type, TypeOid element_type, std::span<const std::string_view> items) {
  // array_send: dimensions, has-nulls flag, element type, then per dimension
  // its length and lower bound, then each element as length + bytes.
  std::string bytes;
  append_int32(bytes, 1);
  append_int32(bytes, 0);
  append_int32(bytes, static_cast<std::int32_t>(element_type));
  append_int32(bytes, static_cast<std::int32_t>(items.size()));
  append_int32(bytes, 1);
  for (std::string_view item : items) {
    append_int32(bytes, static_cast<std::int32_t>(item.size()));
    bytes.append(item);
  }
  return add(array_type, std::move(bytes));
}

std::vector<const char*> Params::values() const {
  std::vector<const char*> out;
  out.reserve(data_.size());
  for (std::size_t i = 0; i < data_.size(); ++i) out.push_back(null_[i] ? nullptr : data_[i].data());
  return out;
}

std::vector<int> Params::lengths() const {
  std::vector<int> out;
  out.reserve(data_.size());
  for (const std::string& d : data_) out.push_back(static_cast<int>(d.size()));
  return out;
}

void Params::append_copy_tuple(std::string& out) const {
  append_int16(out, static_cast<std::int16_t>(data_.size()));
  for (std::size_t i = 0; i < data_.size(); ++i) {
    if (null_[i]) {
      append_int32(out, -1);
      continue;
    }
    append_int32(out, static_cast<std::int32_t>(data_[i].size()));
    out.append(data_[i]);
  }
}

}  // namespace pg
}  // namespace v1
}  // namespace onboard
