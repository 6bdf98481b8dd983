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

const char* const kCopyUsers = "COPY users (" ONB_PG_USER_COLUMNS ") FROM STDIN (FORMAT binary)";
const char* const kCopyMessages = "COPY outbox (" ONB_PG_OUTBOX_COLUMNS ") FROM STDIN (FORMAT binary)";

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

void append_copy_tuple(std::string& out, const User& u) {
  const std::string teams = encode_string_list(u.teams);
  const std::string attributes = encode_string_map(u.attributes);
  Tuple t(out, 25);
  t.text(u.org_id).text(u.id).text(u.email).text(u.email_key).text(u.username).text(u.username_key);
  t.text(u.first_name).text(u.last_name).text(u.display_name).boolean(u.name_locked).text(u.role);
  t.text(u.office).json(teams).text(u.external_id).json(attributes);
  t.text(to_string(u.status)).boolean(u.must_change_password).text(u.password_hash);
  t.bytes(u.activation_key_hash).bytes(u.activation_key_sealed).text(u.registered_via);
  t.time(u.created_at).time(u.activated_at).text(to_string(u.source)).text(u.created_by);
}

void append_copy_tuple(std::string& out, const OutboxMessage& m) {
  Tuple t(out, 12);
  t.text(m.org_id).text(m.id).text(m.kind).text(m.recipient).text(m.subject).text(m.body);
  t.bytes(m.secret_sealed).time(m.created_at).text(to_string(m.state)).time(m.claimed_until);
  t.integer(m.attempts).time(m.sent_at);
}

}  // namespace pg
}  // namespace v1
}  // namespace onboard
#endif
