// The organization's mail in its language: templates per locale and kind
// (English and German shipped), each a subject, a plain-text body and an
// HTML body, in ICU MessageFormat ("{org}", "{days, plural, one {# day}
// other {# days}}"). An organization may override any of them; docs/mails.md
// lists the kinds and the arguments each gets.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "onboard/core/error.hpp"
#include "onboard/directory.hpp"

namespace onboard {
inline namespace v1 {

struct MailTemplate {
  std::string subject;
  std::string text;
  std::string html;  // empty: made from the text (paragraphs, links)
};

// What a template made, placeholders ("{secret}", "{secret_link}") still in.
struct RenderedMail {
  std::string subject;
  std::string text;
  std::string html;
};

// One template as an organization has it.
struct MailTemplateInfo {
  std::string locale;
  std::string kind;
  MailTemplate effective;  // the override where there is one, else the shipped one
  bool subject_overridden = false;
  bool text_overridden = false;
  bool html_overridden = false;
};

// A change: a field not set keeps its current value; set to "" returns to
// the shipped template.
struct MailTemplateChange {
  std::optional<std::string> subject;
  std::optional<std::string> text;
  std::optional<std::string> html;
};

class MailTemplates {
 public:
  explicit MailTemplates(Directory& directory) : dir_(directory) {}

  // "en", "de".
  static const std::vector<std::string>& locales();
  // invitation, registration_key, activation, email_confirmation,
  // set_password, login_details, welcome, already_registered.
  static const std::vector<std::string>& kinds();
  // The shipped template. Errors: invalid_input (unknown locale or kind).
  static Result<MailTemplate> shipped(std::string_view locale, std::string_view kind);

  // The organization's templates (the actor needs manage_users), every
  // locale and kind, or one locale when `locale` is not empty.
  Result<std::vector<MailTemplateInfo>> list(const Actor& actor, std::string_view locale = {});
  // Overrides parts of one template (the actor needs manage_users, as for
  // every organization setting; audited as "org.mail_template_changed"). Each part
  // must be valid MessageFormat using only the kind's arguments; a body of
  // a kind with a secret must keep "{secret_link}" or "{secret}". Errors:
  // invalid_input naming the part and what is wrong, permission_denied.
  Result<MailTemplateInfo> change(const Actor& actor, std::string_view locale, std::string_view kind,
                                  const MailTemplateChange& change);
  // The template filled in with sample values, as a person would get it.
  Result<RenderedMail> preview(const Actor& actor, std::string_view locale, std::string_view kind);

 private:
  Directory& dir_;
};

}  // namespace v1
}  // namespace onboard
