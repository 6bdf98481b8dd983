// libFuzzer entry point for the XLSX reader: zip, XML and cell decoding.
#include <cstddef>
#include <cstdint>

#include "fuzz_drain.hpp"
#include "onboard/import/xlsx_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  onboard::ReaderLimits limits;
  // Small limits keep each run fast and let the fuzzer reach the refusals.
  limits.max_cell_bytes = 4096;
  limits.max_zip_entries = 64;
  limits.max_uncompressed_bytes = 8 << 20;
  limits.ratio_grace_bytes = 64 << 10;
  onboard::fuzz::drain(onboard::open_xlsx(bytes, limits));
  return 0;
}
