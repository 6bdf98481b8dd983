#if ONBOARD_HAVE_POSTGRES
#include "storage/postgres/pg_rows.hpp"

#include <cstdlib>

#include "storage/postgres/pg_params.hpp"

namespace onboard {
inline namespace v1 {
namespace pg {
namespace {

std::int64_t big_endian(const char* p, int length) noexcept {
  std::uint64_t v = 0;
  for (int i = 0; i < length; ++i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  // Sign-extend narrower integers (int2, int4) so any integer column reads right.
  if (length > 0 && length < 8 && (static_cast<unsigned char>(p[0]) & 0x80) != 0)
    v |= ~std::uint64_t{0} << (length * 8);
  return static_cast<std::int64_t>(v);
}

}  // namespace

std::string Row::text(int c) const {
  if (null(c)) return {};
  return std::string(pq().PQgetvalue(r_, row_, c), static_cast<std::size_t>(pq().PQgetlength(r_, row_, c)));
}

std::string Row::json(int c) const {
  std::string raw = text(c);
  if (!raw.empty() && raw.front() == '\1') raw.erase(0, 1);
  return raw;
}

std::int64_t Row::integer(int c) const noexcept {
  if (null(c)) return 0;
  return big_endian(pq().PQgetvalue(r_, row_, c), pq().PQgetlength(r_, row_, c));
}

bool Row::boolean(int c) const noexcept { return !null(c) && pq().PQgetvalue(r_, row_, c)[0] != 0; }

Timestamp Row::time(int c) const noexcept { return from_pg_time(integer(c)); }

std::int64_t Rows::affected() const noexcept {
  if (!r_) return 0;
  const char* tag = pq().PQcmdTuples(r_.get());
  return tag != nullptr && *tag != '\0' ? std::strtoll(tag, nullptr, 10) : 0;
}

}  // namespace pg
}  // namespace v1
}  // namespace onboard
#endif
