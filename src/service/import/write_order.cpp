#include "service/import/write_order.hpp"

#include <iterator>
#include <thread>

#include "core/fast_paths.hpp"

namespace onboard {
inline namespace v1 {
namespace import_detail {

void sort_write_order(LargeVector<WriteOrder>& order, std::size_t two_threads_from) {
  // Rows in index order (see WriteOrder); equal key prefixes keep file order.
  const auto before = [](const WriteOrder& a, const WriteOrder& b) {
    if (a.key_high != b.key_high) return a.key_high < b.key_high;
    if (a.key_low != b.key_low) return a.key_low < b.key_low;
    return a.offset < b.offset;
  };
  // Fast path: two halves on two threads, then a merge. Its twin, without
  // the fast paths, is the one std::sort.
  if (!kFastPaths || order.size() < std::max<std::size_t>(two_threads_from, 2)) {
    std::sort(order.begin(), order.end(), before);
    return;
  }
  const auto middle = order.begin() + static_cast<std::ptrdiff_t>(order.size() / 2);
  std::thread other([&] { std::sort(order.begin(), middle, before); });
  std::sort(middle, order.end(), before);
  other.join();
  LargeVector<WriteOrder> merged;
  merged.reserve(order.size());
  std::merge(order.begin(), middle, middle, order.end(), std::back_inserter(merged), before);
  order.swap(merged);
}

}  // namespace import_detail
}  // namespace v1
}  // namespace onboard
