// The order an import writes its rows in: by key, equal keys in file order,
// the same whether it is sorted on one thread or on two.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>

#include "service/import_engine.hpp"

using namespace onboard;
using namespace onboard::import_detail;

TEST_CASE("the write order is by key then by place in the file, on one thread or two") {
  std::mt19937_64 rng(5);
  for (std::size_t n : {0u, 1u, 2u, 3u, 1000u, 100001u}) {
    CAPTURE(n);
    LargeVector<WriteOrder> order(n);
    for (std::size_t i = 0; i < n; ++i) {
      order[i].key_high = rng() % 64;  // many equal keys
      order[i].key_low = rng() % 4;
      order[i].offset = i * 80;  // file order
      order[i].record = static_cast<std::uint32_t>(i);
    }
    std::shuffle(order.begin(), order.end(), rng);
    LargeVector<WriteOrder> one = order, two = order;
    sort_write_order(one, static_cast<std::size_t>(-1));
    sort_write_order(two, 1);
    REQUIRE(one.size() == n);
    REQUIRE(two.size() == n);
    bool same = true, ordered = true;
    for (std::size_t i = 0; i < n; ++i) {
      same = same && one[i].record == two[i].record;
      if (i > 0) {
        const WriteOrder& a = one[i - 1];
        const WriteOrder& b = one[i];
        ordered =
            ordered && (a.key_high < b.key_high || (a.key_high == b.key_high && a.key_low < b.key_low) ||
                        (a.key_high == b.key_high && a.key_low == b.key_low && a.offset < b.offset));
      }
    }
    CHECK(same);
    CHECK(ordered);
  }
}
