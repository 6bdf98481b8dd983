// The shipped mail templates, English and German, in ICU MessageFormat.
// docs/mails.md lists each kind's arguments; the tests render every one.
#include <array>

#include "onboard/mail_templates.hpp"
#include "service/mail_render.hpp"

namespace onboard {
inline namespace v1 {
namespace {

struct Shipped {
  const char* locale;
  const char* kind;
  const char* subject;
  const char* text;
};

// No HTML of their own: it is made from the text (text_to_html).
constexpr std::array kShipped = {
    Shipped{"en", "invitation", "You are invited to join {org}",
            "Hello,\n\n{inviter} invited you to join {org} as {role}.\n\n"
            "Accept the invitation: {secret_link}\n\n"
            "If the link does not open, go to {page} and paste this code: {secret}\n\n"
            "The invitation works once and expires on {expires} "
            "(in {days, plural, one {# day} other {# days}}).\n"
            "If you did not expect this invitation, you can ignore this message.\n"},
    Shipped{
        "de", "invitation", "Einladung zu {org}",
        "Hallo,\n\n{inviter} hat Sie zu {org} als {role} eingeladen.\n\n"
        "Einladung annehmen: {secret_link}\n\n"
        "Falls sich der Link nicht öffnet, gehen Sie zu {page} und fügen Sie diesen Code ein: {secret}\n\n"
        "Die Einladung gilt einmal und läuft am {expires} ab "
        "(in {days, plural, one {# Tag} other {# Tagen}}).\n"
        "Wenn Sie diese Einladung nicht erwartet haben, können Sie diese Nachricht ignorieren.\n"},
    Shipped{"en", "registration_key", "Your account at {org}",
            "Hello {name},\n\n{admin} created an account for you at {org}.\n\n"
            "To activate it, open {secret_link} and choose a password.\n\n"
            "If the link does not open, go to {page} and enter your registration key:\n\n    {secret}\n\n"
            "The key works once. If you did not expect this message, you can ignore it.\n"},
    Shipped{"de", "registration_key", "Ihr Konto bei {org}",
            "Hallo {name},\n\n{admin} hat für Sie ein Konto bei {org} angelegt.\n\n"
            "Zum Aktivieren öffnen Sie {secret_link} und wählen ein Passwort.\n\n"
            "Falls sich der Link nicht öffnet, gehen Sie zu {page} und geben Sie Ihren "
            "Registrierungsschlüssel ein:\n\n    {secret}\n\n"
            "Der Schlüssel gilt einmal. Wenn Sie diese Nachricht nicht erwartet haben, können Sie sie "
            "ignorieren.\n"},
    Shipped{"en", "activation", "Activate your account at {org}",
            "Hello {name},\n\nan account at {org} was created for you. To activate it, open {secret_link} "
            "and choose a password.\n\n"
            "If the link does not open, go to {page} and enter this registration key:\n\n    {secret}\n\n"
            "The key works once.\n"},
    Shipped{"de", "activation", "Aktivieren Sie Ihr Konto bei {org}",
            "Hallo {name},\n\nfür Sie wurde ein Konto bei {org} angelegt. Zum Aktivieren öffnen Sie "
            "{secret_link} und wählen ein Passwort.\n\n"
            "Falls sich der Link nicht öffnet, gehen Sie zu {page} und geben Sie diesen "
            "Registrierungsschlüssel ein:\n\n    {secret}\n\n"
            "Der Schlüssel gilt einmal.\n"},
    Shipped{"en", "email_confirmation", "Confirm your email address for {org}",
            "Hello {name},\n\nsomeone, we hope you, registered at {org} with this email address. Confirm it, "
            "with the password you chose when registering, to activate the account: {secret_link}\n\n"
            "If the link does not open, go to {page} and paste this code: {secret}\n\n"
            "The link works once and expires on {expires}.\n"
            "If this was not you, ignore this message: without the confirmation nobody can sign in, and the "
            "claim lapses.\n"},
    Shipped{
        "de", "email_confirmation", "Bestätigen Sie Ihre E-Mail-Adresse für {org}",
        "Hallo {name},\n\njemand, hoffentlich Sie, hat sich bei {org} mit dieser E-Mail-Adresse "
        "registriert. Bestätigen Sie sie mit dem Passwort, das Sie bei der Registrierung gewählt haben, "
        "um das Konto zu aktivieren: {secret_link}\n\n"
        "Falls sich der Link nicht öffnet, gehen Sie zu {page} und fügen Sie diesen Code ein: {secret}\n\n"
        "Der Link gilt einmal und läuft am {expires} ab.\n"
        "Waren Sie das nicht, ignorieren Sie diese Nachricht: ohne die Bestätigung kann sich niemand "
        "anmelden, und die Registrierung verfällt.\n"},
    Shipped{"en", "set_password", "Choose your password for {org}",
            "Hello {name},\n\nan account at {org} was created for you (sign in as {sign_in}).\n\n"
            "Choose your password here: {secret_link}\n\n"
            "If the link does not open, go to {page} and paste this code: {secret}\n\n"
            "The link works once and expires on {expires}.\n"},
    Shipped{
        "de", "set_password", "Wählen Sie Ihr Passwort für {org}",
        "Hallo {name},\n\nfür Sie wurde ein Konto bei {org} angelegt (Anmeldung als {sign_in}).\n\n"
        "Wählen Sie hier Ihr Passwort: {secret_link}\n\n"
        "Falls sich der Link nicht öffnet, gehen Sie zu {page} und fügen Sie diesen Code ein: {secret}\n\n"
        "Der Link gilt einmal und läuft am {expires} ab.\n"},
    Shipped{"en", "login_details", "Your account at {org}",
            "Hello {name},\n\nan account at {org} was created for you.\nSign in as {sign_in} "
            "{generated, select, yes {with this password: {secret}\n"
            "You will be asked to choose your own password.} "
            "other {with the password your administrator gave you.}}\n"},
    Shipped{"de", "login_details", "Ihr Konto bei {org}",
            "Hallo {name},\n\nfür Sie wurde ein Konto bei {org} angelegt.\nMelden Sie sich als {sign_in} "
            "{generated, select, yes {mit diesem Passwort an: {secret}\n"
            "Sie werden gebeten, ein eigenes Passwort zu wählen.} "
            "other {mit dem Passwort an, das Ihnen Ihr Administrator gegeben hat.}}\n"},
    Shipped{"en", "welcome", "Welcome to {org}",
            "Hello {name},\n\nyour account at {org} is ready. Sign in at {sign_in_page} with {email} and the "
            "password you chose.\n"},
    Shipped{
        "de", "welcome", "Willkommen bei {org}",
        "Hallo {name},\n\nIhr Konto bei {org} ist bereit. Melden Sie sich unter {sign_in_page} mit {email} "
        "und dem gewählten Passwort an.\n"},
    Shipped{
        "en", "already_registered", "Your account at {org}",
        "Hello {name},\n\nsomeone used {via, select, key {a registration key} other {a registration link}} "
        "of {org} with this email address, which already has an account. No second account was made.\n\n"
        "Sign in at {sign_in_page}; if you forgot your password, reset it there. If this was not you, you "
        "can ignore this message.\n"},
    Shipped{
        "de", "already_registered", "Ihr Konto bei {org}",
        "Hallo {name},\n\njemand hat {via, select, key {einen Registrierungsschlüssel} "
        "other {einen Registrierungslink}} von {org} mit dieser E-Mail-Adresse verwendet, zu der es schon "
        "ein Konto gibt. Es wurde kein zweites Konto angelegt.\n\n"
        "Melden Sie sich unter {sign_in_page} an; falls Sie Ihr Passwort vergessen haben, setzen Sie es "
        "dort zurück. Waren Sie das nicht, können Sie diese Nachricht ignorieren.\n"},
};

}  // namespace

Result<MailTemplate> MailTemplates::shipped(std::string_view locale, std::string_view kind) {
  for (const Shipped& s : kShipped)
    if (locale == s.locale && kind == s.kind) return MailTemplate{s.subject, s.text, ""};
  const bool known_locale = locale == "en" || locale == "de";
  if (!known_locale)
    return Error{
        Errc::invalid_input,
        "There are no mail templates for \"" + std::string(locale.substr(0, 20)) + "\"; use en or de.",
        "mail.locale"};
  std::string names;
  for (const auto& k : kinds()) names += (names.empty() ? "" : ", ") + k;
  return Error{
      Errc::invalid_input,
      "There is no mail called \"" + std::string(kind.substr(0, 40)) + "\"; the mails are " + names + ".",
      "mail.kind"};
}

const std::vector<std::string>& MailTemplates::locales() {
  static const std::vector<std::string> all = {"en", "de"};
  return all;
}

const std::vector<std::string>& MailTemplates::kinds() {
  static const std::vector<std::string> all = {
      "invitation",   "registration_key", "activation", "email_confirmation",
      "set_password", "login_details",    "welcome",    "already_registered"};
  return all;
}

const std::vector<std::string>& mail_arguments(std::string_view kind) {
  static const std::vector<std::string> none;
  static const std::vector<std::pair<std::string, std::vector<std::string>>> table = {
      {"invitation", {"org", "inviter", "role", "expires", "days", "page", "secret", "secret_link"}},
      {"registration_key", {"org", "name", "admin", "page", "secret", "secret_link"}},
      {"activation", {"org", "name", "page", "secret", "secret_link"}},
      {"email_confirmation", {"org", "name", "expires", "page", "secret", "secret_link"}},
      {"set_password", {"org", "name", "sign_in", "expires", "page", "secret", "secret_link"}},
      {"login_details", {"org", "name", "sign_in", "generated", "secret"}},
      {"welcome", {"org", "name", "email", "sign_in_page"}},
      {"already_registered", {"org", "name", "via", "sign_in_page"}},
  };
  for (const auto& [k, args] : table)
    if (k == kind) return args;
  return none;
}

}  // namespace v1
}  // namespace onboard
