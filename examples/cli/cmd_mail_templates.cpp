// onboard mail-templates: the organization's mail in its language (list,
// show, set, reset, preview).
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli.hpp"
#include "onboard/mail_templates.hpp"

namespace onboard::cli {
namespace {

std::string file_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError{"cannot read " + path};
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

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

}  // namespace

int cmd_mail_templates(const Args& a, const Globals& g) {
  const std::string sub = a.positional(0, "list, show, set, reset or preview");
  auto s = open_session(g);
  if (!s) return fail(s.error(), g);
  MailTemplates templates(*s->directory);
  const std::string locale = a.option_or("locale", s->org.settings.locale);
  if (sub == "list") {
    a.allow({"locale"});
    auto list = templates.list(s->as_actor(), a.option_or("locale", ""));
    if (!list) return fail(list.error(), g);
    if (g.json) {
      boost::json::array arr;
      for (const auto& i : *list) arr.push_back(info_json(i));
      print_json(boost::json::object{{"items", arr}, {"next_after", nullptr}});
      return exit_ok;
    }
    for (const auto& i : *list)
      std::cout << i.locale << "  " << i.kind << "  \"" << i.effective.subject << "\""
                << (i.subject_overridden || i.text_overridden || i.html_overridden ? "  (own)" : "") << "\n";
    return exit_ok;
  }
  const std::string kind = a.positional(1, "KIND");
  if (sub == "show" || sub == "preview") {
    a.allow({"locale"});
    if (sub == "preview") {
      auto r = templates.preview(s->as_actor(), locale, kind);
      if (!r) return fail(r.error(), g);
      if (g.json)
        print_json(boost::json::object{{"subject", r->subject}, {"text", r->text}, {"html", r->html}});
      else
        std::cout << "Subject: " << r->subject << "\n\n" << r->text;
      return exit_ok;
    }
    auto list = templates.list(s->as_actor(), locale);
    if (!list) return fail(list.error(), g);
    for (const auto& i : *list) {
      if (i.kind != kind) continue;
      if (g.json)
        print_json(info_json(i));
      else
        std::cout << "Subject: " << i.effective.subject << "\n\n"
                  << i.effective.text
                  << (i.effective.html.empty() ? "" : "\n--- HTML ---\n" + i.effective.html);
      return exit_ok;
    }
    auto shipped = MailTemplates::shipped(locale, kind);
    return fail(shipped.error(), g);
  }
  if (sub == "set" || sub == "reset") {
    MailTemplateChange change;
    if (sub == "reset") {
      a.allow({"locale"});
      change.subject = change.text = change.html = std::string();
    } else {
      a.allow({"locale", "subject", "text-file", "html-file"});
      change.subject = a.option("subject");
      if (auto f = a.option("text-file")) change.text = file_text(*f);
      if (auto f = a.option("html-file")) change.html = file_text(*f);
      if (!change.subject && !change.text && !change.html)
        throw UsageError{"mail-templates set needs --subject, --text-file or --html-file"};
    }
    auto r = templates.change(s->as_actor(), locale, kind, change);
    if (!r) return fail(r.error(), g);
    if (g.json)
      print_json(info_json(*r));
    else
      std::cout << "The " << kind << " mail (" << locale << ") of " << s->org.name << " is "
                << (sub == "reset" ? "the shipped one again" : "changed") << ".\n";
    return exit_ok;
  }
  throw UsageError{"mail-templates takes list, show, set, reset or preview"};
}

namespace {
const CommandRegistration cmd_mail_templates_registration{"mail-templates", cmd_mail_templates,
                                                          R"(  mail-templates list [--locale en|de]
  mail-templates show|preview KIND [--locale en|de]   (KIND: invitation, registration_key, activation,
                                    email_confirmation, set_password, login_details, welcome, already_registered)
  mail-templates set KIND [--locale en|de] [--subject S] [--text-file F] [--html-file F]
                                    (ICU MessageFormat; docs/mails.md lists each mail's arguments)
  mail-templates reset KIND [--locale en|de]
)",
                                                          85};
}  // namespace

}  // namespace onboard::cli
