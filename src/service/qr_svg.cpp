// QR codes from libqrencode, drawn as SVG.
#include <qrencode.h>

#include <cerrno>
#include <memory>

#include "service/qr_code.hpp"

namespace onboard {
inline namespace v1 {

Result<QrMatrix> encode_qr(std::string_view text) {
  const std::string input(text);  // libqrencode wants a NUL-terminated string
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
      QRcode_encodeString8bit(input.c_str(), 0, QR_ECLEVEL_M), &QRcode_free);
  if (!code) {
    if (errno == ERANGE)
      return Error{Errc::invalid_input, "The link is too long for a QR code.", "qr.too_long"};
    return Error{Errc::internal, "The QR code could not be drawn.", "qr.failed"};
  }
  QrMatrix m;
  m.size = code->width;
  m.dark.resize(static_cast<std::size_t>(m.size) * m.size);
  for (std::size_t i = 0; i < m.dark.size(); ++i) m.dark[i] = (code->data[i] & 1) != 0;  // bit 0: dark module
  return m;
}

std::string qr_svg(const QrMatrix& matrix, int module_px) {
  constexpr int quiet = 4;  // the quiet zone the QR standard asks for
  const int side = matrix.size + 2 * quiet;
  const std::string px = std::to_string(side * module_px);
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"" + px +
                    "\" height=\"" + px + "\" viewBox=\"0 0 " + std::to_string(side) + " " +
                    std::to_string(side) + "\" shape-rendering=\"crispEdges\">";
  svg += "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path fill=\"#000\" d=\"";
  for (int y = 0; y < matrix.size; ++y) {
    for (int x = 0; x < matrix.size;) {
      if (!matrix.at(x, y)) {
        ++x;
        continue;
      }
      int run = 1;  // one path segment per run of dark modules keeps the file small
      while (x + run < matrix.size && matrix.at(x + run, y)) ++run;
      svg += "M" + std::to_string(x + quiet) + "," + std::to_string(y + quiet) + "h" + std::to_string(run) +
             "v1h-" + std::to_string(run) + "z";
      x += run;
    }
  }
  svg += "\"/></svg>\n";
  return svg;
}

}  // namespace v1
}  // namespace onboard
