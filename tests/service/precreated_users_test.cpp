#include <doctest/doctest.h>

#include <filesystem>

#include "onboard/registrations.hpp"
#include "onboard/secrets/digit_key.hpp"
#include "onboard/storage/faulty_storage.hpp"
#include "onboard/user_admin.hpp"
#include "service_fixture.hpp"

using namespace onboard;
using namespace onboard::test;

namespace {

IssuedUserKey precreate(World& w, const std::string& email = "", const std::string& first = "Grace",
                        const std::string& last = "Hopper") {
  NewPrecreatedUser req;
  req.first_name = first;
  req.last_name = last;
  req.email = email;
  req.role = "Super User";
  req.teams = {"sales", "Support"};
  req.external_id = "E-" + first;
  req.attributes = {{"Phone", "+44 20 7946 0000"}};
  auto issued = Registrations(*w.dir).create_user(w.admin_actor(), req);
  REQUIRE_MESSAGE(issued.ok(), (issued.ok() ? "" : issued.error().message));
  return *issued;
}

Result<User> activate(World& w, const std::string& key, const std::string& email = "",
                      const std::string& source = "kiosk-1") {
  return Registrations(*w.dir).redeem_user_key(w.org.id, {key, kGoodPassword, email, source});
}

Errc code_of(const Result<User>& r) { return r.ok() ? Errc::ok : r.error().code; }

std::string database_bytes(const std::string& path) {
  std::string all;
  for (const char* suffix : {"", "-wal", "-journal"})
    if (std::filesystem::exists(path + suffix)) all += read_file(path + suffix);
  return all;
}

}  // namespace

TEST_CASE("a pre-created user waits for activation with a 29-digit key shown once") {
  auto w = make_world();
  auto issued = precreate(w);
  CHECK(issued.digits.size() == 29);
  CHECK(damm_valid(issued.digits));
  CHECK(issued.grouped == group_digit_key(issued.digits));
  const User& u = issued.user;
  CHECK(u.status == UserStatus::pending_activation);
  CHECK(u.name_locked);
  CHECK(u.display_name == "Grace Hopper");
  CHECK(u.role == "Super User");
  CHECK(u.teams == std::vector<std::string>{"Sales", "Support"});
  CHECK(u.office == "HQ");
  CHECK(u.external_id == "E-Grace");
  CHECK(u.attributes.at("Phone") == "+44 20 7946 0000");
  CHECK(u.activation_key_hash == w.dir->keyring().hmac(KeyPurpose::user_key, issued.digits));
  CHECK(*w.dir->keyring().unseal(u.activation_key_sealed) == issued.digits);
  // No email: nothing to send.
  CHECK(w.dir->list_outbox(w.admin_actor(), std::nullopt)->empty());
}

TEST_CASE("a 29-digit key activates once and the names stay locked") {
  for (const char* backend : {"memory", "sqlite"}) {
    CAPTURE(backend);
    auto w = make_world(backend);
    auto issued = precreate(w, "grace@navy.example");
    auto user = activate(w, issued.grouped);
    REQUIRE_MESSAGE(user.ok(), (user.ok() ? "" : user.error().message));
    CHECK(user->status == UserStatus::active);
    CHECK(user->first_name == "Grace");
    CHECK(user->last_name == "Hopper");
    CHECK(user->name_locked);
    CHECK(user->activation_key_hash.empty());
    CHECK(user->activated_at == w.clock->now());
    auto stored = w.storage->get_user(w.org.id, issued.user.id);
    CHECK(stored->status == UserStatus::active);
    CHECK(stored->activation_key_sealed.empty());
    CHECK(w.dir->authenticate(w.org.id, "grace@navy.example", kGoodPassword).ok());
    // The same key twice: it died with the activation, and the answer says it was used (issue #16).
    auto again = activate(w, issued.digits);
    REQUIRE(!again.ok());
    CHECK(again.error().code == Errc::already_used);
    CHECK(again.error().message == "This registration key has already been used; sign in instead.");
  }
}

TEST_CASE("the person may choose their own email during activation") {
  auto w = make_world();
  auto issued = precreate(w);
  CHECK(activate(w, issued.digits).error().detail_code == "email.required");
  auto taken = activate(w, issued.digits, "ADA@acme.example");
  CHECK(code_of(taken) == Errc::already_exists);
  auto user = activate(w, issued.digits, "grace.hopper@navy.example");
  REQUIRE(user.ok());
  CHECK(user->email == "grace.hopper@navy.example");
  CHECK(w.dir->authenticate(w.org.id, "grace.hopper@navy.example", kGoodPassword).ok());
}

TEST_CASE("a 29-digit key that went through a spreadsheet is explained and costs no attempt") {
  auto w = make_world();
  Organization strict = w.org;
  strict.settings.throttle.per_source_max_failures = 1;
  strict.settings.throttle.org_max_failures_per_hour = 1;
  REQUIRE(w.dir->update_organization(w.admin_actor(), strict).ok());
  auto issued = precreate(w, "grace@navy.example");
  for (int i = 0; i < 3; ++i) {
    auto r = activate(w, "1.23457E+28");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == Errc::invalid_input);
    CHECK(r.error().detail_code == "key.spreadsheet");
  }
  CHECK(activate(w, issued.digits).ok());
}

TEST_CASE("a wrong 29-digit key counts as a failed attempt") {
  auto w = make_world();
  Organization strict = w.org;
  strict.settings.throttle.per_source_max_failures = 2;
  strict.settings.throttle.org_max_failures_per_hour = 2;
  REQUIRE(w.dir->update_organization(w.admin_actor(), strict).ok());
  auto issued = precreate(w, "grace@navy.example");
  CHECK(code_of(activate(w, generate_digit_key(user_key_digits))) == Errc::not_found);
  CHECK(code_of(activate(w, generate_digit_key(user_key_digits))) == Errc::not_found);
  CHECK(code_of(activate(w, issued.digits)) == Errc::throttled);
}

TEST_CASE("a 29-digit key holder probing whose addresses are taken is throttled like a guesser") {
  // Red team: "X is already used by a member" spends neither the key nor an
  // attempt, so one key enumerated the members' addresses without end.
  auto w = make_world();
  Organization strict = w.org;
  strict.settings.throttle.per_source_max_failures = 3;
  REQUIRE(w.dir->update_organization(w.admin_actor(), strict).ok());
  auto issued = precreate(w);
  for (int i = 0; i < 3; ++i) {
    auto taken = activate(w, issued.digits, "ada@acme.example");
    REQUIRE_FALSE(taken.ok());
    CHECK(taken.error().detail_code == "user.email_taken");
  }
  auto probe = activate(w, issued.digits, "ada@acme.example");
  REQUIRE_FALSE(probe.ok());
  CHECK(probe.error().code == Errc::throttled);
  // Another source (the person at another desk) still activates.
  CHECK(code_of(activate(w, issued.digits, "grace@navy.example", "kiosk-2")) == Errc::ok);
}

TEST_CASE("a pre-created user with an email gets the key by mail, sealed until claimed") {
  auto w = make_world();
  auto issued = precreate(w, "grace@navy.example");
  auto queued = w.dir->list_outbox(w.admin_actor(), OutboxState::queued);
  REQUIRE(queued->size() == 1);
  CHECK(queued->front().kind == "registration_key");
  CHECK(queued->front().recipient == "grace@navy.example");
  CHECK(queued->front().body.find(issued.digits) == std::string::npos);
  CHECK(queued->front().body.find(issued.grouped) == std::string::npos);
  auto claimed = w.dir->claim_outbox(w.org.id, 10);
  REQUIRE(claimed->size() == 1);
  CHECK(claimed->front().body.find(issued.grouped) != std::string::npos);
  CHECK(claimed->front().body.find("https://acme.example/register") != std::string::npos);
}

TEST_CASE("resending to a corrected email rotates the key and the old one dies") {
  auto w = make_world();
  auto first = precreate(w, "grace@navy.exmaple");
  auto second = Registrations(*w.dir).resend_user_key(w.admin_actor(), first.user.id, "grace@navy.example");
  REQUIRE(second.ok());
  CHECK(second->digits != first.digits);
  CHECK(second->user.email == "grace@navy.example");
  // The mail to the wrong address is cancelled, never handed to a sender (issue #16).
  auto cancelled = w.dir->list_outbox(w.admin_actor(), OutboxState::cancelled);
  REQUIRE(cancelled->size() == 1);
  CHECK(cancelled->front().recipient == "grace@navy.exmaple");
  auto claimed = w.dir->claim_outbox(w.org.id, 10);
  REQUIRE(claimed->size() == 1);
  CHECK(claimed->front().message.recipient == "grace@navy.example");
  CHECK(claimed->front().body.find(second->grouped) != std::string::npos);
  CHECK(claimed->front().body.find(first.grouped) == std::string::npos);
  w.clock->advance(std::chrono::hours{1});         // every claim lapsed: still nothing for the old address
  auto later = w.dir->claim_outbox(w.org.id, 10);  // kept: a range-for over *temporary dangles
  REQUIRE(later.ok());
  for (const auto& m : *later) CHECK(m.message.recipient != "grace@navy.exmaple");
  CHECK(code_of(activate(w, first.digits)) == Errc::not_found);
  auto user = activate(w, second->digits);
  REQUIRE(user.ok());
  CHECK(user->email == "grace@navy.example");
  CHECK(Registrations(*w.dir).resend_user_key(w.admin_actor(), first.user.id).error().code ==
        Errc::already_used);
}

TEST_CASE("a correction cancels the old address's mail even when a sender had claimed it") {
  auto w = make_world();
  auto first = precreate(w, "grace@navy.exmaple");
  REQUIRE(w.dir->claim_outbox(w.org.id, 10, std::chrono::seconds{60})->size() == 1);   // claimed, not sent
  auto again = Registrations(*w.dir).resend_user_key(w.admin_actor(), first.user.id);  // same address
  REQUIRE(again.ok());
  CHECK(w.dir->list_outbox(w.admin_actor(), OutboxState::cancelled)->empty());  // no correction, no cancel
  REQUIRE(Registrations(*w.dir).resend_user_key(w.admin_actor(), first.user.id, "grace@navy.example").ok());
  CHECK(w.dir->list_outbox(w.admin_actor(), OutboxState::cancelled)->size() == 2);
  w.clock->advance(std::chrono::minutes{2});
  auto claimed = w.dir->claim_outbox(w.org.id, 10);
  REQUIRE(claimed->size() == 1);
  CHECK(claimed->front().message.recipient == "grace@navy.example");
  auto audit = w.dir->audit_log(w.admin_actor(), 1);
  CHECK(audit->front().action == "user.key_replaced");
  CHECK(audit->front().details.find("\"messages_cancelled\":2") != std::string::npos);
}

TEST_CASE("a deleted user's key dies with them") {
  auto w = make_world();
  auto issued = precreate(w, "grace@navy.example");
  const std::string ids[] = {issued.user.id};
  REQUIRE(UserAdmin(*w.dir).delete_users(w.admin_actor(), ids).ok());
  CHECK(code_of(activate(w, issued.digits)) == Errc::not_found);
}

TEST_CASE("a suspended user cannot activate until reactivated") {
  auto w = make_world();
  auto issued = precreate(w, "grace@navy.example");
  UserAdmin admin(*w.dir);
  REQUIRE(admin.suspend(w.admin_actor(), issued.user.id).ok());
  CHECK(code_of(activate(w, issued.digits)) == Errc::permission_denied);
  auto back = admin.reactivate(w.admin_actor(), issued.user.id);
  REQUIRE(back.ok());
  CHECK(back->status == UserStatus::pending_activation);
  CHECK(activate(w, issued.digits).ok());
}

TEST_CASE("pre-creating refuses a taken email or external id and respects seats") {
  auto w = make_world("memory", 2);
  Registrations regs(*w.dir);
  NewPrecreatedUser req;
  req.first_name = "Ada";
  req.last_name = "Twin";
  req.email = "ada@ACME.example";
  CHECK(regs.create_user(w.admin_actor(), req).error().code == Errc::already_exists);
  precreate(w, "", "Grace");
  req.email = "";
  req.external_id = "E-Grace";
  CHECK(regs.create_user(w.admin_actor(), req).error().code == Errc::already_exists);
  req.external_id = "";
  CHECK(regs.create_user(w.admin_actor(), req).error().code == Errc::limit_exceeded);
  req.first_name = req.last_name = "";
  CHECK(regs.create_user(w.admin_actor(), req).error().detail_code == "name.required");
}

TEST_CASE("registration documents are PDF or HTML, one page per person, made only on request") {
  auto w = make_world("sqlite");
  auto grace = precreate(w, "grace@navy.example");
  auto zoe = precreate(w, "", "Zoë <script>", "Ōkubo & Søn");
  Registrations regs(*w.dir);

  auto pdf = regs.documents(w.admin_actor(), {{}, DocumentFormat::pdf});
  REQUIRE_MESSAGE(pdf.ok(), (pdf.ok() ? "" : pdf.error().message));
  CHECK(pdf->pages == 2);
  CHECK(pdf->content.rfind("%PDF-", 0) == 0);
  CHECK(pdf->content.find("%%EOF") != std::string::npos);

  auto html = regs.documents(w.admin_actor(), {{zoe.user.id}, DocumentFormat::html});
  REQUIRE(html.ok());
  CHECK(html->pages == 1);
  const std::string& page = html->content;
  CHECK(page.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(page.find(zoe.grouped) != std::string::npos);
  CHECK(page.find(grace.grouped) == std::string::npos);
  CHECK(page.find("<svg") != std::string::npos);
  CHECK(page.find("<script>") == std::string::npos);
  CHECK(page.find("Zoë &lt;script&gt;") != std::string::npos);
  CHECK(page.find("Ōkubo &amp; Søn") != std::string::npos);

  // The keys are printed from their sealed copies; no document or key is kept in clear.
  const std::string bytes = database_bytes(w.db_path);
  CHECK(bytes.find("grace@navy.example") != std::string::npos);
  for (const auto* issued : {&grace, &zoe}) {
    CHECK(bytes.find(issued->digits) == std::string::npos);
    CHECK(bytes.find(issued->grouped) == std::string::npos);
  }
  CHECK(bytes.find("%PDF-") == std::string::npos);
  int printed = 0;
  auto audit = w.dir->audit_log(w.admin_actor(), 50);
  REQUIRE(audit.ok());
  for (const auto& e : *audit) printed += e.action == "registration_documents.printed" ? 1 : 0;
  CHECK(printed == 2);
}

TEST_CASE("registration documents refuse active users and keys above the actor's rank") {
  auto w = make_world();
  Registrations regs(*w.dir);
  CHECK(regs.documents(w.admin_actor(), {{}, DocumentFormat::pdf}).error().detail_code == "documents.none");
  CHECK(regs.documents(w.admin_actor(), {{w.admin.id}, DocumentFormat::html}).error().code ==
        Errc::invalid_input);
  NewPrecreatedUser boss;
  boss.first_name = "Big";
  boss.last_name = "Boss";
  boss.role = "Admin";
  auto issued = regs.create_user(w.admin_actor(), boss);
  REQUIRE(issued.ok());
  auto manager = add_member(w, "max@acme.example", "Manager");
  auto r = regs.documents({w.org.id, manager.id}, {{issued->user.id}, DocumentFormat::pdf});
  CHECK(r.error().code == Errc::permission_denied);
  CHECK(regs.resend_user_key({w.org.id, manager.id}, issued->user.id).error().code ==
        Errc::permission_denied);
}

TEST_CASE("a storage failure at any call during activation leaves the user waiting with a working key") {
  auto w = make_world("sqlite");
  auto issued = precreate(w, "grace@navy.example");
  auto faulty = std::make_shared<FaultyStorage>(w.storage);
  Directory dir(faulty, std::move(Keyring::from_bytes(kMasterKey)).value(), w.clock);
  bool activated = false;
  for (int n = 1; n < 40 && !activated; ++n) {
    faulty->fail_at(n);
    auto r = Registrations(dir).redeem_user_key(w.org.id, {issued.digits, kGoodPassword, "", "s"});
    faulty->disarm();
    if (r.ok()) {
      activated = true;
      break;
    }
    CHECK(r.error().code == Errc::storage);
    auto stored = w.storage->get_user(w.org.id, issued.user.id);
    CHECK(stored->status == UserStatus::pending_activation);
    CHECK(stored->activation_key_hash == issued.user.activation_key_hash);
  }
  CHECK(activated);
}

TEST_CASE("inspecting a 29-digit key shows the locked names without using the key, and counts wrong keys") {
  auto w = make_world();
  Organization strict = w.org;
  strict.settings.throttle.per_source_max_failures = 2;
  strict.settings.throttle.org_max_failures_per_hour = 2;
  REQUIRE(w.dir->update_organization(w.admin_actor(), strict).ok());
  auto issued = precreate(w, "grace@navy.example");
  Registrations regs(*w.dir);
  for (int i = 0; i < 3; ++i) {  // a scanner reading the document's link, again and again
    auto seen = regs.inspect_user_key(w.org.id, issued.grouped, "kiosk-1");
    REQUIRE_MESSAGE(seen.ok(), (seen.ok() ? "" : seen.error().message));
    CHECK(seen->first_name == "Grace");
    CHECK(seen->last_name == "Hopper");
    CHECK(seen->status == UserStatus::pending_activation);
    CHECK(seen->activation_key_sealed.empty());
  }
  CHECK(code_of(regs.inspect_user_key(w.org.id, "123", "kiosk-1")) == Errc::invalid_input);
  CHECK(code_of(regs.inspect_user_key(w.org.id, generate_digit_key(user_key_digits), "kiosk-1")) ==
        Errc::not_found);
  CHECK(code_of(regs.inspect_user_key(w.org.id, generate_digit_key(user_key_digits), "kiosk-1")) ==
        Errc::not_found);
  CHECK(code_of(regs.inspect_user_key(w.org.id, issued.digits, "kiosk-1")) == Errc::throttled);
  REQUIRE(code_of(activate(w, issued.digits, "", "kiosk-2")) == Errc::ok);
  CHECK(code_of(regs.inspect_user_key(w.org.id, issued.digits, "kiosk-3")) == Errc::already_used);
}
