#if ONBOARD_HAVE_POSTGRES
#include "storage/postgres/pg_copy.hpp"

#include <cstdint>
#include <optional>
#include <string_view>

#include "storage/organization_codec.hpp"
#include "storage/postgres/pg_params.hpp"
#include "storage/postgres/pg_records.hpp"

namespace onboard {
inline namespace v1 {
namespace pg {

const std::string& copy_users_sql() {
  static const std::string sql = "COPY users (" + columns<User>() + ") FROM STDIN (FORMAT binary)";
  return sql;
}
const std::string& copy_messages_sql() {
  static const std::string sql = "COPY outbox (" + columns<OutboxMessage>() + ") FROM STDIN (FORMAT binary)";
  return sql;
}

namespace {

// The fields of one tuple, appended in place: each a big-endian int32 length
// (-1 for NULL) and the value in the column type's binary form, the same
// bytes Params binds (pg_params.cpp). No allocation per field.
class Tuple {
 public:
  Tuple(std::string& out, std::int16_t fields) : out_(out) { put16(fields); }

  Tuple& text(std::string_view v) {
    put32(static_cast<std::int32_t>(v.size()));
    out_.append(v);
    return *this;
  }
  Tuple& bytes(std::string_view v) { return text(v); }
  Tuple& boolean(bool v) {
    put32(1);
    out_.push_back(v ? '\1' : '\0');
    return *this;
  }
  Tuple& integer(std::int64_t v) {
    put32(8);
    put64(static_cast<std::uint64_t>(v));
    return *this;
  }
  Tuple& integer(const std::optional<std::int64_t>& v) { return v ? integer(*v) : null(); }
  Tuple& time(Timestamp t) { return integer(to_pg_time(t)); }
  Tuple& time(const std::optional<Timestamp>& t) { return t ? time(*t) : null(); }
  // jsonb: a version byte, then the JSON text.
  Tuple& json(std::string_view v) {
    put32(static_cast<std::int32_t>(v.size() + 1));
    out_.push_back('\1');
    out_.append(v);
    return *this;
  }
  Tuple& null() {
    put32(-1);
    return *this;
  }

 private:
  void put16(std::int16_t v) {
    const auto u = static_cast<std::uint16_t>(v);
    const char b[2] = {static_cast<char>(u >> 8), static_cast<char>(u & 0xFF)};
    out_.append(b, 2);
  }
  void put32(std::int32_t v) {
    const auto u = static_cast<std::uint32_t>(v);
    const char b[4] = {static_cast<char>(u >> 24), static_cast<char>((u >> 16) & 0xFF),
                       static_cast<char>((u >> 8) & 0xFF), static_cast<char>(u & 0xFF)};
    out_.append(b, 4);
  }
  void put64(std::uint64_t v) {
    char b[8];
    for (int i = 0; i < 8; ++i) b[i] = static_cast<char>((v >> (56 - 8 * i)) & 0xFF);
    out_.append(b, 8);
  }

  std::string& out_;
};

}  // namespace

void append_copy_header(std::string& out) {
  out.append("PGCOPY\n\377\r\n\0", 11);
  append_int32(out, 0);  // flags: no OIDs
  append_int32(out, 0);  // header extension length
}

void append_copy_trailer(std::string& out) { append_int16(out, -1); }

namespace {

// Every field of `r` in column order, through the same walk as bound
// parameters (append_fields): the field table is the one list of columns.
template <class R>
void append_record(std::string& out, const R& r) {
  Tuple t(out, static_cast<std::int16_t>(records::field_count<R>));
  append_fields(t, r);
}

}  // namespace

void append_copy_tuple(std::string& out, const User& user) { append_record(out, user); }
void append_copy_tuple(std::string& out, const OutboxMessage& message) { append_record(out, message); }

}  // namespace pg
}  // namespace v1
}  // namespace onboard
#endif
