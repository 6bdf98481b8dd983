// Memory for the few large arrays of an import (the key indexes, the
// per-row summaries of a million rows). Above a few megabytes it is mapped
// straight from the kernel, already zero, with transparent huge pages
// requested: one page fault per huge page instead of one per 4 KiB, and
// random probes into a large index stop missing the TLB. Smaller requests, and systems without huge pages,
// get ordinary (zeroed) heap memory.
#pragma once

#include <cstddef>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

namespace onboard {
inline namespace v1 {

// `bytes` of zeroed memory (bad_alloc when there is none); release with the
// same size.
void* allocate_large(std::size_t bytes);
void release_large(void* p, std::size_t bytes) noexcept;

// Asks for transparent huge pages under the whole 2 MiB pages of [p, p +
// bytes), for a large buffer that came from elsewhere (a std::string's
// reserve) and is about to be written: one fault per 2 MiB instead of one
// per 4 KiB. A hint: nothing happens below a few megabytes or without THP.
void advise_huge_pages(void* p, std::size_t bytes) noexcept;

// A std::allocator for vectors that grow large.
template <class T>
struct LargeAllocator {
  using value_type = T;
  LargeAllocator() = default;
  template <class U>
  LargeAllocator(const LargeAllocator<U>&) noexcept {}
  T* allocate(std::size_t n) {
    if (n > static_cast<std::size_t>(-1) / sizeof(T)) throw std::bad_array_new_length();
    return static_cast<T*>(allocate_large(n * sizeof(T)));
  }
  void deallocate(T* p, std::size_t n) noexcept { release_large(p, n * sizeof(T)); }
  template <class U>
  bool operator==(const LargeAllocator<U>&) const noexcept {
    return true;
  }
};

template <class T>
using LargeVector = std::vector<T, LargeAllocator<T>>;

// A fixed number of zero-initialized T, never written before use (which a
// vector's resize would do, touching every page up front).
template <class T>
class ZeroedArray {
  static_assert(std::is_trivially_copyable_v<T>, "the zero bytes must be a valid T");

 public:
  ZeroedArray() = default;
  explicit ZeroedArray(std::size_t n) : data_(n == 0 ? nullptr : LargeAllocator<T>().allocate(n)), size_(n) {}
  ~ZeroedArray() {
    if (data_ != nullptr) LargeAllocator<T>().deallocate(data_, size_);
  }
  ZeroedArray(ZeroedArray&& other) noexcept
      : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}
  ZeroedArray& operator=(ZeroedArray&& other) noexcept {
    ZeroedArray(std::move(other)).swap(*this);
    return *this;
  }
  void swap(ZeroedArray& other) noexcept {
    std::swap(data_, other.data_);
    std::swap(size_, other.size_);
  }

  std::size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }
  T& operator[](std::size_t i) noexcept { return data_[i]; }
  const T& operator[](std::size_t i) const noexcept { return data_[i]; }
  T* begin() noexcept { return data_; }
  T* end() noexcept { return data_ + size_; }
  const T* begin() const noexcept { return data_; }
  const T* end() const noexcept { return data_ + size_; }

 private:
  T* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace v1
}  // namespace onboard
