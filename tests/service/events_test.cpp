// The event feed: each change once, in commit order, resumable exactly after
// any event; and webhook signatures.
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <set>
#include <thread>

#include "import_test_fixture.hpp"
#include "onboard/events.hpp"
#include "onboard/registrations.hpp"
#include "onboard/user_admin.hpp"

using namespace onboard;
using namespace onboard::test;

namespace {

std::vector<std::string> types_of(const std::vector<Event>& events) {
  std::vector<std::string> out;
  for (const auto& e : events) out.push_back(e.type);
  return out;
}

std::vector<Event> read_all(ImportWorld& w, std::string& cursor, std::size_t page_size) {
  std::vector<Event> out;
  for (;;) {
    auto page = w.dir->events_since(w.admin_actor(), cursor, page_size);
    REQUIRE(page.ok());
    for (auto& e : page->events) out.push_back(std::move(e));
    const bool moved = page->next_cursor != cursor;
    cursor = page->next_cursor;
    if (!moved) return out;
  }
}

// Something of every kind the feed carries.
void make_history(ImportWorld& w) {
  auto issued = w.dir->invite(w.admin_actor(), {"mia@acme.example", "Manager", "", ""});
  REQUIRE(issued.ok());
  auto mia = w.dir->accept_invitation(w.org.id, {issued->token, "Mia Manager", kGoodPassword});
  REQUIRE(mia.ok());
  UserAdmin admin(*w.dir);
  UserChanges change;
  change.office = "London";
  REQUIRE(admin.edit(w.admin_actor(), mia->id, change).ok());
  REQUIRE(admin.suspend(w.admin_actor(), mia->id).ok());
  REQUIRE(admin.reactivate(w.admin_actor(), mia->id).ok());
  NewPrecreatedUser pre;
  pre.first_name = "Kim";
  pre.last_name = "Key";
  auto key = Registrations(*w.dir).create_user(w.admin_actor(), pre);
  REQUIRE(key.ok());
  auto kim =
      Registrations(*w.dir).redeem_user_key(w.org.id, {key->digits, kGoodPassword, "kim@acme.example", ""});
  REQUIRE_MESSAGE(kim.ok(), (kim.ok() ? "" : kim.error().message));
  auto r = w.run("Full Name,Email\nIan Import,ian@example.com\n");
  REQUIRE(r.ok());
  REQUIRE(r->committed);
  const std::string ids[] = {mia->id};
  REQUIRE(admin.delete_users(w.admin_actor(), ids).ok());
}

}  // namespace

TEST_CASE("the event feed shows each change once, in commit order") {
  auto w = make_import_world();
  make_history(w);
  std::string cursor;
  const auto events = read_all(w, cursor, 100);
  CHECK(types_of(events) ==
        std::vector<std::string>{"member.created",  // the first admin
                                 "invitation.sent", "invitation.accepted", "member.created", "member.updated",
                                 "member.suspended", "member.reactivated", "member.created",
                                 "member.activated", "import.committed", "member.deleted"});
  std::set<std::string> ids;
  for (const auto& e : events) {
    CHECK(ids.insert(e.id).second);
    CHECK_FALSE(e.cursor.empty());
    CHECK(e.data.front() == '{');
  }
  // Nothing new: the same cursor, no events.
  auto again = w.dir->events_since(w.admin_actor(), cursor, 10);
  REQUIRE(again.ok());
  CHECK(again->events.empty());
  CHECK(again->next_cursor == cursor);
}

TEST_CASE("the event feed resumes exactly after the cursor it gave, page by page") {
  auto w = make_import_world();
  make_history(w);
  std::string from_start;
  const auto whole = read_all(w, from_start, 1000);
  for (std::size_t size : {1, 2, 3, 5}) {
    CAPTURE(size);
    std::string cursor;
    const auto paged = read_all(w, cursor, size);
    REQUIRE(paged.size() == whole.size());
    for (std::size_t i = 0; i < whole.size(); ++i) CHECK(paged[i].id == whole[i].id);
    CHECK(cursor == from_start);
  }
  // From the middle: exactly the events after it.
  auto rest = w.dir->events_since(w.admin_actor(), whole[4].cursor, 1000);
  REQUIRE(rest.ok());
  REQUIRE(rest->events.size() == whole.size() - 5);
  CHECK(rest->events.front().id == whole[5].id);
  // New events appear after the stored cursor, once.
  REQUIRE(UserAdmin(*w.dir).suspend(w.admin_actor(), w.user_by_email("ian@example.com").id).ok());
  auto fresh = w.dir->events_since(w.admin_actor(), from_start, 10);
  REQUIRE(fresh.ok());
  CHECK(types_of(fresh->events) == std::vector<std::string>{"member.suspended"});
}

TEST_CASE("the event feed refuses a bad cursor, a large page and a member without manage_users") {
  auto w = make_import_world();
  for (const char* bad : {"x", "ev1-", "ev1--3", "ev1-12a", "12"}) {
    CAPTURE(bad);
    auto r = w.dir->events_since(w.admin_actor(), bad, 10);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == Errc::invalid_input);
  }
  auto big = w.dir->events_since(w.admin_actor(), "", 1001);
  REQUIRE_FALSE(big.ok());
  CHECK(big.error().code == Errc::invalid_input);
  const User mia = add_member_for_import(w);
  auto denied = w.dir->events_since({w.org.id, mia.id}, "", 10);
  REQUIRE_FALSE(denied.ok());
  CHECK(denied.error().code == Errc::permission_denied);
}

TEST_CASE("the event feed of two writers interleaving shows every event once, in order") {
  ImportWorldSpec spec;
  spec.backend = "sqlite";
  auto w = make_import_world(spec);
  auto r = w.run("Full Name,Email\nAnn One,ann@example.com\nBob Two,bob@example.com\n");
  REQUIRE(r.ok());
  const std::string ann = w.user_by_email("ann@example.com").id, bob = w.user_by_email("bob@example.com").id;
  std::string cursor;
  (void)read_all(w, cursor, 100);
  constexpr int kRounds = 20;
  std::atomic<int> done{0};
  auto writer = [&](const std::string& id) {
    UserAdmin admin(*w.dir);
    for (int i = 0; i < kRounds; ++i) {
      (void)admin.suspend(w.admin_actor(), id);
      (void)admin.reactivate(w.admin_actor(), id);
    }
    ++done;
  };
  std::thread a(writer, ann), b(writer, bob);
  std::vector<Event> seen;
  for (;;) {
    const bool finished = done.load() == 2;
    auto page = w.dir->events_since(w.admin_actor(), cursor, 7);
    REQUIRE(page.ok());
    for (auto& e : page->events) seen.push_back(std::move(e));
    cursor = page->next_cursor;
    if (finished && page->events.empty()) break;
  }
  a.join();
  b.join();
  CHECK(seen.size() == 4 * kRounds);
  std::set<std::string> ids;
  for (const auto& e : seen) CHECK(ids.insert(e.id).second);
  // Per member, suspended and reactivated alternate: nothing skipped or reordered.
  for (const std::string& id : {ann, bob}) {
    std::string last = "member.reactivated";
    for (const auto& e : seen)
      if (e.subject == id) {
        CHECK(e.type != last);
        last = e.type;
      }
  }
}

TEST_CASE("a webhook signature is HMAC-SHA-256 of timestamp.body and verifies in constant time") {
  const std::string body = R"({"type":"member.created"})";
  const std::string sig = sign_webhook("whsec_test", 1795251600, body);
  // The same as: printf '1795251600.%s' "$body" | openssl dgst -sha256 -hmac whsec_test
  CHECK(sig == "sha256=f2ce0a05369d2658a6eca35b97ee3fd9fa5bd11b900b1fb7d4b7caeef2ec7a78");
  CHECK(verify_webhook("whsec_test", 1795251600, body, sig));
  CHECK_FALSE(verify_webhook("whsec_test", 1795251601, body, sig));
  CHECK_FALSE(verify_webhook("whsec_other", 1795251600, body, sig));
  CHECK_FALSE(verify_webhook("whsec_test", 1795251600, body + " ", sig));
  CHECK_FALSE(verify_webhook("whsec_test", 1795251600, body, sig.substr(0, sig.size() - 1)));
  CHECK_FALSE(verify_webhook("whsec_test", 1795251600, body, ""));
}

TEST_CASE("every audit action in the feed maps to a listed type") {
  for (const char* action :
       {"user.created", "user.activated", "user.edited", "user.suspended", "user.deleted",
        "invitation.created", "invitation.accepted", "key.redeemed", "users.imported"}) {
    CAPTURE(action);
    const auto type = event_type_of(action);
    REQUIRE(type.has_value());
    const auto types = event_types();
    CHECK(std::find(types.begin(), types.end(), *type) != types.end());
  }
  CHECK_FALSE(event_type_of("organization.updated").has_value());
}
