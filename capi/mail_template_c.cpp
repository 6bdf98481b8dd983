// The organization's mail templates: list, change, preview.
#include <boost/json.hpp>

#include "capi_internal.hpp"
#include "onboard/mail_templates.hpp"

using namespace onboard;
using namespace onboard::capi;

namespace {

boost::json::object info_json(const MailTemplateInfo& i) {
  return boost::json::object{{"locale", i.locale},
                             {"kind", i.kind},
                             {"subject", i.effective.subject},
                             {"text", i.effective.text},
                             {"html", i.effective.html},
                             {"subject_overridden", i.subject_overridden},
                             {"text_overridden", i.text_overridden},
                             {"html_overridden", i.html_overridden}};
}

std::optional<std::string> maybe(const char* s) {
  if (s == nullptr) return std::nullopt;
  return std::string(s);
}

}  // namespace

extern "C" {

ONB_API onb_status onb_mail_templates_list_json(char** out, onb_directory* dir, const char* org_id,
                                                const char* actor_id, const char* locale) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    ONB_C_REQUIRE(actor_id);
    auto r = MailTemplates(*dir->directory).list(Actor{org_id, actor_id}, text(locale));
    if (!r) return fail(r.error());
    boost::json::array list;
    for (const auto& i : *r) list.push_back(info_json(i));
    *out = copy_json(list);
    return ONB_OK;
  });
}

ONB_API onb_status onb_mail_template_change(onb_directory* dir, const char* org_id, const char* actor_id,
                                            const char* locale, const char* kind, const char* subject,
                                            const char* text_body, const char* html_body) {
  return guard(__func__, [&] {
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    ONB_C_REQUIRE(actor_id);
    ONB_C_REQUIRE(locale);
    ONB_C_REQUIRE(kind);
    MailTemplateChange change{maybe(subject), maybe(text_body), maybe(html_body)};
    auto r = MailTemplates(*dir->directory).change(Actor{org_id, actor_id}, locale, kind, change);
    if (!r) return fail(r.error());
    return ONB_OK;
  });
}

ONB_API onb_status onb_mail_template_preview_json(char** out, onb_directory* dir, const char* org_id,
                                                  const char* actor_id, const char* locale,
                                                  const char* kind) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    ONB_C_REQUIRE(actor_id);
    ONB_C_REQUIRE(locale);
    ONB_C_REQUIRE(kind);
    auto r = MailTemplates(*dir->directory).preview(Actor{org_id, actor_id}, locale, kind);
    if (!r) return fail(r.error());
    *out = copy_json(boost::json::object{{"subject", r->subject}, {"text", r->text}, {"html", r->html}});
    return ONB_OK;
  });
}

}  // extern "C"
