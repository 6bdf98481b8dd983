// The feed's invitation.expired: written by note_expired_invitations, once per
// invitation and expiry, in order with the other events.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "import_test_fixture.hpp"
#include "onboard/events.hpp"

using namespace onboard;
using namespace onboard::test;

namespace {

constexpr auto kWeek = std::chrono::hours{24 * 7};

std::vector<Event> feed(ImportWorld& w) {
  auto page = w.dir->events_since(w.admin_actor(), "", 1000);
  REQUIRE(page.ok());
  return page->events;
}

std::vector<Event> of_type(const std::vector<Event>& events, std::string_view type) {
  std::vector<Event> out;
  for (const auto& e : events)
    if (e.type == type) out.push_back(e);
  return out;
}

IssuedInvitation invite(ImportWorld& w, const std::string& email) {
  auto issued = w.dir->invite(w.admin_actor(), {email, "Manager", "", ""});
  REQUIRE_MESSAGE(issued.ok(), (issued.ok() ? "" : issued.error().message));
  return std::move(issued).value();
}

std::size_t note(ImportWorld& w) {
  auto n = w.dir->note_expired_invitations(w.org.id);
  REQUIRE_MESSAGE(n.ok(), (n.ok() ? "" : n.error().message));
  return *n;
}

}  // namespace

TEST_CASE("an expired invitation is one invitation.expired event, never two across calls") {
  for (const char* backend : {"memory", "sqlite"}) {
    CAPTURE(backend);
    ImportWorldSpec spec;
    spec.backend = backend;
    auto w = make_import_world(spec);
    const auto mia = invite(w, "mia@acme.example");
    CHECK(note(w) == 0);  // not yet expired
    CHECK(of_type(feed(w), "invitation.expired").empty());
    w.clock->advance(std::chrono::duration_cast<std::chrono::seconds>(kWeek) + std::chrono::seconds{1});
    CHECK(note(w) == 1);
    CHECK(note(w) == 0);
    CHECK(note(w) == 0);
    const auto expired = of_type(feed(w), "invitation.expired");
    REQUIRE(expired.size() == 1);
    CHECK(expired[0].subject == mia.invitation.id);
    CHECK(expired[0].actor == "system");
    CHECK(expired[0].data.find("mia@acme.example") != std::string::npos);
    CHECK(expired[0].data.find(format_iso8601(mia.invitation.expires_at)) != std::string::npos);
    auto stored = w.inner->get_invitation(w.org.id, mia.invitation.id);
    REQUIRE(stored.ok());
    CHECK(stored->expired_noted_at.has_value());
    CHECK(stored->state == InvitationState::pending);  // still expired, not revoked
  }
}

TEST_CASE("an accepted or revoked invitation past its expiry is not noted as expired") {
  auto w = make_import_world();
  const auto accepted = invite(w, "acc@acme.example");
  const auto revoked = invite(w, "rev@acme.example");
  REQUIRE(w.dir->accept_invitation(w.org.id, {accepted.token, "Acc Epted", kGoodPassword}).ok());
  REQUIRE(w.dir->revoke_invitation(w.admin_actor(), revoked.invitation.id).ok());
  w.clock->advance(std::chrono::duration_cast<std::chrono::seconds>(kWeek) * 2);
  CHECK(note(w) == 0);
  CHECK(of_type(feed(w), "invitation.expired").empty());
}

TEST_CASE("invitation.expired events come in order with the other events, the earliest expiry first") {
  auto w = make_import_world();
  const auto first = invite(w, "first@acme.example");
  w.clock->advance(std::chrono::seconds{3600});
  const auto second = invite(w, "second@acme.example");
  w.clock->advance(std::chrono::duration_cast<std::chrono::seconds>(kWeek));
  const auto later = invite(w, "later@acme.example");  // sent after both ran out, before they are noted
  CHECK(note(w) == 2);
  const auto events = feed(w);
  std::vector<std::string> seen;
  for (const auto& e : events)
    if (e.type.starts_with("invitation.")) seen.push_back(e.type + " " + e.subject);
  const std::vector<std::string> want = {
      "invitation.sent " + first.invitation.id, "invitation.sent " + second.invitation.id,
      "invitation.sent " + later.invitation.id, "invitation.expired " + first.invitation.id,
      "invitation.expired " + second.invitation.id};
  CHECK(seen == want);
  for (std::size_t i = 1; i < events.size(); ++i) CHECK(events[i - 1].cursor != events[i].cursor);
}

TEST_CASE("a resent expired invitation is noted again when its new link expires") {
  auto w = make_import_world();
  const auto mia = invite(w, "mia@acme.example");
  const auto week = std::chrono::duration_cast<std::chrono::seconds>(kWeek);
  w.clock->advance(week + std::chrono::seconds{1});
  CHECK(note(w) == 1);
  auto resent = w.dir->resend_invitation(w.admin_actor(), mia.invitation.id);
  REQUIRE_MESSAGE(resent.ok(), (resent.ok() ? "" : resent.error().message));
  CHECK(note(w) == 0);  // the new link is still good
  w.clock->advance(week + std::chrono::seconds{1});
  CHECK(note(w) == 1);
  CHECK(note(w) == 0);
  const auto expired = of_type(feed(w), "invitation.expired");
  REQUIRE(expired.size() == 2);
  CHECK(expired[0].subject == mia.invitation.id);
  CHECK(expired[1].subject == mia.invitation.id);
  CHECK(expired[0].data.find(format_iso8601(mia.invitation.expires_at)) != std::string::npos);
  CHECK(expired[1].data.find(format_iso8601(resent->invitation.expires_at)) != std::string::npos);
}

TEST_CASE("noting expired invitations honours its limit and leaves the rest for the next call") {
  auto w = make_import_world();
  for (const char* email : {"a@acme.example", "b@acme.example", "c@acme.example"}) invite(w, email);
  w.clock->advance(std::chrono::duration_cast<std::chrono::seconds>(kWeek) * 2);
  auto two = w.dir->note_expired_invitations(w.org.id, 2);
  REQUIRE(two.ok());
  CHECK(*two == 2);
  CHECK(note(w) == 1);
  CHECK(of_type(feed(w), "invitation.expired").size() == 3);
}

TEST_CASE("a storage failure while noting expiries writes neither the mark nor the event") {
  auto w = make_import_world();
  const auto mia = invite(w, "mia@acme.example");
  w.clock->advance(std::chrono::duration_cast<std::chrono::seconds>(kWeek) * 2);
  // The calls: list_invitations, get_invitation, update_invitation, append_audit.
  for (std::int64_t n = 1; n <= 4; ++n) {
    CAPTURE(n);
    w.faulty->fail_at(n);
    CHECK_FALSE(w.dir->note_expired_invitations(w.org.id).ok());
    w.faulty->disarm();
    CHECK(of_type(feed(w), "invitation.expired").empty());
    auto stored = w.inner->get_invitation(w.org.id, mia.invitation.id);
    REQUIRE(stored.ok());
    CHECK_FALSE(stored->expired_noted_at.has_value());
  }
  CHECK(note(w) == 1);
}
