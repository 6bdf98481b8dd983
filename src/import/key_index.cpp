#include "import/key_index.hpp"

#include <cstring>

namespace onboard {
inline namespace v1 {
namespace {

inline std::uint64_t mix(std::uint64_t x) noexcept {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

}  // namespace

// Two independent 64-bit lanes over 8-byte words; fast on short ASCII keys.
KeyIndex::Fingerprint KeyIndex::fingerprint(std::string_view key) noexcept {
  std::uint64_t a = 0x9E3779B97F4A7C15ULL ^ key.size();
  std::uint64_t b = 0xC2B2AE3D27D4EB4FULL + key.size();
  std::size_t i = 0;
  for (; i + 8 <= key.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, key.data() + i, 8);
    a = mix(a ^ w) + 0x165667B19E3779F9ULL;
    b = (b ^ mix(w + 0x27D4EB2F165667C5ULL)) * 0x9E3779B97F4A7C15ULL;
  }
  // The last 0..7 bytes in at most two fixed-size loads (which may overlap;
  // with the length mixed in, the word still determines the bytes).
  const unsigned char* tail = reinterpret_cast<const unsigned char*>(key.data()) + i;
  const std::size_t rest = key.size() - i;
  std::uint64_t w = 0;
  if (rest >= 4) {
    std::uint32_t lo, hi;
    std::memcpy(&lo, tail, 4);
    std::memcpy(&hi, tail + rest - 4, 4);
    w = static_cast<std::uint64_t>(hi) << 32 | lo;
  } else if (rest > 0) {
    w = static_cast<std::uint64_t>(tail[0]) | static_cast<std::uint64_t>(tail[rest / 2]) << 8 |
        static_cast<std::uint64_t>(tail[rest - 1]) << 16;
  }
  a = mix(a ^ w ^ 0xA0761D6478BD642FULL);
  b = mix(b ^ (w * 0xE7037ED1A0B428DBULL) ^ (b >> 29));
  return {a, static_cast<std::uint32_t>(b >> 16)};
}

std::uint32_t KeyIndex::find(const Fingerprint& f) const noexcept {
  if (size_ == 0) return 0;
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = f.h1 & mask;; i = (i + 1) & mask) {
    const Slot& s = slots_[i];
    if (s.value == 0) return 0;
    if (s.h1 == f.h1 && s.h2 == f.h2) return s.value;
  }
}

std::uint32_t KeyIndex::insert(const Fingerprint& f, std::uint32_t value) {
  // Linear probing stays short up to a load of about 0.7.
  if ((size_ + 1) * 10 > slots_.size() * 7) grow(slots_.empty() ? 1024 : slots_.size() * 2);
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = f.h1 & mask;; i = (i + 1) & mask) {
    Slot& s = slots_[i];
    if (s.value == 0) {
      s = {f.h1, f.h2, value};
      ++size_;
      return 0;
    }
    if (s.h1 == f.h1 && s.h2 == f.h2) return s.value;
  }
}

void KeyIndex::reserve(std::size_t keys) {
  std::size_t capacity = 1024;
  while (capacity * 7 < keys * 10) capacity *= 2;
  if (capacity > slots_.size()) grow(capacity);
}

void KeyIndex::clear() {
  slots_ = {};
  size_ = 0;
}

void KeyIndex::grow(std::size_t capacity) {
  ZeroedArray<Slot> old(capacity);
  old.swap(slots_);
  const std::size_t mask = capacity - 1;
  for (const Slot& s : old) {
    if (s.value == 0) continue;
    std::size_t i = s.h1 & mask;
    while (slots_[i].value != 0) i = (i + 1) & mask;
    slots_[i] = s;
  }
}

}  // namespace v1
}  // namespace onboard
