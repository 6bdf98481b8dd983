// ICU MessageFormat over the mail templates; dates in the organization's zone.
#include "service/mail_render.hpp"

#include <unicode/locid.h>
#include <unicode/msgfmt.h>
#include <unicode/smpdtfmt.h>
#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <set>

namespace onboard {
inline namespace v1 {
namespace {

icu::UnicodeString u(std::string_view s) {
  return icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
}

std::string utf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

icu::Locale icu_locale(std::string_view locale) {
  // en_GB: day-month order and zone names such as "CET" that people in Europe read.
  return locale == "de" ? icu::Locale("de", "DE") : icu::Locale("en", "GB");
}

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (char c : s) {
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

std::unique_ptr<icu::MessageFormat> compile(std::string_view pattern, std::string_view locale,
                                            std::string* problem = nullptr) {
  UErrorCode status = U_ZERO_ERROR;
  UParseError parse{};
  auto format = std::make_unique<icu::MessageFormat>(u(pattern), icu_locale(locale), parse, status);
  if (U_FAILURE(status)) {
    if (problem != nullptr)
      *problem = "it is not valid MessageFormat near character " + std::to_string(parse.offset + 1) +
                 " (check the braces; a literal brace is written '{' in single quotes)";
    return nullptr;
  }
  return format;
}

std::string format(const icu::MessageFormat& f, const MailArgs& args, bool escape) {
  std::vector<icu::UnicodeString> names;
  std::vector<icu::Formattable> values;
  names.reserve(args.text.size() + args.numbers.size());
  values.reserve(args.text.size() + args.numbers.size());
  for (const auto& [name, value] : args.text) {
    names.push_back(u(name));
    values.emplace_back(u(escape ? html_escape(value) : value));
  }
  for (const auto& [name, value] : args.numbers) {
    names.push_back(u(name));
    values.emplace_back(static_cast<int64_t>(value));
  }
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString out;
  f.format(names.data(), values.data(), static_cast<int32_t>(names.size()), out, status);
  if (U_FAILURE(status)) return {};
  return utf8(out);
}

const std::string kSecret = "{secret}";
const std::string kSecretLink = "{secret_link}";

}  // namespace

std::string mail_locale(std::string_view locale) {
  if (locale.size() >= 2 && (locale[0] == 'd' || locale[0] == 'D') &&
      (locale[1] == 'e' || locale[1] == 'E') && (locale.size() == 2 || locale[2] == '-' || locale[2] == '_'))
    return "de";
  return "en";
}

std::string format_mail_time(Timestamp t, std::string_view time_zone, std::string_view locale) {
  UErrorCode status = U_ZERO_ERROR;
  const bool de = mail_locale(locale) == "de";
  icu::SimpleDateFormat f(u(de ? "d. MMMM y, HH:mm z" : "d MMMM y, HH:mm z"), icu_locale(de ? "de" : "en"),
                          status);
  if (U_FAILURE(status)) return format_iso8601(t);
  f.adoptTimeZone(icu::TimeZone::createTimeZone(u(time_zone)));
  icu::UnicodeString out;
  f.format(static_cast<UDate>(t.time_since_epoch().count()) * 1000.0, out);
  return utf8(out);
}

MailTemplate effective_template(const Organization& org, std::string_view locale, std::string_view kind) {
  const std::string loc = mail_locale(locale);
  auto shipped = MailTemplates::shipped(loc, kind);
  MailTemplate t = shipped ? std::move(shipped).value() : MailTemplate{};
  const std::string prefix = loc + "/" + std::string(kind) + "/";
  const auto& overrides = org.settings.mail_templates;
  if (auto it = overrides.find(prefix + "subject"); it != overrides.end()) t.subject = it->second;
  if (auto it = overrides.find(prefix + "text"); it != overrides.end()) t.text = it->second;
  if (auto it = overrides.find(prefix + "html"); it != overrides.end()) t.html = it->second;
  return t;
}

Result<void> check_template_part(std::string_view kind, std::string_view part, std::string_view text) {
  const auto refuse = [&](const std::string& why) {
    return Error{Errc::invalid_input,
                 "The " + std::string(part) + " of the " + std::string(kind) + " mail: " + why + ".",
                 "mail.template"};
  };
  if (text.size() > 20000) return refuse("it is longer than 20,000 bytes");
  std::string problem;
  auto f = compile(text, "en", &problem);
  if (!f) return refuse(problem);
  const auto& allowed = mail_arguments(kind);
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::StringEnumeration> names(f->getFormatNames(status));
  if (U_SUCCESS(status) && names) {
    const icu::UnicodeString* name = nullptr;
    while ((name = names->snext(status)) != nullptr && U_SUCCESS(status)) {
      const std::string n = utf8(*name);
      if (std::find(allowed.begin(), allowed.end(), n) == allowed.end()) {
        std::string list;
        for (const auto& a : allowed) list += (list.empty() ? "{" : ", {") + a + "}";
        return refuse("it uses {" + n.substr(0, 40) + "}, which this mail does not have; it has " + list);
      }
    }
  }
  // A body of a mail that carries a secret must still carry it.
  const bool secret_kind = std::find(allowed.begin(), allowed.end(), "secret") != allowed.end();
  if (secret_kind && part != "subject" && text.find(kSecretLink) == std::string_view::npos &&
      text.find(kSecret) == std::string_view::npos)
    return refuse("it must keep {secret_link} or {secret}, or the person gets nothing to use");
  if (part == "subject" &&
      (text.find(kSecretLink) != std::string_view::npos || text.find(kSecret) != std::string_view::npos))
    return refuse("a subject never carries the secret (it is shown in lists and logs)");
  return success();
}

struct MailRenderer::Compiled {
  std::unique_ptr<icu::MessageFormat> subject, text, html;
};

MailRenderer::MailRenderer(const Organization& org, std::string_view locale, std::string_view kind)
    : locale_(mail_locale(locale)), compiled_(std::make_unique<Compiled>()) {
  MailTemplate t = effective_template(org, locale_, kind);
  auto shipped = MailTemplates::shipped(locale_, kind);
  // An override that no longer compiles (it was checked when set) falls back to the shipped part.
  const auto part = [&](const std::string& mine, const std::string& fallback) {
    auto f = compile(mine, locale_);
    if (!f && !fallback.empty()) f = compile(fallback, locale_);
    return f;
  };
  compiled_->subject = part(t.subject, shipped ? shipped->subject : "");
  compiled_->text = part(t.text, shipped ? shipped->text : "");
  if (!t.html.empty()) compiled_->html = compile(t.html, locale_);
}

MailRenderer::~MailRenderer() = default;
MailRenderer::MailRenderer(MailRenderer&&) noexcept = default;
MailRenderer& MailRenderer::operator=(MailRenderer&&) noexcept = default;

RenderedMail MailRenderer::render(const MailArgs& args) const {
  MailArgs with_secrets = args;
  with_secrets.set("secret", kSecret).set("secret_link", kSecretLink);
  RenderedMail out;
  if (compiled_->subject) out.subject = format(*compiled_->subject, with_secrets, false);
  if (compiled_->text) out.text = format(*compiled_->text, with_secrets, false);
  // A subject is one line.
  std::replace(out.subject.begin(), out.subject.end(), '\n', ' ');
  std::replace(out.subject.begin(), out.subject.end(), '\r', ' ');
  if (compiled_->html)
    out.html = format(*compiled_->html, with_secrets, true);
  else
    out.html = text_to_html(out.text, locale_);
  return out;
}

std::string text_to_html(std::string_view text, std::string_view lang) {
  std::string body;
  bool open = false;
  std::size_t i = 0;
  const auto starts = [&](std::string_view p) { return text.substr(i, p.size()) == p; };
  while (i < text.size()) {
    if (text[i] == '\n') {
      std::size_t n = 0;
      while (i + n < text.size() && text[i + n] == '\n') ++n;
      if (open) body += n >= 2 ? "</p>\n" : "<br>\n";
      if (n >= 2) open = false;
      i += n;
      continue;
    }
    if (!open) {
      body += "<p>";
      open = true;
    }
    if (starts("https://") || starts("http://") || starts(kSecretLink)) {
      std::size_t end = i;
      while (end < text.size() && text[end] != ' ' && text[end] != '\n' && text[end] != '\t') ++end;
      while (end > i && std::string_view(".,;:)").find(text[end - 1]) != std::string_view::npos) --end;
      const std::string link = html_escape(text.substr(i, end - i));
      body += "<a href=\"";
      body += link;
      body += "\">";
      body += link;
      body += "</a>";
      i = end;
      continue;
    }
    const std::size_t from = i;
    while (i < text.size() && text[i] != '\n' && !starts("https://") && !starts("http://") &&
           !starts(kSecretLink))
      ++i;
    body += html_escape(text.substr(from, i - from));
  }
  if (open) body += "</p>\n";
  return "<!DOCTYPE html>\n<html lang=\"" + std::string(lang) + "\"><body>\n" + body + "</body></html>\n";
}

}  // namespace v1
}  // namespace onboard
