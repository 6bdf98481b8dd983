// Mails that work: every mail with a secret carries a link to the host's page
// and the plain code; generated passwords go out as one-use set-password
// links unless the caller asks for the weaker "login details" mail.
#include <doctest/doctest.h>

#include <thread>

#include "import_test_fixture.hpp"
#include "onboard/password_links.hpp"
#include "onboard/registrations.hpp"
#include "onboard/secrets/digit_key.hpp"
#include "onboard/signup_links.hpp"
#include "service_fixture.hpp"

using namespace onboard;
using namespace onboard::test;

namespace {

std::vector<ClaimedMessage> claim_all(Directory& dir, const std::string& org_id) {
  auto claimed = dir.claim_outbox(org_id, 1000);
  REQUIRE(claimed.ok());
  return *claimed;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The text after `marker` up to the end of the line or a space.
std::string word_after(const std::string& body, const std::string& marker) {
  const auto at = body.find(marker);
  REQUIRE_MESSAGE(at != std::string::npos, marker);
  std::size_t end = at + marker.size();
  while (end < body.size() && body[end] != '\n' && body[end] != ' ') ++end;
  return body.substr(at + marker.size(), end - at - marker.size());
}

// The set-password token mailed to `email` by an import run with `options`.
std::string import_and_take_link(ImportWorld& w, const std::string& email, const ImportOptions& options) {
  auto r = w.run(people_csv(2), options);
  REQUIRE(r.ok());
  for (const auto& m : claim_all(*w.dir, w.org.id))
    if (m.message.recipient == email && m.message.kind == "set_password")
      return word_after(m.body, "/set-password/");
  FAIL("no set-password mail to " << email);
  return {};
}

ImportOptions notify_options() {
  ImportOptions options;
  options.notify = true;
  return options;
}

}  // namespace

TEST_CASE("an invitation mail carries the link and the code, sealed at rest") {
  auto w = make_world();
  auto issued = w.dir->invite(w.admin_actor(), {"bob@acme.example", "User", "", ""});
  REQUIRE(issued.ok());
  auto claimed = claim_all(*w.dir, w.org.id);
  REQUIRE(claimed.size() == 1);
  const auto& m = claimed.front();
  CHECK(contains(m.body, "https://acme.example/invite/" + issued->token));
  CHECK(contains(m.body, "go to https://acme.example/invite and paste this code: " + issued->token));
  CHECK_FALSE(contains(m.message.body, issued->token));  // the stored body holds placeholders only
  auto listed = w.dir->list_outbox(w.admin_actor(), std::nullopt);
  REQUIRE(listed.ok());
  CHECK_FALSE(contains(listed->front().body, issued->token));
  CHECK(contains(listed->front().body, "[sealed]"));
}

TEST_CASE("a pre-created user's key mail carries a registration link with the key") {
  auto w = make_world();
  NewPrecreatedUser req;
  req.first_name = "Grace";
  req.last_name = "Hopper";
  req.email = "grace@acme.example";
  auto issued = Registrations(*w.dir).create_user(w.admin_actor(), req);
  REQUIRE(issued.ok());
  auto claimed = claim_all(*w.dir, w.org.id);
  REQUIRE(claimed.size() == 1);
  CHECK(contains(claimed.front().body, "https://acme.example/register/" + issued->digits));
  CHECK(contains(claimed.front().body, issued->grouped));
  CHECK_FALSE(contains(claimed.front().message.body, issued->digits));
  // The link's last segment is a key the person can use.
  const std::string from_link = word_after(claimed.front().body, "/register/");
  auto user = Registrations(*w.dir).redeem_user_key(w.org.id, {from_link, kGoodPassword, "", "s"});
  REQUIRE_MESSAGE(user.ok(), (user.ok() ? "" : user.error().message));
  CHECK(user->status == UserStatus::active);
}

TEST_CASE("an import's activation mail carries a link with the 29-digit key") {
  auto w = make_import_world();
  ImportOptions options = notify_options();
  options.passwords = PasswordSource::none;
  options.activation = Activation::email;
  auto r = w.run(people_csv(1), options);
  REQUIRE(r.ok());
  auto claimed = claim_all(*w.dir, w.org.id);
  REQUIRE(claimed.size() == 1);
  CHECK(claimed.front().message.kind == "activation");
  const std::string digits = word_after(claimed.front().body, "https://onboard.invalid/register/");
  CHECK(digits.size() == user_key_digits);
  CHECK(contains(claimed.front().body, group_digit_key(digits)));
  CHECK_FALSE(contains(claimed.front().message.body, digits.substr(0, 10)));
  auto user = Registrations(*w.dir).redeem_user_key(w.org.id, {digits, kGoodPassword, "", "s"});
  REQUIRE_MESSAGE(user.ok(), (user.ok() ? "" : user.error().message));
  CHECK(user->email == "person0@example.com");
}

TEST_CASE("a confirmation mail carries the link and the code") {
  auto w = make_world();
  auto link = SignupLinks(*w.dir).create(w.admin_actor(), {});
  REQUIRE(link.ok());
  REQUIRE(SignupLinks(*w.dir)
              .redeem(w.org.id, {link->token, "sam@else.example", "Sam", kGoodPassword, false})
              .ok());
  auto claimed = claim_all(*w.dir, w.org.id);
  REQUIRE(claimed.size() == 1);
  const std::string token = word_after(claimed.front().body, "https://acme.example/confirm/");
  CHECK(contains(claimed.front().body, "go to https://acme.example/confirm and paste this code: " + token));
  CHECK_FALSE(contains(claimed.front().message.body, token));
}

TEST_CASE("notify with generated passwords mails a set-password link and never the password") {
  auto w = make_import_world();
  auto r = w.run(people_csv(2), notify_options());
  REQUIRE(r.ok());
  REQUIRE(r->credentials.size() == 2);  // the passwords stay in the report for the administrator
  auto claimed = claim_all(*w.dir, w.org.id);
  REQUIRE(claimed.size() == 2);
  for (const auto& m : claimed) {
    CHECK(m.message.kind == "set_password");
    for (std::size_t i = 0; i < r->credentials.size(); ++i)
      CHECK_FALSE(contains(m.body, r->credentials[i].password));
    const std::string token = word_after(m.body, "https://onboard.invalid/set-password/");
    CHECK(contains(m.body, "paste this code: " + token));
    CHECK_FALSE(contains(m.message.body, token));
  }
}

TEST_CASE("a set-password link sets the password once and clears must_change_password") {
  auto w = make_import_world();
  const std::string token = import_and_take_link(w, "person0@example.com", notify_options());
  PasswordLinks links(*w.dir);
  auto seen = links.inspect(w.org.id, "https://onboard.invalid/set-password/" + token);
  REQUIRE(seen.ok());
  CHECK(seen->user.email == "person0@example.com");
  CHECK(seen->expires_at == w.clock->now() + w.org.settings.invitation_ttl);
  auto user =
      links.set_password(w.org.id, "https://onboard.invalid/set-password/" + token + "\n", kGoodPassword);
  REQUIRE_MESSAGE(user.ok(), (user.ok() ? "" : user.error().message));
  CHECK_FALSE(user->must_change_password);
  CHECK(w.dir->authenticate(w.org.id, "person0@example.com", kGoodPassword).ok());
  auto again = links.set_password(w.org.id, token, "another long passphrase for me 99");
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().code == Errc::not_found);
  CHECK(w.dir->authenticate(w.org.id, "person0@example.com", kGoodPassword).ok());
  auto audit = w.inner->list_audit(w.org.id, 1);
  REQUIRE(audit.ok());
  CHECK(audit->front().action == "user.password_set_by_link");
}

TEST_CASE("a forged set-password link is refused: another user, a later expiry, a changed MAC") {
  auto w = make_import_world();
  const std::string token = import_and_take_link(w, "person0@example.com", notify_options());
  const User other = w.user_by_email("person1@example.com");
  const auto first_dot = token.find('.');
  const auto last_dot = token.rfind('.');
  const std::string as_other = other.id + token.substr(first_dot);
  const std::string later = token.substr(0, first_dot) + ".9999999999" + token.substr(last_dot);
  std::string flipped = token;
  flipped.back() = flipped.back() == 'A' ? 'B' : 'A';
  PasswordLinks links(*w.dir);
  for (const std::string& forged : {as_other, later, flipped}) {
    auto r = links.set_password(w.org.id, forged, kGoodPassword);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == Errc::not_found);
  }
  auto junk = links.set_password(w.org.id, "not-a-token", kGoodPassword);
  REQUIRE_FALSE(junk.ok());
  CHECK(junk.error().code == Errc::invalid_input);
  CHECK(w.user_by_email("person1@example.com").must_change_password);
}

TEST_CASE("a set-password link expires") {
  auto w = make_import_world();
  const std::string token = import_and_take_link(w, "person0@example.com", notify_options());
  w.clock->advance(w.org.settings.invitation_ttl);
  auto r = PasswordLinks(*w.dir).set_password(w.org.id, token, kGoodPassword);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == Errc::expired);
  CHECK(r.error().detail_code == "password_link.expired");
}

TEST_CASE("a weak password leaves the set-password link unused") {
  auto w = make_import_world();
  const std::string token = import_and_take_link(w, "person0@example.com", notify_options());
  PasswordLinks links(*w.dir);
  auto weak = links.set_password(w.org.id, token, "person0");
  REQUIRE_FALSE(weak.ok());
  CHECK(weak.error().code == Errc::weak_password);
  CHECK(links.set_password(w.org.id, token, kGoodPassword).ok());
}

TEST_CASE("a set-password link dies when the password is changed another way") {
  auto w = make_import_world();
  auto r = w.run(people_csv(1), notify_options());
  REQUIRE(r.ok());
  auto claimed = claim_all(*w.dir, w.org.id);
  REQUIRE(claimed.size() == 1);
  const std::string token = word_after(claimed.front().body, "/set-password/");
  REQUIRE(w.dir->change_password(w.org.id, "person0@example.com", r->credentials[0].password, kGoodPassword)
              .ok());
  auto used = PasswordLinks(*w.dir).set_password(w.org.id, token, "another long passphrase for me 99");
  REQUIRE_FALSE(used.ok());
  CHECK(used.error().code == Errc::not_found);
}

TEST_CASE("of two concurrent uses of one set-password link exactly one wins (SQLite)") {
  ImportWorldSpec spec;
  spec.backend = "sqlite";
  auto w = make_import_world(spec);
  const std::string token = import_and_take_link(w, "person0@example.com", notify_options());
  const std::string passwords[] = {kGoodPassword, "another long passphrase for me 99"};
  std::atomic<int> wins{0};
  std::vector<std::thread> threads;
  for (const std::string& p : passwords)
    threads.emplace_back([&, p] {
      if (PasswordLinks(*w.dir).set_password(w.org.id, token, p).ok()) ++wins;
    });
  for (auto& t : threads) t.join();
  CHECK(wins.load() == 1);
}

TEST_CASE("mail_passwords keeps the login-details mail with the password") {
  auto w = make_import_world();
  ImportOptions options = notify_options();
  options.mail_passwords = true;
  auto r = w.run(people_csv(1), options);
  REQUIRE(r.ok());
  auto claimed = claim_all(*w.dir, w.org.id);
  REQUIRE(claimed.size() == 1);
  CHECK(claimed.front().message.kind == "login_details");
  CHECK(contains(claimed.front().body, r->credentials[0].password));
}
