#include "onboard/core/id.hpp"

#include <sodium.h>

#include <boost/uuid/uuid.hpp>
#include <boost/uuid/uuid_io.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <mutex>

namespace onboard {
inline namespace v1 {

std::string new_id(const Clock& clock) {
  static const int sodium_ready = sodium_init();  // idempotent and thread-safe
  (void)sodium_ready;
  // 48-bit Unix milliseconds: the clock's second plus the system clock's
  // millisecond, so ids made within one pinned second still sort by creation.
  const auto secs = clock.now().time_since_epoch().count();
  const auto sys_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  std::uint64_t ms = static_cast<std::uint64_t>(secs) * 1000u + static_cast<std::uint64_t>(sys_ms % 1000);
  std::array<unsigned char, 16> b{};
  randombytes_buf(b.data(), b.size());
  // Monotonic within the process (RFC 9562, method 1): ids made in the same
  // millisecond, or while a pinned clock stands still, count up in the 12
  // bits after the timestamp, so the order of creation is the order of ids.
  std::uint64_t seq = ((static_cast<std::uint64_t>(b[6]) & 0x0F) << 8 | b[7]) & 0x7FF;
  {
    static std::mutex mutex;
    static std::uint64_t last_ms = 0, last_seq = 0;
    std::lock_guard lock(mutex);
    if (ms <= last_ms) {
      ms = last_ms;
      seq = last_seq + 1;
      if (seq > 0xFFF) {
        ms += 1;
        seq = 0;
      }
    }
    last_ms = ms;
    last_seq = seq;
  }
  b[6] = static_cast<unsigned char>(seq >> 8);
  b[7] = static_cast<unsigned char>(seq & 0xFF);
  for (int i = 0; i < 6; ++i) b[static_cast<std::size_t>(i)] = static_cast<unsigned char>(ms >> (8 * (5 - i)));
  b[6] = static_cast<unsigned char>(0x70 | (b[6] & 0x0F));  // version 7
  b[8] = static_cast<unsigned char>(0x80 | (b[8] & 0x3F));  // variant 10
  boost::uuids::uuid u{};
  std::copy(b.begin(), b.end(), u.begin());
  return boost::uuids::to_string(u);
}

bool is_valid_id(std::string_view t) noexcept {
  if (t.size() != 36) return false;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const char c = t[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
      return false;
    }
  }
  return true;
}

}  // namespace v1
}  // namespace onboard
