#include <doctest/doctest.h>

#include <atomic>
#include <thread>

#include "onboard/model/email.hpp"
#include "service_fixture.hpp"

using namespace onboard;
using namespace onboard::test;
using std::chrono::seconds;

namespace {

IssuedInvitation invite(World& w, const std::string& email, const std::string& role = "User") {
  auto issued = w.dir->invite(w.admin_actor(), {email, role, "Sales", ""});
  REQUIRE_MESSAGE(issued.ok(), (issued.ok() ? "" : issued.error().message));
  return *issued;
}

Errc accept_code(World& w, const std::string& token, const std::string& password = kGoodPassword) {
  auto r = w.dir->accept_invitation(w.org.id, {token, "Grace Hopper", password});
  return r.ok() ? Errc::ok : r.error().code;
}

}  // namespace

TEST_CASE("an accepted invitation creates an active user with the invited role, team and office") {
  for (const char* backend : {"memory", "sqlite"}) {
    CAPTURE(backend);
    auto w = make_world(backend);
    auto issued = invite(w, "Grace@Navy.example", "Manager");
    CHECK(issued.link == "https://acme.example/invite/" + issued.token);
    CHECK(issued.invitation.expires_at == w.clock->now() + std::chrono::hours{24 * 7});
    auto user = w.dir->accept_invitation(w.org.id, {issued.token, "Grace Brewster Hopper", kGoodPassword});
    REQUIRE(user.ok());
    CHECK(user->email == "Grace@Navy.example");
    CHECK(user->role == "Manager");
    CHECK(user->teams == std::vector<std::string>{"Sales"});
    CHECK(user->office == "HQ");
    CHECK(user->status == UserStatus::active);
    CHECK(user->first_name == "Grace Brewster");
    CHECK(user->last_name == "Hopper");
    CHECK(user->source == UserSource::invite);
    auto login = w.dir->authenticate(w.org.id, "grace@navy.example", kGoodPassword);
    CHECK(login.ok());
  }
}

TEST_CASE("an invitation works until one second before its expiry and not at or after it") {
  for (int offset : {-1, 0, 1}) {
    CAPTURE(offset);
    auto w = make_world();
    auto issued = invite(w, "grace@navy.example");
    w.clock->set(issued.invitation.expires_at + seconds{offset});
    const Errc expected = offset < 0 ? Errc::ok : Errc::expired;
    CHECK(accept_code(w, issued.token) == expected);
    auto inspected = w.dir->inspect_invitation(w.org.id, issued.token);
    if (offset < 0)
      CHECK(inspected.error().code == Errc::already_used);
    else
      CHECK(inspected.error().code == Errc::expired);
  }
}

TEST_CASE("the invitation TTL is an organization setting") {
  auto w = make_world();
  Organization changed = w.org;
  changed.settings.invitation_ttl = std::chrono::hours{48};
  REQUIRE(w.dir->update_organization(w.admin_actor(), changed).ok());
  auto issued = invite(w, "grace@navy.example");
  CHECK(issued.invitation.expires_at == w.clock->now() + std::chrono::hours{48});
}

TEST_CASE("an invitation is used once") {
  auto w = make_world("sqlite");
  auto issued = invite(w, "grace@navy.example");
  CHECK(accept_code(w, issued.token) == Errc::ok);
  CHECK(accept_code(w, issued.token) == Errc::already_used);
  UserFilter all;
  CHECK(w.dir->list_users(w.admin_actor(), all)->size() == 2);
}

TEST_CASE("inspecting an invitation never consumes it") {
  auto w = make_world();
  auto issued = invite(w, "grace@navy.example");
  for (int i = 0; i < 3; ++i) {
    auto inv = w.dir->inspect_invitation(w.org.id, issued.token);
    REQUIRE(inv.ok());
    CHECK(inv->email == "grace@navy.example");
  }
  CHECK(accept_code(w, issued.token) == Errc::ok);
}

TEST_CASE("a resent invitation kills the old link and resets the expiry") {
  auto w = make_world();
  auto first = invite(w, "grace@navy.example");
  w.clock->advance(seconds{3600 * 24 * 6});
  auto second = w.dir->resend_invitation(w.admin_actor(), first.invitation.id);
  REQUIRE(second.ok());
  CHECK(second->token != first.token);
  CHECK(second->invitation.resend_count == 1);
  CHECK(second->invitation.expires_at == w.clock->now() + std::chrono::hours{24 * 7});
  CHECK(accept_code(w, first.token) == Errc::not_found);
  CHECK(w.dir->inspect_invitation(w.org.id, first.token).error().code == Errc::not_found);
  w.clock->advance(seconds{3600 * 24 * 2});  // past the first expiry, within the second
  CHECK(accept_code(w, second->token) == Errc::ok);
}

TEST_CASE("an expired invitation can be resent") {
  auto w = make_world();
  auto first = invite(w, "grace@navy.example");
  w.clock->set(first.invitation.expires_at + seconds{10});
  auto second = w.dir->resend_invitation(w.admin_actor(), first.invitation.id);
  REQUIRE(second.ok());
  CHECK(accept_code(w, second->token) == Errc::ok);
}

TEST_CASE("a revoked invitation no longer works") {
  auto w = make_world();
  auto issued = invite(w, "grace@navy.example");
  auto revoked = w.dir->revoke_invitation(w.admin_actor(), issued.invitation.id);
  REQUIRE(revoked.ok());
  CHECK(revoked->state == InvitationState::revoked);
  CHECK(accept_code(w, issued.token) == Errc::revoked);
  CHECK(w.dir->resend_invitation(w.admin_actor(), issued.invitation.id).error().code == Errc::revoked);
  // The person can be invited again.
  CHECK(w.dir->invite(w.admin_actor(), {"grace@navy.example", "", "", ""}).ok());
}

TEST_CASE("a member or a pending invitation refuses a second invitation") {
  auto w = make_world();
  auto member = w.dir->invite(w.admin_actor(), {"ADA@acme.example", "", "", ""});
  CHECK(member.error().code == Errc::already_exists);
  CHECK(member.error().message.find("already a member") != std::string::npos);
  invite(w, "grace@navy.example");
  auto twice = w.dir->invite(w.admin_actor(), {"Grace@NAVY.example", "", "", ""});
  CHECK(twice.error().code == Errc::already_exists);
  CHECK(twice.error().message.find("pending invitation") != std::string::npos);
}

TEST_CASE("an internationalized domain is one identity in either spelling") {
  auto w = make_world();
  invite(w, "peggy@bücher.example");
  auto again = w.dir->invite(w.admin_actor(), {"peggy@xn--bcher-kva.example", "", "", ""});
  CHECK(again.error().code == Errc::already_exists);
}

TEST_CASE("nobody grants a role above their own") {
  auto w = make_world();
  auto manager = add_member(w, "max@acme.example", "Manager");
  Actor as_manager{w.org.id, manager.id};
  auto above = w.dir->invite(as_manager, {"x@acme.example", "Admin", "", ""});
  CHECK(above.error().code == Errc::permission_denied);
  CHECK(above.error().message.find("ranks above your own") != std::string::npos);
  CHECK(w.dir->invite(as_manager, {"x@acme.example", "Manager", "", ""}).ok());
  auto user = add_member(w, "uma@acme.example", "User");
  auto no_permission = w.dir->invite(Actor{w.org.id, user.id}, {"y@acme.example", "User", "", ""});
  CHECK(no_permission.error().code == Errc::permission_denied);
}

TEST_CASE("an unknown role, team or office is refused with a suggestion") {
  auto w = make_world();
  auto role = w.dir->invite(w.admin_actor(), {"x@acme.example", "Wizard", "", ""});
  CHECK(role.error().code == Errc::invalid_input);
  auto team = w.dir->invite(w.admin_actor(), {"x@acme.example", "", "Sals", ""});
  CHECK(team.error().message.find("did you mean \"Sales\"") != std::string::npos);
  auto office = w.dir->invite(w.admin_actor(), {"x@acme.example", "", "", "london"});
  REQUIRE(office.ok());
  CHECK(office->invitation.office == "London");
}

TEST_CASE("the invitation's role comes from the invitation, not from the person accepting") {
  auto w = make_world();
  auto issued = invite(w, "grace@navy.example", "User");
  auto user = w.dir->accept_invitation(w.org.id, {issued.token, "Grace Hopper", kGoodPassword});
  REQUIRE(user.ok());
  CHECK(user->role == "User");
  CHECK(user->email == "grace@navy.example");
}

TEST_CASE("a weak password is refused and the invitation stays usable") {
  auto w = make_world();
  auto issued = invite(w, "grace@navy.example");
  CHECK(accept_code(w, issued.token, "password1") == Errc::weak_password);
  CHECK(accept_code(w, issued.token, "grace@navy.example") == Errc::weak_password);
  CHECK(accept_code(w, issued.token) == Errc::ok);
}

TEST_CASE("damaged tokens are refused without a lookup hit") {
  auto w = make_world();
  auto issued = invite(w, "grace@navy.example");
  std::string truncated = issued.token.substr(0, 20);
  std::string flipped = issued.token;
  flipped[5] = flipped[5] == 'A' ? 'B' : 'A';
  CHECK(accept_code(w, truncated) == Errc::invalid_input);
  CHECK(accept_code(w, flipped) == Errc::not_found);
  CHECK(accept_code(w, issued.token + "\n") == Errc::ok);  // a trailing newline from copy-paste
}

TEST_CASE("the seat limit stops an invitation and an acceptance") {
  auto w = make_world("memory", 2);
  auto a = invite(w, "grace@navy.example");
  // Grace's pending invitation holds the last seat: Alan's is refused when sent.
  CHECK(w.dir->invite(w.admin_actor(), {"alan@navy.example", "", "", ""}).error().code ==
        Errc::limit_exceeded);
  // Where invitations hold no seat, the acceptance is checked instead.
  OrganizationChange off;
  off.pending_hold_seats = false;
  REQUIRE(w.dir->change_organization(w.admin_actor(), off).ok());
  auto b = invite(w, "alan@navy.example");
  CHECK(accept_code(w, a.token) == Errc::ok);
  auto r = w.dir->accept_invitation(w.org.id, {b.token, "Alan Turing", kGoodPassword});
  CHECK(r.error().code == Errc::limit_exceeded);
  CHECK(w.dir->invite(w.admin_actor(), {"x@navy.example", "", "", ""}).error().code == Errc::limit_exceeded);
}

TEST_CASE("two threads accepting one invitation create one user") {
  for (const char* backend : {"memory", "sqlite"}) {
    CAPTURE(backend);
    auto w = make_world(backend);
    auto issued = invite(w, "grace@navy.example");
    std::atomic<int> ok{0}, used{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 4; ++i)
      threads.emplace_back([&] {
        Errc c = accept_code(w, issued.token);
        if (c == Errc::ok) ++ok;
        if (c == Errc::already_used || c == Errc::already_exists) ++used;
      });
    for (auto& t : threads) t.join();
    CHECK(ok == 1);
    CHECK(used == 3);
    UserFilter all;
    CHECK(w.dir->list_users(w.admin_actor(), all)->size() == 2);
  }
}

TEST_CASE("two directories on one SQLite file accepting one invitation create one user") {
  auto w = make_world("sqlite");
  auto issued = invite(w, "grace@navy.example");
  // A second process is simulated by a second connection with the same key.
  auto other_storage = open_storage("sqlite:" + w.db_path);
  REQUIRE(other_storage.ok());
  Directory other(std::shared_ptr<Storage>(std::move(other_storage).value()),
                  std::move(Keyring::from_bytes(kMasterKey)).value(), w.clock);
  std::atomic<int> ok{0};
  std::thread t1([&] { ok += accept_code(w, issued.token) == Errc::ok; });
  std::thread t2([&] {
    ok += other.accept_invitation(w.org.id, {issued.token, "Grace Hopper", kGoodPassword}).ok();
  });
  t1.join();
  t2.join();
  CHECK(ok == 1);
}

TEST_CASE("each change queues an outbox message whose link is sealed until claimed") {
  auto w = make_world("sqlite");
  auto issued = invite(w, "grace@navy.example");
  auto listed = w.dir->list_outbox(w.admin_actor(), OutboxState::queued);
  REQUIRE(listed.ok());
  REQUIRE(listed->size() == 1);
  CHECK(listed->front().body.find(issued.token) == std::string::npos);
  CHECK(listed->front().body.find("[sealed]") != std::string::npos);
  auto claimed = w.dir->claim_outbox(w.org.id, 10);
  REQUIRE(claimed.ok());
  REQUIRE(claimed->size() == 1);
  CHECK(claimed->front().body.find(issued.link) != std::string::npos);
  CHECK(claimed->front().message.recipient == "grace@navy.example");
  CHECK(w.dir->claim_outbox(w.org.id, 10)->empty());  // claimed, not yet lapsed
  CHECK(w.dir->ack_outbox(w.org.id, claimed->front().message.id).ok());
  w.clock->advance(std::chrono::hours{1});
  CHECK(w.dir->claim_outbox(w.org.id, 10)->empty());  // sent messages are not claimed again
}

TEST_CASE("an unacknowledged claim lapses and the message is sent again") {
  auto w = make_world();
  invite(w, "grace@navy.example");
  REQUIRE(w.dir->claim_outbox(w.org.id, 10, seconds{60})->size() == 1);
  w.clock->advance(seconds{61});
  CHECK(w.dir->claim_outbox(w.org.id, 10)->size() == 1);
}

TEST_CASE("every change writes an audit event") {
  auto w = make_world();
  auto issued = invite(w, "grace@navy.example");
  auto resent = w.dir->resend_invitation(w.admin_actor(), issued.invitation.id);
  REQUIRE(resent.ok());
  REQUIRE(accept_code(w, resent->token) == Errc::ok);
  auto events = w.dir->audit_log(w.admin_actor(), 100);
  REQUIRE(events.ok());
  std::vector<std::string> actions;
  for (const auto& e : *events) actions.push_back(e.action);
  for (const char* expected :
       {"invitation.created", "invitation.resent", "invitation.accepted", "user.created"})
    CHECK(std::find(actions.begin(), actions.end(), expected) != actions.end());
  for (const auto& e : *events) CHECK(e.details.find(resent->token) == std::string::npos);
}
