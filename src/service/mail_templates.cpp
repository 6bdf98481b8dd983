// The organization's mail templates: list, change (audited), preview.
#include "onboard/mail_templates.hpp"

#include <algorithm>

#include "service/mail_render.hpp"
#include "service/service_support.hpp"

namespace onboard {
inline namespace v1 {
namespace {

Result<void> known(std::string_view locale, std::string_view kind) {
  ONB_TRY(MailTemplates::shipped(locale, kind));
  return success();
}

MailTemplateInfo info_of(const Organization& org, const std::string& locale, const std::string& kind) {
  MailTemplateInfo info;
  info.locale = locale;
  info.kind = kind;
  info.effective = effective_template(org, locale, kind);
  const std::string prefix = locale + "/" + kind + "/";
  info.subject_overridden = org.settings.mail_templates.count(prefix + "subject") != 0;
  info.text_overridden = org.settings.mail_templates.count(prefix + "text") != 0;
  info.html_overridden = org.settings.mail_templates.count(prefix + "html") != 0;
  return info;
}

// Sample values for a preview, as a person would see them.
MailArgs sample_args(const Organization& org, std::string_view locale, Timestamp now) {
  MailArgs args;
  args.set("org", org.name)
      .set("name", "Grace Hopper")
      .set("inviter", "Ada Lovelace")
      .set("admin", "Ada Lovelace")
      .set("role", org.roles.default_or_first().name)
      .set("expires", format_mail_time(now + org.settings.invitation_ttl, org.time_zone, locale))
      .set("page", page_url(org, "invite"))
      .set("sign_in", "grace@example.com")
      .set("email", "grace@example.com")
      .set("sign_in_page", page_url(org, ""))
      .set("generated", "yes")
      .set("via", "link")
      .number("days",
              std::chrono::duration_cast<std::chrono::hours>(org.settings.invitation_ttl).count() / 24);
  return args;
}

}  // namespace

Result<std::vector<MailTemplateInfo>> MailTemplates::list(const Actor& actor, std::string_view locale) {
  ONB_ASSIGN(auto ctx, dir_.authorize(actor, Permission::manage_users));
  if (!locale.empty()) ONB_TRY(known(locale, kinds().front()));
  std::vector<MailTemplateInfo> out;
  for (const auto& l : locales()) {
    if (!locale.empty() && l != locale) continue;
    for (const auto& k : kinds()) out.push_back(info_of(ctx.org, l, k));
  }
  return out;
}

Result<MailTemplateInfo> MailTemplates::change(const Actor& actor, std::string_view locale,
                                               std::string_view kind, const MailTemplateChange& change) {
  ONB_ASSIGN(auto ctx, dir_.authorize(actor, Permission::manage_users));
  ONB_TRY(known(locale, kind));
  const std::string prefix = std::string(locale) + "/" + std::string(kind) + "/";
  const std::pair<const char*, const std::optional<std::string>*> parts[] = {
      {"subject", &change.subject}, {"text", &change.text}, {"html", &change.html}};
  for (const auto& [part, value] : parts)
    if (*value && !(*value)->empty()) ONB_TRY(check_template_part(kind, part, **value));
  auto& storage = DirectoryAccess::storage(dir_);
  Organization org;
  boost::json::array changed;
  ONB_TRY(storage.transaction([&]() -> Result<void> {
    changed.clear();
    ONB_ASSIGN(org, storage.get_organization(ctx.org.id));
    for (const auto& [part, value] : parts) {
      if (!*value) continue;
      if ((*value)->empty())
        org.settings.mail_templates.erase(prefix + part);
      else
        org.settings.mail_templates[prefix + part] = **value;
      changed.emplace_back(part);
    }
    ONB_TRY(storage.update_organization(org));
    const AuditEvent ev[] = {make_audit(dir_.clock(), org.id, ctx.user.id, "org.mail_template_changed",
                                        org.id, {{"locale", locale}, {"kind", kind}, {"parts", changed}})};
    return storage.append_audit(ev);
  }));
  return info_of(org, std::string(locale), std::string(kind));
}

Result<RenderedMail> MailTemplates::preview(const Actor& actor, std::string_view locale,
                                            std::string_view kind) {
  ONB_ASSIGN(auto ctx, dir_.authorize(actor, Permission::manage_users));
  ONB_TRY(known(locale, kind));
  MailRenderer renderer(ctx.org, locale, kind);
  return renderer.render(sample_args(ctx.org, locale, dir_.clock().now()));
}

}  // namespace v1
}  // namespace onboard
