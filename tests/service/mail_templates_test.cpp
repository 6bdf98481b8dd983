// Messages in the organization's language: shipped English and German
// templates, ICU MessageFormat for plurals and dates in the organization's
// time zone, HTML beside the text, per-organization overrides.
#include <doctest/doctest.h>

#include "onboard/mail_templates.hpp"
#include "onboard/registrations.hpp"
#include "service/mail_render.hpp"
#include "service_fixture.hpp"

using namespace onboard;
using namespace onboard::test;

namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

void set_org(World& w, const std::string& locale, const std::string& zone) {
  OrganizationChange change;
  change.locale = locale;
  change.time_zone = zone;
  auto changed = w.dir->change_organization(w.admin_actor(), change);
  REQUIRE_MESSAGE(changed.ok(), (changed.ok() ? "" : changed.error().message));
  w.org = *changed;
}

std::vector<ClaimedMessage> claim_all(World& w) {
  auto claimed = w.dir->claim_outbox(w.org.id, 1000);
  REQUIRE(claimed.ok());
  for (const auto& m : *claimed) REQUIRE(w.dir->ack_outbox(w.org.id, m.message.id).ok());
  return *claimed;
}

}  // namespace

TEST_CASE("every shipped template renders in English and German with every argument") {
  auto w = make_world();
  for (const auto& locale : MailTemplates::locales())
    for (const auto& kind : MailTemplates::kinds()) {
      CAPTURE(locale);
      CAPTURE(kind);
      auto shipped = MailTemplates::shipped(locale, kind);
      REQUIRE(shipped.ok());
      CHECK(check_template_part(kind, "subject", shipped->subject).ok());
      CHECK(check_template_part(kind, "text", shipped->text).ok());
      auto preview = MailTemplates(*w.dir).preview(w.admin_actor(), locale, kind);
      REQUIRE(preview.ok());
      CHECK_FALSE(preview->subject.empty());
      CHECK(contains(preview->text, "Grace Hopper") + contains(preview->text, "Ada Lovelace") +
                contains(preview->text, "Hello,") + contains(preview->text, "Hallo,") >=
            1);
      CHECK(contains(preview->html, "<html lang=\"" + locale + "\">"));
    }
}

TEST_CASE("dates are in the organization's time zone and language") {
  const Timestamp t = *parse_iso8601("2026-03-09T09:00:00Z");
  CHECK(format_mail_time(t, "Europe/Berlin", "en") == "9 March 2026, 10:00 CET");
  CHECK(format_mail_time(t, "Europe/Berlin", "de") == "9. März 2026, 10:00 MEZ");
}

TEST_CASE("an invitation in German says when it expires in Berlin time, with a plural") {
  auto w = make_world();
  set_org(w, "de", "Europe/Berlin");
  auto issued = w.dir->invite(w.admin_actor(), {"bob@acme.example", "User", "", ""});
  REQUIRE(issued.ok());
  CHECK(issued->invitation.locale == "de");
  auto mail = claim_all(w);
  REQUIRE(mail.size() == 1);
  CHECK(mail[0].message.subject == "Einladung zu Acme");
  CHECK(contains(mail[0].body, "läuft am 28. November 2026, 10:00 MEZ ab (in 7 Tagen)"));
  CHECK(contains(mail[0].body, "https://acme.example/invite/" + issued->token));
  CHECK(contains(mail[0].html, "<a href=\"https://acme.example/invite/" + issued->token + "\">"));
  CHECK_FALSE(contains(mail[0].message.html_body, issued->token));  // sealed at rest in the HTML too
}

TEST_CASE("an invitation keeps its language across resends") {
  auto w = make_world();
  auto issued = w.dir->invite(w.admin_actor(), {"bob@acme.example", "User", "", ""});
  REQUIRE(issued.ok());
  claim_all(w);
  set_org(w, "de", "UTC");
  auto resent = w.dir->resend_invitation(w.admin_actor(), issued->invitation.id);
  REQUIRE(resent.ok());
  auto mail = claim_all(w);
  REQUIRE(mail.size() == 1);
  CHECK(mail[0].message.subject == "You are invited to join Acme");
  CHECK(contains(mail[0].body, "(in 7 days)"));
}

TEST_CASE("an organization's own template replaces the shipped one and is checked") {
  auto w = make_world();
  MailTemplates templates(*w.dir);
  MailTemplateChange change;
  change.subject = "Join {org} today";
  change.text =
      "Hi! {inviter} wants you in {org}: {secret_link} (code {secret}), {days, plural, one {# day} "
      "other {# days}} left.";
  change.html = "<p>{inviter} wants you: <a href=\"{secret_link}\">join</a></p>";
  auto changed = templates.change(w.admin_actor(), "en", "invitation", change);
  REQUIRE_MESSAGE(changed.ok(), (changed.ok() ? "" : changed.error().message));
  CHECK(changed->subject_overridden);
  auto issued = w.dir->invite(w.admin_actor(), {"bob@acme.example", "User", "", ""});
  REQUIRE(issued.ok());
  auto mail = claim_all(w);
  REQUIRE(mail.size() == 1);
  CHECK(mail[0].message.subject == "Join Acme today");
  CHECK(contains(mail[0].body, "(code " + issued->token + "), 7 days left."));
  CHECK(contains(mail[0].html, "<a href=\"https://acme.example/invite/" + issued->token + "\">join</a>"));

  // Refused: broken syntax, an argument the mail does not have, a body without the secret, a secret in the
  // subject.
  for (const auto& [part, text] :
       std::vector<std::pair<std::string, std::string>>{{"text", "Hello {org"},
                                                        {"text", "Hello {password} {secret}"},
                                                        {"text", "Hello {org}"},
                                                        {"subject", "Code {secret}"}}) {
    CAPTURE(text);
    MailTemplateChange bad;
    (part == "text" ? bad.text : bad.subject) = text;
    auto refused = templates.change(w.admin_actor(), "en", "invitation", bad);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == Errc::invalid_input);
    CHECK(refused.error().detail_code == "mail.template");
  }
  // Back to the shipped template.
  MailTemplateChange reset;
  reset.subject = "";
  reset.text = "";
  reset.html = "";
  REQUIRE(templates.change(w.admin_actor(), "en", "invitation", reset).ok());
  auto again = w.dir->invite(w.admin_actor(), {"carol@acme.example", "User", "", ""});
  REQUIRE(again.ok());
  CHECK(claim_all(w).at(0).message.subject == "You are invited to join Acme");
}

TEST_CASE("arguments are escaped in HTML") {
  auto w = make_world();
  NewPrecreatedUser req;
  req.first_name = "<b>Grace";
  req.last_name = "Hopper</b>";
  req.email = "grace@acme.example";
  auto issued = Registrations(*w.dir).create_user(w.admin_actor(), req);
  REQUIRE_MESSAGE(issued.ok(), (issued.ok() ? "" : issued.error().message));
  auto mail = claim_all(w);
  REQUIRE(mail.size() == 1);
  CHECK_FALSE(contains(mail[0].html, "<b>"));
  CHECK(contains(mail[0].html, "&lt;b&gt;Grace"));
}

TEST_CASE("an unknown locale or mail kind is refused naming the choices") {
  auto w = make_world();
  MailTemplateChange change;
  change.subject = "x";
  auto bad_locale = MailTemplates(*w.dir).change(w.admin_actor(), "fr", "invitation", change);
  REQUIRE_FALSE(bad_locale.ok());
  CHECK(contains(bad_locale.error().message, "use en or de"));
  auto bad_kind = MailTemplates(*w.dir).change(w.admin_actor(), "en", "postcard", change);
  REQUIRE_FALSE(bad_kind.ok());
  CHECK(contains(bad_kind.error().message, "invitation"));
}
