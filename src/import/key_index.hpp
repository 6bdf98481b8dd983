// A compact set of text keys (emails, usernames, external ids) for files of
// a million rows: each key is kept as a 96-bit fingerprint with a 32-bit
// value in a 16-byte open-addressing slot, so the keys themselves are not
// stored. Two different keys share a fingerprint with a probability around
// 1e-17 for a million keys.
#pragma once

#include <cstdint>
#include <string_view>
#include <unordered_map>

#include "core/fast_paths.hpp"
#include "core/large_memory.hpp"

namespace onboard {
inline namespace v1 {

class KeyIndex {
 public:
  // A key's 96-bit fingerprint: computed once, it can be prefetched and
  // then inserted, so a batch of keys overlaps its cache misses.
  struct Fingerprint {
    std::uint64_t h1;
    std::uint32_t h2;
    friend bool operator==(const Fingerprint&, const Fingerprint&) = default;
  };
  static Fingerprint fingerprint(std::string_view key) noexcept;

  // The value stored for `key`, or 0 when absent.
  std::uint32_t find(std::string_view key) const noexcept { return size_ == 0 ? 0 : find(fingerprint(key)); }
  std::uint32_t find(const Fingerprint& key) const noexcept;
  // Stores `value` (non-zero) for `key` unless present; returns the value
  // that was there before (0 when the key is new).
  std::uint32_t insert(std::string_view key, std::uint32_t value) { return insert(fingerprint(key), value); }
  std::uint32_t insert(const Fingerprint& key, std::uint32_t value);
  // Starts loading the slot where `key` would be found; a hint only.
  void prefetch(const Fingerprint& key) const noexcept {
    if (!slots_.empty()) __builtin_prefetch(&slots_[key.h1 & (slots_.size() - 1)]);
  }
  std::size_t size() const noexcept { return size_; }
  void reserve(std::size_t keys);
  void clear();

 private:
  struct Slot {
    std::uint64_t h1;
    std::uint32_t h2;
    std::uint32_t value;  // 0: empty
  };
  void grow(std::size_t capacity);

  // Fast path: open-addressing slots, prefetched a batch at a time. Its
  // twin, the only index without the fast paths: a standard hash map of the
  // same fingerprints (h1 is already a keyed hash).
  struct FingerprintHash {
    std::size_t operator()(const Fingerprint& f) const noexcept { return static_cast<std::size_t>(f.h1); }
  };
  ZeroedArray<Slot> slots_;
  std::unordered_map<Fingerprint, std::uint32_t, FingerprintHash> simple_;
  std::size_t size_ = 0;
};

}  // namespace v1
}  // namespace onboard
