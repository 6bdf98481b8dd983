// Registration documents: one printable page per not-activated user with
// their 29-digit key, as PDF (libharu) or HTML. Rendered from the sealed keys
// on request and never stored.
#include <hpdf.h>
#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <memory>

#include "onboard/model/name.hpp"
#include "onboard/registrations.hpp"
#include "onboard/secrets/digit_key.hpp"
#include "service/qr_code.hpp"
#include "service/service_support.hpp"

namespace onboard {
inline namespace v1 {
namespace {

// What one page shows.
struct Sheet {
  std::string name;
  std::string email;
  std::string grouped_key;
  std::string link;  // what the QR code holds
  QrMatrix qr;
};

struct Layout {
  std::string organization;
  std::string page;  // where to type the key
  std::size_t min_password_length = 15;
};

std::string instructions_1(const Layout& l) {
  return "Scan the QR code, or open " + l.page + " and enter the key.";
}
std::string instructions_2(const Layout& l) {
  return "Choose a password of at least " + std::to_string(l.min_password_length) +
         " characters. If no email address is shown above, give yours: you will sign in with it.";
}
const std::string kInstructions3 = "The key works once. Keep this sheet private until you have registered.";

// ---- PDF ----

// The built-in PDF fonts only know Windows-1252: text outside it is
// transliterated to Latin letters (ICU), and what still does not fit becomes '?'.
class WinAnsi {
 public:
  WinAnsi() {
    UErrorCode status = U_ZERO_ERROR;
    translit_.reset(icu::Transliterator::createInstance(
        "[^\\u0000-\\u00ff\\u20ac\\u2013\\u2014\\u2018\\u2019\\u201c\\u201d\\u2022\\u2026]; Any-Latin; "
        "Latin-ASCII",
        UTRANS_FORWARD, status));
    if (U_FAILURE(status)) translit_.reset();
  }

  std::string operator()(std::string_view utf8) const {
    icu::UnicodeString text =
        icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
    if (translit_) translit_->transliterate(text);
    std::string out;
    for (int32_t i = 0; i < text.length();) {
      const UChar32 c = text.char32At(i);
      i += U16_LENGTH(c);
      out += to_cp1252(c);
    }
    return out;
  }

 private:
  static char to_cp1252(UChar32 c) {
    if (c < 0x20) return ' ';
    if (c < 0x7f || (c >= 0xa0 && c <= 0xff)) return static_cast<char>(c);
    switch (c) {
      case 0x20ac: return '\x80';
      case 0x2013: return '\x96';
      case 0x2014: return '\x97';
      case 0x2018: return '\x91';
      case 0x2019: return '\x92';
      case 0x201c: return '\x93';
      case 0x201d: return '\x94';
      case 0x2022: return '\x95';
      case 0x2026: return '\x85';
      default: return '?';
    }
  }

  std::unique_ptr<icu::Transliterator> translit_;
};

// Lines of at most `width` points in the page's current font.
std::vector<std::string> wrap(HPDF_Page page, const std::string& text, float width) {
  std::vector<std::string> lines;
  std::string line;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find(' ', pos);
    if (end == std::string::npos) end = text.size();
    std::string word = text.substr(pos, end - pos);
    pos = end + 1;
    std::string candidate = line;
    if (!candidate.empty()) candidate += ' ';
    candidate += word;
    if (!line.empty() && HPDF_Page_TextWidth(page, candidate.c_str()) > width) {
      lines.push_back(line);
      line = word;
    } else {
      line = std::move(candidate);
    }
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}

Result<std::string> render_pdf(const Layout& layout, const std::vector<Sheet>& sheets) {
  std::unique_ptr<std::remove_pointer_t<HPDF_Doc>, decltype(&HPDF_Free)> pdf(HPDF_New(nullptr, nullptr),
                                                                             &HPDF_Free);
  if (!pdf) return Error{Errc::internal, "The PDF could not be started.", "pdf.failed"};
  HPDF_Doc doc = pdf.get();
  HPDF_SetCompressionMode(doc, HPDF_COMP_ALL);
  const WinAnsi ansi;
  HPDF_SetInfoAttr(doc, HPDF_INFO_TITLE, ansi("Registration - " + layout.organization).c_str());
  HPDF_SetInfoAttr(doc, HPDF_INFO_CREATOR, "onboard");
  HPDF_Font regular = HPDF_GetFont(doc, "Helvetica", "WinAnsiEncoding");
  HPDF_Font bold = HPDF_GetFont(doc, "Helvetica-Bold", "WinAnsiEncoding");
  HPDF_Font mono = HPDF_GetFont(doc, "Courier-Bold", "WinAnsiEncoding");
  if (!regular || !bold || !mono) return Error{Errc::internal, "The PDF fonts are missing.", "pdf.failed"};
  constexpr float margin = 56, width = 595 - 2 * margin;

  for (const Sheet& sheet : sheets) {
    HPDF_Page page = HPDF_AddPage(doc);
    HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
    float y = 842 - margin;
    auto text = [&](HPDF_Font font, float size, const std::string& utf8, float gap) {
      HPDF_Page_SetFontAndSize(page, font, size);
      for (const auto& line : wrap(page, ansi(utf8), width)) {
        y -= size * 1.3f;
        HPDF_Page_BeginText(page);
        HPDF_Page_TextOut(page, margin, y, line.c_str());
        HPDF_Page_EndText(page);
      }
      y -= gap;
    };
    text(bold, 22, layout.organization, 8);
    text(regular, 14, "Registration for " + sheet.name, 4);
    if (!sheet.email.empty()) text(regular, 11, "Email: " + sheet.email, 0);
    y -= 24;
    text(regular, 11, "Your registration key", 4);
    text(mono, 22, sheet.grouped_key, 24);

    // The QR code: one filled square per dark module, 180 pt wide with its quiet zone.
    const float module = 180.0f / static_cast<float>(sheet.qr.size + 8);
    const float left = margin + 4 * module, top = y - 4 * module;
    HPDF_Page_SetRGBFill(page, 0, 0, 0);
    for (int row = 0; row < sheet.qr.size; ++row)
      for (int col = 0; col < sheet.qr.size; ++col)
        if (sheet.qr.at(col, row))
          HPDF_Page_Rectangle(page, left + static_cast<float>(col) * module,
                              top - static_cast<float>(row + 1) * module, module, module);
    HPDF_Page_Fill(page);
    y -= 180 + 24;

    text(bold, 12, "How to register", 4);
    text(regular, 11, "1. " + instructions_1(layout), 2);
    text(regular, 11, "2. " + instructions_2(layout), 2);
    text(regular, 11, "3. " + kInstructions3, 2);
  }
  if (HPDF_GetError(doc) != HPDF_OK || HPDF_SaveToStream(doc) != HPDF_OK)
    return Error{Errc::internal, "The PDF could not be written.", "pdf.failed"};
  std::string bytes(HPDF_GetStreamSize(doc), '\0');
  HPDF_UINT32 size = static_cast<HPDF_UINT32>(bytes.size());
  if (HPDF_ReadFromStream(doc, reinterpret_cast<HPDF_BYTE*>(bytes.data()), &size) != HPDF_OK &&
      HPDF_GetError(doc) != HPDF_STREAM_EOF)
    return Error{Errc::internal, "The PDF could not be written.", "pdf.failed"};
  bytes.resize(size);
  return bytes;
}

// ---- HTML ----

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string render_html(const Layout& layout, const std::vector<Sheet>& sheets) {
  std::string html =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"robots\" "
      "content=\"noindex\">\n<title>Registration &#8211; " +
      html_escape(layout.organization) +
      "</title>\n<style>\n@page { size: A4; margin: 20mm; }\nbody { font-family: Helvetica, Arial, "
      "sans-serif; }\n"
      ".sheet { page-break-after: always; break-after: page; padding: 2em 0; }\n"
      ".key { font-family: 'Courier New', monospace; font-size: 2em; font-weight: bold; letter-spacing: "
      "0.05em; }\n"
      ".qr svg { width: 60mm; height: 60mm; }\n</style>\n</head>\n<body>\n";
  for (const Sheet& sheet : sheets) {
    html += "<section class=\"sheet\">\n<h1>" + html_escape(layout.organization) +
            "</h1>\n<h2>Registration for " + html_escape(sheet.name) + "</h2>\n";
    if (!sheet.email.empty()) html += "<p>Email: " + html_escape(sheet.email) + "</p>\n";
    html += "<p>Your registration key</p>\n<p class=\"key\">" + html_escape(sheet.grouped_key) +
            "</p>\n<div class=\"qr\">" + qr_svg(sheet.qr) + "</div>\n<h3>How to register</h3>\n<ol>\n<li>" +
            html_escape(instructions_1(layout)) + "</li>\n<li>" + html_escape(instructions_2(layout)) +
            "</li>\n<li>" + html_escape(kInstructions3) + "</li>\n</ol>\n</section>\n";
  }
  html += "</body>\n</html>\n";
  return html;
}

}  // namespace

Result<RegistrationDocument> Registrations::documents(const Actor& actor, const DocumentRequest& request) {
  ONB_ASSIGN(auto ctx, dir_.authorize(actor, Permission::add_users));
  auto& storage = DirectoryAccess::storage(dir_);
  std::vector<User> users;
  if (request.user_ids.empty()) {
    UserFilter filter;
    filter.status = UserStatus::pending_activation;
    ONB_ASSIGN(auto pending, storage.list_users(ctx.org.id, filter));
    // Everyone waiting whom the actor may hand a key to: a key lets its holder
    // choose the password, so keys of higher roles stay with higher roles.
    for (auto& u : pending)
      if (!u.activation_key_sealed.empty() &&
          authorize_grant(ctx, GrantAction::show_secret, GrantObject::precreated_user, u.role))
        users.push_back(std::move(u));
  } else {
    for (const auto& id : request.user_ids) {
      ONB_ASSIGN(auto u, storage.get_user(ctx.org.id, id));
      ONB_TRY(authorize_grant(ctx, GrantAction::show_secret, GrantObject::precreated_user, u.role));
      if (u.status != UserStatus::pending_activation || u.activation_key_sealed.empty())
        return Error{Errc::invalid_input,
                     u.display_name + " is not waiting for activation, so there is no key to print.",
                     "documents.not_pending"};
      users.push_back(std::move(u));
    }
  }
  if (users.empty())
    return Error{Errc::invalid_input, "Nobody is waiting for activation, so there is nothing to print.",
                 "documents.none"};

  Layout layout{ctx.org.name, registration_page(ctx.org), ctx.org.settings.password_policy.min_length};
  std::vector<Sheet> sheets;
  sheets.reserve(users.size());
  boost::json::array ids;
  for (const auto& u : users) {
    ONB_ASSIGN(auto digits, dir_.keyring().unseal(u.activation_key_sealed));
    Sheet sheet{u.display_name, u.email, group_digit_key(digits), registration_link(ctx.org, digits), {}};
    ONB_ASSIGN(sheet.qr, encode_qr(sheet.link));
    sheets.push_back(std::move(sheet));
    ids.emplace_back(u.id);
  }
  RegistrationDocument doc;
  doc.format = request.format;
  doc.pages = sheets.size();
  if (request.format == DocumentFormat::pdf) {
    ONB_ASSIGN(doc.content, render_pdf(layout, sheets));
  } else {
    doc.content = render_html(layout, sheets);
  }
  const AuditEvent ev[] = {make_audit(
      dir_.clock(), ctx.org.id, ctx.user.id, "registration_documents.printed", ctx.org.id,
      {{"format", request.format == DocumentFormat::pdf ? "pdf" : "html"}, {"user_ids", std::move(ids)}})};
  ONB_TRY(storage.append_audit(ev));
  return doc;
}

}  // namespace v1
}  // namespace onboard
