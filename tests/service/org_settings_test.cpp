// Organization settings after init (change_organization, update_organization's
// catalogs), seats that pending invitations and not-activated users hold, and
// invitations listed by status.
#include <doctest/doctest.h>

#include "onboard/registrations.hpp"
#include "onboard/signup_links.hpp"
#include "service_fixture.hpp"

using namespace onboard;
using namespace onboard::test;

namespace {

IssuedInvitation invite(World& w, const std::string& email, const std::string& team = "",
                        const std::string& office = "") {
  auto issued = w.dir->invite(w.admin_actor(), {email, "User", team, office});
  REQUIRE_MESSAGE(issued.ok(), (issued.ok() ? "" : issued.error().message));
  return *issued;
}

User member_in(World& w, const std::string& email, const std::string& team) {
  auto issued = invite(w, email, team);
  auto user = w.dir->accept_invitation(w.org.id, {issued.token, "Member Person", kGoodPassword});
  REQUIRE_MESSAGE(user.ok(), (user.ok() ? "" : user.error().message));
  return *user;
}

const AuditEvent& last_update(World& w) {
  static std::vector<AuditEvent> log;
  auto events = w.dir->audit_log(w.admin_actor(), 50);
  REQUIRE(events.ok());
  log = *events;
  for (const auto& e : log)
    if (e.action == "organization.updated") return e;
  FAIL("no organization.updated event");
  return log.front();
}

}  // namespace

TEST_CASE(
    "org set changes seats, invitation days, time zone, password length and locale, audited before and "
    "after") {
  for (const char* backend : {"memory", "sqlite"}) {
    CAPTURE(backend);
    World w = make_world(backend);
    OrganizationChange c;
    c.seat_limit = std::optional<std::int64_t>{10};
    c.invitation_ttl = std::chrono::hours{24 * 3};
    c.time_zone = "Europe/Berlin";
    c.password_min_length = 12;
    c.locale = "DE";
    auto changed = w.dir->change_organization(w.admin_actor(), c);
    REQUIRE_MESSAGE(changed.ok(), (changed.ok() ? "" : changed.error().message));
    auto stored = w.dir->organization(w.org.id);
    REQUIRE(stored.ok());
    CHECK(stored->seat_limit == 10);
    CHECK(stored->settings.invitation_ttl == std::chrono::hours{72});
    CHECK(stored->time_zone == "Europe/Berlin");
    CHECK(stored->settings.password_policy.min_length == 12);
    CHECK(stored->settings.locale == "de");
    const AuditEvent& e = last_update(w);
    CHECK(e.actor == w.admin.id);
    CHECK(e.details.find(R"("before":{"time_zone":"UTC")") != std::string::npos);
    CHECK(e.details.find(R"("after":{"time_zone":"Europe/Berlin")") != std::string::npos);
    CHECK(e.details.find(R"("locale":"de")") != std::string::npos);
    CHECK(e.details.find("password_hash") == std::string::npos);

    OrganizationChange unlimited;
    unlimited.seat_limit = std::optional<std::int64_t>{};
    REQUIRE(w.dir->change_organization(w.admin_actor(), unlimited).ok());
    CHECK_FALSE(w.dir->organization(w.org.id)->seat_limit.has_value());
  }
}

TEST_CASE("org set refuses what a setting cannot hold, naming it") {
  World w = make_world();
  const auto refused = [&](const OrganizationChange& c) {
    auto r = w.dir->change_organization(w.admin_actor(), c);
    REQUIRE_FALSE(r.ok());
    return r.error();
  };
  OrganizationChange c;
  c.time_zone = "Mars/Olympus";
  CHECK(refused(c).message.find("not a time zone") != std::string::npos);
  c = {};
  c.locale = "fr";
  CHECK(refused(c).message == "The locale \"fr\" is not available; use en or de.");
  c = {};
  c.password_min_length = 4;
  CHECK(refused(c).detail_code == "org.password_min_length");
  c = {};
  c.invitation_ttl = std::chrono::hours{24 * 91};
  CHECK(refused(c).detail_code == "org.invitation_ttl");
  c = {};
  c.add_teams = {"sales"};
  CHECK(refused(c).message == "There is already a team called Sales.");
  c = {};
  c.remove_offices = {"HQ"};
  CHECK(refused(c).detail_code == "office.default");
  c = {};
  c.rename_teams = {{"Sales", "support"}};
  CHECK(refused(c).code == Errc::already_exists);
  // Nothing of the refused changes was stored.
  auto stored = w.dir->organization(w.org.id);
  CHECK(stored->time_zone == "UTC");
  CHECK(stored->teams == std::vector<std::string>{"Sales", "Support"});
}

TEST_CASE("only a role with manage_users changes the organization; a Manager cannot") {
  World w = make_world();
  User manager = add_member(w, "max@acme.example", "Manager");
  OrganizationChange c;
  c.seat_limit = std::optional<std::int64_t>{1000};
  auto r = w.dir->change_organization({w.org.id, manager.id}, c);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == Errc::permission_denied);
  CHECK_FALSE(w.dir->organization(w.org.id)->seat_limit.has_value());
  // Seats are readable by those who may invite.
  CHECK(w.dir->seat_usage({w.org.id, manager.id}).ok());
  User plain = add_member(w, "ulla@acme.example", "User");
  CHECK(w.dir->seat_usage({w.org.id, plain.id}).error().code == Errc::permission_denied);
}

TEST_CASE("removing a team in use is refused naming who uses it; unused it goes") {
  for (const char* backend : {"memory", "sqlite"}) {
    CAPTURE(backend);
    World w = make_world(backend);
    member_in(w, "ana@example.com", "Sales");
    member_in(w, "bob@example.com", "Sales");
    invite(w, "cy@example.com", "Sales");
    invite(w, "di@example.com", "Sales");
    OrganizationChange c;
    c.remove_teams = {"sales"};
    auto r = w.dir->change_organization(w.admin_actor(), c);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message ==
          "The team Sales is used by 2 people (e.g. ana@example.com) and 2 pending invitations; move them "
          "first.");
    CHECK(r.error().detail_code == "team.in_use");
    c.remove_teams = {"Support"};
    REQUIRE(w.dir->change_organization(w.admin_actor(), c).ok());
    CHECK(w.dir->organization(w.org.id)->teams == std::vector<std::string>{"Sales"});
  }
}

TEST_CASE("an office used by a registration key or a sign-up link cannot be removed") {
  World w = make_world();
  NewRegistrationKey key;
  key.label = "front desk";
  key.office = "London";
  REQUIRE(Registrations(*w.dir).create_key(w.admin_actor(), key).ok());
  OrganizationChange c;
  c.remove_offices = {"London"};
  auto r = w.dir->change_organization(w.admin_actor(), c);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message == "The office London is used by 1 registration key; move them first.");
}

TEST_CASE("renaming a team renames it for the people and pending invitations that have it") {
  for (const char* backend : {"memory", "sqlite"}) {
    CAPTURE(backend);
    World w = make_world(backend);
    User ana = member_in(w, "ana@example.com", "Sales");
    auto pending = invite(w, "cy@example.com", "Sales", "London");
    OrganizationChange c;
    c.rename_teams = {{"sales", "Revenue"}};
    c.rename_offices = {{"London", "Londres"}};
    auto r = w.dir->change_organization(w.admin_actor(), c);
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
    CHECK(r->teams == std::vector<std::string>{"Revenue", "Support"});
    CHECK(r->offices == std::vector<std::string>{"HQ", "Londres"});
    CHECK(w.dir->user(w.admin_actor(), ana.id)->teams == std::vector<std::string>{"Revenue"});
    auto inv = w.storage->get_invitation(w.org.id, pending.invitation.id);
    CHECK(inv->team == "Revenue");
    CHECK(inv->office == "Londres");
    // The invitation, accepted after the rename, gives the new names.
    auto cy = w.dir->accept_invitation(w.org.id, {pending.token, "Cy Young", kGoodPassword});
    REQUIRE(cy.ok());
    CHECK(cy->teams == std::vector<std::string>{"Revenue"});
    CHECK(cy->office == "Londres");
    const AuditEvent& e = last_update(w);
    CHECK(e.details.find(R"({"catalog":"team","from":"Sales","to":"Revenue"})") != std::string::npos);
    CHECK(e.details.find(R"("people_renamed":1)") != std::string::npos);
    CHECK(e.details.find(R"("grants_renamed":2)") !=
          std::string::npos);  // the invitation, twice (team, office)
  }
}

TEST_CASE("renaming the default office keeps it the default") {
  World w = make_world();
  OrganizationChange c;
  c.rename_offices = {{"HQ", "Head Office"}};
  c.add_offices = {"Paris"};
  auto r = w.dir->change_organization(w.admin_actor(), c);
  REQUIRE(r.ok());
  CHECK(r->default_office == "Head Office");
  OrganizationChange d;
  d.default_office = "paris";
  d.remove_offices = {"London"};
  auto r2 = w.dir->change_organization(w.admin_actor(), d);
  REQUIRE_MESSAGE(r2.ok(), (r2.ok() ? "" : r2.error().message));
  CHECK(r2->default_office == "Paris");
  CHECK(r2->offices == std::vector<std::string>{"Head Office", "Paris"});
  // Ada works at the renamed office: it cannot go.
  OrganizationChange e;
  e.remove_offices = {"head office"};
  auto r3 = w.dir->change_organization(w.admin_actor(), e);
  REQUIRE_FALSE(r3.ok());
  CHECK(r3.error().message ==
        "The office Head Office is used by 1 person (e.g. ada@acme.example); move them first.");
}

TEST_CASE("update_organization takes the teams it is given: added, and removed unless in use") {
  World w = make_world();
  member_in(w, "ana@example.com", "Sales");
  Organization changed = w.org;
  changed.teams = {"Sales", "Engineering"};
  auto r = w.dir->update_organization(w.admin_actor(), changed);
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
  CHECK(w.dir->organization(w.org.id)->teams == std::vector<std::string>{"Sales", "Engineering"});
  changed.teams = {"Engineering"};
  auto refused = w.dir->update_organization(w.admin_actor(), changed);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().detail_code == "team.in_use");
}

TEST_CASE(
    "pending invitations and not-activated users hold seats; the invitation over the limit is refused when "
    "sent") {
  for (const char* backend : {"memory", "sqlite"}) {
    CAPTURE(backend);
    World w = make_world(backend, 4);  // the admin holds one
    member_in(w, "ana@example.com", "");
    invite(w, "bob@example.com");
    NewPrecreatedUser pre;
    pre.first_name = "Pre";
    pre.last_name = "Created";
    REQUIRE(Registrations(*w.dir).create_user(w.admin_actor(), pre).ok());
    auto seats = w.dir->seat_usage(w.admin_actor());
    REQUIRE(seats.ok());
    CHECK(seats->limit == 4);
    CHECK(seats->used == 2);
    CHECK(seats->not_activated == 1);
    CHECK(seats->pending_invitations == 1);
    CHECK(seats->reserved == 2);
    CHECK(seats->free == 0);
    auto refused = w.dir->invite(w.admin_actor(), {"cy@example.com", "User", "", ""});
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == Errc::limit_exceeded);
    CHECK(refused.error().message ==
          "Acme has used all 4 of its seats (3 people (1 not yet activated), 1 pending invitation).");
  }
}

TEST_CASE("an invitation that held a seat is accepted even when every seat is taken") {
  World w = make_world("memory", 2);
  auto issued = invite(w, "bob@example.com");
  CHECK(w.dir->seat_usage(w.admin_actor())->free == 0);
  auto bob = w.dir->accept_invitation(w.org.id, {issued.token, "Bob Byte", kGoodPassword});
  REQUIRE_MESSAGE(bob.ok(), (bob.ok() ? "" : bob.error().message));
  auto seats = w.dir->seat_usage(w.admin_actor());
  CHECK(seats->used == 2);
  CHECK(seats->reserved == 0);
}

TEST_CASE("without seat reservation pending invitations hold none and acceptance is checked instead") {
  World w = make_world("memory", 2);
  OrganizationChange off;
  off.pending_hold_seats = false;
  REQUIRE(w.dir->change_organization(w.admin_actor(), off).ok());
  auto first = invite(w, "bob@example.com");
  auto second = invite(w, "cy@example.com");  // allowed: invitations hold no seat
  CHECK(w.dir->seat_usage(w.admin_actor())->reserved == 0);
  REQUIRE(w.dir->accept_invitation(w.org.id, {first.token, "Bob Byte", kGoodPassword}).ok());
  auto late = w.dir->accept_invitation(w.org.id, {second.token, "Cy Young", kGoodPassword});
  REQUIRE_FALSE(late.ok());
  CHECK(late.error().code == Errc::limit_exceeded);
}

TEST_CASE("a seat limit below the seats taken is refused") {
  World w = make_world();
  invite(w, "bob@example.com");
  invite(w, "cy@example.com");
  OrganizationChange c;
  c.seat_limit = std::optional<std::int64_t>{2};
  auto r = w.dir->change_organization(w.admin_actor(), c);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message ==
        "Acme has 1 person, 2 pending invitations on its seats; the limit cannot go below 3.");
  c.seat_limit = std::optional<std::int64_t>{3};
  CHECK(w.dir->change_organization(w.admin_actor(), c).ok());
}

TEST_CASE("invitations are listed by status: pending, accepted, expired, revoked or all") {
  World w = make_world();
  auto accepted = invite(w, "a@example.com");
  REQUIRE(w.dir->accept_invitation(w.org.id, {accepted.token, "A Person", kGoodPassword}).ok());
  auto revoked = invite(w, "r@example.com");
  REQUIRE(w.dir->revoke_invitation(w.admin_actor(), revoked.invitation.id).ok());
  auto expired = invite(w, "e@example.com");
  w.clock->advance(std::chrono::hours{24 * 8});
  auto pending = invite(w, "p@example.com");
  const auto emails = [&](std::optional<InvitationStatus> status) {
    auto list = w.dir->list_invitations(w.admin_actor(), status);
    REQUIRE(list.ok());
    std::vector<std::string> out;
    for (const auto& inv : *list) out.push_back(inv.email);
    return out;
  };
  CHECK(emails(InvitationStatus::pending) == std::vector<std::string>{"p@example.com"});
  CHECK(emails(InvitationStatus::accepted) == std::vector<std::string>{"a@example.com"});
  CHECK(emails(InvitationStatus::expired) == std::vector<std::string>{"e@example.com"});
  CHECK(emails(InvitationStatus::revoked) == std::vector<std::string>{"r@example.com"});
  CHECK(emails(std::nullopt).size() == 4);
}

TEST_CASE("without seat reservation a pre-created account is refused at activation once the seats are full") {
  World w = make_world("memory", 2);
  OrganizationChange off;
  off.pending_hold_seats = false;
  REQUIRE(w.dir->change_organization(w.admin_actor(), off).ok());
  NewPrecreatedUser pre;
  pre.first_name = "Pre";
  pre.last_name = "Created";
  auto issued = Registrations(*w.dir).create_user(w.admin_actor(), pre);
  REQUIRE(issued.ok());
  CHECK(w.dir->seat_usage(w.admin_actor())->reserved == 0);
  member_in(w, "bob@example.com", "");  // takes the last seat
  auto late =
      Registrations(*w.dir).redeem_user_key(w.org.id, {issued->digits, kGoodPassword, "pre@example.com", ""});
  REQUIRE_FALSE(late.ok());
  CHECK(late.error().code == Errc::limit_exceeded);
  CHECK(w.dir->user(w.admin_actor(), issued->user.id)->status == UserStatus::pending_activation);
}
