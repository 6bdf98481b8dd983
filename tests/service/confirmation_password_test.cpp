// Confirming a self-registration takes the password chosen when registering,
// written as the attack: a squatter registers the CEO's address with their
// own password; the real CEO, puzzled by the mail, opens the link on the
// host's page. Without the password check the CEO's click would activate the
// squatter's account, and the squatter would sign in as the CEO.
#include <doctest/doctest.h>

#include "confirmation_helpers.hpp"
#include "onboard/registrations.hpp"
#include "onboard/signup_links.hpp"
#include "service_fixture.hpp"

using namespace onboard;
using namespace onboard::test;

namespace {

constexpr const char* kSquatterPassword = "squatter chose this password 77";
constexpr const char* kWrongPasswordMessage =
    "The password is not the one chosen when registering; if you did not register, ignore the mail and the "
    "claim lapses.";

IssuedSignupLink open_link(World& w) {
  auto issued = SignupLinks(*w.dir).create(w.admin_actor(), {});
  REQUIRE(issued.ok());
  return *issued;
}

Result<LinkRegistration> join(World& w, const IssuedSignupLink& link, const std::string& email,
                              const std::string& password) {
  return SignupLinks(*w.dir).redeem(w.org.id, {link.token, email, "Some One", password, false});
}

UserStatus status_of(World& w, const std::string& user_id) {
  auto user = w.storage->get_user(w.org.id, user_id);
  REQUIRE(user.ok());
  return user->status;
}

}  // namespace

TEST_CASE("the owner of an address who opens a squatter's confirmation link cannot activate the squatter") {
  for (const char* backend : {"memory", "sqlite"}) {
    CAPTURE(backend);
    auto w = make_world(backend);
    auto link = open_link(w);
    REQUIRE(join(w, link, "ceo@acme.example", kSquatterPassword).ok());
    const auto squatter_token = confirmation_token(w, "ceo@acme.example");
    REQUIRE(squatter_token);
    auto seen = EmailConfirmations(*w.dir).inspect_confirmation(w.org.id, *squatter_token);
    REQUIRE(seen.ok());
    const std::string claim_id = seen->user.id;

    // The real CEO clicks "Confirm" and types their own password: refused.
    EmailConfirmations confirmations(*w.dir);
    auto clicked = confirmations.confirm_email(w.org.id, *squatter_token, kGoodPassword, "198.51.100.7");
    REQUIRE_FALSE(clicked.ok());
    CHECK(clicked.error().code == Errc::authentication_failed);
    CHECK(clicked.error().message == kWrongPasswordMessage);
    CHECK(clicked.error().detail_code == "confirmation.wrong_password");
    // Nor with no password at all.
    CHECK(confirmations.confirm_email(w.org.id, *squatter_token, "").error().code ==
          Errc::authentication_failed);
    // The link is still unused and the claim still waiting; nobody signs in.
    CHECK(confirmations.inspect_confirmation(w.org.id, *squatter_token).ok());
    CHECK(status_of(w, claim_id) == UserStatus::pending_verification);
    CHECK(w.dir->authenticate(w.org.id, "ceo@acme.example", kSquatterPassword).error().code ==
          Errc::authentication_failed);
    CHECK(w.dir->authenticate(w.org.id, "ceo@acme.example", kGoodPassword).error().code ==
          Errc::authentication_failed);

    // The CEO registers with their own password: a new link, which their password confirms.
    REQUIRE(join(w, link, "ceo@acme.example", kGoodPassword).ok());
    CHECK(status_of(w, claim_id) == UserStatus::deleted);
    const User ceo = confirm_from_mailbox(w, "ceo@acme.example", kGoodPassword);
    CHECK(ceo.status == UserStatus::active);
    CHECK(ceo.id != claim_id);
    CHECK(w.dir->authenticate(w.org.id, "ceo@acme.example", kGoodPassword).ok());
    CHECK(w.dir->authenticate(w.org.id, "ceo@acme.example", kSquatterPassword).error().code ==
          Errc::authentication_failed);
    // The squatter's link, even with the squatter's password, is dead.
    CHECK(confirmations.confirm_email(w.org.id, *squatter_token, kSquatterPassword).error().code ==
          Errc::not_found);
  }
}

TEST_CASE("the password chosen when registering confirms, normalized as sign-in normalizes it") {
  auto w = make_world();
  auto link = open_link(w);
  auto key = Registrations(*w.dir).create_key(w.admin_actor(), {"Desk", "", "", "", "", std::nullopt});
  REQUIRE(key.ok());
  // Composed when registering (NFC), decomposed when confirming (NFD).
  const std::string composed = "cr\xc3\xa8me br\xc3\xbbl\xc3\xa9\x65 tangerine kayak 42";
  const std::string decomposed = "cre\xcc\x80me bru\xcc\x82le\xcc\x81\x65 tangerine kayak 42";
  REQUIRE(Registrations(*w.dir)
              .redeem_key(w.org.id, {key->digits, "grace@navy.example", "Grace Hopper", composed, "s", false})
              .ok());
  const User grace = confirm_from_mailbox(w, "grace@navy.example", decomposed);
  CHECK(grace.status == UserStatus::active);
  CHECK(w.dir->authenticate(w.org.id, "grace@navy.example", composed).ok());
}

TEST_CASE(
    "the 101st wrong password at confirmation is throttled even when right, and the link stays unused") {
  auto w = make_world();
  auto link = open_link(w);
  REQUIRE(join(w, link, "ceo@acme.example", kSquatterPassword).ok());
  const auto token = confirmation_token(w, "ceo@acme.example");
  REQUIRE(token);
  EmailConfirmations confirmations(*w.dir);
  for (int i = 0; i < 100; ++i) {
    auto r = confirmations.confirm_email(w.org.id, *token, "guess number " + std::to_string(i),
                                         "203.0.113." + std::to_string(i % 250));
    REQUIRE_FALSE(r.ok());
    REQUIRE(r.error().code == Errc::authentication_failed);
  }
  auto locked = confirmations.confirm_email(w.org.id, *token, kSquatterPassword, "203.0.113.251");
  REQUIRE_FALSE(locked.ok());
  CHECK(locked.error().code == Errc::throttled);
  CHECK(locked.error().detail_code == "throttle.account");
  CHECK(locked.error().message.find("try again at 10:00:00 UTC on 2026-11-21") != std::string::npos);
  // The address's budget is sign-in's: signing in is locked too.
  CHECK(w.dir->authenticate(w.org.id, "ceo@acme.example", kSquatterPassword, "203.0.113.252").error().code ==
        Errc::throttled);
  // Unused all along; after the lock the registrant's password confirms it.
  CHECK(confirmations.inspect_confirmation(w.org.id, *token).ok());
  w.clock->advance(std::chrono::hours{1});
  auto confirmed = confirmations.confirm_email(w.org.id, *token, kSquatterPassword, "203.0.113.251");
  REQUIRE_MESSAGE(confirmed.ok(), (confirmed.ok() ? "" : confirmed.error().message));
  CHECK(confirmed->status == UserStatus::active);
}

TEST_CASE("wrong confirmation passwords from one source are throttled per source across addresses") {
  auto w = make_world();
  auto link = open_link(w);
  for (int i = 0; i < 3; ++i)
    REQUIRE(join(w, link, "person" + std::to_string(i) + "@acme.example", kGoodPassword).ok());
  std::vector<std::string> tokens;
  for (int i = 0; i < 3; ++i) {
    auto t = confirmation_token(w, "person" + std::to_string(i) + "@acme.example");
    REQUIRE(t);
    tokens.push_back(*t);
  }
  EmailConfirmations confirmations(*w.dir);
  for (int i = 0; i < 100; ++i)
    REQUIRE(confirmations.confirm_email(w.org.id, tokens[i % 2], "wrong " + std::to_string(i), "198.51.100.9")
                .error()
                .code == Errc::authentication_failed);
  auto locked = confirmations.confirm_email(w.org.id, tokens[2], kGoodPassword, "198.51.100.9");
  REQUIRE_FALSE(locked.ok());
  CHECK(locked.error().code == Errc::throttled);
  CHECK(locked.error().detail_code == "throttle.source");
  // Another source, the right password: confirmed.
  CHECK(confirmations.confirm_email(w.org.id, tokens[2], kGoodPassword, "198.51.100.10").ok());
}
