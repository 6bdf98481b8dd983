#include "import/key_index.hpp"

#include <cstring>
#include <random>

namespace onboard {
inline namespace v1 {
namespace {

// The wyhash construction (public domain, by Wang Yi): 64x64->128-bit
// multiplies folded to 64 bits. Two lanes with their own constants and
// seeds make the two parts of a fingerprint independent.
// 128-bit integers are a GCC and Clang extension (every 64-bit target).
__extension__ typedef unsigned __int128 Wide;

inline std::uint64_t mum(std::uint64_t a, std::uint64_t b) noexcept {
  const Wide r = static_cast<Wide>(a) * b;
  return static_cast<std::uint64_t>(r) ^ static_cast<std::uint64_t>(r >> 64);
}

inline std::uint64_t read8(const unsigned char* p) noexcept {
  std::uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

inline std::uint64_t read4(const unsigned char* p) noexcept {
  std::uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

constexpr std::uint64_t kLane1[2] = {0x2d358dccaa6c78a5ULL, 0x8bb84b93962eacc9ULL};
constexpr std::uint64_t kLane2[2] = {0x4b33a62ed433d4a3ULL, 0x4d5a2da51de1aa47ULL};

// Per process, so where a file's keys land cannot be chosen ahead (a file
// crafted to collide would make probing quadratic).
struct Seeds {
  std::uint64_t lane1, lane2;
};
const Seeds& seeds() noexcept {
  static const Seeds s = [] {
    std::random_device device;
    const auto word = [&] { return (static_cast<std::uint64_t>(device()) << 32) ^ device(); };
    return Seeds{word(), word()};
  }();
  return s;
}

}  // namespace

// Each lane is wyhash (final version 4, short-input path) over the key: 16
// bytes per multiply, three multiplies for a 32-byte email.
KeyIndex::Fingerprint KeyIndex::fingerprint(std::string_view key) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(key.data());
  const std::size_t n = key.size();
  std::uint64_t s1 = seeds().lane1 ^ kLane1[0];
  std::uint64_t s2 = seeds().lane2 ^ kLane2[0];
  std::uint64_t a, b;
  if (n <= 16) {
    if (n >= 4) {
      const std::size_t mid = (n >> 3) << 2;
      a = (read4(p) << 32) | read4(p + mid);
      b = (read4(p + n - 4) << 32) | read4(p + n - 4 - mid);
    } else if (n > 0) {
      a = (static_cast<std::uint64_t>(p[0]) << 16) | (static_cast<std::uint64_t>(p[n >> 1]) << 8) | p[n - 1];
      b = 0;
    } else {
      a = b = 0;
    }
  } else {
    std::size_t i = n;
    const unsigned char* q = p;
    for (; i > 16; i -= 16, q += 16) {
      const std::uint64_t x = read8(q), y = read8(q + 8);
      s1 = mum(x ^ kLane1[1], y ^ s1);
      s2 = mum(x ^ kLane2[1], y ^ s2);
    }
    a = read8(q + i - 16);
    b = read8(q + i - 8);
  }
  // wyhash's ending: the full 128-bit product of the last words, then its
  // halves multiplied and folded.
  const auto finish = [&](const std::uint64_t(&k)[2], std::uint64_t seed) {
    const Wide r = static_cast<Wide>(a ^ k[1]) * (b ^ seed);
    return mum(static_cast<std::uint64_t>(r) ^ k[0] ^ n, static_cast<std::uint64_t>(r >> 64) ^ k[1]);
  };
  const std::uint64_t h1 = finish(kLane1, s1);
  const std::uint64_t h2 = finish(kLane2, s2);
  return {h1, static_cast<std::uint32_t>(h2 ^ (h2 >> 32))};
}

std::uint32_t KeyIndex::find(const Fingerprint& f) const noexcept {
  if (size_ == 0) return 0;
  if constexpr (!kFastPaths) {
    const auto it = simple_.find(f);
    return it == simple_.end() ? 0 : it->second;
  }
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = f.h1 & mask;; i = (i + 1) & mask) {
    const Slot& s = slots_[i];
    if (s.value == 0) return 0;
    if (s.h1 == f.h1 && s.h2 == f.h2) return s.value;
  }
}

std::uint32_t KeyIndex::insert(const Fingerprint& f, std::uint32_t value) {
  if constexpr (!kFastPaths) {
    const auto [it, added] = simple_.try_emplace(f, value);
    size_ = simple_.size();
    return added ? 0 : it->second;
  }
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
  if constexpr (!kFastPaths) {
    simple_.reserve(keys);
    return;
  }
  std::size_t capacity = 1024;
  while (capacity * 7 < keys * 10) capacity *= 2;
  if (capacity > slots_.size()) grow(capacity);
}

void KeyIndex::clear() {
  simple_ = {};
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
