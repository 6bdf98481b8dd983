#include "onboard/core/id.hpp"

#include <sodium.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <mutex>

namespace onboard {
inline namespace v1 {
namespace {

// 48-bit Unix milliseconds: the clock's second plus the system clock's
// millisecond, so ids made within one pinned second still sort by creation.
std::uint64_t now_ms(const Clock& clock) {
  const auto secs = clock.now().time_since_epoch().count();
  const auto sys_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  return static_cast<std::uint64_t>(secs) * 1000u + static_cast<std::uint64_t>(sys_ms % 1000);
}

// Monotonic within the process (RFC 9562, method 1): ids made in the same
// millisecond, or while a pinned clock stands still, count up in the 12
// bits after the timestamp, so the order of creation is the order of ids.
// One lock covers a whole batch, which therefore sorts without gaps from
// other threads' ids.
class Sequence {
 public:
  // Fills `count` 16-byte ids in `b` (random bytes on entry) with the
  // timestamp, sequence, version and variant.
  void stamp(std::uint64_t ms, unsigned char* b, std::size_t count) {
    std::lock_guard lock(mutex_);
    for (std::size_t k = 0; k < count; ++k, b += 16) {
      std::uint64_t t = ms;
      std::uint64_t seq = ((static_cast<std::uint64_t>(b[6]) & 0x0F) << 8 | b[7]) & 0x7FF;
      if (t <= last_ms_) {
        t = last_ms_;
        seq = last_seq_ + 1;
        if (seq > 0xFFF) {
          t += 1;
          seq = 0;
        }
      }
      last_ms_ = t;
      last_seq_ = seq;
      for (int i = 0; i < 6; ++i) b[i] = static_cast<unsigned char>(t >> (8 * (5 - i)));
      b[6] = static_cast<unsigned char>(0x70 | ((seq >> 8) & 0x0F));  // version 7
      b[7] = static_cast<unsigned char>(seq & 0xFF);
      b[8] = static_cast<unsigned char>(0x80 | (b[8] & 0x3F));  // variant 10
    }
  }

 private:
  std::mutex mutex_;
  std::uint64_t last_ms_ = 0;
  std::uint64_t last_seq_ = 0;
};

Sequence& sequence() {
  static Sequence s;
  return s;
}

void init_sodium() {
  static const int sodium_ready = sodium_init();  // idempotent and thread-safe
  (void)sodium_ready;
}

void append_text(const unsigned char* b, std::string& out) {
  static constexpr char hex[] = "0123456789abcdef";
  out.resize(36);
  std::size_t j = 0;
  for (std::size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out[j++] = '-';
    out[j++] = hex[b[i] >> 4];
    out[j++] = hex[b[i] & 0x0F];
  }
}

}  // namespace

std::string new_id(const Clock& clock) {
  init_sodium();
  const std::uint64_t ms = now_ms(clock);
  std::array<unsigned char, 16> b{};
  randombytes_buf(b.data(), b.size());
  sequence().stamp(ms, b.data(), 1);
  std::string text;
  append_text(b.data(), text);
  return text;
}

void new_ids(const Clock& clock, std::size_t count, std::vector<std::string>& out) {
  init_sodium();
  // Random bytes for up to 256 ids per system call.
  constexpr std::size_t kBatch = 256;
  std::array<unsigned char, 16 * kBatch> b{};
  out.reserve(out.size() + count);
  while (count > 0) {
    const std::size_t n = count < kBatch ? count : kBatch;
    randombytes_buf(b.data(), 16 * n);
    sequence().stamp(now_ms(clock), b.data(), n);
    for (std::size_t k = 0; k < n; ++k) append_text(b.data() + 16 * k, out.emplace_back());
    count -= n;
  }
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
