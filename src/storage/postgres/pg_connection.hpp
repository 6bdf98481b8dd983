// One libpq connection: opening it with errors that name the server but never
// the password, statements prepared once per connection and run with binary
// parameters and results, COPY FROM STDIN, and SQLSTATEs turned into onboard
// errors. Not thread-safe: the owning Storage serializes calls.
#pragma once

#include <libpq-fe.h>

#include <string>
#include <string_view>
#include <unordered_map>

#include "onboard/core/error.hpp"
#include "storage/postgres/pg_params.hpp"
#include "storage/postgres/pg_rows.hpp"

namespace onboard {
inline namespace v1 {
namespace pg {

class Connection {
 public:
  Connection() = default;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  // Connects with `conninfo` (a postgresql:// URI or key=value pairs). The
  // session uses UTF-8 and UTC. Errors: storage, naming host and database.
  Result<void> open(const std::string& conninfo);

  // Runs `sql` as a statement prepared on this connection the first time it
  // is seen (with the parameter types of that call). `doing` completes "The
  // database could not …" in errors.
  Result<Rows> run(const std::string& sql, const Params& params, std::string_view doing);
  // Runs SQL without parameters (transaction control, DDL).
  Result<void> exec(const char* sql, std::string_view doing);
  // Runs a COPY … FROM STDIN (FORMAT binary) statement, feeding it `produce`
  // output chunk by chunk: produce(buffer) appends data to an empty buffer
  // and returns false when it has appended the last chunk.
  template <class Produce>
  Result<void> copy_in(const char* sql, Produce&& produce, std::string_view doing);

  // Whether a failure since the last clear_retryable() was a serialization
  // failure or a deadlock (40001, 40P01): the whole transaction may be retried.
  bool saw_retryable() const noexcept { return retryable_; }
  void clear_retryable() noexcept { retryable_ = false; }

  // Reconnects after the server closed the connection (prepared statements
  // are prepared again on next use). Errors: storage.
  Result<void> ensure_connected();

 private:
  Result<void> copy_start(const char* sql, std::string_view doing);
  Result<void> copy_put(const std::string& chunk, std::string_view doing);
  Result<void> copy_end(std::string_view doing);
  void copy_abort() noexcept;
  // The error for a failed result (or, with nullptr, the connection's state).
  Error error(const PGresult* r, std::string_view doing);
  Error connection_error(std::string_view reason) const;

  PGconn* conn_ = nullptr;
  std::string where_;                                      // "host:port/database", for messages
  std::string password_;                                   // only to scrub it from libpq's messages
  std::unordered_map<std::string, std::string> prepared_;  // SQL -> statement name
  bool retryable_ = false;
  std::string copy_buffer_;
};

template <class Produce>
Result<void> Connection::copy_in(const char* sql, Produce&& produce, std::string_view doing) {
  ONB_TRY(copy_start(sql, doing));
  std::string& chunk = copy_buffer_;  // kept, with its capacity, from one COPY to the next
  for (bool more = true; more;) {
    chunk.clear();
    more = produce(chunk);
    if (!chunk.empty()) {
      if (auto put = copy_put(chunk, doing); !put) {
        copy_abort();  // ends the COPY so the connection stays usable
        return put;
      }
    }
  }
  return copy_end(doing);
}

}  // namespace pg
}  // namespace v1
}  // namespace onboard
