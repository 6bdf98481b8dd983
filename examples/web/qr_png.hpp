// The QR code as PNG, from the library's SVG drawing (qr_png.cpp).
#pragma once

#include <string>
#include <string_view>

#include "onboard/core/error.hpp"

namespace onboard::web {

// `scale` pixels per module. Errors: internal for an SVG of another shape.
Result<std::string> qr_png_from_svg(std::string_view svg, int scale = 8);

}  // namespace onboard::web
