// Self-registration proven by the mailbox (issue #13, attack 2), written as
// the attack: someone registers the CEO's address before the CEO does.
#include <doctest/doctest.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "confirmation_helpers.hpp"
#include "onboard/importer.hpp"
#include "onboard/registrations.hpp"
#include "onboard/signup_links.hpp"
#include "onboard/storage/faulty_storage.hpp"
#include "service_fixture.hpp"

using namespace onboard;
using namespace onboard::test;

namespace {

constexpr const char* kSquatterPassword = "squatter chose this password 77";

IssuedSignupLink open_link(World& w) {
  auto issued = SignupLinks(*w.dir).create(w.admin_actor(), {});
  REQUIRE(issued.ok());
  return *issued;
}

IssuedRegistrationKey open_key(World& w) {
  auto issued =
      Registrations(*w.dir).create_key(w.admin_actor(), {"Front desk", "", "", "", "", std::nullopt});
  REQUIRE(issued.ok());
  return *issued;
}

Result<LinkRegistration> join(World& w, const IssuedSignupLink& link, const std::string& email,
                              const std::string& password, bool verified = false) {
  return SignupLinks(*w.dir).redeem(w.org.id, {link.token, email, "Some One", password, verified});
}

Result<KeyRegistration> register_key(World& w, const IssuedRegistrationKey& key, const std::string& email,
                                     const std::string& password, bool verified = false) {
  return Registrations(*w.dir).redeem_key(w.org.id, {key.digits, email, "Some One", password, "s", verified});
}

// Everything a caller sees of a failed sign-in.
std::string answer_of(const Result<User>& r) {
  if (r.ok()) return "signed in";
  return std::string(to_string(r.error().code)) + "|" + r.error().message + "|" + r.error().detail_code;
}

User only_user_with(World& w, const std::string& email, UserStatus status) {
  UserFilter f;
  f.status = status;
  f.text = email;
  auto users = w.dir->list_users(w.admin_actor(), f);
  REQUIRE(users.ok());
  REQUIRE(users->size() == 1);
  return users->front();
}

}  // namespace

TEST_CASE("someone who joins with the CEO's address cannot sign in, and hears what a wrong password hears") {
  auto w = make_world("sqlite");
  auto link = open_link(w);
  REQUIRE(join(w, link, "ceo@acme.example", kSquatterPassword).ok());
  const User claim = only_user_with(w, "ceo@acme.example", UserStatus::pending_verification);
  const auto squatter = w.dir->authenticate(w.org.id, "ceo@acme.example", kSquatterPassword);
  const auto wrong = w.dir->authenticate(w.org.id, "ada@acme.example", "not the admin password at all");
  CHECK(squatter.error().code == Errc::authentication_failed);
  CHECK(answer_of(squatter) == answer_of(wrong));
  CHECK(w.dir->find_user_by_email(w.org.id, "ceo@acme.example").error().code == Errc::not_found);
  // Nor can the squatter change the password to get in.
  CHECK(answer_of(w.dir->change_password(w.org.id, "ceo@acme.example", kSquatterPassword,
                                         "another long password 123")) == answer_of(wrong));
  CHECK(w.storage->get_user(w.org.id, claim.id)->status == UserStatus::pending_verification);
}

TEST_CASE(
    "join then login does not tell whether an address was free, a member's or waiting for a confirmation") {
  auto w = make_world();
  auto link = open_link(w);
  auto key = open_key(w);
  add_member(w, "taken@acme.example", "User");
  REQUIRE(join(w, link, "pending@acme.example", kGoodPassword).ok());  // someone's unconfirmed claim

  for (const char* way : {"link", "key"}) {
    CAPTURE(way);
    std::vector<std::string> answers, logins;
    const std::string emails[] = {"free-" + std::string(way) + "@acme.example", "taken@acme.example",
                                  "pending@acme.example"};
    for (const std::string& email : emails) {
      auto answer = std::string(way) == "link" ? join(w, link, email, kSquatterPassword)
                                               : register_key(w, key, email, kSquatterPassword);
      REQUIRE_MESSAGE(answer.ok(), (answer.ok() ? "" : answer.error().message));
      CHECK(answer->email == email);
      answers.push_back(std::to_string(answer->check_email));
      logins.push_back(answer_of(w.dir->authenticate(w.org.id, email, kSquatterPassword)));
    }
    CHECK(answers[0] == answers[1]);
    CHECK(answers[1] == answers[2]);
    CHECK(logins[0] == logins[1]);
    CHECK(logins[1] == logins[2]);
    CHECK(logins[0].rfind("authentication_failed|", 0) == 0);
  }
  // What differs went to the mailboxes only.
  CHECK(claim_mail(w, "already_registered", "taken@acme.example").size() == 2);
  // A pending address got a fresh link each time (the older ones died).
  CHECK(claim_mail(w, "email_confirmation", "pending@acme.example").size() == 3);
}

TEST_CASE(
    "the real owner registering later gets a link, confirms and signs in; the squatter's link is dead") {
  for (const char* backend : {"memory", "sqlite"}) {
    CAPTURE(backend);
    auto w = make_world(backend);
    auto link = open_link(w);
    auto key = open_key(w);
    REQUIRE(join(w, link, "ceo@acme.example", kSquatterPassword).ok());
    const auto squatter_token = confirmation_token(w, "ceo@acme.example");
    REQUIRE(squatter_token);
    const User claim = only_user_with(w, "ceo@acme.example", UserStatus::pending_verification);

    REQUIRE(register_key(w, key, "CEO@acme.example", kGoodPassword).ok());  // the real CEO, by key
    CHECK(w.storage->get_user(w.org.id, claim.id)->status == UserStatus::deleted);
    EmailConfirmations confirmations(*w.dir);
    CHECK(confirmations.inspect_confirmation(w.org.id, *squatter_token).error().code == Errc::not_found);
    CHECK(confirmations.confirm_email(w.org.id, *squatter_token, kSquatterPassword).error().code ==
          Errc::not_found);

    const User ceo = confirm_from_mailbox(w, "CEO@acme.example");
    CHECK(ceo.status == UserStatus::active);
    CHECK(ceo.id != claim.id);
    CHECK(w.dir->authenticate(w.org.id, "ceo@acme.example", kGoodPassword).ok());
    CHECK(w.dir->authenticate(w.org.id, "ceo@acme.example", kSquatterPassword).error().code ==
          Errc::authentication_failed);
    // The squatter's link stays dead, and a new registration only tells the CEO.
    CHECK(confirmations.confirm_email(w.org.id, *squatter_token, kSquatterPassword).error().code ==
          Errc::not_found);
    REQUIRE(join(w, link, "ceo@acme.example", kSquatterPassword).ok());
    CHECK(claim_mail(w, "already_registered", "CEO@acme.example").size() == 1);  // as the owner typed it
    CHECK(w.dir->authenticate(w.org.id, "ceo@acme.example", kGoodPassword).ok());
  }
}

TEST_CASE("a confirmation link is one-use and reading it, as a mail scanner does, does not use it") {
  auto w = make_world();
  auto link = open_link(w);
  REQUIRE(join(w, link, "grace@navy.example", kGoodPassword).ok());
  const auto token = confirmation_token(w, "grace@navy.example");
  REQUIRE(token);
  EmailConfirmations confirmations(*w.dir);
  for (int i = 0; i < 3; ++i) {
    auto seen = confirmations.inspect_confirmation(w.org.id, *token);
    REQUIRE(seen.ok());
    CHECK(seen->user.email == "grace@navy.example");
    CHECK(seen->user.status == UserStatus::pending_verification);
    CHECK(seen->expires_at == w.clock->now() + std::chrono::hours{24});
  }
  // The full URL's last segment is the token; a token with a newline is fine.
  REQUIRE(confirmations.confirm_email(w.org.id, *token + "\n", kGoodPassword).ok());
  auto again = confirmations.confirm_email(w.org.id, *token, kGoodPassword);
  CHECK(again.error().code == Errc::not_found);
  CHECK(again.error().message.find(*token) == std::string::npos);
  CHECK(confirmations.inspect_confirmation(w.org.id, *token).error().code == Errc::not_found);
  CHECK(confirmations.confirm_email(w.org.id, "not a token", kGoodPassword).error().code ==
        Errc::invalid_input);
}

TEST_CASE("a confirmation link expires after 24 hours") {
  auto w = make_world();
  auto link = open_link(w);
  REQUIRE(join(w, link, "early@navy.example", kGoodPassword).ok());
  REQUIRE(join(w, link, "late@navy.example", kGoodPassword).ok());
  const auto early = confirmation_token(w, "early@navy.example");
  const auto late = confirmation_token(w, "late@navy.example");
  REQUIRE(early);
  REQUIRE(late);
  EmailConfirmations confirmations(*w.dir);
  w.clock->advance(std::chrono::hours{24} - std::chrono::seconds{1});
  CHECK(confirmations.confirm_email(w.org.id, *early, kGoodPassword).ok());
  w.clock->advance(std::chrono::seconds{1});
  CHECK(confirmations.inspect_confirmation(w.org.id, *late).error().code == Errc::expired);
  auto expired = confirmations.confirm_email(w.org.id, *late, kGoodPassword);
  CHECK(expired.error().code == Errc::expired);
  CHECK(expired.error().detail_code == "confirmation.expired");
  CHECK(w.dir->authenticate(w.org.id, "late@navy.example", kGoodPassword).error().code ==
        Errc::authentication_failed);
  // Registering again sends a fresh link that works.
  REQUIRE(join(w, link, "late@navy.example", kGoodPassword).ok());
  confirm_from_mailbox(w, "late@navy.example");
  CHECK(w.dir->authenticate(w.org.id, "late@navy.example", kGoodPassword).ok());
}

TEST_CASE("an unconfirmed account holds no seat, and the seat is checked again when confirming") {
  auto w = make_world("memory", 2);  // the administrator and one more
  auto link = open_link(w);
  REQUIRE(join(w, link, "one@navy.example", kGoodPassword).ok());
  REQUIRE(join(w, link, "two@navy.example", kGoodPassword).ok());  // no seat is held by the first
  CHECK(*w.storage->count_seated_users(w.org.id) == 1);
  const auto one = confirmation_token(w, "one@navy.example");
  const auto two = confirmation_token(w, "two@navy.example");
  EmailConfirmations confirmations(*w.dir);
  REQUIRE(confirmations.confirm_email(w.org.id, *one, kGoodPassword).ok());
  auto full = confirmations.confirm_email(w.org.id, *two, kGoodPassword);
  CHECK(full.error().code == Errc::limit_exceeded);
  CHECK(full.error().detail_code == "confirmation.seats_full");
  // The link still works once a seat is free.
  Organization bigger = w.org;
  bigger.seat_limit = 3;
  REQUIRE(w.dir->update_organization(w.admin_actor(), bigger).ok());
  CHECK(confirmations.confirm_email(w.org.id, *two, kGoodPassword).ok());
}

TEST_CASE("an invitation, a pre-created user and an import for a claimed address are not refused") {
  auto w = make_world("sqlite");
  auto link = open_link(w);
  for (const char* email : {"invited@acme.example", "precreated@acme.example", "imported@acme.example"})
    REQUIRE(join(w, link, email, kSquatterPassword).ok());
  const auto invited_claim = confirmation_token(w, "invited@acme.example");
  const auto precreated_claim = confirmation_token(w, "precreated@acme.example");
  const auto imported_claim = confirmation_token(w, "imported@acme.example");

  auto invitation = w.dir->invite(w.admin_actor(), {"invited@acme.example", "User", "", ""});
  REQUIRE_MESSAGE(invitation.ok(), (invitation.ok() ? "" : invitation.error().message));
  REQUIRE(w.dir->accept_invitation(w.org.id, {invitation->token, "Real Person", kGoodPassword}).ok());
  CHECK(w.dir->authenticate(w.org.id, "invited@acme.example", kGoodPassword).ok());

  NewPrecreatedUser pre;
  pre.first_name = "Pre";
  pre.last_name = "Created";
  pre.email = "precreated@acme.example";
  auto precreated = Registrations(*w.dir).create_user(w.admin_actor(), pre);
  REQUIRE_MESSAGE(precreated.ok(), (precreated.ok() ? "" : precreated.error().message));

  ImportOptions options;
  options.passwords = PasswordSource::generate;
  auto report = Importer(*w.dir).run(
      w.admin_actor(), "Full Name,Email\nImported Person,imported@acme.example\n", "users.csv", options);
  REQUIRE_MESSAGE(report.ok(), (report.ok() ? "" : report.error().message));
  CHECK(report->committed);
  CHECK(report->created == 1);
  CHECK(report->conflicts == 0);
  CHECK(w.dir->find_user_by_email(w.org.id, "imported@acme.example")->display_name == "Imported Person");

  // The claims' links are dead now that the addresses are members'.
  EmailConfirmations confirmations(*w.dir);
  CHECK(confirmations.confirm_email(w.org.id, *imported_claim, kSquatterPassword).error().code ==
        Errc::not_found);
  CHECK(confirmations.confirm_email(w.org.id, *invited_claim, kSquatterPassword).error().code ==
        Errc::not_found);
  CHECK(confirmations.inspect_confirmation(w.org.id, *precreated_claim).error().code == Errc::not_found);
  CHECK(w.dir->authenticate(w.org.id, "invited@acme.example", kSquatterPassword).error().code ==
        Errc::authentication_failed);
}

TEST_CASE(
    "a registration with email_verified is active at once, and for a member's address changes nothing") {
  auto w = make_world();
  auto link = open_link(w);
  auto key = open_key(w);
  REQUIRE(join(w, link, "sso@acme.example", kGoodPassword, true).ok());
  CHECK(w.dir->authenticate(w.org.id, "sso@acme.example", kGoodPassword).ok());
  REQUIRE(register_key(w, key, "sso-key@acme.example", kGoodPassword, true).ok());
  CHECK(w.dir->authenticate(w.org.id, "sso-key@acme.example", kGoodPassword).ok());
  CHECK_FALSE(confirmation_token(w, "sso@acme.example").has_value());

  // A member's address: the same answer, the owner told, the password untouched.
  auto taken = join(w, link, "ada@acme.example", kSquatterPassword, true);
  REQUIRE(taken.ok());
  auto taken_key = register_key(w, key, "ada@acme.example", kSquatterPassword, true);
  REQUIRE(taken_key.ok());
  CHECK(taken->check_email == taken_key->check_email);
  CHECK(w.dir->authenticate(w.org.id, "ada@acme.example", kAdminPassword).ok());
  CHECK(w.dir->authenticate(w.org.id, "ada@acme.example", kSquatterPassword).error().code ==
        Errc::authentication_failed);
  CHECK(claim_mail(w, "already_registered", "ada@acme.example").size() == 2);
}

TEST_CASE("a verified registration replaces an unconfirmed claim of the same address") {
  auto w = make_world();
  auto link = open_link(w);
  REQUIRE(join(w, link, "ceo@acme.example", kSquatterPassword).ok());
  const auto squatter_token = confirmation_token(w, "ceo@acme.example");
  REQUIRE(join(w, link, "ceo@acme.example", kGoodPassword, true).ok());
  CHECK(w.dir->authenticate(w.org.id, "ceo@acme.example", kGoodPassword).ok());
  CHECK(EmailConfirmations(*w.dir).confirm_email(w.org.id, *squatter_token, kSquatterPassword).error().code ==
        Errc::not_found);
}

TEST_CASE("two directories confirming one link at once activate the account once") {
  auto w = make_world("sqlite");
  auto link = open_link(w);
  REQUIRE(join(w, link, "race@navy.example", kGoodPassword).ok());
  const auto token = confirmation_token(w, "race@navy.example");
  REQUIRE(token);
  std::vector<std::unique_ptr<Directory>> dirs;
  for (int i = 0; i < 4; ++i) {
    auto d =
        Directory::open("sqlite:" + w.db_path, std::move(Keyring::from_bytes(kMasterKey)).value(), w.clock);
    REQUIRE(d.ok());
    dirs.push_back(std::move(d).value());
  }
  std::atomic<int> won{0}, refused{0};
  std::vector<std::thread> threads;
  for (auto& d : dirs)
    threads.emplace_back([&, dir = d.get()] {
      auto r = EmailConfirmations(*dir).confirm_email(w.org.id, *token, kGoodPassword);
      (r.ok() ? won : refused)++;
    });
  for (auto& t : threads) t.join();
  CHECK(won == 1);
  CHECK(refused == 3);
  std::size_t confirmed = 0;
  const auto audit = w.dir->audit_log(w.admin_actor(), 0);
  REQUIRE(audit.ok());
  for (const auto& e : *audit) confirmed += e.action == "user.email_confirmed";
  CHECK(confirmed == 1);
}

TEST_CASE("the confirmation token is stored nowhere in clear, only sealed in its message") {
  auto w = make_world("sqlite");
  auto link = open_link(w);
  REQUIRE(join(w, link, "grace@navy.example", kGoodPassword).ok());
  const auto token = confirmation_token(w, "grace@navy.example");
  REQUIRE(token);
  std::string bytes;
  for (const char* suffix : {"", "-wal"})
    if (std::filesystem::exists(w.db_path + suffix)) bytes += read_file(w.db_path + suffix);
  CHECK(bytes.find("grace@navy.example") != std::string::npos);
  CHECK(bytes.find(*token) == std::string::npos);
  const auto outbox = w.dir->list_outbox(w.admin_actor(), std::nullopt);
  REQUIRE(outbox.ok());
  REQUIRE(outbox->size() == 1);
  for (const auto& m : *outbox) CHECK(m.body.find(*token) == std::string::npos);
  const auto audit = w.dir->audit_log(w.admin_actor(), 0);
  REQUIRE(audit.ok());
  for (const auto& e : *audit) CHECK(e.details.find(*token) == std::string::npos);
}

TEST_CASE("a link's last use goes alike to a member's address and a free one, so running out tells nothing") {
  auto w = make_world();
  NewSignupLink once;
  once.max_uses = 1;
  auto first = SignupLinks(*w.dir).create(w.admin_actor(), once);
  auto second = SignupLinks(*w.dir).create(w.admin_actor(), once);
  REQUIRE(first.ok());
  REQUIRE(second.ok());
  REQUIRE(join(w, *first, "ada@acme.example", kSquatterPassword).ok());  // a member's address
  REQUIRE(join(w, *second, "free@acme.example", kSquatterPassword).ok());
  auto after_member = join(w, *first, "other@acme.example", kSquatterPassword);
  auto after_free = join(w, *second, "other@acme.example", kSquatterPassword);
  CHECK(after_member.error().code == Errc::already_used);
  CHECK(after_free.error().code == Errc::already_used);
  CHECK(after_member.error().message == after_free.error().message);
}

TEST_CASE(
    "a storage failure at any call during confirmation leaves the account waiting and the link working") {
  auto w = make_world("sqlite");
  auto link = open_link(w);
  REQUIRE(join(w, link, "grace@navy.example", kGoodPassword).ok());
  const auto token = confirmation_token(w, "grace@navy.example");
  REQUIRE(token);
  auto faulty = std::make_shared<FaultyStorage>(w.storage);
  Directory dir(faulty, std::move(Keyring::from_bytes(kMasterKey)).value(), w.clock);
  bool confirmed = false;
  for (int n = 1; n < 30 && !confirmed; ++n) {
    faulty->fail_at(n);
    auto r = EmailConfirmations(dir).confirm_email(w.org.id, *token, kGoodPassword);
    faulty->disarm();
    if (r.ok()) {
      confirmed = true;
      break;
    }
    CHECK(r.error().code == Errc::storage);
    CHECK(w.dir->find_user_by_email(w.org.id, "grace@navy.example").error().code == Errc::not_found);
    CHECK(EmailConfirmations(*w.dir).inspect_confirmation(w.org.id, *token).ok());
  }
  CHECK(confirmed);
  CHECK(w.dir->authenticate(w.org.id, "grace@navy.example", kGoodPassword).ok());
}
