// The PostgreSQL bulk path: records encoded for COPY … FROM STDIN (FORMAT
// binary), the server's own bulk load. Binary, not text, so there is nothing
// to escape: every value goes as a length and its bytes, exactly as a bound
// parameter would (tabs, backslashes, newlines, "\N" and quotes arrive as
// themselves; a NUL in text is refused by the server as invalid UTF-8, the
// same 22021 as for a parameter). A COPY is one statement: the server checks
// every unique index and foreign key row by row, and a violation aborts it
// whole, reported by its constraint's name as an INSERT's would be
// (pg_connection.cpp turns that into the same sentence).
//
// Encoding needs no libpq; running it does (Connection::copy_in).
#pragma once

#include <cstddef>
#include <span>
#include <string>

#include "onboard/model/outbox.hpp"
#include "onboard/model/user.hpp"

namespace onboard {
inline namespace v1 {
namespace pg {

// The statements, with the field tables' column lists (pg_records.hpp).
const std::string& copy_users_sql();
const std::string& copy_messages_sql();

// Bytes handed to the connection at a time: small enough to stay in the
// cache while libpq copies them and for the server to start on the first
// rows at once, large enough that the calls cost nothing.
inline constexpr std::size_t kCopyChunkBytes = std::size_t{64} << 10;

// The stream's signature, flags and header extension; then tuples; then the trailer.
void append_copy_header(std::string& out);
void append_copy_trailer(std::string& out);

// One tuple in the column order of copy_users_sql() / copy_messages_sql().
void append_copy_tuple(std::string& out, const User& user);
void append_copy_tuple(std::string& out, const OutboxMessage& message);

// A producer for Connection::copy_in: the header, then `records` a chunk of
// about kCopyChunkBytes at a time, then the trailer.
template <class Record>
class CopySource {
 public:
  explicit CopySource(std::span<const Record> records) noexcept : records_(records) {}

  // Appends the next chunk to `out`; false when it held the last bytes.
  bool operator()(std::string& out) {
    if (!started_) {
      append_copy_header(out);
      started_ = true;
    }
    while (next_ < records_.size() && out.size() < kCopyChunkBytes) append_copy_tuple(out, records_[next_++]);
    if (next_ < records_.size()) return true;
    append_copy_trailer(out);
    return false;
  }

 private:
  std::span<const Record> records_;
  std::size_t next_ = 0;
  bool started_ = false;
};

}  // namespace pg
}  // namespace v1
}  // namespace onboard
