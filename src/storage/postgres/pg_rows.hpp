// The rows of one statement's result, read in binary format: text and bytea
// as raw bytes, bigint and timestamptz as big-endian integers. Owns the
// PGresult. Only compiled with libpq.
#pragma once

#include "storage/postgres/libpq_library.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "onboard/core/clock.hpp"

namespace onboard {
inline namespace v1 {
namespace pg {

struct ResultDeleter {
  void operator()(PGresult* r) const noexcept { pq().PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

class Row {
 public:
  Row(const PGresult* r, int row) noexcept : r_(r), row_(row) {}

  bool null(int c) const noexcept { return pq().PQgetisnull(r_, row_, c) != 0; }
  std::string text(int c) const;
  std::string bytes(int c) const { return text(c); }
  // jsonb: the text after its version byte.
  std::string json(int c) const;
  std::int64_t integer(int c) const noexcept;
  bool boolean(int c) const noexcept;
  Timestamp time(int c) const noexcept;
  std::optional<Timestamp> opt_time(int c) const {
    return null(c) ? std::nullopt : std::optional<Timestamp>(time(c));
  }
  std::optional<std::int64_t> opt_integer(int c) const {
    return null(c) ? std::nullopt : std::optional<std::int64_t>(integer(c));
  }

 private:
  const PGresult* r_;
  int row_;
};

class Rows {
 public:
  Rows() = default;
  explicit Rows(ResultPtr r) noexcept : r_(std::move(r)) {}

  int size() const noexcept { return r_ ? pq().PQntuples(r_.get()) : 0; }
  bool empty() const noexcept { return size() == 0; }
  Row operator[](int i) const noexcept { return Row(r_.get(), i); }
  // Rows an UPDATE/INSERT/DELETE changed (its command tag), 0 when none.
  std::int64_t affected() const noexcept;

 private:
  ResultPtr r_;
};

}  // namespace pg
}  // namespace v1
}  // namespace onboard
