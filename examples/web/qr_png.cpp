// The QR code as PNG. The library draws QR codes as SVG only
// (SignupLinks::qr_svg); the host turns that drawing (a white square and one
// path of 1-module-high runs, "Mx,yhNv1h-Nz") into a 1-bit-per-module
// grayscale PNG, scaled up. Anything else in the SVG is refused, not guessed.
#include <zlib.h>

#include <charconv>
#include <vector>

#include "qr_png.hpp"

namespace onboard::web {
namespace {

void put32(std::string& out, std::uint32_t v) {
  out += static_cast<char>(v >> 24);
  out += static_cast<char>(v >> 16);
  out += static_cast<char>(v >> 8);
  out += static_cast<char>(v);
}

void chunk(std::string& out, const char* type, const std::string& data) {
  put32(out, static_cast<std::uint32_t>(data.size()));
  const std::string body = std::string(type, 4) + data;
  out += body;
  put32(out, static_cast<std::uint32_t>(
                 crc32(0, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size()))));
}

bool read_int(std::string_view& s, int& v) {
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc()) return false;
  s.remove_prefix(static_cast<std::size_t>(ptr - s.data()));
  return true;
}

bool expect(std::string_view& s, std::string_view what) {
  if (!s.starts_with(what)) return false;
  s.remove_prefix(what.size());
  return true;
}

}  // namespace

Result<std::string> qr_png_from_svg(std::string_view svg, int scale) {
  const Error bad{Errc::internal, "The QR code could not be converted to PNG."};
  const auto vb = svg.find("viewBox=\"0 0 ");
  const auto d = svg.find(" d=\"");
  if (vb == std::string_view::npos || d == std::string_view::npos) return bad;
  std::string_view head = svg.substr(vb + 13);
  int side = 0;
  if (!read_int(head, side) || side <= 0 || side > 400) return bad;
  std::vector<bool> dark(static_cast<std::size_t>(side) * side, false);
  std::string_view path = svg.substr(d + 4);
  path = path.substr(0, path.find('"'));
  while (!path.empty()) {
    int x = 0, y = 0, run = 0, back = 0;
    if (!expect(path, "M") || !read_int(path, x) || !expect(path, ",") || !read_int(path, y) ||
        !expect(path, "h") || !read_int(path, run) || !expect(path, "v1h-") || !read_int(path, back) ||
        !expect(path, "z"))
      return bad;
    if (x < 0 || y < 0 || run <= 0 || back != run || x + run > side || y >= side) return bad;
    for (int i = 0; i < run; ++i) dark[static_cast<std::size_t>(y) * side + x + i] = true;
  }
  const int px = side * scale;
  std::string raw;
  raw.reserve(static_cast<std::size_t>(px) * (px + 1));
  for (int y = 0; y < px; ++y) {
    raw += '\0';  // filter: none
    for (int x = 0; x < px; ++x)
      raw += dark[static_cast<std::size_t>(y / scale) * side + x / scale] ? '\0' : '\xff';
  }
  uLongf size = compressBound(static_cast<uLong>(raw.size()));
  std::string packed(size, '\0');
  if (compress2(reinterpret_cast<Bytef*>(packed.data()), &size, reinterpret_cast<const Bytef*>(raw.data()),
                static_cast<uLong>(raw.size()), 9) != Z_OK)
    return bad;
  packed.resize(size);
  std::string png = "\x89PNG\r\n\x1a\n";
  std::string ihdr;
  put32(ihdr, static_cast<std::uint32_t>(px));
  put32(ihdr, static_cast<std::uint32_t>(px));
  ihdr += std::string("\x08\x00\x00\x00\x00", 5);  // 8-bit grayscale, deflate, no filter, no interlace
  chunk(png, "IHDR", ihdr);
  chunk(png, "IDAT", packed);
  chunk(png, "IEND", "");
  return png;
}

}  // namespace onboard::web
