// QR codes (libqrencode) as a module matrix and as SVG text.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "onboard/core/error.hpp"

namespace onboard {
inline namespace v1 {

struct QrMatrix {
  int size = 0;            // modules per side, without the quiet zone
  std::vector<bool> dark;  // row-major, size * size

  bool at(int x, int y) const { return dark[static_cast<std::size_t>(y) * size + x]; }
};

// Encodes `text` (a URL) at error-correction level M. Errors: invalid_input
// when the text is too long for a QR code, internal when encoding fails.
Result<QrMatrix> encode_qr(std::string_view text);

// A standalone SVG of the matrix with a four-module quiet zone: one <path>
// of the dark modules on a white <rect>, scaled by `module_px`.
std::string qr_svg(const QrMatrix& matrix, int module_px = 4);

}  // namespace v1
}  // namespace onboard
