// libFuzzer entry point for the CSV reader (and open_table's dispatch).
#include <cstddef>
#include <cstdint>

#include "fuzz_drain.hpp"
#include "onboard/import/csv_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  onboard::ReaderLimits limits;
  limits.max_cell_bytes = 4096;  // small, so the limit's paths are reached too
  onboard::fuzz::drain(onboard::open_csv(bytes, limits));
  onboard::fuzz::drain(onboard::open_table(bytes, "upload.xlsx", limits));
  return 0;
}
