#include "core/large_memory.hpp"

#include "core/fast_paths.hpp"

#include <cstdint>
#include <cstdlib>

#if defined(__linux__)
#include <sys/mman.h>
#endif

// Fast path: large arrays mapped from the kernel with transparent huge pages
// asked for. Its twin, without the fast paths, is plain calloc/free.
#if ONBOARD_FAST_PATHS && defined(__linux__) && defined(MADV_HUGEPAGE)
#define ONBOARD_HUGE_PAGES 1
#else
#define ONBOARD_HUGE_PAGES 0
#endif

namespace onboard {
inline namespace v1 {
namespace {

#if ONBOARD_HUGE_PAGES
constexpr std::size_t kHugePage = std::size_t{2} << 20;
// Below this, the heap is as good and wastes nothing to rounding.
constexpr std::size_t kMapFrom = std::size_t{4} << 20;

std::size_t mapped_size(std::size_t bytes) noexcept { return (bytes + kHugePage - 1) & ~(kHugePage - 1); }
#endif

}  // namespace

void* allocate_large(std::size_t bytes) {
#if ONBOARD_HUGE_PAGES
  if (bytes >= kMapFrom) {
    // Map one huge page more than needed, then give back what lies outside
    // the aligned range, so the range starts on a huge-page boundary.
    const std::size_t size = mapped_size(bytes);
    void* raw = ::mmap(nullptr, size + kHugePage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) throw std::bad_alloc();
    // Offsets from `raw`, so that every pointer is derived from `raw`.
    const auto start = reinterpret_cast<std::uintptr_t>(raw);
    const std::size_t lead = ((start + kHugePage - 1) & ~(std::uintptr_t{kHugePage} - 1)) - start;
    char* const aligned = static_cast<char*>(raw) + lead;
    if (lead > 0) ::munmap(raw, lead);
    ::munmap(aligned + size, kHugePage - lead);  // lead < kHugePage: never empty
    // A hint: without huge pages the memory is ordinary pages, still zero.
    ::madvise(aligned, size, MADV_HUGEPAGE);
    return aligned;
  }
#endif
  void* p = std::calloc(bytes == 0 ? 1 : bytes, 1);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}

void release_large(void* p, [[maybe_unused]] std::size_t bytes) noexcept {
  if (p == nullptr) return;
#if ONBOARD_HUGE_PAGES
  if (bytes >= kMapFrom) {
    ::munmap(p, mapped_size(bytes));
    return;
  }
#endif
  std::free(p);
}

void advise_huge_pages(void* p, std::size_t bytes) noexcept {
#if ONBOARD_HUGE_PAGES
  if (p == nullptr || bytes < kMapFrom) return;
  const auto start = reinterpret_cast<std::uintptr_t>(p);
  const std::uintptr_t first = (start + kHugePage - 1) & ~(std::uintptr_t{kHugePage} - 1);
  const std::uintptr_t last = (start + bytes) & ~(std::uintptr_t{kHugePage} - 1);
  if (last > first) ::madvise(static_cast<char*>(p) + (first - start), last - first, MADV_HUGEPAGE);
#else
  (void)p;
  (void)bytes;
#endif
}

}  // namespace v1
}  // namespace onboard
