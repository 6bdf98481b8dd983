// Filling the organization's mail templates (include/onboard/mail_templates.hpp)
// with ICU MessageFormat, for the use cases that queue messages.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "onboard/core/clock.hpp"
#include "onboard/mail_templates.hpp"
#include "onboard/model/organization.hpp"

namespace onboard {
inline namespace v1 {

// Named arguments: text, or a number (for plural and select).
struct MailArgs {
  std::vector<std::pair<std::string, std::string>> text;
  std::vector<std::pair<std::string, std::int64_t>> numbers;

  MailArgs& set(std::string name, std::string value) {
    text.emplace_back(std::move(name), std::move(value));
    return *this;
  }
  MailArgs& number(std::string name, std::int64_t value) {
    numbers.emplace_back(std::move(name), value);
    return *this;
  }
};

// The shipped locale nearest `locale` ("de-AT" -> "de"; unknown -> "en").
std::string mail_locale(std::string_view locale);

// An instant as a person in the organization reads it, in the locale:
// "9 March 2026, 10:00 CET", "9. März 2026, 10:00 MEZ".
std::string format_mail_time(Timestamp t, std::string_view time_zone, std::string_view locale);

// The template of (locale, kind) as the organization has it.
MailTemplate effective_template(const Organization& org, std::string_view locale, std::string_view kind);

// Checks one part of a template: valid MessageFormat, arguments only those
// the kind gets. Errors: invalid_input naming the part and the problem.
Result<void> check_template_part(std::string_view kind, std::string_view part, std::string_view text);

// The arguments `kind` gets (for checks, previews and docs/mails.md).
const std::vector<std::string>& mail_arguments(std::string_view kind);

// The compiled templates of one (organization, locale, kind); render() may
// be called for many messages (an import renders one per person). Not
// shared between threads.
class MailRenderer {
 public:
  MailRenderer(const Organization& org, std::string_view locale, std::string_view kind);
  ~MailRenderer();
  MailRenderer(MailRenderer&&) noexcept;
  MailRenderer& operator=(MailRenderer&&) noexcept;

  // Subject, text and HTML; "{secret}" and "{secret_link}" stay for the
  // outbox to fill on claim. In the HTML, arguments are escaped.
  RenderedMail render(const MailArgs& args) const;
  const std::string& locale() const noexcept { return locale_; }

 private:
  struct Compiled;
  std::string locale_;
  std::unique_ptr<Compiled> compiled_;
};

// The HTML made from a plain-text body when a template has no HTML of its
// own: escaped, paragraphs, and links (and "{secret_link}") made clickable.
std::string text_to_html(std::string_view text, std::string_view lang);

}  // namespace v1
}  // namespace onboard
