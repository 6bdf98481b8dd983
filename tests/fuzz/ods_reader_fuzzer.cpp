// libFuzzer entry point for the ODS reader: zip, content.xml, repeated rows
// and cells, cell values. open_table chooses it by the "mimetype" entry.
#include <cstddef>
#include <cstdint>

#include "fuzz_drain.hpp"
#include "onboard/import/table_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  onboard::ReaderLimits limits;
  // Small limits keep each run fast and let the fuzzer reach the refusals.
  limits.max_cell_bytes = 4096;
  limits.max_zip_entries = 64;
  limits.max_uncompressed_bytes = 8 << 20;
  limits.ratio_grace_bytes = 64 << 10;
  onboard::fuzz::drain(onboard::open_table(bytes, "fuzz.ods", limits));
  return 0;
}
