#include <doctest/doctest.h>

#include "confirmation_helpers.hpp"
#include "onboard/registrations.hpp"
#include "onboard/secrets/digit_key.hpp"
#include "onboard/storage/faulty_storage.hpp"
#include "service_fixture.hpp"

using namespace onboard;
using namespace onboard::test;
using std::chrono::seconds;

namespace {

IssuedRegistrationKey make_key(World& w, NewRegistrationKey req = {}) {
  if (req.label.empty()) req.label = "Front desk";
  auto issued = Registrations(*w.dir).create_key(w.admin_actor(), req);
  REQUIRE_MESSAGE(issued.ok(), (issued.ok() ? "" : issued.error().message));
  return *issued;
}

Result<KeyRegistration> redeem(World& w, const std::string& key,
                               const std::string& email = "grace@navy.example",
                               const std::string& source = "198.51.100.7", bool email_verified = false) {
  return Registrations(*w.dir).redeem_key(
      w.org.id, {key, email, "Grace Hopper", kGoodPassword, source, email_verified});
}

template <class T>
Errc code_of(const Result<T>& r) {
  return r.ok() ? Errc::ok : r.error().code;
}

std::string full_width(const std::string& digits) {
  std::string out;
  for (char c : digits) out += std::string{'\xef', '\xbc', static_cast<char>(0x90 + (c - '0'))};
  return out;
}

// The same key with its last digit changed: the check digit no longer fits.
std::string with_typo(std::string digits) {
  digits.back() = digits.back() == '9' ? '0' : static_cast<char>(digits.back() + 1);
  return digits;
}

}  // namespace

TEST_CASE("a 10-digit key is shown once, grouped, and stored only as a hash and a sealed copy") {
  auto w = make_world();
  auto issued = make_key(w, {"Front desk", "Manager", "Sales", "London", "", 5});
  CHECK(issued.digits.size() == 10);
  CHECK(damm_valid(issued.digits));
  CHECK(issued.grouped == issued.digits.substr(0, 5) + " " + issued.digits.substr(5));
  CHECK(issued.key.key_hash == w.dir->keyring().hmac(KeyPurpose::org_key, issued.digits));
  CHECK(issued.key.key_hash.find(issued.digits) == std::string::npos);
  CHECK(*w.dir->keyring().unseal(issued.key.key_sealed) == issued.digits);
  auto stored = w.storage->get_registration_key(w.org.id, issued.key.id);
  REQUIRE(stored.ok());
  CHECK(stored->role == "Manager");
  CHECK(stored->team == "Sales");
  CHECK(stored->office == "London");
  CHECK(stored->max_uses == 5);
}

TEST_CASE("a redeemed key gives a user the key's role, team and office, active once the email is confirmed") {
  for (const char* backend : {"memory", "sqlite"}) {
    CAPTURE(backend);
    auto w = make_world(backend);
    auto issued = make_key(w, {"Front desk", "Manager", "Support", "London", "", std::nullopt});
    auto answer = redeem(w, issued.grouped);
    REQUIRE_MESSAGE(answer.ok(), (answer.ok() ? "" : answer.error().message));
    CHECK(answer->check_email);
    CHECK(answer->email == "grace@navy.example");
    auto list = Registrations(*w.dir).list_keys(w.admin_actor());
    REQUIRE(list.ok());
    REQUIRE(list->size() == 1);
    CHECK(list->front().key.use_count == 1);
    REQUIRE(list->front().registered.size() == 1);
    const User pending = list->front().registered.front();
    CHECK(pending.status == UserStatus::pending_verification);
    CHECK(pending.role == "Manager");
    CHECK(pending.teams == std::vector<std::string>{"Support"});
    CHECK(pending.office == "London");
    CHECK(pending.source == UserSource::key);
    CHECK(pending.registered_via == issued.key.id);
    CHECK(w.dir->authenticate(w.org.id, "grace@navy.example", kGoodPassword).error().code ==
          Errc::authentication_failed);
    const User user = confirm_from_mailbox(w, "grace@navy.example");
    CHECK(user.id == pending.id);
    CHECK(user.status == UserStatus::active);
    CHECK(w.dir->authenticate(w.org.id, "grace@navy.example", kGoodPassword).ok());
  }
}

TEST_CASE("a key redeemed with email_verified makes an active user at once") {
  auto w = make_world();
  auto issued = make_key(w);
  REQUIRE(redeem(w, issued.digits, "grace@navy.example", "s", true).ok());
  CHECK(w.dir->authenticate(w.org.id, "grace@navy.example", kGoodPassword).ok());
  CHECK_FALSE(confirmation_token(w, "grace@navy.example").has_value());
}

TEST_CASE("a key is accepted with spaces, dashes or full-width digits") {
  auto w = make_world();
  auto issued = make_key(w);
  const std::string d = issued.digits;
  CHECK(code_of(redeem(w, d.substr(0, 5) + " " + d.substr(5), "a1@navy.example")) == Errc::ok);
  CHECK(code_of(redeem(w, d.substr(0, 5) + "-" + d.substr(5), "a2@navy.example")) == Errc::ok);
  CHECK(code_of(redeem(w, full_width(d), "a3@navy.example")) == Errc::ok);
}

TEST_CASE("a key with 9 or 11 digits or a wrong check digit is refused without costing an attempt") {
  auto w = make_world();
  Organization strict = w.org;
  strict.settings.throttle.per_source_max_failures = 3;
  strict.settings.throttle.org_max_failures_per_hour = 3;
  REQUIRE(w.dir->update_organization(w.admin_actor(), strict).ok());
  auto issued = make_key(w);
  for (int i = 0; i < 5; ++i) {
    for (const std::string& bad :
         {issued.digits.substr(0, 9), issued.digits + "1", with_typo(issued.digits)}) {
      auto r = redeem(w, bad);
      REQUIRE_FALSE(r.ok());
      CHECK(r.error().code == Errc::invalid_input);
    }
  }
  CHECK(redeem(w, with_typo(issued.digits)).error().detail_code == "key.typo");
  CHECK(redeem(w, issued.digits.substr(0, 9)).error().detail_code == "key.length");
  // Fifteen refusals, yet the throttle (3) never counted one: the right key still works.
  CHECK(code_of(redeem(w, issued.digits)) == Errc::ok);
}

TEST_CASE("an unknown key is refused without repeating it") {
  auto w = make_world();
  make_key(w);
  const std::string guess = generate_digit_key(org_key_digits);
  auto r = redeem(w, guess);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == Errc::not_found);
  CHECK(r.error().message.find(guess) == std::string::npos);
  CHECK(r.error().message.find(group_digit_key(guess)) == std::string::npos);
}

TEST_CASE("a key works until its last allowed use and not after") {
  auto w = make_world("sqlite");
  auto issued = make_key(w, {"Two people", "", "", "", "", 2});
  CHECK(code_of(redeem(w, issued.digits, "one@navy.example")) == Errc::ok);
  CHECK(code_of(redeem(w, issued.digits, "two@navy.example")) == Errc::ok);
  auto third = redeem(w, issued.digits, "three@navy.example");
  CHECK(code_of(third) == Errc::already_used);
  UserFilter all;
  CHECK(w.dir->list_users(w.admin_actor(), all)->size() == 3);
}

TEST_CASE("a key registration for a member's address answers the same, makes nobody and tells the owner") {
  auto w = make_world();
  auto issued = make_key(w);
  add_member(w, "grace@navy.example", "User");
  auto again = redeem(w, issued.digits, "GRACE@navy.example");
  REQUIRE(again.ok());
  CHECK(again->check_email);
  CHECK(again->email == "GRACE@navy.example");
  // A use is spent as for any address, so the count tells nothing.
  CHECK(Registrations(*w.dir).list_keys(w.admin_actor())->front().key.use_count == 1);
  CHECK(claim_mail(w, "already_registered", "grace@navy.example").size() == 1);
  CHECK(w.dir->list_users(w.admin_actor(), UserFilter{})->size() == 2);
}

TEST_CASE("a key dated in the organization's time zone works at 23:59:59 local and not at midnight") {
  auto w = make_world();
  Organization berlin = w.org;
  berlin.time_zone = "Europe/Berlin";
  REQUIRE(w.dir->update_organization(w.admin_actor(), berlin).ok());
  auto issued = make_key(w, {"Winter", "", "", "", "2026-12-31", std::nullopt});
  REQUIRE(issued.key.valid_until);
  CHECK(*issued.key.valid_until == *parse_iso8601("2026-12-31T23:00:00Z"));  // midnight in Berlin (UTC+1)
  w.clock->set(*parse_iso8601("2026-12-31T22:59:59Z"));
  CHECK(code_of(redeem(w, issued.digits, "early@navy.example")) == Errc::ok);
  w.clock->set(*parse_iso8601("2026-12-31T23:00:00Z"));
  auto late = redeem(w, issued.digits, "late@navy.example");
  CHECK(code_of(late) == Errc::expired);
}

TEST_CASE("a key valid until an instant fails at that instant") {
  auto w = make_world();
  auto issued = make_key(w, {"Morning", "", "", "", "2026-11-21T12:00:00Z", std::nullopt});
  w.clock->set(*parse_iso8601("2026-11-21T12:00:00Z"));
  CHECK(code_of(redeem(w, issued.digits)) == Errc::expired);
}

TEST_CASE("a revoked key no longer works, and revoking twice changes nothing") {
  auto w = make_world();
  auto issued = make_key(w);
  Registrations regs(*w.dir);
  auto revoked = regs.revoke_key(w.admin_actor(), issued.key.id);
  REQUIRE(revoked.ok());
  CHECK(revoked->revoked);
  CHECK(regs.revoke_key(w.admin_actor(), issued.key.id).ok());
  CHECK(code_of(redeem(w, issued.digits)) == Errc::revoked);
  CHECK(regs.list_keys(w.admin_actor())->front().key.revoked);
}

TEST_CASE("creating a key checks the role, catalogs, dates and uses") {
  auto w = make_world();
  Registrations regs(*w.dir);
  CHECK(regs.create_key(w.admin_actor(), {"x", "Overlord", "", "", "", std::nullopt}).error().code ==
        Errc::invalid_input);
  CHECK(regs.create_key(w.admin_actor(), {"x", "", "Marketing", "", "", std::nullopt}).error().code ==
        Errc::invalid_input);
  CHECK(regs.create_key(w.admin_actor(), {"x", "", "", "", "31/12/2026", std::nullopt}).error().code ==
        Errc::invalid_input);
  CHECK(regs.create_key(w.admin_actor(), {"x", "", "", "", "2020-01-01", std::nullopt}).error().detail_code ==
        "time.past");
  CHECK(regs.create_key(w.admin_actor(), {"x", "", "", "", "", 0}).error().code == Errc::invalid_input);
  auto user = add_member(w, "u@acme.example", "User");
  auto denied = regs.create_key({w.org.id, user.id}, {"x", "", "", "", "", std::nullopt});
  CHECK(denied.error().code == Errc::permission_denied);
}

TEST_CASE("a key does not grant a role above its creator's") {
  auto w = make_world();
  auto manager = add_member(w, "max@acme.example", "Manager");
  auto r = Registrations(*w.dir).create_key({w.org.id, manager.id}, {"x", "Admin", "", "", "", std::nullopt});
  CHECK(r.error().code == Errc::permission_denied);
}

TEST_CASE("a key respects the seat limit") {
  auto w = make_world("memory", 1);  // the administrator takes the only seat
  auto issued = make_key(w);
  CHECK(code_of(redeem(w, issued.digits)) == Errc::limit_exceeded);
  CHECK(Registrations(*w.dir).list_keys(w.admin_actor())->front().key.use_count == 0);
}

TEST_CASE("a key of one organization does nothing in another") {
  auto w = make_world();
  auto issued = make_key(w);
  NewOrganization other;
  other.name = "Globex";
  other.admin_email = "hank@globex.example";
  other.admin_name = "Hank Scorpio";
  other.admin_password = kAdminPassword;
  auto globex = w.dir->create_organization(other);
  REQUIRE(globex.ok());
  auto r = Registrations(*w.dir).redeem_key(
      globex->organization.id, {issued.digits, "g@navy.example", "Grace Hopper", kGoodPassword, "s"});
  CHECK(code_of(r) == Errc::not_found);
}

TEST_CASE("a storage failure at any call during redemption leaves no orphan and no spent use") {
  for (bool forever : {false, true}) {
    CAPTURE(forever);
    auto w = make_world("sqlite");
    auto issued = make_key(w, {"Once", "", "", "", "", 1});
    auto faulty = std::make_shared<FaultyStorage>(w.storage);
    Directory dir(faulty, std::move(Keyring::from_bytes(kMasterKey)).value(), w.clock);
    bool redeemed = false;
    for (int n = 1; n < 40 && !redeemed; ++n) {
      faulty->fail_at(n, forever);
      auto r = Registrations(dir).redeem_key(
          w.org.id, {issued.digits, "g@navy.example", "Grace Hopper", kGoodPassword, "s"});
      faulty->disarm();
      if (r.ok()) {
        redeemed = true;
        break;
      }
      CHECK(r.error().code == Errc::storage);
      UserFilter all;
      CHECK(w.storage->list_users(w.org.id, all)->size() == 1);
      CHECK(w.storage->get_registration_key(w.org.id, issued.key.id)->use_count == 0);
    }
    CHECK(redeemed);
    CHECK(w.storage->get_registration_key(w.org.id, issued.key.id)->use_count == 1);
  }
}
