// The import's large arrays: zeroed from the start at every size (small ones
// from the heap, large ones mapped with huge pages requested), and vectors
// that grow across the threshold keep their contents.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>

#include "core/large_memory.hpp"

using namespace onboard;

TEST_CASE("a zeroed array is zero at every size and can be written and moved") {
  for (std::size_t n : {std::size_t{1}, std::size_t{1000}, std::size_t{3} << 20, std::size_t{5} << 20}) {
    CAPTURE(n);
    ZeroedArray<std::uint32_t> a(n);
    REQUIRE(a.size() == n);
    std::uint64_t sum = 0;
    for (std::size_t i = 0; i < n; i += 4093) sum += a[i];
    CHECK(sum == 0);
    CHECK(a[n - 1] == 0);
    a[n - 1] = 7;
    ZeroedArray<std::uint32_t> b = std::move(a);
    CHECK(a.empty());
    CHECK(b[n - 1] == 7);
  }
  ZeroedArray<int> none;
  CHECK(none.empty());
  CHECK(none.begin() == none.end());
}

TEST_CASE("a large vector keeps its contents while it grows past the mapping threshold") {
  LargeVector<std::uint64_t> v;
  for (std::uint64_t i = 0; i < (std::uint64_t{3} << 20); ++i) v.push_back(i * 3);
  bool same = true;
  for (std::uint64_t i = 0; i < v.size(); ++i) same = same && v[i] == i * 3;
  CHECK(same);
  v.clear();
  v.shrink_to_fit();
  CHECK(v.capacity() == 0);
}

TEST_CASE("asking for huge pages under a buffer changes none of its bytes") {
  advise_huge_pages(nullptr, std::size_t{64} << 20);
  std::string small(1000, 'a');
  advise_huge_pages(small.data(), small.size());
  CHECK(small == std::string(1000, 'a'));
  // Large and not aligned to 2 MiB: only the whole huge pages inside are advised.
  std::string big;
  big.reserve((std::size_t{12} << 20) + 123);
  advise_huge_pages(big.data() + 1, big.capacity() - 1);
  for (std::size_t i = 0; i < (std::size_t{12} << 20); ++i) big.push_back(static_cast<char>('a' + i % 26));
  bool same = true;
  for (std::size_t i = 0; i < big.size(); ++i) same = same && big[i] == static_cast<char>('a' + i % 26);
  CHECK(same);
}
