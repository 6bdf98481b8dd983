#include <doctest/doctest.h>

#include <filesystem>

#include "confirmation_helpers.hpp"
#include "onboard/signup_links.hpp"
#include "onboard/storage/faulty_storage.hpp"
#include "service_fixture.hpp"

using namespace onboard;
using namespace onboard::test;
using std::chrono::seconds;

namespace {

IssuedSignupLink make_link(World& w, NewSignupLink req = {}) {
  auto issued = SignupLinks(*w.dir).create(w.admin_actor(), req);
  REQUIRE_MESSAGE(issued.ok(), (issued.ok() ? "" : issued.error().message));
  return *issued;
}

Result<LinkRegistration> join(World& w, const std::string& token, const std::string& email,
                              const std::string& password = kGoodPassword) {
  return SignupLinks(*w.dir).redeem(w.org.id, {token, email, "Grace Hopper", password});
}

Errc code_of(const Result<LinkRegistration>& r) { return r.ok() ? Errc::ok : r.error().code; }

std::size_t member_count(World& w) {
  UserFilter all;
  return w.dir->list_users(w.admin_actor(), all)->size();
}

}  // namespace

TEST_CASE("a link registers people with the link's role, team and office once they confirm their email") {
  for (const char* backend : {"memory", "sqlite"}) {
    CAPTURE(backend);
    auto w = make_world(backend);
    auto issued = make_link(w, {"Open day", "Super User", "Support", "London", "", std::nullopt, {}});
    CHECK(issued.url == "https://acme.example/join/" + issued.token);
    auto r = join(w, issued.token + "\n", "grace@navy.example");
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
    CHECK(r->check_email);
    CHECK(r->email == "grace@navy.example");
    CHECK(w.dir->find_user_by_email(w.org.id, "grace@navy.example").error().code == Errc::not_found);
    auto links = SignupLinks(*w.dir).list(w.admin_actor());
    CHECK(links->front().use_count == 1);
    auto mail = w.dir->list_outbox(w.admin_actor(), std::nullopt);
    REQUIRE(mail->size() == 1);
    CHECK(mail->front().kind == "email_confirmation");
    const User user = confirm_from_mailbox(w, "grace@navy.example");
    CHECK(user.status == UserStatus::active);
    CHECK(user.role == "Super User");
    CHECK(user.teams == std::vector<std::string>{"Support"});
    CHECK(user.office == "London");
    CHECK(user.source == UserSource::link);
    CHECK(user.registered_via == issued.link.id);
    CHECK(w.dir->find_user_by_email(w.org.id, "grace@navy.example")->id == user.id);
  }
}

TEST_CASE("a link redeemed with email_verified makes an active user at once, with a welcome message") {
  auto w = make_world();
  auto issued = make_link(w);
  REQUIRE(SignupLinks(*w.dir)
              .redeem(w.org.id, {issued.token, "grace@navy.example", "Grace Hopper", kGoodPassword, true})
              .ok());
  auto user = w.dir->find_user_by_email(w.org.id, "grace@navy.example");
  REQUIRE(user.ok());
  CHECK(user->status == UserStatus::active);
  CHECK(w.dir->authenticate(w.org.id, "grace@navy.example", kGoodPassword).ok());
  auto mail = w.dir->list_outbox(w.admin_actor(), std::nullopt);
  REQUIRE(mail->size() == 1);
  CHECK(mail->front().kind == "welcome");
}

TEST_CASE(
    "an email that already has an account gets the same answer, no second account, and its owner a message") {
  auto w = make_world("sqlite");
  auto issued = make_link(w);
  auto fresh = join(w, issued.token, "grace@navy.example");
  auto existing = join(w, issued.token, "Ada@ACME.example");
  REQUIRE(fresh.ok());
  REQUIRE(existing.ok());
  CHECK(fresh->check_email == existing->check_email);
  CHECK(existing->email == "Ada@ACME.example");
  CHECK(member_count(w) == 2);  // Ada and Grace (waiting for her confirmation)
  // Both spent a use: the count does not tell them apart either.
  CHECK(SignupLinks(*w.dir).list(w.admin_actor())->front().use_count == 2);
  auto mail = w.dir->list_outbox(w.admin_actor(), std::nullopt);
  REQUIRE(mail->size() == 2);
  const auto& notice = mail->front().kind == "already_registered" ? mail->front() : mail->back();
  CHECK(notice.kind == "already_registered");
  CHECK(notice.recipient == "ada@acme.example");  // the address as the owner stored it
  // The owner's password is untouched.
  CHECK(w.dir->authenticate(w.org.id, "ada@acme.example", kAdminPassword).ok());
}

TEST_CASE("a link works until its expiry date ends in the organization's time zone") {
  auto w = make_world();
  Organization tokyo = w.org;
  tokyo.time_zone = "Asia/Tokyo";
  REQUIRE(w.dir->update_organization(w.admin_actor(), tokyo).ok());
  auto issued = make_link(w, {"", "", "", "", "2026-11-30", std::nullopt, {}});
  CHECK(*issued.link.expires_at == *parse_iso8601("2026-11-30T15:00:00Z"));
  w.clock->set(*parse_iso8601("2026-11-30T14:59:59Z"));
  CHECK(code_of(join(w, issued.token, "early@navy.example")) == Errc::ok);
  w.clock->set(*parse_iso8601("2026-11-30T15:00:00Z"));
  CHECK(code_of(join(w, issued.token, "late@navy.example")) == Errc::expired);
}

TEST_CASE("a link stops after its last use") {
  auto w = make_world();
  auto issued = make_link(w, {"", "", "", "", "", 1, {}});
  CHECK(code_of(join(w, issued.token, "one@navy.example")) == Errc::ok);
  CHECK(code_of(join(w, issued.token, "two@navy.example")) == Errc::already_used);
  CHECK(member_count(w) == 2);
}

TEST_CASE("a disabled link refuses registrations until enabled again") {
  auto w = make_world();
  auto issued = make_link(w);
  SignupLinks links(*w.dir);
  auto off = links.disable(w.admin_actor(), issued.link.id);
  REQUIRE(off.ok());
  CHECK_FALSE(off->enabled);
  CHECK(code_of(join(w, issued.token, "grace@navy.example")) == Errc::revoked);
  REQUIRE(links.enable(w.admin_actor(), issued.link.id).ok());
  CHECK(code_of(join(w, issued.token, "grace@navy.example")) == Errc::ok);
}

TEST_CASE("a link with allowed domains refuses other domains and accepts either spelling of a domain") {
  auto w = make_world();
  auto issued = make_link(w, {"", "", "", "", "", std::nullopt, {"Navy.example", "@bücher.example"}});
  CHECK(issued.link.allowed_domains == std::vector<std::string>{"navy.example", "xn--bcher-kva.example"});
  auto other = join(w, issued.token, "eve@evil.example");
  CHECK(code_of(other) == Errc::invalid_input);
  CHECK(other.error().detail_code == "link.domain");
  CHECK(code_of(join(w, issued.token, "eve@sub.navy.example")) == Errc::invalid_input);
  CHECK(code_of(join(w, issued.token, "grace@NAVY.example")) == Errc::ok);
  CHECK(code_of(join(w, issued.token, "peggy@xn--bcher-kva.example")) == Errc::ok);
}

TEST_CASE("editing a link changes what later registrations get, and keeps the URL") {
  auto w = make_world();
  auto issued = make_link(w);
  SignupLinks links(*w.dir);
  SignupLinkChanges changes;
  changes.role = "manager";
  changes.team = "Sales";
  changes.max_uses = 1;
  changes.allowed_domains = std::vector<std::string>{"navy.example"};
  auto edited = links.edit(w.admin_actor(), issued.link.id, changes);
  REQUIRE(edited.ok());
  CHECK(edited->role == "Manager");
  CHECK(edited->max_uses == 1);
  CHECK(code_of(join(w, issued.token, "grace@navy.example")) == Errc::ok);
  CHECK(confirm_from_mailbox(w, "grace@navy.example").role == "Manager");
  CHECK(code_of(join(w, issued.token, "alan@navy.example")) == Errc::already_used);
  SignupLinkChanges unlimited;
  unlimited.max_uses = 0;
  unlimited.expires = "2026-12-01";
  unlimited.allowed_domains = std::vector<std::string>{};
  auto again = links.edit(w.admin_actor(), issued.link.id, unlimited);
  REQUIRE(again.ok());
  CHECK_FALSE(again->max_uses);
  CHECK(again->expires_at);
  CHECK(code_of(join(w, issued.token, "alan@bletchley.example")) == Errc::ok);
  SignupLinkChanges bad;
  bad.role = "Overlord";
  CHECK(links.edit(w.admin_actor(), issued.link.id, bad).error().code == Errc::invalid_input);
}

TEST_CASE("a link refuses a truncated token, a flipped character and a token of another organization") {
  auto w = make_world();
  auto issued = make_link(w);
  CHECK(code_of(join(w, issued.token.substr(0, 40), "g@navy.example")) == Errc::invalid_input);
  std::string flipped = issued.token;
  flipped[5] = flipped[5] == 'A' ? 'B' : 'A';
  CHECK(code_of(join(w, flipped, "g@navy.example")) == Errc::not_found);
  auto r = SignupLinks(*w.dir).redeem("no-such-org", {issued.token, "g@navy.example", "G H", kGoodPassword});
  CHECK_FALSE(r.ok());
}

TEST_CASE("a link respects the seat limit for new and existing emails alike") {
  auto w = make_world("memory", 1);
  auto issued = make_link(w);
  CHECK(code_of(join(w, issued.token, "grace@navy.example")) == Errc::limit_exceeded);
  CHECK(code_of(join(w, issued.token, "ada@acme.example")) == Errc::limit_exceeded);
}

TEST_CASE("a weak password is refused before anything is created") {
  auto w = make_world();
  auto issued = make_link(w);
  CHECK(code_of(join(w, issued.token, "grace@navy.example", "password1")) == Errc::weak_password);
  CHECK(member_count(w) == 1);
}

TEST_CASE("the QR code of a link is a well-formed SVG drawn again from the sealed token") {
  auto w = make_world();
  auto issued = make_link(w);
  auto svg = SignupLinks(*w.dir).qr_svg(w.admin_actor(), issued.link.id);
  REQUIRE(svg.ok());
  CHECK(svg->rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0) == 0);
  CHECK(svg->find("<rect") != std::string::npos);
  CHECK(svg->find("<path") != std::string::npos);
  CHECK(svg->find("</svg>") != std::string::npos);
  CHECK(svg->find(issued.token) == std::string::npos);  // the URL is only in the modules
  CHECK(SignupLinks(*w.dir).qr_svg(w.admin_actor(), "missing").error().code == Errc::not_found);
}

TEST_CASE("only people allowed to manage links can create them, and not above their own role") {
  auto w = make_world();
  auto user = add_member(w, "u@acme.example", "Super User");
  SignupLinks links(*w.dir);
  CHECK(links.create({w.org.id, user.id}, {}).error().code == Errc::permission_denied);
  auto manager = add_member(w, "m@acme.example", "Manager");
  NewSignupLink admin_link;
  admin_link.role = "Admin";
  CHECK(links.create({w.org.id, manager.id}, admin_link).error().code == Errc::permission_denied);
}

TEST_CASE("no link token is stored in clear in the SQLite file") {
  auto w = make_world("sqlite");
  auto issued = make_link(w);
  REQUIRE(join(w, issued.token, "grace@navy.example").ok());
  std::string bytes;
  for (const char* suffix : {"", "-wal"})
    if (std::filesystem::exists(w.db_path + suffix)) bytes += read_file(w.db_path + suffix);
  CHECK(bytes.find("grace@navy.example") != std::string::npos);
  CHECK(bytes.find(issued.token) == std::string::npos);
  CHECK(bytes.find(issued.url) == std::string::npos);
}

TEST_CASE("a storage failure at any call during link registration leaves no orphan and no spent use") {
  auto w = make_world("sqlite");
  auto issued = make_link(w, {"", "", "", "", "", 1, {}});
  auto faulty = std::make_shared<FaultyStorage>(w.storage);
  Directory dir(faulty, std::move(Keyring::from_bytes(kMasterKey)).value(), w.clock);
  bool joined = false;
  for (int n = 1; n < 40 && !joined; ++n) {
    faulty->fail_at(n);
    auto r = SignupLinks(dir).redeem(w.org.id,
                                     {issued.token, "grace@navy.example", "Grace Hopper", kGoodPassword});
    faulty->disarm();
    if (r.ok()) {
      joined = true;
      break;
    }
    CHECK(r.error().code == Errc::storage);
    CHECK(member_count(w) == 1);
    CHECK(w.storage->get_signup_link(w.org.id, issued.link.id)->use_count == 0);
    CHECK(w.storage->list_messages(w.org.id, std::nullopt, 0)->empty());
  }
  CHECK(joined);
  CHECK(member_count(w) == 2);
  CHECK(w.storage->list_messages(w.org.id, std::nullopt, 0)->size() == 1);  // the confirmation link
}

TEST_CASE("inspecting a link reads it without using it and names why a dead link is dead") {
  auto w = make_world("sqlite");
  auto issued = make_link(w, {"Web", "", "", "", "", std::int64_t{1}, {}});
  SignupLinks links(*w.dir);
  for (int i = 0; i < 3; ++i) {
    auto seen = links.inspect(w.org.id, issued.token);
    REQUIRE_MESSAGE(seen.ok(), (seen.ok() ? "" : seen.error().message));
    CHECK(seen->id == issued.link.id);
    CHECK(seen->use_count == 0);
  }
  CHECK(links.inspect(w.org.id, "not a token!").error().code == Errc::invalid_input);
  CHECK(links.inspect(w.org.id, std::string(43, 'A')).error().code == Errc::not_found);
  REQUIRE(join(w, issued.token, "grace@navy.example").ok());
  CHECK(links.inspect(w.org.id, issued.token).error().code == Errc::already_used);
  auto other = make_link(w);
  REQUIRE(links.disable(w.admin_actor(), other.link.id).ok());
  CHECK(links.inspect(w.org.id, other.token).error().code == Errc::revoked);
}
