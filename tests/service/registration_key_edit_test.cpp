// Registrations::update_key: a 10-digit key's role, team, office, end and
// use limit change under create_key's rules; the digits stay.
#include <doctest/doctest.h>

#include <boost/json.hpp>

#include "onboard/registrations.hpp"
#include "service_fixture.hpp"

using namespace onboard;
using namespace onboard::test;

namespace {

IssuedRegistrationKey make_key(World& w, NewRegistrationKey req = {}) {
  if (req.label.empty()) req.label = "Front desk";
  auto issued = Registrations(*w.dir).create_key(w.admin_actor(), req);
  REQUIRE_MESSAGE(issued.ok(), (issued.ok() ? "" : issued.error().message));
  return *issued;
}

Result<KeyRegistration> redeem(World& w, const std::string& key, const std::string& email) {
  return Registrations(*w.dir).redeem_key(w.org.id,
                                          {key, email, "Grace Hopper", kGoodPassword, "198.51.100.7"});
}

Result<RegistrationKey> update(World& w, const std::string& id, const RegistrationKeyChange& change) {
  return Registrations(*w.dir).update_key(w.admin_actor(), id, change);
}

template <class T>
Errc code_of(const Result<T>& r) {
  return r.ok() ? Errc::ok : r.error().code;
}

}  // namespace

TEST_CASE("an edited key keeps its digits and registers people with its new role, team and office") {
  auto w = make_world();
  auto issued = make_key(w, {"Front desk", "User", "", "HQ", "", 5});
  RegistrationKeyChange change;
  change.role = "Manager";
  change.team = "Sales";
  change.office = "London";
  auto edited = update(w, issued.key.id, change);
  REQUIRE_MESSAGE(edited.ok(), (edited.ok() ? "" : edited.error().message));
  CHECK(edited->role == "Manager");
  CHECK(edited->team == "Sales");
  CHECK(edited->office == "London");
  CHECK(edited->key_hash == issued.key.key_hash);
  CHECK(edited->max_uses == 5);  // unset fields stay
  REQUIRE(redeem(w, issued.digits, "grace@navy.example").ok());
  UserFilter filter;
  filter.registered_via = issued.key.id;
  auto users = w.storage->list_users(w.org.id, filter);
  REQUIRE(users.ok());
  REQUIRE(users->size() == 1);
  CHECK(users->front().role == "Manager");
  CHECK(users->front().office == "London");
}

TEST_CASE("a key's end and use limit can be changed and removed") {
  auto w = make_world();
  auto issued = make_key(w, {"Front desk", "", "", "", "2026-11-30", 2});
  RegistrationKeyChange change;
  change.valid_until = "2026-12-31";
  change.max_uses = 10;
  auto edited = update(w, issued.key.id, change);
  REQUIRE(edited.ok());
  REQUIRE(edited->valid_until.has_value());
  CHECK(*edited->valid_until > *issued.key.valid_until);
  CHECK(edited->max_uses == 10);
  change.valid_until = "";
  change.max_uses = 0;
  edited = update(w, issued.key.id, change);
  REQUIRE(edited.ok());
  CHECK_FALSE(edited->valid_until.has_value());
  CHECK_FALSE(edited->max_uses.has_value());
  auto stored = w.storage->get_registration_key(w.org.id, issued.key.id);
  REQUIRE(stored.ok());
  CHECK_FALSE(stored->valid_until.has_value());
  CHECK_FALSE(stored->max_uses.has_value());
}

TEST_CASE("a key's use limit cannot go below the uses it has had") {
  auto w = make_world();
  auto issued = make_key(w, {"Front desk", "", "", "", "", 5});
  REQUIRE(redeem(w, issued.digits, "one@navy.example").ok());
  REQUIRE(redeem(w, issued.digits, "two@navy.example").ok());
  RegistrationKeyChange change;
  change.max_uses = 1;
  auto refused = update(w, issued.key.id, change);
  REQUIRE(code_of(refused) == Errc::invalid_input);
  CHECK(refused.error().message.find("2") != std::string::npos);
  change.max_uses = -1;
  CHECK(code_of(update(w, issued.key.id, change)) == Errc::invalid_input);
  change.max_uses = 2;  // exactly the uses so far: allowed, the key is used up
  REQUIRE(update(w, issued.key.id, change).ok());
  CHECK(code_of(redeem(w, issued.digits, "three@navy.example")) == Errc::already_used);
  CHECK(w.storage->get_registration_key(w.org.id, issued.key.id)->max_uses == 2);
}

TEST_CASE("a key's edit is refused for unknown catalog values and an end in the past") {
  auto w = make_world();
  auto issued = make_key(w);
  RegistrationKeyChange role;
  role.role = "Emperor";
  CHECK(code_of(update(w, issued.key.id, role)) == Errc::invalid_input);
  RegistrationKeyChange team;
  team.team = "Nowhere";
  CHECK(code_of(update(w, issued.key.id, team)) == Errc::invalid_input);
  RegistrationKeyChange office;
  office.office = "Atlantis";
  CHECK(code_of(update(w, issued.key.id, office)) == Errc::invalid_input);
  RegistrationKeyChange end;
  end.valid_until = "2020-01-01";
  CHECK(code_of(update(w, issued.key.id, end)) == Errc::invalid_input);
  end.valid_until = "soon";
  CHECK(code_of(update(w, issued.key.id, end)) == Errc::invalid_input);
  CHECK(code_of(update(w, "no-such-key", {})) == Errc::not_found);
  auto stored = w.storage->get_registration_key(w.org.id, issued.key.id);
  REQUIRE(stored.ok());
  CHECK(stored->team.empty());
  CHECK(stored->office == issued.key.office);
}

TEST_CASE("a revoked or expired key cannot be edited back to life") {
  auto w = make_world();
  auto revoked = make_key(w);
  REQUIRE(Registrations(*w.dir).revoke_key(w.admin_actor(), revoked.key.id).ok());
  RegistrationKeyChange change;
  change.max_uses = 0;
  change.valid_until = "";
  auto r = update(w, revoked.key.id, change);
  REQUIRE(code_of(r) == Errc::revoked);
  CHECK(r.error().message.find("create a new one") != std::string::npos);

  auto expired = make_key(w, {"Old", "", "", "", "2026-11-22", std::nullopt});
  w.clock->advance(std::chrono::hours{24 * 3});
  change.valid_until = "2026-12-31";
  r = update(w, expired.key.id, change);
  REQUIRE(code_of(r) == Errc::expired);
  CHECK(r.error().message.find("create a new one") != std::string::npos);
  CHECK(code_of(redeem(w, expired.digits, "late@navy.example")) == Errc::expired);
}

TEST_CASE("a Manager cannot edit a key up to the Admin role") {
  auto w = make_world();
  const User manager = add_member(w, "max@acme.example", "Manager");
  auto issued = make_key(w, {"Desk", "User", "", "", "", std::nullopt});
  RegistrationKeyChange change;
  change.role = w.admin.role;
  auto r = Registrations(*w.dir).update_key({w.org.id, manager.id}, issued.key.id, change);
  CHECK(code_of(r) == Errc::permission_denied);
  CHECK(w.storage->get_registration_key(w.org.id, issued.key.id)->role == "User");
}

TEST_CASE("a key's edit is audited with the fields before and after, never the digits") {
  auto w = make_world();
  auto issued = make_key(w, {"Front desk", "User", "", "HQ", "", 3});
  RegistrationKeyChange change;
  change.role = "Manager";
  change.max_uses = 0;
  change.office = "HQ";  // unchanged: not in the event
  REQUIRE(update(w, issued.key.id, change).ok());
  auto audit = w.storage->list_audit(w.org.id, 1);
  REQUIRE(audit.ok());
  REQUIRE(audit->size() == 1);
  const AuditEvent& ev = audit->front();
  CHECK(ev.action == "key.edited");
  CHECK(ev.target == issued.key.id);
  CHECK(ev.actor == w.admin.id);
  CHECK(ev.details.find(issued.digits) == std::string::npos);
  const auto details = boost::json::parse(ev.details).as_object();
  CHECK(details.at("before").at("role") == "User");
  CHECK(details.at("after").at("role") == "Manager");
  CHECK(details.at("before").at("max_uses") == 3);
  CHECK(details.at("after").at("max_uses").is_null());
  CHECK_FALSE(details.at("after").as_object().contains("office"));

  // An edit that changes nothing writes nothing.
  REQUIRE(update(w, issued.key.id, change).ok());
  auto again = w.storage->list_audit(w.org.id, 1);
  REQUIRE(again.ok());
  CHECK(again->front().id == ev.id);
}
